// Envelope encryption through @alicloud/kms20160120 (seed 003's flow, Alibaba's actions):
// GenerateDataKey / GenerateDataKeyWithoutPlaintext, Decrypt, ReEncrypt. The data key is
// used by node:crypto, and what Decrypt gives back is checked against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants, createCipheriv, createDecipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import smc from 'sm-crypto';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { createKey, Kms, rawCall, refusal, refused, teaClient } from './aliyun_fixture.js';

let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

const client = teaClient();
const b64 = (s: string) => Buffer.from(s, 'base64');

describe('GenerateDataKey: the data key Decrypt gives back', () => {
  it('seed 003 envelope: encrypt data locally with the data key, keep only its ciphertext, open it later', async () => {
    const { keyId } = await createKey(client);
    const dk = await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId }));
    expect(dk.keyId).toBe(keyId);
    expect(dk.keyVersionId).toMatch(/^[0-9a-f-]{36}$/);
    const dataKey = b64(dk.plaintext);
    expect(dataKey).toHaveLength(32); // neither KeySpec nor NumberOfBytes: 256 bits
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const sealed = Buffer.concat([cipher.update('the payload'), cipher.final()]);
    const tag = cipher.getAuthTag();
    // Later: only the data key's ciphertext was kept.
    const opened = await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: dk.ciphertextBlob }));
    expect(opened).toMatchObject({ keyId, keyVersionId: dk.keyVersionId, plaintext: dk.plaintext });
    const decipher = createDecipheriv('aes-256-gcm', b64(opened.plaintext), iv);
    decipher.setAuthTag(tag);
    expect(Buffer.concat([decipher.update(sealed), decipher.final()]).toString()).toBe('the payload');
  });

  it('KeySpec AES_128 / AES_256, NumberOfBytes 1–1024 winning over KeySpec; out of range is InvalidParameter', async () => {
    const { keyId } = await createKey(client);
    const size = async (r: Record<string, unknown>) => b64((await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId, ...r }))).plaintext).length;
    expect(await size({ keySpec: 'AES_128' })).toBe(16);
    expect(await size({ keySpec: 'AES_256' })).toBe(32);
    expect(await size({ numberOfBytes: 1 })).toBe(1);
    expect(await size({ numberOfBytes: 1024 })).toBe(1024);
    expect(await size({ keySpec: 'AES_128', numberOfBytes: 48 })).toBe(48);
    for (const bad of [{ numberOfBytes: 0 }, { numberOfBytes: 1025 }, { keySpec: 'AES_512' }]) {
      expect(await refusal(client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId, ...bad }))), JSON.stringify(bad)).toEqual(refused('InvalidParameter', 400));
    }
    // Two calls never give the same key.
    const a = (await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId }))).plaintext;
    const b = (await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId }))).plaintext;
    expect(a).not.toBe(b);
  });

  it('GenerateDataKeyWithoutPlaintext returns only the ciphertext; Decrypt opens it (Aliyun_SM4 keys too)', async () => {
    for (const keySpec of ['Aliyun_AES_256', 'Aliyun_SM4']) {
      const { keyId } = await createKey(client, { keySpec });
      const r = await client.generateDataKeyWithoutPlaintext(new Kms.GenerateDataKeyWithoutPlaintextRequest({ keyId, numberOfBytes: 24 }));
      expect(r.keyId).toBe(keyId);
      expect(r.plaintext).toBeUndefined();
      expect(b64((await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: r.ciphertextBlob }))).plaintext)).toHaveLength(24);
    }
  });

  it('EncryptionContext (sent by the SDK as a map) must be given again, in any order', async () => {
    const { keyId } = await createKey(client);
    const dk = await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId, encryptionContext: { purpose: 'envelope', tenant: 'a' } }));
    expect(await refusal(client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: dk.ciphertextBlob })))).toEqual(refused('InvalidCiphertext', 400));
    expect(await refusal(client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: dk.ciphertextBlob, encryptionContext: { purpose: 'envelope', tenant: 'b' } })))).toEqual(refused('InvalidCiphertext', 400));
    const opened = await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: dk.ciphertextBlob, encryptionContext: { tenant: 'a', purpose: 'envelope' } }));
    expect(opened.plaintext).toBe(dk.plaintext);
    // The service's own form, one JSON string, is the same context.
    expect((await rawCall(client, 'Decrypt', { CiphertextBlob: dk.ciphertextBlob, EncryptionContext: '{"tenant":"a","purpose":"envelope"}' })).Plaintext).toBe(dk.plaintext);
    expect(await refusal(rawCall(client, 'Decrypt', { CiphertextBlob: dk.ciphertextBlob, EncryptionContext: '{"n":1}' }))).toEqual(refused('InvalidParameter', 400));
  });

  it('an empty EncryptionContext "{}" is no context ("equivalent if their key-value pairs are consistent"), either way round', async () => {
    const { keyId } = await createKey(client);
    const withEmpty = await rawCall(client, 'Encrypt', { KeyId: keyId, Plaintext: 'p', EncryptionContext: '{}' });
    const without = await rawCall(client, 'Encrypt', { KeyId: keyId, Plaintext: 'p' });
    expect((await rawCall(client, 'Decrypt', { CiphertextBlob: withEmpty.CiphertextBlob })).Plaintext).toBe('p');
    expect((await rawCall(client, 'Decrypt', { CiphertextBlob: without.CiphertextBlob, EncryptionContext: '{}' })).Plaintext).toBe('p');
    const withPair = await rawCall(client, 'Encrypt', { KeyId: keyId, Plaintext: 'p', EncryptionContext: '{"k":"v"}' });
    expect(await refusal(rawCall(client, 'Decrypt', { CiphertextBlob: withPair.CiphertextBlob, EncryptionContext: '{}' }))).toEqual(refused('InvalidCiphertext', 400));
  });

  it('asymmetric keys make no data keys (UnsupportedOperation), nor do they Encrypt', async () => {
    const { keyId } = await createKey(client, { keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY' });
    expect(await refusal(client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId })))).toEqual(refused('UnsupportedOperation', 400));
    expect(await refusal(client.generateDataKeyWithoutPlaintext(new Kms.GenerateDataKeyWithoutPlaintextRequest({ keyId })))).toEqual(refused('UnsupportedOperation', 400));
    expect(await refusal(client.encrypt(new Kms.EncryptRequest({ keyId, plaintext: 'x' })))).toEqual(refused('UnsupportedOperation', 400));
  });
});

describe('ReEncrypt', () => {
  it('a symmetric ciphertext moves to another key and context; the reply names the source key', async () => {
    const a = await createKey(client);
    const b = await createKey(client, { keySpec: 'Aliyun_SM4' });
    const enc = await client.encrypt(new Kms.EncryptRequest({ keyId: a.keyId, plaintext: 'moving', encryptionContext: { v: '1' } }));
    expect(await refusal(rawCall(client, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, DestinationKeyId: b.keyId }))).toEqual(refused('InvalidCiphertext', 400));
    const re = await rawCall(client, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, DestinationKeyId: b.keyId, SourceEncryptionContext: { v: '1' }, DestinationEncryptionContext: { v: '2' } });
    expect(re).toMatchObject({ KeyId: a.keyId, KeyVersionId: a.version });
    const opened = await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: re.CiphertextBlob, encryptionContext: { v: '2' } }));
    expect(opened).toMatchObject({ keyId: b.keyId, plaintext: 'moving' });
    // The destination must be a usable symmetric key.
    const sign = await createKey(client, { keySpec: 'EC_P256' });
    expect(await refusal(rawCall(client, 'ReEncrypt', { CiphertextBlob: re.CiphertextBlob, SourceEncryptionContext: { v: '2' }, DestinationKeyId: sign.keyId }))).toEqual(refused('UnsupportedOperation', 400));
    await client.disableKey(new Kms.DisableKeyRequest({ keyId: a.keyId }));
    expect(await refusal(rawCall(client, 'ReEncrypt', { CiphertextBlob: re.CiphertextBlob, SourceEncryptionContext: { v: '2' }, DestinationKeyId: a.keyId }))).toEqual(refused('Rejected.Disabled', 409));
    expect(await refusal(rawCall(client, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.keyId }))).toEqual(refused('Rejected.Disabled', 409));
    expect(await refusal(rawCall(client, 'ReEncrypt', { CiphertextBlob: re.CiphertextBlob, DestinationKeyId: 'alias/none' }))).toEqual(refused('Forbidden.AliasNotFound', 404));
  });

  it('a public-key ciphertext (RSA OAEP by node:crypto, SM2 by sm-crypto) becomes a data key ciphertext', async () => {
    const target = await createKey(client);
    for (const [keySpec, algorithm] of [['RSA_2048', 'RSAES_OAEP_SHA_256'], ['RSA_2048', 'RSAES_OAEP_SHA_1'], ['EC_SM2', 'SM2PKE']] as const) {
      const source = await createKey(client, { keySpec, keyUsage: 'ENCRYPT/DECRYPT' });
      const pem = (await client.getPublicKey(new Kms.GetPublicKeyRequest({ keyId: source.keyId, keyVersionId: source.version }))).publicKey;
      const dataKey = randomBytes(32);
      const ciphertext =
        algorithm === 'SM2PKE'
          ? Buffer.from(`04${smc.sm2.doEncrypt(Array.from(dataKey), sm2PointHex(pem), 1)}`, 'hex')
          : publicEncrypt({ key: createPublicKey(pem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm.endsWith('256') ? 'sha256' : 'sha1' }, dataKey);
      const args = { CiphertextBlob: ciphertext.toString('base64'), DestinationKeyId: target.keyId, SourceKeyId: source.keyId, SourceEncryptionAlgorithm: algorithm };
      expect(await refusal(rawCall(client, 'ReEncrypt', args))).toEqual(refused('MissingParameter', 400));
      const re = await rawCall(client, 'ReEncrypt', { ...args, SourceKeyVersionId: source.version });
      expect(re).toMatchObject({ KeyId: source.keyId, KeyVersionId: source.version });
      const opened = await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: re.CiphertextBlob }));
      expect(opened.keyId).toBe(target.keyId);
      expect(b64(opened.plaintext).equals(dataKey)).toBe(true);
    }
  });
});

/** The uncompressed point 04‖x‖y of an EC public key PEM: the last 65 bytes of its SPKI. */
function sm2PointHex(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 65).toString('hex');
}
