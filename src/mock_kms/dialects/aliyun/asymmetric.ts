// Asymmetric keys: GetPublicKey, AsymmetricSign/Verify (a digest in, Verify answers Value
// true/false), AsymmetricEncrypt/Decrypt, each naming a key version. Algorithms per KeySpec
// from the AsymmetricSign/AsymmetricVerify/AsymmetricEncrypt references (S4) and the key-spec
// page (S6, which adds RSA_4096 with the RSA algorithms).
import { toBase64 } from '../../../lib/bytes.js';
import type { EncryptAlgorithm, SignAlgorithm } from '../../asymmetric.js';
import { fail } from '../../kms_error.js';
import type { KeyRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import { table } from '../../tables.js';
import { isSymmetric, KEY_ID, KEY_VERSION_ID, USABLE } from './common.js';
import { versionBytes } from './extras.js';

type Family = 'RSA' | 'EC_P256' | 'EC_P256K' | 'EC_SM2';
const family = (k: KeyRecord): Family => (k.material.startsWith('RSA_') ? 'RSA' : (k.material as Family));

// AsymmetricSign reference: RSA_PSS_SHA_256 (RSASSA-PSS, SHA-256, MGF1-SHA-256), RSA_PKCS1_SHA_256,
// ECDSA_SHA_256 on P-256 and secp256k1, SM2DSA (digest = SM3(Z(A) ‖ M), GB/T 32918.2).
export const SIGN_ALGORITHMS: Readonly<Record<Family, readonly SignAlgorithm[]>> = table({
  RSA: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
  EC_P256: ['ECDSA_SHA_256'],
  EC_P256K: ['ECDSA_SHA_256'],
  EC_SM2: ['SM2DSA'],
});
// AsymmetricEncrypt reference: RSAES_OAEP_SHA_256 / _SHA_1 (MGF1 of the same hash), SM2PKE.
// Plaintext at most k − 2·hLen − 2 bytes: 190/214 (RSA_2048), 318/342 (RSA_3072), 446/470
// (RSA_4096: arithmetic, not in the table, UNCONFIRMED); SM2 6047.
export const ENCRYPT_ALGORITHMS: Readonly<Partial<Record<Family, readonly EncryptAlgorithm[]>>> = table({
  RSA: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
  EC_SM2: ['SM2PKE'],
});
const SIGN_NAMES = ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256', 'ECDSA_SHA_256', 'SM2DSA'] as const;
const ENCRYPT_NAMES = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'SM2PKE'] as const;

/** The key of the right usage with an algorithm of its spec; the refusal codes follow S4. */
export function requireAlgorithm(key: KeyRecord, usage: 'SIGN/VERIFY' | 'ENCRYPT/DECRYPT', algorithm: string): void {
  // AsymmetricEncrypt/Decrypt pages (S4): Rejected.UnsupportedOperation for the wrong kind of key or
  // algorithm; Sign/Verify: the same for the wrong key (inferred), InvalidParameter for the algorithm (S4 Verify page).
  const unsupported = (why: string) => fail('UnsupportedOperation', why, undefined, 'Rejected.UnsupportedOperation');
  if (isSymmetric(key) || key.keyUsage !== usage) unsupported(`the key ${key.keyId} is ${key.keySpec} ${key.keyUsage}, not an asymmetric ${usage} key`);
  const allowed: readonly string[] = (usage === 'SIGN/VERIFY' ? SIGN_ALGORITHMS : ENCRYPT_ALGORITHMS)[family(key)] ?? [];
  if (allowed.includes(algorithm)) return;
  const why = `Algorithm ${algorithm} does not fit a ${key.keySpec} key (${allowed.join(', ')})`;
  if (usage === 'ENCRYPT/DECRYPT') unsupported(why);
  fail('InvalidParameter', why);
}

/**
 * The key as one of its versions: the record itself for the primary version, a view with
 * that version's material for an older one (CreateKeyVersion keeps them).
 */
export function atVersion(key: KeyRecord, versionId: string): KeyRecord {
  if (!key.versions.includes(versionId)) fail('KeyVersionNotFound', `the key ${key.keyId} has no version ${versionId}`);
  if (versionId === key.versions[key.versions.length - 1]) return key;
  const bytes = versionBytes(key, versionId);
  if (!bytes) return fail('InternalError', `the material of version ${versionId} was not kept across a reload of the mock's storage`);
  return { ...key, bytes };
}

const VERSIONED = { KeyId: KEY_ID, KeyVersionId: KEY_VERSION_ID } as const;

export function pem(der: Uint8Array): string {
  return `-----BEGIN PUBLIC KEY-----\n${toBase64(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}

export const ASYMMETRIC_ROWS = {
  GetPublicKey: {
    params: VERSIONED,
    // Treated like a cryptographic operation (not a row of S1: UNCONFIRMED).
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      const at = atVersion(key, args.str('KeyVersionId'));
      // The code for a symmetric key is UNCONFIRMED: as the other asymmetric pages (S4).
      if (isSymmetric(key)) fail('UnsupportedOperation', `the key ${key.keyId} is symmetric: it has no public key`, undefined, 'Rejected.UnsupportedOperation');
      // PEM (GetPublicKey reference); GetParametersForImport gives bare base64 DER.
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), PublicKey: pem(await service.publicKey(at)) };
    },
  },
  AsymmetricSign: {
    params: { ...VERSIONED, Algorithm: { type: 'string', required: true, values: SIGN_NAMES }, Digest: { type: 'base64', required: true, max: 64 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      const at = atVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'SIGN/VERIFY', args.str('Algorithm'));
      // RSA: PKCS#1 v1.5 or PSS (salt = digest length); ECDSA and SM2DSA: DER SEQUENCE {r, s}.
      const signature = await service.sign(at, args.str('Algorithm') as SignAlgorithm, { digest: args.bytes('Digest') });
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Value: toBase64(signature) };
    },
  },
  AsymmetricVerify: {
    params: { ...VERSIONED, Algorithm: { type: 'string', required: true, values: SIGN_NAMES }, Digest: { type: 'base64', required: true, max: 64 }, Value: { type: 'base64', required: true, max: 1024 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      const at = atVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'SIGN/VERIFY', args.str('Algorithm'));
      // A signature that does not verify is a Value of false, not an error (AsymmetricVerify reference).
      const valid = await service.verify(at, args.str('Algorithm') as SignAlgorithm, { digest: args.bytes('Digest') }, args.bytes('Value'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Value: valid };
    },
  },
  AsymmetricEncrypt: {
    params: { ...VERSIONED, Algorithm: { type: 'string', required: true, values: ENCRYPT_NAMES }, Plaintext: { type: 'base64', required: true, min: 1, max: 6047 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      const at = atVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'ENCRYPT/DECRYPT', args.str('Algorithm'));
      // SM2: C1 ‖ C3 ‖ C2 (GB/T 32918.4), inferred from the limits: 6144 − 6047 = 97 = |C1| + |C3|.
      const ciphertext = await service.asymmetricEncrypt(at, args.str('Algorithm') as EncryptAlgorithm, args.bytes('Plaintext'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), CiphertextBlob: toBase64(ciphertext) };
    },
  },
  AsymmetricDecrypt: {
    // Ciphertext: 256 bytes (RSA_2048), 384 (RSA_3072), at most 6144 (EC_SM2; GM/T 0009 DER accepted too).
    params: { ...VERSIONED, Algorithm: { type: 'string', required: true, values: ENCRYPT_NAMES }, CiphertextBlob: { type: 'base64', required: true, max: 6144 + 16 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      const at = atVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'ENCRYPT/DECRYPT', args.str('Algorithm'));
      const plaintext = await service.asymmetricDecrypt(at, args.str('Algorithm') as EncryptAlgorithm, args.bytes('CiphertextBlob'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Plaintext: toBase64(plaintext) };
    },
  },
} satisfies ActionTable;
