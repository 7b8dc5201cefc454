// Alibaba asymmetric BYOK through the mock: the imported private key is really the one
// used — its public key, signatures and decryptions are checked with Node/OpenSSL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { generateKeyMaterial, generateTargetKey, wrapKeyMaterial, type TargetKeySpec } from '../../../src/index.js';
import { CREDENTIAL, aliyunTeaClient, startMockKms } from '../helpers/mock_kms.js';
import { aliyunPopDriver, codeOf } from '../helpers/kms_drivers.js';
import { createRequire } from 'node:module';
import { fixture, openssl, opensslEcPrivateScalar } from '../helpers/openssl.js';

const require = createRequire(import.meta.url);
let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

describe('asymmetric import through @alicloud/pop-core', () => {
  const d = aliyunPopDriver();
  /** The key's version id (GetPublicKey and the Asymmetric* actions name one). */
  const version = async (keyId: string) => ((await d.call('ListKeyVersions', { KeyId: keyId })) as { KeyVersions: { KeyVersion: { KeyVersionId: string }[] } }).KeyVersions.KeyVersion[0]!.KeyVersionId;

  it.each([
    ['rsa2048', 'RSA_2048'],
    ['p256', 'EC_P256'],
    ['p256k', 'EC_P256K'],
  ] as [string, TargetKeySpec][])('%s (%s): GetPublicKey matches, AsymmetricSign verifies in OpenSSL', async (name, spec) => {
    const keyId = await d.createKey({ spec, usage: 'SIGN/VERIFY' });
    const v = await version(keyId);
    const p = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture(name).pem, targetKeySpec: spec });
    await d.importMaterial(keyId, encryptedKeyMaterial, p.token);
    expect(await d.state(keyId)).toBe('Enabled');
    const pub = (await d.call('GetPublicKey', { KeyId: keyId, KeyVersionId: v })) as { PublicKey: string };
    expect(pub.PublicKey.trim()).toBe(fixture(name).pubPem.trim());
    const digest = createHash('sha256').update('byok').digest();
    const algorithm = spec.startsWith('RSA') ? 'RSA_PKCS1_SHA_256' : 'ECDSA_SHA_256';
    const sig = (await d.call('AsymmetricSign', { KeyId: keyId, KeyVersionId: v, Algorithm: algorithm, Digest: digest.toString('base64') })) as { Value: string };
    expect(verify('sha256', Buffer.from('byok'), createPublicKey(fixture(name).pubPem), Buffer.from(sig.Value, 'base64'))).toBe(true);
    const ok = (await d.call('AsymmetricVerify', { KeyId: keyId, KeyVersionId: v, Algorithm: algorithm, Digest: digest.toString('base64'), Value: sig.Value })) as { Value: boolean };
    expect(ok.Value).toBe(true);
  });

  it('EC_SM2 with SM2PKE_SM4_ECB: AsymmetricDecrypt opens what OpenSSL encrypted to the imported key', async () => {
    const keyId = await d.createKey({ spec: 'EC_SM2', usage: 'ENCRYPT/DECRYPT' });
    const v = await version(keyId);
    const p = await d.getParameters(keyId, 'SM2PKE_SM4_ECB');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: 'SM2PKE_SM4_ECB', keyMaterial: fixture('sm2').pem });
    await d.importMaterial(keyId, encryptedKeyMaterial, p.token);
    // OpenSSL encrypts to the imported key's public half (DER layout) ...
    const der = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', fixture('sm2').pubPath], new TextEncoder().encode('sm2 secret'));
    const xy = Buffer.concat([derInt(der, 0), derInt(der, 1)]);
    const c3 = derOctets(der, 2);
    const c2 = derOctets(der, 3);
    const c1c3c2 = Buffer.concat([Buffer.from([4]), xy, c3, c2]).toString('base64');
    const r = (await d.call('AsymmetricDecrypt', { KeyId: keyId, KeyVersionId: v, Algorithm: 'SM2PKE', CiphertextBlob: c1c3c2 })) as { Plaintext: string };
    expect(Buffer.from(r.Plaintext, 'base64').toString()).toBe('sm2 secret');
    // ... and the key GetPublicKey reports is the one OpenSSL generated.
    const pub = (await d.call('GetPublicKey', { KeyId: keyId, KeyVersionId: v })) as { PublicKey: string };
    expect(pub.PublicKey.trim()).toBe(fixture('sm2').pubPem.trim());
    expect(opensslEcPrivateScalar(fixture('sm2').path)).toHaveLength(32);
  });

  it('a TAK that does not fit the key spec, and re-import of a different key, are refused', async () => {
    const keyId = await d.createKey({ spec: 'EC_P256' });
    const p = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
    const wrap = (pem: string) => wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: pem });
    expect(await codeOf(d.importMaterial(keyId, (await wrap(fixture('p256k').pem)).encryptedKeyMaterial, p.token))).toBe('InvalidKeyMaterial');
    await d.importMaterial(keyId, (await wrap(fixture('p256').pem)).encryptedKeyMaterial, p.token);
    const other = await generateTargetKey('EC_P256');
    expect(await codeOf(d.importMaterial(keyId, (await wrap(Buffer.from(other.privateKey).toString('base64'))).encryptedKeyMaterial, p.token))).toBe('InvalidKeyMaterial');
    // The same key in another encoding (SEC1 PEM) is the same material.
    const sec1 = openssl(['ec', '-in', fixture('p256').path]).toString();
    await d.importMaterial(keyId, (await wrap(sec1)).encryptedKeyMaterial, p.token);
  });

  it('symmetric and asymmetric algorithms do not mix', async () => {
    const sym = await d.createKey({ spec: 'Aliyun_AES_256' });
    expect(await codeOf(d.getParameters(sym, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'))).toBe('InvalidParameter');
    const asym = await d.createKey({ spec: 'RSA_2048' });
    expect(await codeOf(d.getParameters(asym, 'RSAES_OAEP_SHA_256'))).toBe('InvalidParameter');
    // Encrypt is for symmetric keys: an Enabled RSA key (made by the KMS) is refused for its kind.
    const made = await d.createKey({ spec: 'RSA_2048', usage: 'ENCRYPT/DECRYPT', external: false });
    expect(await codeOf(d.encrypt(made, generateKeyMaterial()))).toBe('UnsupportedOperation');
  });
});

describe('the typed @alicloud/kms20160120 client', () => {
  it('runs the whole symmetric flow with its own request classes', async () => {
    const Kms = require('@alicloud/kms20160120');
    const client = aliyunTeaClient();
    const created = await client.createKey(new Kms.CreateKeyRequest({ origin: 'EXTERNAL', keySpec: 'Aliyun_AES_256', keyUsage: 'ENCRYPT/DECRYPT' }));
    const keyId = created.keyMetadata.keyId;
    const params = await client.getParametersForImport(new Kms.GetParametersForImportRequest({ keyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_1', wrappingKeySpec: 'RSA_2048' }));
    const material = generateKeyMaterial();
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: params.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_1', keyMaterial: material });
    await client.importKeyMaterial(new Kms.ImportKeyMaterialRequest({ keyId, encryptedKeyMaterial, importToken: params.importToken }));
    const described = await client.describeKey(new Kms.DescribeKeyRequest({ keyId }));
    expect(described.keyMetadata.keyState).toBe('Enabled');
    const enc = await client.encrypt(new Kms.EncryptRequest({ keyId, plaintext: 'typed client' }));
    const dec = await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: enc.ciphertextBlob }));
    expect(dec.plaintext).toBe('typed client');
  });
});

function tlvs(der: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  while (i < der.length) {
    const len = der[i + 1]!;
    out.push(der.subarray(i + 2, i + 2 + len));
    i += 2 + len;
  }
  return out;
}
const derInt = (der: Buffer, n: number) => {
  let v = tlvs(der)[n]!;
  while (v.length > 32) v = v.subarray(1);
  return Buffer.concat([Buffer.alloc(32 - v.length), v]);
};
const derOctets = (der: Buffer, n: number) => tlvs(der)[n]!;
