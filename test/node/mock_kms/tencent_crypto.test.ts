// The Tencent dialect's data operations (issue 13) through tencentcloud-sdk-nodejs, signed,
// every result checked outside the mock: seed 003's envelope encryption (GenerateDataKey →
// Decrypt, the data key used with node:crypto), asymmetric decryption of what node:crypto,
// OpenSSL and sm-crypto encrypted, and signatures node:crypto and sm-crypto verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants, createCipheriv, createDecipheriv, createHash, createPublicKey, publicEncrypt, randomBytes, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import smc from 'sm-crypto';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { codeOf } from '../helpers/kms_drivers.js';
import { OAEP_SHA1, OAEP_SHA256, PKCS1, c1c3c2ToDer, fixture, openssl, opensslEcPrivateScalar, pkeyutlDecrypt, tmp } from '../helpers/openssl.js';

const require = createRequire(import.meta.url);
let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

function sdk(region = 'ap-guangzhou') {
  const { Client } = require('tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js');
  return new Client({ credential: { secretId: CREDENTIAL.id, secretKey: CREDENTIAL.secret }, region, profile: { httpProfile: { endpoint: 'kms.tencentcloudapi.com', reqTimeout: 30 } } });
}
const c = sdk();
let n = 0;
const create = async (args: Record<string, unknown> = {}): Promise<string> => (await c.CreateKey({ Alias: `c${++n}_${Math.floor(performance.now())}`, ...args })).KeyId;
const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');
const publicKeyOf = async (keyId: string) => {
  const r = await c.GetPublicKey({ KeyId: keyId });
  return { der: unb64(r.PublicKey), pem: r.PublicKeyPem as string, key: createPublicKey(r.PublicKeyPem) };
};

// ---- SM2 outside the mock: sm-crypto (default ID 1234567812345678) and node:crypto's SM3 ----

type SmCrypto = typeof smc.sm2 & { doVerifySignature(msg: number[] | Uint8Array, sigHex: string, publicKeyHex: string, options: { der: boolean; hash: boolean; userId: string }): boolean };
const sm2 = smc.sm2 as SmCrypto;
/** The public point 04‖x‖y of an SM2 SubjectPublicKeyInfo, hex, as sm-crypto takes it. */
const sm2PointHex = (spki: Buffer) => spki.subarray(spki.length - 65).toString('hex');
const SM2_CURVE = [
  'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC', // a
  '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93', // b
  '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7', // x_G
  'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0', // y_G
].map((h) => Buffer.from(h, 'hex'));
/** e = SM3(Z_A ‖ M), Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5, §6.1). */
function sm2Digest(spki: Buffer, message: Buffer): Buffer {
  const id = Buffer.from('1234567812345678');
  const point = spki.subarray(spki.length - 64);
  const z = createHash('sm3').update(Buffer.concat([Buffer.from([0, id.length * 8]), id, ...SM2_CURVE, point])).digest();
  return createHash('sm3').update(Buffer.concat([z, message])).digest();
}

describe('Encrypt and Decrypt', () => {
  it('round trip, with the documented refusals', async () => {
    const keyId = await create();
    const { CiphertextBlob } = await c.Encrypt({ KeyId: keyId, Plaintext: b64('sensitive'), EncryptionContext: '{"app":"demo"}' });
    expect(unb64((await c.Decrypt({ CiphertextBlob, EncryptionContext: '{"app":"demo"}' })).Plaintext).toString()).toBe('sensitive');
    expect(await codeOf(c.Decrypt({ CiphertextBlob, EncryptionContext: '{"app":"other"}' }))).toBe('InvalidParameterValue.InvalidCiphertext');
    expect(await codeOf(c.Decrypt({ CiphertextBlob: b64('not a blob of this KMS at all') }))).toBe('InvalidParameterValue.InvalidCiphertext');
    // A blob is opened only in the region whose key made it.
    expect(await codeOf(sdk('ap-shanghai').Decrypt({ CiphertextBlob }))).toBe('InvalidParameterValue.InvalidCiphertext');
    expect(await codeOf(c.Encrypt({ KeyId: keyId, Plaintext: b64(Buffer.alloc(4097)) }))).toBe('InvalidParameterValue.InvalidPlaintext');
    await c.Encrypt({ KeyId: keyId, Plaintext: b64(Buffer.alloc(4096)) });
    expect(await codeOf(c.Encrypt({ KeyId: await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' }), Plaintext: b64('x') }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    expect(await codeOf(c.Encrypt({ KeyId: await create({ Type: 2 }), Plaintext: b64('x') }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    await c.DisableKey({ KeyId: keyId });
    expect(await codeOf(c.Encrypt({ KeyId: keyId, Plaintext: b64('x') }))).toBe('ResourceUnavailable.CmkDisabled');
    expect(await codeOf(c.Decrypt({ CiphertextBlob }))).toBe('ResourceUnavailable.CmkDisabled');
  });
});

describe('seed 003: envelope encryption with GenerateDataKey', () => {
  it('the data key encrypts locally, and Decrypt of its CiphertextBlob gives it back', async () => {
    const keyId = await create();
    const dek = await c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: '{"file":"a.bin"}' });
    expect(dek.KeyId).toBe(keyId);
    const key = unb64(dek.Plaintext);
    expect(key).toHaveLength(32);
    // The application encrypts its data locally with the plaintext key (node:crypto here) ...
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update('a large file'), cipher.final()]);
    const tag = cipher.getAuthTag();
    // ... keeps only the ciphertext key, and later asks KMS for the plaintext key again.
    const back = unb64((await c.Decrypt({ CiphertextBlob: dek.CiphertextBlob, EncryptionContext: '{"file":"a.bin"}' })).Plaintext);
    expect(back.equals(key)).toBe(true);
    const decipher = createDecipheriv('aes-256-gcm', back, iv).setAuthTag(tag);
    expect(Buffer.concat([decipher.update(data), decipher.final()]).toString()).toBe('a large file');
    expect(await codeOf(c.Decrypt({ CiphertextBlob: dek.CiphertextBlob }))).toBe('InvalidParameterValue.InvalidCiphertext');
  });

  it('KeySpec AES_128/AES_256, NumberOfBytes 1–1024, and NumberOfBytes wins', async () => {
    const keyId = await create();
    const length = async (args: Record<string, unknown>) => unb64((await c.GenerateDataKey({ KeyId: keyId, ...args })).Plaintext).length;
    expect(await length({ KeySpec: 'AES_128' })).toBe(16);
    expect(await length({ KeySpec: 'AES_256' })).toBe(32);
    expect(await length({ NumberOfBytes: 1 })).toBe(1);
    expect(await length({ NumberOfBytes: 1024 })).toBe(1024);
    expect(await length({ KeySpec: 'AES_256', NumberOfBytes: 7 })).toBe(7);
    const a = await c.GenerateDataKey({ KeyId: keyId, NumberOfBytes: 1024 });
    expect(unb64((await c.Decrypt({ CiphertextBlob: a.CiphertextBlob })).Plaintext).equals(unb64(a.Plaintext))).toBe(true);
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, NumberOfBytes: 0 }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, NumberOfBytes: 1025 }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_512' }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId }))).toBe('InvalidParameter');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256', IsHostedByKms: 1, DataKeyName: 'hosted' }))).toBe('UnsupportedOperation');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256', HsmClusterId: 'cls-x' }))).toBe('InvalidParameterValue.InvalidHsmClusterId');
    expect(await codeOf(c.GenerateDataKey({ KeyId: await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_SM2' }), KeySpec: 'AES_256' }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    await c.DisableKey({ KeyId: keyId });
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256' }))).toBe('ResourceUnavailable.CmkDisabled');
  });

  it('EncryptionPublicKey: the plaintext key comes back encrypted to the caller\'s RSA-2048 or SM2 key', async () => {
    const keyId = await create();
    const rsa = fixture('rsa2048');
    for (const [algorithm, opts] of [['RSAES_OAEP_SHA_256', OAEP_SHA256], ['RSAES_OAEP_SHA_1', OAEP_SHA1], ['RSAES_PKCS1_V1_5', PKCS1]] as const) {
      const r = await c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionPublicKey: rsa.pubPem, EncryptionAlgorithm: algorithm });
      const dek = unb64((await c.Decrypt({ CiphertextBlob: r.CiphertextBlob })).Plaintext);
      expect(pkeyutlDecrypt(rsa.path, unb64(r.Plaintext), [...opts]).equals(dek), algorithm).toBe(true);
      // Decrypt takes the same parameters.
      const again = await c.Decrypt({ CiphertextBlob: r.CiphertextBlob, EncryptionPublicKey: rsa.pubPem, EncryptionAlgorithm: algorithm });
      expect(pkeyutlDecrypt(rsa.path, unb64(again.Plaintext), [...opts]).equals(dek), algorithm).toBe(true);
    }
    const sm = fixture('sm2');
    const d = opensslEcPrivateScalar(sm.path).toString('hex');
    // SM2 (the default): C1‖C3‖C2, which sm-crypto opens once C1's 0x04 is dropped.
    const raw = await c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionPublicKey: sm.pubPem });
    const dek = unb64((await c.Decrypt({ CiphertextBlob: raw.CiphertextBlob })).Plaintext);
    const ct = unb64(raw.Plaintext);
    expect(ct[0]).toBe(4);
    expect(Buffer.from(smc.sm2.doDecrypt(ct.subarray(1).toString('hex'), d, 1, { output: 'array' })).equals(dek)).toBe(true);
    // SM2_C1C3C2_ASN1: the GM/T 0009 DER that OpenSSL decrypts.
    const asn1 = await c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionPublicKey: sm.pubPem, EncryptionAlgorithm: 'SM2_C1C3C2_ASN1' });
    const dek2 = unb64((await c.Decrypt({ CiphertextBlob: asn1.CiphertextBlob })).Plaintext);
    expect(pkeyutlDecrypt(sm.path, unb64(asn1.Plaintext)).equals(dek2)).toBe(true);
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionPublicKey: sm.pubPem, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).toBe('FailedOperation.EncryptionError');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionPublicKey: rsa.pubPem }))).toBe('FailedOperation.EncryptionError');
    expect(await codeOf(c.Decrypt({ CiphertextBlob: raw.CiphertextBlob, EncryptionPublicKey: 'not a key' }))).toBe('FailedOperation.EncryptionError');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_128', EncryptionPublicKey: fixture('rsa3072').pubPem, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).toBe('FailedOperation.EncryptionError');
  });
});

describe('ReEncrypt and GenerateRandom', () => {
  it('ReEncrypt moves a ciphertext to another key or context; the same key and context leave it as it was', async () => {
    const a = await create();
    const b = await create();
    const { CiphertextBlob } = await c.Encrypt({ KeyId: a, Plaintext: b64('moving'), EncryptionContext: 'ctx-a' });
    const moved = await c.ReEncrypt({ CiphertextBlob, DestinationKeyId: b, SourceEncryptionContext: 'ctx-a', DestinationEncryptionContext: 'ctx-b' });
    expect(moved).toMatchObject({ KeyId: b, SourceKeyId: a, ReEncrypted: true });
    expect(unb64((await c.Decrypt({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: 'ctx-b' })).Plaintext).toString()).toBe('moving');
    expect((await c.Decrypt({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: 'ctx-b' })).KeyId).toBe(b);
    const same = await c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a', DestinationEncryptionContext: 'ctx-a' });
    expect(same).toMatchObject({ CiphertextBlob, KeyId: a, SourceKeyId: a, ReEncrypted: false });
    const recontext = await c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a' });
    expect(recontext.ReEncrypted).toBe(true);
    expect(unb64((await c.Decrypt({ CiphertextBlob: recontext.CiphertextBlob })).Plaintext).toString()).toBe('moving');
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob, DestinationKeyId: b }))).toBe('InvalidParameterValue.InvalidCiphertext');
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a', DestinationKeyId: await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' }) }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a', DestinationKeyId: '00000000-0000-0000-0000-000000000000' }))).toBe('ResourceUnavailable.CmkNotFound');
    await c.ArchiveKey({ KeyId: b });
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a', DestinationKeyId: b }))).toBe('ResourceUnavailable.CmkArchived');
    // An archived source still decrypts.
    expect((await c.ReEncrypt({ CiphertextBlob: moved.CiphertextBlob, SourceEncryptionContext: 'ctx-b', DestinationKeyId: a })).KeyId).toBe(a);
    await c.DisableKey({ KeyId: a });
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob, SourceEncryptionContext: 'ctx-a' }))).toBe('ResourceUnavailable.CmkDisabled');
    expect(await codeOf(c.ReEncrypt({ CiphertextBlob: moved.CiphertextBlob, SourceEncryptionContext: 'ctx-b', DestinationKeyId: a }))).toBe('ResourceUnavailable.CmkDisabled');
  });

  it('GenerateRandom: 1–1024 bytes', async () => {
    const one = unb64((await c.GenerateRandom({ NumberOfBytes: 1 })).Plaintext);
    expect(one).toHaveLength(1);
    const x = unb64((await c.GenerateRandom({ NumberOfBytes: 1024 })).Plaintext);
    const y = unb64((await c.GenerateRandom({ NumberOfBytes: 1024 })).Plaintext);
    expect(x).toHaveLength(1024);
    expect(x.equals(y)).toBe(false);
    expect(await codeOf(c.GenerateRandom({ NumberOfBytes: 0 }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.GenerateRandom({ NumberOfBytes: 1025 }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.GenerateRandom({}))).toBe('MissingParameter');
  });
});

describe('seed 003: asymmetric encryption and decryption', () => {
  it('AsymmetricRsaDecrypt opens what node:crypto encrypted to GetPublicKey, with each documented padding', async () => {
    const keyId = await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' });
    const { key } = await publicKeyOf(keyId);
    const cases = [
      ['RSAES_OAEP_SHA_256', { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }],
      ['RSAES_OAEP_SHA_1', { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }],
      ['RSAES_PKCS1_V1_5', { padding: constants.RSA_PKCS1_PADDING }],
    ] as const;
    for (const [algorithm, opts] of cases) {
      const ct = publicEncrypt({ key, ...opts }, Buffer.from(`test ${algorithm}`));
      const r = await c.AsymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: b64(ct), Algorithm: algorithm });
      expect(r.KeyId).toBe(keyId);
      expect(unb64(r.Plaintext).toString()).toBe(`test ${algorithm}`);
    }
    const oaep = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('x'));
    expect(await codeOf(c.AsymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: b64(oaep), Algorithm: 'RSAES_OAEP_SHA_1' }))).toBe('FailedOperation.DecryptError');
    expect(await codeOf(c.AsymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: b64(Buffer.alloc(256, 1)), Algorithm: 'RSAES_PKCS1_V1_5' }))).toBe('FailedOperation.DecryptError');
    expect(await codeOf(c.AsymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: b64(oaep), Algorithm: 'RSAES_OAEP_SHA_512' }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.AsymmetricRsaDecrypt({ KeyId: await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' }), Ciphertext: b64(oaep), Algorithm: 'RSAES_OAEP_SHA_256' }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    await c.DisableKey({ KeyId: keyId });
    expect(await codeOf(c.AsymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: b64(oaep), Algorithm: 'RSAES_OAEP_SHA_256' }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect(await codeOf(c.GetPublicKey({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkStateNotSupport');
  });

  it('AsymmetricSm2Decrypt opens C1C3C2 ASN.1 from sm-crypto and from OpenSSL; nothing else', async () => {
    const keyId = await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_SM2' });
    const { der, pem } = await publicKeyOf(keyId);
    // sm-crypto (cipherMode 1 = C1C3C2, without C1's 0x04), laid out as GM/T 0009 DER.
    const raw = Buffer.concat([Buffer.from([4]), Buffer.from(smc.sm2.doEncrypt(Array.from(Buffer.from('sm2 secret')), sm2PointHex(der), 1), 'hex')]);
    const r = await c.AsymmetricSm2Decrypt({ KeyId: keyId, Ciphertext: b64(c1c3c2ToDer(raw)) });
    expect(r.KeyId).toBe(keyId);
    expect(unb64(r.Plaintext).toString()).toBe('sm2 secret');
    // OpenSSL encrypts to the PEM from GetPublicKey (its output is the DER layout).
    const pubPath = tmp('kms-sm2.pub.pem', pem);
    const byOpenssl = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pubPath], Buffer.from('from openssl'));
    expect(unb64((await c.AsymmetricSm2Decrypt({ KeyId: keyId, Ciphertext: b64(byOpenssl) })).Plaintext).toString()).toBe('from openssl');
    // The raw C1‖C3‖C2 layout is not the documented one; a tampered ciphertext does not open.
    expect(await codeOf(c.AsymmetricSm2Decrypt({ KeyId: keyId, Ciphertext: b64(raw) }))).toBe('FailedOperation.DecryptError');
    const tampered = Buffer.from(byOpenssl);
    tampered[tampered.length - 1]! ^= 1;
    expect(await codeOf(c.AsymmetricSm2Decrypt({ KeyId: keyId, Ciphertext: b64(tampered) }))).toBe('FailedOperation.DecryptError');
    // At most 256 bytes of ciphertext (API page).
    const long = Buffer.concat([Buffer.from([4]), Buffer.from(smc.sm2.doEncrypt(Array.from(Buffer.alloc(160, 7)), sm2PointHex(der), 1), 'hex')]);
    expect(await codeOf(c.AsymmetricSm2Decrypt({ KeyId: keyId, Ciphertext: b64(c1c3c2ToDer(long)) }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.AsymmetricSm2Decrypt({ KeyId: await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2' }), Ciphertext: b64(byOpenssl) }))).toBe('InvalidParameterValue.InvalidKeyUsage');
  });
});

describe('seed 003: signatures', () => {
  const message = Buffer.from('test');
  // [KeyUsage, Algorithm, independent verification of a signature over `message`]
  const CASES: [string, string, (spki: Buffer, sig: Buffer) => boolean][] = [
    ['ASYMMETRIC_SIGN_VERIFY_SM2', 'SM2DSA', (spki, sig) => sm2.doVerifySignature(Array.from(message), sig.toString('hex'), sm2PointHex(spki), { der: true, hash: true, userId: '1234567812345678' })],
    ['ASYMMETRIC_SIGN_VERIFY_ECC', 'ECC_P256_R1', (spki, sig) => verify('sha256', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig)],
    ['ASYMMETRIC_SIGN_VERIFY_RSA_2048', 'RSA_PSS_SHA_256', (spki, sig) => verify('sha256', message, { key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)],
    ['ASYMMETRIC_SIGN_VERIFY_RSA_2048', 'RSA_PKCS1_SHA_256', (spki, sig) => verify('sha256', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig)],
  ];
  /** The DIGEST input of each algorithm: SHA-256 of the message, or SM2's e = SM3(Z_A ‖ M). */
  const digestOf = (algorithm: string, spki: Buffer) => (algorithm === 'SM2DSA' ? sm2Digest(spki, message) : createHash('sha256').update(message).digest());

  it.each(CASES)('%s / %s: RAW and DIGEST signatures verify outside the mock, and in VerifyByAsymmetricKey', async (usage, algorithm, check) => {
    const keyId = await create({ KeyUsage: usage });
    const { der } = await publicKeyOf(keyId);
    for (const [messageType, input] of [['RAW', message], ['DIGEST', digestOf(algorithm, der)]] as const) {
      const { Signature } = await c.SignByAsymmetricKey({ KeyId: keyId, Algorithm: algorithm, Message: b64(input), MessageType: messageType });
      const sig = unb64(Signature);
      if (algorithm.startsWith('RSA')) expect(sig).toHaveLength(256);
      else expect(sig[0]).toBe(0x30); // DER SEQUENCE { r, s }
      expect(check(der, sig), messageType).toBe(true);
      const broken = Buffer.from(sig);
      broken[broken.length - 1]! ^= 1;
      expect(check(der, broken), `${messageType}: the verifier refuses a broken signature`).toBe(false);
      const ok = await c.VerifyByAsymmetricKey({ KeyId: keyId, SignatureValue: Signature, Message: b64(input), Algorithm: algorithm, MessageType: messageType });
      expect(ok.SignatureValid, messageType).toBe(true);
      const tampered = Buffer.from(input);
      tampered[0]! ^= 1;
      const bad = await c.VerifyByAsymmetricKey({ KeyId: keyId, SignatureValue: Signature, Message: b64(tampered), Algorithm: algorithm, MessageType: messageType });
      expect(bad.SignatureValid, messageType).toBe(false);
    }
    // MessageType defaults to RAW.
    const { Signature } = await c.SignByAsymmetricKey({ KeyId: keyId, Algorithm: algorithm, Message: b64(message) });
    expect(check(der, unb64(Signature))).toBe(true);
  });

  it('refusals: wrong algorithm for the key, digest length, message size, key usage and state', async () => {
    const ecc = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC' });
    const sign = (args: Record<string, unknown>) => c.SignByAsymmetricKey({ KeyId: ecc, Algorithm: 'ECC_P256_R1', Message: b64(message), ...args });
    const verifyCall = (args: Record<string, unknown>) => c.VerifyByAsymmetricKey({ KeyId: ecc, Algorithm: 'ECC_P256_R1', Message: b64(message), SignatureValue: b64(Buffer.alloc(70, 1)), ...args });
    expect((await verifyCall({})).SignatureValid).toBe(false);
    expect(await codeOf(sign({ Algorithm: 'SM2DSA' }))).toBe('InvalidParameter');
    expect(await codeOf(verifyCall({ Algorithm: 'RSA_PSS_SHA_256' }))).toBe('InvalidParameter');
    // SignByAsymmetricKey documents InvalidParameter only; VerifyByAsymmetricKey also InvalidParameterValue.
    expect(await codeOf(sign({ Algorithm: 'ECDSA_SHA_256' }))).toBe('InvalidParameter');
    expect(await codeOf(verifyCall({ Algorithm: 'ECDSA_SHA_256' }))).toBe('InvalidParameterValue');
    expect(await codeOf(sign({ MessageType: 'HASH' }))).toBe('InvalidParameter');
    expect(await codeOf(sign({ MessageType: 'DIGEST', Message: b64(Buffer.alloc(31)) }))).toBe('InvalidParameter');
    expect(await codeOf(sign({ MessageType: 'DIGEST', Message: b64(Buffer.alloc(48)) }))).toBe('InvalidParameter');
    expect(await codeOf(verifyCall({ MessageType: 'DIGEST', Message: b64(Buffer.alloc(33)) }))).toBe('InvalidParameter');
    expect(await codeOf(sign({ Message: b64(Buffer.alloc(4097)) }))).toBe('InvalidParameter');
    expect(await codeOf(verifyCall({ Message: b64(Buffer.alloc(4097)) }))).toBe('InvalidParameterValue');
    await sign({ Message: b64(Buffer.alloc(4096)) });
    expect(await codeOf(sign({ Message: '%%%' }))).toBe('InvalidParameter');
    expect(await codeOf(c.SignByAsymmetricKey({ KeyId: await create(), Algorithm: 'ECC_P256_R1', Message: b64(message) }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    expect(await codeOf(c.SignByAsymmetricKey({ KeyId: await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_SM2' }), Algorithm: 'SM2DSA', Message: b64(message) }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    // No source names the algorithm of an ASYMMETRIC_SIGN_VERIFY_ECDSA384 key: the mock signs with none.
    const p384 = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECDSA384' });
    expect(await codeOf(c.SignByAsymmetricKey({ KeyId: p384, Algorithm: 'ECC_P256_R1', Message: b64(message) }))).toBe('InvalidParameter');
    await c.DisableKey({ KeyId: ecc });
    expect(await codeOf(sign({}))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect(await codeOf(verifyCall({}))).toBe('ResourceUnavailable.CmkStateNotSupport');
  });

  it('a PKCS#1 v1.5 signature is not a PSS signature, and the other way round', async () => {
    const keyId = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' });
    const pkcs1 = (await c.SignByAsymmetricKey({ KeyId: keyId, Algorithm: 'RSA_PKCS1_SHA_256', Message: b64(message) })).Signature;
    const pss = (await c.SignByAsymmetricKey({ KeyId: keyId, Algorithm: 'RSA_PSS_SHA_256', Message: b64(message) })).Signature;
    const valid = async (sig: string, algorithm: string) => (await c.VerifyByAsymmetricKey({ KeyId: keyId, SignatureValue: sig, Message: b64(message), Algorithm: algorithm })).SignatureValid;
    expect([await valid(pkcs1, 'RSA_PKCS1_SHA_256'), await valid(pss, 'RSA_PSS_SHA_256')]).toEqual([true, true]);
    expect([await valid(pkcs1, 'RSA_PSS_SHA_256'), await valid(pss, 'RSA_PKCS1_SHA_256')]).toEqual([false, false]);
  });
});
