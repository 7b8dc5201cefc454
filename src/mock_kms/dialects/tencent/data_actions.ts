// Tencent KMS 2019-01-18, symmetric data operations: Encrypt and Decrypt of small data,
// envelope encryption's GenerateDataKey (seed 003), ReEncrypt, GenerateRandom. A
// ciphertext blob names its CMK, so Decrypt and ReEncrypt take no KeyId; a blob made in
// another region is not one this region can open.
import { clean, toBase64 } from '../../../lib/bytes.js';
import { randomBytes } from '../../../lib/random.js';
import { fail } from '../../kms_error.js';
import type { MockKmsService } from '../../kms.js';
import { blobKeyId, decryptWithMaterial, encryptWithMaterial } from '../../kms_crypto.js';
import type { KeyRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import type { Args } from '../../wire/params.js';
import {
  ENCRYPTION_ALGORITHM,
  ENCRYPTION_CONTEXT,
  ENCRYPTION_PUBLIC_KEY,
  HSM_CLUSTER_ID,
  KEY_ID,
  SYMMETRIC,
  TAGS,
  refuse,
  requireSharedCluster,
  requireState,
  requireUsage,
  tagsOf,
} from './common.js';

const INVALID_CIPHERTEXT = 'InvalidParameterValue.InvalidCiphertext';
const BLOB = { type: 'base64', required: true, max: 8192, code: INVALID_CIPHERTEXT } as const;
/** Archived keys still decrypt (ArchiveKey API page). */
const DECRYPTING = ['Enabled', 'Archived'] as const;

/** The CMK a blob names, held in this region; anything else is InvalidCiphertext. */
function blobKey(service: MockKmsService, region: string, blob: Uint8Array): KeyRecord {
  const keyId = blobKeyId(blob);
  if (!keyId) return refuse(INVALID_CIPHERTEXT, 'the ciphertext is not one this KMS produced');
  try {
    return service.key('tencent', region, keyId);
  } catch {
    return refuse(INVALID_CIPHERTEXT, `the ciphertext was made by a key ${region} does not have`);
  }
}

async function open(key: KeyRecord, blob: Uint8Array, context: string): Promise<Uint8Array> {
  try {
    return await decryptWithMaterial(key, blob, context);
  } catch {
    // A wrong EncryptionContext is reported like a bad blob (code UNCONFIRMED).
    return refuse(INVALID_CIPHERTEXT, 'the ciphertext is invalid for its key, or the encryption context differs');
  }
}

/**
 * The Plaintext a reply carries: base64, or — when the caller gave EncryptionPublicKey
 * (a PEM RSA-2048 or SM2 public key, Decrypt API page) — encrypted to that key with
 * EncryptionAlgorithm: SM2 (default) gives C1‖C3‖C2 with C1 = 0x04‖x‖y (the leading 0x04
 * is UNCONFIRMED), SM2_C1C3C2_ASN1 the GM/T 0009 DER, RSAES_* RSA-2048. Any failure, a key
 * that does not fit the algorithm included, is FailedOperation.EncryptionError (errors.go).
 */
async function plaintextFor(plaintext: Uint8Array, args: Args): Promise<string> {
  const publicKey = args.optStr('EncryptionPublicKey');
  if (!publicKey) return toBase64(plaintext);
  const algorithm = args.optStr('EncryptionAlgorithm') || 'SM2';
  const failed = (why: string): never => refuse('FailedOperation.EncryptionError', `the plaintext could not be encrypted to EncryptionPublicKey with ${algorithm}: ${why}`);
  let key: Awaited<ReturnType<typeof import('../../../wrap/wrapping_public_key.js').parseWrappingPublicKey>>;
  try {
    key = await (await import('../../../wrap/wrapping_public_key.js')).parseWrappingPublicKey(publicKey);
  } catch {
    return failed('it is not a PEM RSA or SM2 public key');
  }
  try {
    if (algorithm.startsWith('SM2')) {
      if (key.type !== 'sm2') return failed('the key is not an SM2 key');
      const { sm2Encrypt } = await import('../../../sm/sm2.js');
      return toBase64(sm2Encrypt(key.point, plaintext, algorithm === 'SM2' ? 'c1c3c2' : 'der'));
    }
    if (key.type !== 'rsa' || key.bits !== 2048) return failed('the key is not an RSA-2048 key');
    const rsa = await import('../../../wrap/rsa.js');
    const ct = algorithm === 'RSAES_PKCS1_V1_5' ? await rsa.rsaPkcs1v15Encrypt(key.spki, plaintext, algorithm) : await rsa.rsaOaepEncrypt(key.spki, algorithm === 'RSAES_OAEP_SHA_1' ? 'SHA-1' : 'SHA-256', plaintext, algorithm);
    return toBase64(ct);
  } catch (e) {
    if (e instanceof Error && e.name === 'KmsError') throw e;
    return failed('the plaintext does not fit the key');
  }
}

export const DATA_ACTIONS: ActionTable = {
  Encrypt: {
    // Encrypt API page: at most 4 KiB of plaintext, base64.
    params: { KeyId: KEY_ID, Plaintext: { type: 'base64', required: true, min: 1, max: 4096, code: 'InvalidParameterValue.InvalidPlaintext' }, EncryptionContext: ENCRYPTION_CONTEXT },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, SYMMETRIC, 'Encrypt');
      const blob = await service.encrypt(key, args.bytes('Plaintext'), args.optStr('EncryptionContext') ?? '');
      return { CiphertextBlob: toBase64(blob), KeyId: key.keyId };
    },
  },
  Decrypt: {
    params: { CiphertextBlob: BLOB, EncryptionContext: ENCRYPTION_CONTEXT, EncryptionPublicKey: ENCRYPTION_PUBLIC_KEY, EncryptionAlgorithm: ENCRYPTION_ALGORITHM },
    async run({ service, region, args }) {
      const blob = args.bytes('CiphertextBlob');
      const key = blobKey(service, region, blob);
      requireState('Decrypt', key, DECRYPTING);
      const plaintext = await open(key, blob, args.optStr('EncryptionContext') ?? '');
      try {
        return { KeyId: key.keyId, Plaintext: await plaintextFor(plaintext, args) };
      } finally {
        clean(plaintext);
      }
    },
  },
  GenerateDataKey: {
    params: {
      KeyId: KEY_ID,
      KeySpec: { type: 'string', values: ['AES_128', 'AES_256'] },
      NumberOfBytes: { type: 'integer', min: 1, max: 1024 },
      EncryptionContext: ENCRYPTION_CONTEXT,
      EncryptionPublicKey: ENCRYPTION_PUBLIC_KEY,
      EncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      IsHostedByKms: { type: 'integer', min: 0, max: 1 },
      DataKeyName: { type: 'string', max: 256 },
      Description: { type: 'string', max: 100 },
      HsmClusterId: HSM_CLUSTER_ID,
      Tags: TAGS,
    },
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key, args }) {
      requireUsage(key, SYMMETRIC, 'GenerateDataKey');
      requireSharedCluster(args.optStr('HsmClusterId'), false);
      tagsOf(args.json('Tags'));
      // Hosted data keys (IsHostedByKms = 1, the DataKey actions) are not in this mock.
      if (args.optInt('IsHostedByKms') === 1) fail('NotImplemented', 'data keys hosted by KMS (IsHostedByKms = 1) are not implemented by webcrypto-byok\'s mock KMS');
      // GenerateDataKey API page: KeySpec or NumberOfBytes, at least one; NumberOfBytes wins. Neither: code UNCONFIRMED.
      const spec = args.optStr('KeySpec');
      const length = args.optInt('NumberOfBytes') ?? (spec === 'AES_128' ? 16 : spec === 'AES_256' ? 32 : refuse('InvalidParameter', 'give KeySpec (AES_128 or AES_256) or NumberOfBytes (1–1024)'));
      const dataKey = randomBytes(length);
      try {
        const blob = await service.encrypt(key, dataKey, args.optStr('EncryptionContext') ?? '');
        return { KeyId: key.keyId, Plaintext: await plaintextFor(dataKey, args), CiphertextBlob: toBase64(blob), TagCode: 0, TagMsg: '' };
      } finally {
        clean(dataKey);
      }
    },
  },
  ReEncrypt: {
    params: { CiphertextBlob: BLOB, DestinationKeyId: { ...KEY_ID, required: false }, SourceEncryptionContext: ENCRYPTION_CONTEXT, DestinationEncryptionContext: ENCRYPTION_CONTEXT },
    async run({ service, region, args }) {
      const blob = args.bytes('CiphertextBlob');
      const source = blobKey(service, region, blob);
      requireState('ReEncrypt', source, DECRYPTING);
      const plaintext = await open(source, blob, args.optStr('SourceEncryptionContext') ?? '');
      try {
        const destinationId = args.optStr('DestinationKeyId');
        const destination = destinationId ? service.key('tencent', region, destinationId) : source;
        requireState('ReEncrypt', destination, ['Enabled']);
        requireUsage(destination, SYMMETRIC, 'ReEncrypt');
        const context = args.optStr('DestinationEncryptionContext') ?? '';
        // ReEncrypt API page: under the same CMK "as long as the key is not rotated, the ciphertext
        // will not be refreshed". The mock keeps one material per key, so a same-key, same-context
        // call always returns the blob as it was.
        if (destination === source && context === (args.optStr('SourceEncryptionContext') ?? '')) {
          return { CiphertextBlob: toBase64(blob), KeyId: destination.keyId, SourceKeyId: source.keyId, ReEncrypted: false };
        }
        const fresh = await encryptWithMaterial(destination, plaintext, context);
        return { CiphertextBlob: toBase64(fresh), KeyId: destination.keyId, SourceKeyId: source.keyId, ReEncrypted: true };
      } finally {
        clean(plaintext);
      }
    },
  },
  GenerateRandom: {
    // GenerateRandom API page: 1–1024 bytes.
    params: { NumberOfBytes: { type: 'integer', required: true, min: 1, max: 1024 } },
    async run({ args }) {
      return { Plaintext: toBase64(randomBytes(args.int('NumberOfBytes'))) };
    },
  },
};
