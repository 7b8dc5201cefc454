// BYOK: GetParametersForImport, ImportKeyMaterial, DeleteKeyMaterial (seed 001: symmetric
// material; seed 004: asymmetric TAKs). Every rule of SPEC §3 is the service's (rules.ts);
// this file declares the parameters and which wrapping algorithm fits which key.
import { toBase64 } from '../../../lib/bytes.js';
import { fail } from '../../kms_error.js';
import type { ActionTable } from '../../wire/dialect.js';
import { ALL, isoSeconds, isSymmetric, KEY_ID } from './common.js';

export const IMPORT_ROWS = {
  GetParametersForImport: {
    params: {
      KeyId: KEY_ID,
      WrappingAlgorithm: { type: 'string', required: true, values: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'SM2PKE_SM4_ECB'] },
      WrappingKeySpec: { type: 'string', required: true, values: ['RSA_2048', 'EC_SM2'] },
    },
    // "External key" sub-table of S1: allowed in every state; the origin is checked by the service.
    key: { param: 'KeyId', states: ALL },
    async run({ service, key, args }) {
      const algorithm = args.str('WrappingAlgorithm');
      const wrappingKeySpec = args.str('WrappingKeySpec') as 'RSA_2048' | 'EC_SM2';
      // Seed 001 / 004: symmetric keys take the four plain algorithms, private keys the two hybrids.
      const allowed = !isSymmetric(key) ? (key.material === 'EC_SM2' ? ['SM2PKE_SM4_ECB'] : ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD']) : ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'];
      if (!allowed.includes(algorithm)) fail('InvalidParameter', `WrappingAlgorithm ${algorithm} does not import into a ${key.keySpec} key; use ${allowed.join(' or ')}`);
      const spec = algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048';
      if (wrappingKeySpec !== spec) fail('InvalidParameter', `WrappingKeySpec must be ${spec} for ${algorithm}`);
      const p = await service.getParametersForImport(key, algorithm, wrappingKeySpec);
      return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), TokenExpireTime: isoSeconds(p.expiresAt) };
    },
  },
  ImportKeyMaterial: {
    params: {
      KeyId: KEY_ID,
      EncryptedKeyMaterial: { type: 'base64', required: true, max: 8192 },
      ImportToken: { type: 'string', required: true, max: 4096 },
      // Unix seconds; 0 or absent = never. A time beyond 2^31 − 1 is refused, the key unchanged (issue 11.13).
      KeyMaterialExpireUnix: { type: 'integer', min: 0, max: 2147483647 },
    },
    // No `states`: the service checks the origin first, then the state (all but PendingDeletion: S1
    // "external key" sub-table, StateModifiedFailed).
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      const seconds = args.optInt('KeyMaterialExpireUnix');
      if (seconds && seconds * 1000 <= service.now()) fail('InvalidParameter', 'KeyMaterialExpireUnix is in the past: give a future unix time, or 0 for material that never expires');
      await service.importKeyMaterial(key, args.bytes('EncryptedKeyMaterial'), args.str('ImportToken'), seconds ? seconds * 1000 : 0);
      return {};
    },
  },
  DeleteKeyMaterial: {
    params: { KeyId: KEY_ID },
    // S1: allowed in every state; a key pending deletion stays so (rules.removeMaterial).
    key: { param: 'KeyId', states: ALL },
    async run({ service, key }) {
      await service.deleteKeyMaterial(key);
      return {};
    },
  },
} satisfies ActionTable;
