// Symmetric cryptography: Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext,
// ReEncrypt. Plaintext is opaque text that Decrypt gives back unchanged (Encrypt reference;
// the official Python sample sends PEM text), so a data key's ciphertext holds the data key
// as its base64 text: Decrypt returns what GenerateDataKey's Plaintext was (S3).
import { clean, toBase64 } from '../../../lib/bytes.js';
import { randomBytes } from '../../../lib/random.js';
import type { EncryptAlgorithm } from '../../asymmetric.js';
import { fail } from '../../kms_error.js';
import type { KeyRecord } from '../../store.js';
import type { ActionCall, ActionTable } from '../../wire/dialect.js';
import { context, ENCRYPTION_CONTEXT, KEY_ID, primaryVersion, requireSymmetric, resolveAliyunKey, stateError, USABLE } from './common.js';
import { atVersion, requireAlgorithm } from './asymmetric.js';

const text = new TextEncoder();

// KeySpec AES_256 (32 bytes) or AES_128 (16); NumberOfBytes 1–1024 wins over it; neither: 32 (GenerateDataKey reference).
const DATA_KEY = { KeySpec: { type: 'string', values: ['AES_256', 'AES_128'] }, NumberOfBytes: { type: 'integer', min: 1, max: 1024 } } as const;

/** A fresh data key and its ciphertext under `key`'s primary version. */
async function dataKey(call: ActionCall): Promise<{ plaintext: string; blob: Uint8Array }> {
  const { service, key, args } = call;
  requireSymmetric(key, 'GenerateDataKey');
  const bytes = randomBytes(args.optInt('NumberOfBytes') ?? (args.optStr('KeySpec') === 'AES_128' ? 16 : 32));
  const plaintext = toBase64(bytes);
  clean(bytes);
  return { plaintext, blob: await service.encrypt(key, text.encode(plaintext), context(args.json('EncryptionContext'))) };
}

/** A key in a state a cryptographic operation allows (S1), named by `param`. */
function usableKey(call: ActionCall, param: string): KeyRecord {
  const key = resolveAliyunKey(call.service, call.region, call.args.str(param));
  if (!USABLE.includes(key.state)) throw stateError('ReEncrypt', key);
  return key;
}

export const SYMMETRIC_ROWS = {
  Encrypt: {
    // Plaintext at most 6 KB (Encrypt reference).
    params: { KeyId: KEY_ID, Plaintext: { type: 'string', required: true, min: 1, max: 6144 }, EncryptionContext: ENCRYPTION_CONTEXT },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireSymmetric(key, 'Encrypt');
      const blob = await service.encrypt(key, text.encode(args.str('Plaintext')), context(args.json('EncryptionContext')));
      return { CiphertextBlob: toBase64(blob), KeyId: key.keyId, KeyVersionId: primaryVersion(key) };
    },
  },
  Decrypt: {
    // The blob names its key (Decrypt reference: no KeyId parameter).
    params: { CiphertextBlob: { type: 'base64', required: true, max: 8192 }, EncryptionContext: ENCRYPTION_CONTEXT },
    async run({ service, region, args }) {
      const { key, plaintext } = await service.decrypt('aliyun', region, args.bytes('CiphertextBlob'), context(args.json('EncryptionContext')), (k) => {
        if (k.state !== 'Enabled') throw stateError('Decrypt', k);
      });
      return { KeyId: key.keyId, KeyVersionId: primaryVersion(key), Plaintext: new TextDecoder().decode(plaintext) };
    },
  },
  GenerateDataKey: {
    params: { KeyId: KEY_ID, ...DATA_KEY, EncryptionContext: ENCRYPTION_CONTEXT },
    key: { param: 'KeyId', states: USABLE },
    async run(call) {
      const { plaintext, blob } = await dataKey(call);
      return { KeyId: call.key.keyId, KeyVersionId: primaryVersion(call.key), Plaintext: plaintext, CiphertextBlob: toBase64(blob) };
    },
  },
  GenerateDataKeyWithoutPlaintext: {
    params: { KeyId: KEY_ID, ...DATA_KEY, EncryptionContext: ENCRYPTION_CONTEXT },
    key: { param: 'KeyId', states: USABLE },
    async run(call) {
      const { blob } = await dataKey(call);
      return { KeyId: call.key.keyId, KeyVersionId: primaryVersion(call.key), CiphertextBlob: toBase64(blob) };
    },
  },
  ReEncrypt: {
    // Newer than SDK 1.2.0; parameters from the ReEncrypt reference (S5, alibabacloud.com "ReEncrypt").
    params: {
      CiphertextBlob: { type: 'base64', required: true, max: 8192 },
      DestinationKeyId: KEY_ID,
      DestinationEncryptionContext: ENCRYPTION_CONTEXT,
      SourceEncryptionContext: ENCRYPTION_CONTEXT,
      // Only for a ciphertext of a public key: then SourceKeyId and SourceKeyVersionId are required too.
      SourceEncryptionAlgorithm: { type: 'string', values: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'SM2PKE'] },
      SourceKeyId: { type: 'string', min: 1, max: 512 },
      SourceKeyVersionId: { type: 'string', min: 1, max: 128 },
    },
    async run(call) {
      const { service, region, args } = call;
      // The destination is looked up before any decryption: nothing is opened for a key that cannot take it.
      const destination = usableKey(call, 'DestinationKeyId');
      requireSymmetric(destination, 'ReEncrypt');
      let source: KeyRecord;
      let plaintext: Uint8Array;
      const algorithm = args.optStr('SourceEncryptionAlgorithm');
      if (algorithm) {
        for (const p of ['SourceKeyId', 'SourceKeyVersionId']) if (!args.has(p)) fail('MissingParameter', `${p} is required with SourceEncryptionAlgorithm`);
        source = usableKey(call, 'SourceKeyId');
        const at = atVersion(source, args.str('SourceKeyVersionId'));
        requireAlgorithm(source, 'ENCRYPT/DECRYPT', algorithm);
        // A public-key ciphertext holds a data key: it becomes one like GenerateDataKey's (base64 text).
        const raw = await service.asymmetricDecrypt(at, algorithm as EncryptAlgorithm, args.bytes('CiphertextBlob'));
        plaintext = text.encode(toBase64(raw));
        clean(raw);
      } else {
        // The blob names its key; SourceKeyId is for public-key ciphertexts only (S5), and is not consulted here.
        ({ key: source, plaintext } = await service.decrypt('aliyun', region, args.bytes('CiphertextBlob'), context(args.json('SourceEncryptionContext')), (k) => {
          if (k.state !== 'Enabled') throw stateError('ReEncrypt', k);
        }));
      }
      const blob = await service.encrypt(destination, plaintext, context(args.json('DestinationEncryptionContext')));
      clean(plaintext);
      // KeyId and KeyVersionId: "the key (version) used to decrypt the original ciphertext" (ReEncrypt reference, S5).
      const sourceVersion = algorithm ? args.str('SourceKeyVersionId') : primaryVersion(source);
      return { CiphertextBlob: toBase64(blob), KeyId: source.keyId, KeyVersionId: sourceVersion };
    },
  },
} satisfies ActionTable;
