// Alibaba asymmetric keys through @alicloud/kms20160120: every documented algorithm of each
// KeySpec for AsymmetricSign/Verify and AsymmetricEncrypt/Decrypt, GetPublicKey, and key
// versions (CreateKeyVersion, ListKeyVersions, DescribeKeyVersion). Results are checked by
// node:crypto (OpenSSL) for RSA and ECDSA and by sm-crypto for SM2, never by the mock itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants, createHash, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import smc from 'sm-crypto';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { c1c3c2ToDer, fixture, opensslEcPrivateScalar } from '../helpers/openssl.js';
import { createKey, importedKey, Kms, refusal, refused, teaClient } from './aliyun_fixture.js';

let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

const client = teaClient();
const DAY = 86_400_000;
const b64 = (s: string) => Buffer.from(s, 'base64');
const sha256 = (m: Buffer) => createHash('sha256').update(m).digest();

// sm-crypto's own SM2 (CommonJS, declared loosely here: test/node/sm_crypto.d.ts lists only what other suites use).
const sm2 = smc.sm2 as unknown as {
  doEncrypt(msg: number[], publicKeyHex: string, cipherMode: 0 | 1): string;
  doDecrypt(data: string, privateKeyHex: string, cipherMode: 0 | 1, options: { output: 'array' }): number[];
  doSignature(msg: number[], privateKeyHex: string, options: { der: boolean; hash: boolean; publicKey?: string }): string;
  doVerifySignature(msg: number[], signHex: string, publicKeyHex: string, options: { der: boolean; hash: boolean }): boolean;
};
const sm3 = (smc as unknown as { sm3(input: number[]): string }).sm3;

// GB/T 32918.5 curve parameters, for Z(A) computed here independently of src/.
const SM2_A = 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc';
const SM2_B = '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93';
const SM2_GX = '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7';
const SM2_GY = 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0';

/** e = SM3(Z(A) ‖ M) with the default user id 1234567812345678 (GB/T 32918.2 §5.5, §6.1): SM2DSA's Digest. */
function sm2Digest(pointHex: string, message: Buffer): Buffer {
  const id = Buffer.from('1234567812345678');
  const z = sm3([...Buffer.concat([Buffer.from([0, id.length * 8]), id, Buffer.from(SM2_A + SM2_B + SM2_GX + SM2_GY + pointHex.slice(2), 'hex')])]);
  return Buffer.from(sm3([...Buffer.from(z, 'hex'), ...message]), 'hex');
}

/** 04‖x‖y of an EC public key PEM (the last 65 bytes of its SPKI). */
function pointHex(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 65).toString('hex');
}

async function publicKeyOf(keyId: string, keyVersionId: string): Promise<string> {
  const r = await client.getPublicKey(new Kms.GetPublicKeyRequest({ keyId, keyVersionId }));
  expect(r).toMatchObject({ keyId, keyVersionId });
  expect(r.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n$/);
  return r.publicKey;
}

const signWith = (keyId: string, keyVersionId: string, algorithm: string, digest: Buffer) =>
  client.asymmetricSign(new Kms.AsymmetricSignRequest({ keyId, keyVersionId, algorithm, digest: digest.toString('base64') }));
const verifyWith = async (keyId: string, keyVersionId: string, algorithm: string, digest: Buffer, value: Buffer | string) =>
  (await client.asymmetricVerify(new Kms.AsymmetricVerifyRequest({ keyId, keyVersionId, algorithm, digest: digest.toString('base64'), value: typeof value === 'string' ? value : value.toString('base64') }))).value as boolean;

/** node:crypto's verdict on a signature of `message`. */
function nodeVerifies(pem: string, algorithm: string, message: Buffer, signature: Buffer): boolean {
  const key: KeyObject = createPublicKey(pem);
  if (algorithm === 'RSA_PSS_SHA_256') return verify('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
  return verify('sha256', message, key, signature); // PKCS#1 v1.5, or ECDSA with a DER signature
}

describe('AsymmetricSign / AsymmetricVerify: every algorithm of every KeySpec (KMS-made keys)', () => {
  const cases = [
    ['RSA_2048', 'RSA_PSS_SHA_256'],
    ['RSA_2048', 'RSA_PKCS1_SHA_256'],
    ['RSA_3072', 'RSA_PSS_SHA_256'],
    ['RSA_3072', 'RSA_PKCS1_SHA_256'],
    ['RSA_4096', 'RSA_PSS_SHA_256'],
    ['RSA_4096', 'RSA_PKCS1_SHA_256'],
    ['EC_P256', 'ECDSA_SHA_256'],
    ['EC_P256K', 'ECDSA_SHA_256'],
    ['EC_SM2', 'SM2DSA'],
  ] as const;
  it.each(cases)('%s with %s: the signature verifies outside the mock; Verify answers true, then false when tampered', async (keySpec, algorithm) => {
    const { keyId, version } = await createKey(client, { keySpec, keyUsage: 'SIGN/VERIFY' });
    const pem = await publicKeyOf(keyId, version);
    const message = Buffer.from(`signed by ${keySpec}`);
    const digest = algorithm === 'SM2DSA' ? sm2Digest(pointHex(pem), message) : sha256(message);
    const r = await signWith(keyId, version, algorithm, digest);
    expect(r).toMatchObject({ keyId, keyVersionId: version });
    const signature = b64(r.value);
    if (algorithm === 'SM2DSA') {
      // sm-crypto computes Z(A) and e itself from the message: it checks our digest and the signature at once.
      expect(sm2.doVerifySignature([...message], signature.toString('hex'), pointHex(pem), { der: true, hash: true })).toBe(true);
    } else {
      expect(nodeVerifies(pem, algorithm, message, signature)).toBe(true);
      expect(nodeVerifies(pem, algorithm, Buffer.from('another message'), signature)).toBe(false);
    }
    if (keySpec.startsWith('RSA_')) expect(signature).toHaveLength(Number(keySpec.slice(4)) / 8);
    expect(await verifyWith(keyId, version, algorithm, digest, signature)).toBe(true);
    const other = Buffer.from(digest);
    other[0]! ^= 1;
    expect(await verifyWith(keyId, version, algorithm, other, signature)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[flipped.length - 1]! ^= 1;
    expect(await verifyWith(keyId, version, algorithm, digest, flipped)).toBe(false);
  });
});

describe('AsymmetricVerify of signatures made outside the mock (imported keys, seed 004)', () => {
  it.each([
    ['rsa2048', 'RSA_2048', 'RSA_PKCS1_SHA_256'],
    ['rsa2048', 'RSA_2048', 'RSA_PSS_SHA_256'],
    ['p256', 'EC_P256', 'ECDSA_SHA_256'],
    ['p256k', 'EC_P256K', 'ECDSA_SHA_256'],
    ['sm2', 'EC_SM2', 'SM2DSA'],
  ] as const)('%s (%s, %s): a signature by node:crypto or sm-crypto verifies', async (name, keySpec, algorithm) => {
    const wrapping = keySpec === 'EC_SM2' ? 'SM2PKE_SM4_ECB' : 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD';
    const { keyId, version } = await importedKey(client, { keySpec, keyUsage: 'SIGN/VERIFY' }, fixture(name).pem, wrapping);
    expect((await publicKeyOf(keyId, version)).trim()).toBe(fixture(name).pubPem.trim());
    const message = Buffer.from('signed outside');
    let signature: Buffer;
    let digest: Buffer;
    if (algorithm === 'SM2DSA') {
      const point = pointHex(fixture(name).pubPem);
      digest = sm2Digest(point, message);
      signature = Buffer.from(sm2.doSignature([...message], opensslEcPrivateScalar(fixture(name).path).toString('hex'), { der: true, hash: true, publicKey: point }), 'hex');
    } else {
      digest = sha256(message);
      const key = createPrivateKey(fixture(name).pem);
      signature = algorithm === 'RSA_PSS_SHA_256' ? sign('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) : sign('sha256', message, key);
    }
    expect(await verifyWith(keyId, version, algorithm, digest, signature)).toBe(true);
    // And the mock's own signature with the imported key verifies outside.
    const own = b64((await signWith(keyId, version, algorithm, digest)).value);
    if (algorithm === 'SM2DSA') expect(sm2.doVerifySignature([...message], own.toString('hex'), pointHex(fixture(name).pubPem), { der: true, hash: true })).toBe(true);
    else expect(nodeVerifies(fixture(name).pubPem, algorithm, message, own)).toBe(true);
  });
});

describe('AsymmetricEncrypt / AsymmetricDecrypt: every algorithm of every KeySpec', () => {
  // AsymmetricEncrypt reference: the most plaintext each key takes (RSA_4096: k − 2·hLen − 2, UNCONFIRMED).
  const LIMITS = { RSA_2048: { RSAES_OAEP_SHA_256: 190, RSAES_OAEP_SHA_1: 214 }, RSA_3072: { RSAES_OAEP_SHA_256: 318, RSAES_OAEP_SHA_1: 342 }, RSA_4096: { RSAES_OAEP_SHA_256: 446, RSAES_OAEP_SHA_1: 470 } } as const;
  const FIXTURE = { RSA_2048: 'rsa2048', RSA_3072: 'rsa3072', RSA_4096: 'rsa4096' } as const;

  it.each(Object.keys(LIMITS) as (keyof typeof LIMITS)[])('%s: node:crypto encrypts, the mock decrypts; the mock encrypts (to an imported key), node:crypto decrypts; the length limits hold', async (keySpec) => {
    const made = await createKey(client, { keySpec, keyUsage: 'ENCRYPT/DECRYPT' });
    const madePem = await publicKeyOf(made.keyId, made.version);
    const imported = await importedKey(client, { keySpec, keyUsage: 'ENCRYPT/DECRYPT' }, fixture(FIXTURE[keySpec]).pem, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
    for (const [algorithm, max] of Object.entries(LIMITS[keySpec])) {
      const oaepHash = algorithm.endsWith('256') ? 'sha256' : 'sha1';
      const plaintext = randomBytes(max);
      const ct = publicEncrypt({ key: createPublicKey(madePem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, plaintext);
      const dec = await client.asymmetricDecrypt(new Kms.AsymmetricDecryptRequest({ keyId: made.keyId, keyVersionId: made.version, algorithm, ciphertextBlob: ct.toString('base64') }));
      expect(b64(dec.plaintext).equals(plaintext), algorithm).toBe(true);

      const enc = await client.asymmetricEncrypt(new Kms.AsymmetricEncryptRequest({ keyId: imported.keyId, keyVersionId: imported.version, algorithm, plaintext: plaintext.toString('base64') }));
      expect(b64(enc.ciphertextBlob)).toHaveLength(Number(keySpec.slice(4)) / 8);
      expect(privateDecrypt({ key: createPrivateKey(fixture(FIXTURE[keySpec]).pem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, b64(enc.ciphertextBlob)).equals(plaintext)).toBe(true);
      const tooLong = randomBytes(max + 1).toString('base64');
      expect(await refusal(client.asymmetricEncrypt(new Kms.AsymmetricEncryptRequest({ keyId: imported.keyId, keyVersionId: imported.version, algorithm, plaintext: tooLong }))), `${algorithm} ${max + 1}`).toEqual(refused('InvalidParameter', 400));
    }
    // A ciphertext made with the other OAEP hash does not open (the code is UNCONFIRMED: InvalidCiphertext here).
    const sha1 = publicEncrypt({ key: createPublicKey(madePem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('x'));
    expect(await refusal(client.asymmetricDecrypt(new Kms.AsymmetricDecryptRequest({ keyId: made.keyId, keyVersionId: made.version, algorithm: 'RSAES_OAEP_SHA_256', ciphertextBlob: sha1.toString('base64') })))).toEqual(refused('InvalidCiphertext', 400));
  });

  it('EC_SM2 with SM2PKE: sm-crypto encrypts, the mock decrypts (C1‖C3‖C2 and GM/T 0009 DER); the mock encrypts up to 6047 bytes, sm-crypto decrypts', async () => {
    const made = await createKey(client, { keySpec: 'EC_SM2', keyUsage: 'ENCRYPT/DECRYPT' });
    const point = pointHex(await publicKeyOf(made.keyId, made.version));
    const secret = randomBytes(48);
    const c1c3c2 = Buffer.from(`04${sm2.doEncrypt([...secret], point, 1)}`, 'hex');
    for (const ct of [c1c3c2, c1c3c2ToDer(c1c3c2)]) {
      const dec = await client.asymmetricDecrypt(new Kms.AsymmetricDecryptRequest({ keyId: made.keyId, keyVersionId: made.version, algorithm: 'SM2PKE', ciphertextBlob: ct.toString('base64') }));
      expect(b64(dec.plaintext).equals(secret)).toBe(true);
    }
    const imported = await importedKey(client, { keySpec: 'EC_SM2', keyUsage: 'ENCRYPT/DECRYPT' }, fixture('sm2').pem, 'SM2PKE_SM4_ECB');
    const d = opensslEcPrivateScalar(fixture('sm2').path).toString('hex');
    for (const size of [1, 6047]) {
      const plaintext = randomBytes(size);
      const enc = await client.asymmetricEncrypt(new Kms.AsymmetricEncryptRequest({ keyId: imported.keyId, keyVersionId: imported.version, algorithm: 'SM2PKE', plaintext: plaintext.toString('base64') }));
      const ct = b64(enc.ciphertextBlob);
      // C1 (65 bytes, 04‖x‖y) ‖ C3 (32) ‖ C2: 97 bytes more than the plaintext, so 6047 gives the documented 6144.
      expect(ct).toHaveLength(size + 97);
      expect(ct[0]).toBe(4);
      expect(Buffer.from(sm2.doDecrypt(ct.subarray(1).toString('hex'), d, 1, { output: 'array' })).equals(plaintext)).toBe(true);
    }
    expect(await refusal(client.asymmetricEncrypt(new Kms.AsymmetricEncryptRequest({ keyId: imported.keyId, keyVersionId: imported.version, algorithm: 'SM2PKE', plaintext: randomBytes(6048).toString('base64') })))).toEqual(refused('InvalidParameter', 400));
  });
});

describe('what does not fit is refused with the documented codes', () => {
  it('the wrong kind of key or algorithm: Rejected.UnsupportedOperation (encrypt/decrypt, wrong usage) or InvalidParameter (signing algorithm)', async () => {
    const rsaSign = await createKey(client, { keySpec: 'RSA_2048', keyUsage: 'SIGN/VERIFY' });
    const rsaEnc = await createKey(client, { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT/DECRYPT' });
    const p256 = await createKey(client, { keySpec: 'EC_P256' });
    const sym = await createKey(client);
    const digest = sha256(Buffer.from('m'));
    const unsupported = refused('Rejected.UnsupportedOperation', 400);
    const encrypt = (k: { keyId: string; version: string }, algorithm: string) => refusal(client.asymmetricEncrypt(new Kms.AsymmetricEncryptRequest({ keyId: k.keyId, keyVersionId: k.version, algorithm, plaintext: 'AAAA' })));
    const decrypt = (k: { keyId: string; version: string }, algorithm: string) => refusal(client.asymmetricDecrypt(new Kms.AsymmetricDecryptRequest({ keyId: k.keyId, keyVersionId: k.version, algorithm, ciphertextBlob: 'AAAA' })));
    const signing = (k: { keyId: string; version: string }, algorithm: string, d = digest) => refusal(signWith(k.keyId, k.version, algorithm, d));
    expect(await encrypt(rsaSign, 'RSAES_OAEP_SHA_256')).toEqual(unsupported);
    expect(await encrypt(rsaEnc, 'SM2PKE')).toEqual(unsupported);
    expect(await decrypt(rsaEnc, 'SM2PKE')).toEqual(unsupported);
    expect(await decrypt(p256, 'RSAES_OAEP_SHA_1')).toEqual(unsupported);
    expect(await encrypt(sym, 'RSAES_OAEP_SHA_256')).toEqual(unsupported);
    expect(await signing(rsaEnc, 'RSA_PSS_SHA_256')).toEqual(unsupported);
    expect(await signing(sym, 'ECDSA_SHA_256')).toEqual(unsupported);
    expect(await signing(rsaSign, 'ECDSA_SHA_256')).toEqual(refused('InvalidParameter', 400));
    expect(await signing(p256, 'SM2DSA')).toEqual(refused('InvalidParameter', 400));
    expect(await signing(p256, 'RSA_PSS_SHA_512')).toEqual(refused('InvalidParameter', 400)); // not an Alibaba algorithm
    expect(await signing(p256, 'ECDSA_SHA_256', digest.subarray(1))).toEqual(refused('InvalidParameter', 400)); // 31-byte digest
    expect(await refusal(verifyWith(p256.keyId, p256.version, 'ECDSA_SHA_256', digest, '***'))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(client.getPublicKey(new Kms.GetPublicKeyRequest({ keyId: sym.keyId, keyVersionId: sym.version })))).toEqual(unsupported);
    // EC_P256 and EC_P256K sign only (CreateKey reference).
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ keySpec: 'EC_P256K', keyUsage: 'ENCRYPT/DECRYPT' })))).toEqual(refused('InvalidParameter', 400));
  });

  it('an unknown key version: Forbidden.KeyVersionNotFound 404', async () => {
    const k = await createKey(client, { keySpec: 'EC_P256' });
    const other = await createKey(client, { keySpec: 'EC_P256' });
    const notFound = refused('Forbidden.KeyVersionNotFound', 404);
    expect(await refusal(client.getPublicKey(new Kms.GetPublicKeyRequest({ keyId: k.keyId, keyVersionId: other.version })))).toEqual(notFound);
    expect(await refusal(signWith(k.keyId, 'no-such-version', 'ECDSA_SHA_256', sha256(Buffer.from('m'))))).toEqual(notFound);
    expect(await refusal(client.describeKeyVersion(new Kms.DescribeKeyVersionRequest({ keyId: k.keyId, keyVersionId: other.version })))).toEqual(notFound);
  });
});

describe('key versions: CreateKeyVersion, ListKeyVersions, DescribeKeyVersion', () => {
  it('a new version is a new key pair and the primary; the old version still signs and verifies as before', async () => {
    const { keyId, version: v1 } = await createKey(client, { keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY' });
    const created = (await client.describeKey(new Kms.DescribeKeyRequest({ keyId }))).keyMetadata;
    expect(created.lastRotationDate).toBe(created.creationDate);
    // At least 7 days between versions (CreateKeyVersion reference).
    expect(await refusal(client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId })))).toEqual(refused('Rejected.UnsupportedOperation', 400));
    env.clock.advance(7 * DAY - 1000);
    expect(await refusal(client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId })))).toEqual(refused('Rejected.UnsupportedOperation', 400));
    env.clock.advance(1000);
    const made = await client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId }));
    const v2 = made.keyVersion.keyVersionId;
    expect(made.keyVersion).toMatchObject({ keyId, creationDate: new Date(Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    expect(v2).not.toBe(v1);
    const meta = (await client.describeKey(new Kms.DescribeKeyRequest({ keyId }))).keyMetadata;
    expect(meta.primaryKeyVersion).toBe(v2);
    expect(meta.lastRotationDate).toBe(made.keyVersion.creationDate);

    const listed = await client.listKeyVersions(new Kms.ListKeyVersionsRequest({ keyId }));
    expect(listed.totalCount).toBe(2);
    expect(listed.keyVersions.keyVersion.map((v: { keyVersionId: string }) => v.keyVersionId)).toEqual([v1, v2]);
    expect(listed.keyVersions.keyVersion[0].creationDate).toBe(created.creationDate);
    expect((await client.describeKeyVersion(new Kms.DescribeKeyVersionRequest({ keyId, keyVersionId: v1 }))).keyVersion).toMatchObject({ keyId, keyVersionId: v1, creationDate: created.creationDate });

    const pem1 = await publicKeyOf(keyId, v1);
    const pem2 = await publicKeyOf(keyId, v2);
    expect(pem1).not.toBe(pem2);
    const message = Buffer.from('versioned');
    const digest = sha256(message);
    const sig1 = b64((await signWith(keyId, v1, 'ECDSA_SHA_256', digest)).value);
    const sig2 = b64((await signWith(keyId, v2, 'ECDSA_SHA_256', digest)).value);
    expect(nodeVerifies(pem1, 'ECDSA_SHA_256', message, sig1)).toBe(true);
    expect(nodeVerifies(pem2, 'ECDSA_SHA_256', message, sig2)).toBe(true);
    expect(nodeVerifies(pem2, 'ECDSA_SHA_256', message, sig1)).toBe(false);
    expect(await verifyWith(keyId, v1, 'ECDSA_SHA_256', digest, sig1)).toBe(true);
    expect(await verifyWith(keyId, v2, 'ECDSA_SHA_256', digest, sig1)).toBe(false);
  });

  it('an encryption key: each version decrypts only what was encrypted to it', async () => {
    const { keyId, version: v1 } = await createKey(client, { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT/DECRYPT' });
    env.clock.advance(7 * DAY);
    const v2 = (await client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId }))).keyVersion.keyVersionId;
    const ct = publicEncrypt({ key: createPublicKey(await publicKeyOf(keyId, v1)), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('to v1'));
    const open = (keyVersionId: string) => client.asymmetricDecrypt(new Kms.AsymmetricDecryptRequest({ keyId, keyVersionId, algorithm: 'RSAES_OAEP_SHA_256', ciphertextBlob: ct.toString('base64') }));
    expect(b64((await open(v1)).plaintext).toString()).toBe('to v1');
    expect(await refusal(open(v2))).toEqual(refused('InvalidCiphertext', 400));
  });

  it('symmetric and imported keys get no new versions; at most 50 versions', async () => {
    const sym = await createKey(client);
    const external = await importedKey(client, { keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY' }, fixture('p256').pem, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
    const k = await createKey(client, { keySpec: 'EC_P256' });
    env.clock.advance(8 * DAY);
    expect(await refusal(client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId: sym.keyId })))).toEqual(refused('Rejected.UnsupportedOperation', 400));
    expect(await refusal(client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId: external.keyId })))).toEqual(refused('Rejected.UnsupportedOperation', 400));
    for (let i = 2; i <= 50; i++) {
      await client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId: k.keyId }));
      env.clock.advance(7 * DAY);
    }
    expect((await client.listKeyVersions(new Kms.ListKeyVersionsRequest({ keyId: k.keyId, pageSize: 100 }))).keyVersions.keyVersion).toHaveLength(50);
    expect(await refusal(client.createKeyVersion(new Kms.CreateKeyVersionRequest({ keyId: k.keyId })))).toEqual(refused('Rejected.LimitExceeded', 400));
  });
});
