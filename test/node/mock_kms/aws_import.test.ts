// BYOK into the AWS dialect through @aws-sdk/client-kms, for every key type: symmetric,
// HMAC, RSA, ECC (and SM2 in a China Region). The material is wrapped by node:crypto (or
// sm-crypto), and every check that it landed is made independently: node:crypto opens the
// mock's ciphertext with the imported bytes, recomputes the HMAC, verifies the signatures
// with a public key derived from the private key the test imported, and encrypts for the
// key's Decrypt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, verify, constants } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KMSClient,
  type KeySpec,
  type KeyUsageType,
  type AlgorithmSpec,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import smc from 'sm-crypto';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { fixture, opensslPkcs8Der } from '../helpers/openssl.js';
import { awsSdk, expectedKeyMaterialId, openMockCiphertext, spkiDer, wrapWithNode } from './aws_helpers.js';

let env: ReturnType<typeof startMockKms>;
let sdk: KMSClient;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
  sdk = awsSdk();
});
afterAll(() => env.close());

/** CreateKey(EXTERNAL) → GetParametersForImport → wrap with node:crypto → ImportKeyMaterial. */
async function importInto(client: KMSClient, spec: KeySpec, usage: KeyUsageType, material: Uint8Array, algorithm: AlgorithmSpec, wrappingKeySpec: WrappingKeySpec = 'RSA_2048') {
  const { KeyMetadata } = await client.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage, Origin: 'EXTERNAL' }));
  expect(KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL', KeySpec: spec, KeyUsage: usage });
  expect(KeyMetadata!.ExpirationModel).toBeUndefined();
  const keyId = KeyMetadata!.KeyId!;
  const p = await client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec }));
  expect(p.KeyId).toBe(KeyMetadata!.Arn);
  // ParametersValidTo: 24 hours after the call (SPEC §3).
  expect(p.ParametersValidTo!.getTime()).toBe(env.clock.now() + 24 * 3600_000);
  const wrapped = wrapWithNode(algorithm, p.PublicKey!, material);
  const imported = await client.send(
    new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
  );
  expect(imported.KeyId).toBe(KeyMetadata!.Arn);
  const after = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  expect(after).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  return { keyId, arn: KeyMetadata!.Arn!, imported };
}

describe('symmetric (SYMMETRIC_DEFAULT): 256-bit material, every RSAES_OAEP wrapping', () => {
  it.each([
    ['RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['RSAES_OAEP_SHA_1', 'RSA_3072'],
  ] as const)('%s under %s: Encrypt opens with node:crypto and the imported bytes', async (algorithm, wrappingKeySpec) => {
    const material = randomBytes(32);
    const { keyId, arn, imported } = await importInto(sdk, 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', material, algorithm, wrappingKeySpec);
    expect(imported.KeyMaterialId).toBe(expectedKeyMaterialId(keyId, material));
    const meta = (await sdk.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    expect(meta.CurrentKeyMaterialId).toBe(imported.KeyMaterialId);
    expect(meta.EncryptionAlgorithms).toEqual(['SYMMETRIC_DEFAULT']);
    expect(meta.SigningAlgorithms).toBeUndefined();
    const plaintext = new TextEncoder().encode('envelope for a data key');
    const enc = await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'test' } }));
    expect(enc).toMatchObject({ KeyId: arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const opened = openMockCiphertext(enc.CiphertextBlob!, material, JSON.stringify([['purpose', 'test']]));
    expect(opened).toEqual({ keyId, keyMaterialId: imported.KeyMaterialId, plaintext: Buffer.from(plaintext) });
    const dec = await sdk.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'test' } }));
    expect(Buffer.from(dec.Plaintext!)).toEqual(Buffer.from(plaintext));
    expect(dec).toMatchObject({ KeyId: arn, KeyMaterialId: imported.KeyMaterialId, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });
});

describe('HMAC keys: GenerateMac equals node:crypto HMAC with the imported bytes', () => {
  it.each([
    ['HMAC_224', 'HMAC_SHA_224', 'sha224', 28],
    ['HMAC_256', 'HMAC_SHA_256', 'sha256', 32],
    ['HMAC_384', 'HMAC_SHA_384', 'sha384', 48],
    ['HMAC_512', 'HMAC_SHA_512', 'sha512', 64],
  ] as const)('%s (%s)', async (spec, mac, hash, bytes) => {
    const material = randomBytes(bytes);
    const { keyId, arn, imported } = await importInto(sdk, spec, 'GENERATE_VERIFY_MAC', material, 'RSAES_OAEP_SHA_256');
    // Only symmetric encryption keys get a KeyMaterialId.
    expect(imported.KeyMaterialId).toBeUndefined();
    const message = new TextEncoder().encode(`message for ${spec}`);
    const out = await sdk.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: mac, Message: message }));
    expect(out).toMatchObject({ KeyId: arn, MacAlgorithm: mac });
    expect(Buffer.from(out.Mac!)).toEqual(createHmac(hash, material).update(message).digest());
    const ok = await sdk.send(new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: mac, Message: message, Mac: createHmac(hash, material).update(message).digest() }));
    expect(ok).toMatchObject({ MacValid: true, MacAlgorithm: mac, KeyId: arn });
  });
});

const pkcs8 = (name: string) => new Uint8Array(opensslPkcs8Der(fixture(name).path));
const publicOf = (name: string) => createPublicKey(createPrivateKey(fixture(name).pem));

describe('RSA keys: the private key wrapped with RSA_AES_KEY_WRAP_* (RSA private keys need it)', () => {
  it.each([
    ['RSA_2048', 'rsa2048', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
    ['RSA_3072', 'rsa3072', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
    ['RSA_4096', 'rsa4096', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072'],
  ] as const)('%s SIGN_VERIFY via %s: signatures verify with the public key derived by node:crypto', async (spec, name, algorithm, wrappingKeySpec) => {
    const { keyId, arn } = await importInto(sdk, spec, 'SIGN_VERIFY', pkcs8(name), algorithm, wrappingKeySpec);
    const pub = publicOf(name);
    expect(Buffer.from((await sdk.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!)).toEqual(spkiDer(pub));
    const message = new TextEncoder().encode('signed by an imported RSA key');
    const pss = await sdk.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }));
    expect(pss).toMatchObject({ KeyId: arn, SigningAlgorithm: 'RSASSA_PSS_SHA_256' });
    // RSASSA-PSS: MGF1 with the same hash, salt length = hash length.
    expect(verify('sha256', message, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, pss.Signature!)).toBe(true);
    const v15 = await sdk.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_384' }));
    expect(verify('sha384', message, { key: pub, padding: constants.RSA_PKCS1_PADDING }, v15.Signature!)).toBe(true);
    expect((await sdk.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: v15.Signature, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_384' }))).SignatureValid).toBe(true);
  });

  it('RSA_2048 ENCRYPT_DECRYPT: Decrypt opens node:crypto OAEP, node:crypto opens Encrypt', async () => {
    const { keyId } = await importInto(sdk, 'RSA_2048', 'ENCRYPT_DECRYPT', pkcs8('rsa2048'), 'RSA_AES_KEY_WRAP_SHA_1');
    const secret = randomBytes(190); // RSAES_OAEP_SHA_256's limit for RSA_2048
    const ct = publicEncrypt({ key: publicOf('rsa2048'), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, secret);
    const dec = await sdk.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: ct, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(Buffer.from(dec.Plaintext!)).toEqual(secret);
    const enc = await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: secret.subarray(0, 100), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    const priv = createPrivateKey(fixture('rsa2048').pem);
    expect(privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, enc.CiphertextBlob!)).toEqual(secret.subarray(0, 100));
  });
});

describe('ECC keys: PKCS#8 with every algorithm that fits; ECDSA signatures (DER) verify with node:crypto', () => {
  it.each([
    ['ECC_NIST_P256', 'p256', 'ECDSA_SHA_256', 'sha256', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['ECC_NIST_P384', 'p384', 'ECDSA_SHA_384', 'sha384', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
    ['ECC_NIST_P521', 'p521', 'ECDSA_SHA_512', 'sha512', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
    ['ECC_NIST_P521', 'p521', 'ECDSA_SHA_512', 'sha512', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['ECC_SECG_P256K1', 'p256k', 'ECDSA_SHA_256', 'sha256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
  ] as const)('%s (fixture %s, %s/%s) wrapped with %s under %s', async (spec, name, signing, hash, algorithm, wrappingKeySpec) => {
    const { keyId, arn } = await importInto(sdk, spec, 'SIGN_VERIFY', pkcs8(name), algorithm, wrappingKeySpec);
    const pub = publicOf(name);
    const got = await sdk.send(new GetPublicKeyCommand({ KeyId: keyId }));
    expect(Buffer.from(got.PublicKey!)).toEqual(spkiDer(pub));
    expect(got).toMatchObject({ KeyId: arn, KeySpec: spec, KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [signing] });
    const message = new TextEncoder().encode(`signed by an imported ${spec} key`);
    const raw = await sdk.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: signing }));
    expect(verify(hash, message, { key: pub, dsaEncoding: 'der' }, raw.Signature!)).toBe(true);
    // MessageType DIGEST: the caller hashes.
    const digest = (await import('node:crypto')).createHash(hash).update(message).digest();
    const signed = await sdk.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: signing }));
    expect(verify(hash, message, { key: pub, dsaEncoding: 'der' }, signed.Signature!)).toBe(true);
  });
});

describe('China Regions: SM2 keys and the SM2PKE wrapping algorithm, SM4 symmetric keys', () => {
  it('an SM2 SIGN_VERIFY key imported with SM2PKE signs what sm-crypto verifies', async () => {
    const cn = awsSdk({ region: 'cn-north-1' });
    const { keyId, arn } = await importInto(cn, 'SM2', 'SIGN_VERIFY', pkcs8('sm2'), 'SM2PKE', 'SM2');
    expect(arn).toMatch(/^arn:aws-cn:kms:cn-north-1:111122223333:key\//);
    const pub = Buffer.from((await cn.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!);
    expect(pub).toEqual(spkiDer(publicOf('sm2')));
    const message = 'signed in cn-north-1';
    const sig = await cn.send(new SignCommand({ KeyId: keyId, Message: new TextEncoder().encode(message), SigningAlgorithm: 'SM2DSA' }));
    const sm2 = smc.sm2 as unknown as { doVerifySignature(msg: string, sig: string, pub: string, o: { der: boolean; hash: boolean }): boolean };
    expect(sm2.doVerifySignature(message, Buffer.from(sig.Signature!).toString('hex'), pub.subarray(pub.length - 65).toString('hex'), { der: true, hash: true })).toBe(true);
  });

  it('SYMMETRIC_DEFAULT in cn-north-1 takes 128-bit (SM4) material', async () => {
    const cn = awsSdk({ region: 'cn-north-1' });
    const material = randomBytes(16);
    const { keyId } = await importInto(cn, 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', material, 'RSAES_OAEP_SHA_256');
    const enc = await cn.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1, 2, 3]) }));
    expect(openMockCiphertext(enc.CiphertextBlob!, material).plaintext).toEqual(Buffer.from([1, 2, 3]));
  });
});
