// webcrypto-byok: wrap your own key material for cloud KMS import, in the browser.
export { ByokError, type ByokErrorCode } from './errors.js';
export {
  wrapKeyMaterial,
  WRAPPING_ALGORITHMS,
  type WrappingAlgorithm,
  type RsaAesAlgorithm,
  type WrapKeyMaterialOptions,
  type WrappedKeyMaterial,
} from './wrap/wrap_key_material.js';
export { createAzureByok, type AzureByok, type AzureByokOptions } from './wrap/azure_byok.js';
export { generateKeyMaterial } from './wrap/key_material.js';
export { INPUT_LIMITS } from './lib/limits.js';
export type { BytesInput } from './lib/bytes.js';
export { toPkcs8, type Pkcs8Key, type ToPkcs8Options } from './target_key/to_pkcs8.js';
export { generateTargetKey, type TargetKeyPair } from './target_key/generate_target_key.js';
export { TARGET_KEY_SPECS, type TargetKeySpec } from './target_key/specs.js';
export {
  createKmsClient,
  type KmsClient,
  type KmsClientFor,
  type KmsClientOptions,
  type KmsMethods,
  type KmsAction,
  type KmsRequest,
  type KmsReply,
  type Cloud,
  type CallOptions,
} from './client/kms_client.js';

export { importKeyMaterial, type ImportKeyMaterialOptions, type ImportStep, type RetryDetail } from './client/import_flow.js';
