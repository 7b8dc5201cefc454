// Tencent KMS 2019-01-18, BYOK (seed 000, SPEC §1 and §3): parameters for import, the
// import itself, and deleting the imported material. Every import decision is the
// service's (rules.ts); these rows add Tencent's order of checks and its codes.
import { toBase64 } from '../../../lib/bytes.js';
import { fail } from '../../kms_error.js';
import { requireExternalOrigin, requireImportState } from '../../rules.js';
import type { ActionTable } from '../../wire/dialect.js';
import { KEY_ID, requireUnbound, sec } from './common.js';

/** ImportKeyMaterial's ValidTo: 0 or absent = never; a past time is refused with the key unchanged (SPEC §5). */
function expiry(validTo: number | undefined, now: number): number {
  if (!validTo) return 0;
  if (validTo * 1000 <= now) fail('InvalidParameter', 'ValidTo is in the past: give a future unix time, or 0 for material that never expires');
  return validTo * 1000;
}

export const IMPORT_ACTIONS: ActionTable = {
  GetParametersForImport: {
    params: {
      KeyId: KEY_ID,
      // Seed 000: RSAES_PKCS1_V1_5, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256 with an RSA_2048 wrapping key.
      WrappingAlgorithm: { type: 'string', required: true, values: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
      WrappingKeySpec: { type: 'string', required: true, values: ['RSA_2048'] },
    },
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      // Origin first, then state (SPEC §3): imports only in Enabled and PendingImport.
      requireExternalOrigin(key);
      requireImportState(key);
      const p = await service.getParametersForImport(key, args.str('WrappingAlgorithm'), 'RSA_2048');
      return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), ParametersValidTo: sec(p.expiresAt) };
    },
  },
  ImportKeyMaterial: {
    params: {
      EncryptedKeyMaterial: { type: 'base64', required: true, max: 8192 },
      ImportToken: { type: 'string', required: true, max: 4096 },
      KeyId: KEY_ID,
      // SPEC §5: 0 = never, else a future unix time ≤ 2147443200.
      ValidTo: { type: 'integer', min: 0, max: 2147443200 },
    },
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      const expiresAt = expiry(args.optInt('ValidTo'), service.now());
      await service.importKeyMaterial(key, args.bytes('EncryptedKeyMaterial'), args.str('ImportToken'), expiresAt);
      return {};
    },
  },
  DeleteImportedKeyMaterial: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId' },
    async run({ service, key }) {
      requireExternalOrigin(key);
      requireImportState(key);
      requireUnbound(key, 'DeleteImportedKeyMaterial');
      await service.deleteKeyMaterial(key);
      return {};
    },
  },
};
