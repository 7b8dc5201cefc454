// The .byok envelope behind createAzureByok (azure_byok.ts): its checks, CKM_RSA_AES_KEY_WRAP
// (the RSA_AES_KEY_WRAP_SHA_1 bytes) and the JSON of Azure's BYOK specification. Loaded on demand.
import { ByokError, show } from '../errors.js';
import { isBytesInput, toBase64Url } from '../lib/bytes.js';
import type { AzureByok, AzureByokOptions } from './azure_byok.js';
import { wrapRsaAes } from './rsa_aes_key_wrap.js';

const ENC = 'CKM_RSA_AES_KEY_WRAP';
const GENERATOR = 'webcrypto-byok; CKM_RSA_AES_KEY_WRAP in WebCrypto (RSA-OAEP) and @noble/ciphers (AES-KWP), no HSM';
const CRV = { EC_P256: 'P-256', EC_P256K: 'P-256K', EC_P384: 'P-384', EC_P521: 'P-521' } as const;
// Managed HSM imports oct-HSM keys of 128, 192 or 256 bits.
const AES_KEY_LENGTHS = [16, 24, 32] as const;
const KID_MAX = 2048;
// A key identifier: https://{vault or HSM host}/keys/{name}/{version}; names are 1–127
// letters, digits and dashes (Azure Key Vault "Object identifiers", "Key Vault names").
const KID = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/keys\/[A-Za-z0-9-]{1,127}\/[A-Za-z0-9]{1,64}$/;

export async function azureByokBlob(options: AzureByokOptions): Promise<AzureByok> {
  if (typeof options !== 'object' || options === null) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'createAzureByok expects an options object');
  }
  const { kid, publicKey, keyMaterial, targetKeySpec, enc = ENC } = options;
  if (typeof kid !== 'string' || kid.length > KID_MAX || !KID.test(kid)) {
    throw new ByokError(
      'ERR_INVALID_ARGUMENT',
      `kid must be the key exchange key's identifier as Azure prints it (https://<vault>.vault.azure.net/keys/<name>/<version>, or a Managed HSM's), at most ${KID_MAX} characters; got ${show(kid)}`,
    );
  }
  if (enc !== ENC) {
    throw new ByokError(
      'ERR_INVALID_ARGUMENT',
      `unknown enc ${show(enc)}: Azure imports key transfer blobs with ${ENC} only (RSA_AES_KEY_WRAP_256/_384 name key release, not import)`,
    );
  }
  if (typeof publicKey !== 'string' && !isBytesInput(publicKey)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'publicKey must be a string (PEM or base64 DER) or bytes (DER)');
  }
  // CKM_RSA_AES_KEY_WRAP with OAEP SHA-1 (and MGF1-SHA-1): the AWS RSA_AES_KEY_WRAP_SHA_1 bytes.
  const { bytes, target } = await wrapRsaAes(publicKey, 'RSA_AES_KEY_WRAP_SHA_1', keyMaterial, targetKeySpec, { name: `createAzureByok (${ENC})`, rawLengths: AES_KEY_LENGTHS });
  const byok = JSON.stringify({
    schema_version: '1.0.0',
    header: { kid, alg: 'dir', enc: ENC },
    ciphertext: toBase64Url(bytes),
    generator: GENERATOR,
  });
  const keyHsm = toBase64Url(new TextEncoder().encode(byok));
  if (target.kind === 'raw') return { byok, keyHsm, kty: 'oct-HSM' };
  if (target.spec.startsWith('RSA_')) return { byok, keyHsm, kty: 'RSA-HSM' };
  return { byok, keyHsm, kty: 'EC-HSM', crv: CRV[target.spec as keyof typeof CRV] };
}
