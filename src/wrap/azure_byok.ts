// createAzureByok: the key transfer blob (.byok) of Azure Key Vault / Managed HSM BYOK
// (SPEC §5, Azure's "Bring your own key specification"): CKM_RSA_AES_KEY_WRAP, i.e.
// RSA-OAEP-SHA-1(ESK) ‖ AES-KWP_ESK(target), in a small JSON envelope.
import { release, snapshot, type BytesInput } from '../lib/bytes.js';
import type { TargetKeySpec } from '../target_key/specs.js';

/** Options of {@link createAzureByok}. */
export interface AzureByokOptions {
  /** The key identifier of the KEK (`https://<vault>.vault.azure.net/keys/<name>/<version>`), as `az keyvault key create` prints it. */
  kid: string;
  /** The KEK's public key (RSA 2048/3072/4096): PEM (`az keyvault key download`), base64 DER or DER bytes. */
  publicKey: string | BytesInput;
  /**
   * The target: an RSA or EC private key (PKCS#8, PKCS#1 or SEC1; PEM, or DER with
   * `targetKeySpec`), wrapped as PKCS#8; or the raw bytes of an AES key (16, 24 or 32 bytes:
   * Managed HSM only), or them as base64/hex text.
   */
  keyMaterial: BytesInput | string;
  /** The target private key's spec; it must match the key. Required for a DER private key. */
  targetKeySpec?: TargetKeySpec;
  /** The transfer algorithm: Azure documents `CKM_RSA_AES_KEY_WRAP` (the default) and no other for import. */
  enc?: 'CKM_RSA_AES_KEY_WRAP';
}

/** The result of {@link createAzureByok}: the .byok file and the fields of the import request. */
export interface AzureByok {
  /** The JSON text of the .byok file: `schema_version`, `header` {kid, alg "dir", enc}, `ciphertext` (base64url), `generator`. */
  byok: string;
  /** base64url (no padding) of `byok`: the `key_hsm` of the import request's key. */
  keyHsm: string;
  /** The `kty` of the import request. */
  kty: 'RSA-HSM' | 'EC-HSM' | 'oct-HSM';
  /** The `crv` of the import request, for EC targets. */
  crv?: 'P-256' | 'P-256K' | 'P-384' | 'P-521';
}

/**
 * The Azure Key Vault / Managed HSM key transfer blob (.byok) for a key exchange key (KEK,
 * an RSA-HSM key with `key_ops: ["import"]`): the target wrapped with CKM_RSA_AES_KEY_WRAP —
 * a fresh 32-byte AES key under RSA-OAEP with SHA-1, then the target under AES key wrap
 * with padding (RFC 5649) — in the JSON envelope Azure reads.
 *
 * @example
 * // az keyvault key create --kty RSA-HSM --size 4096 --name KEK --ops import → kid; az keyvault key download → kek.pem
 * const { byok, keyHsm, kty, crv } = await createAzureByok({ kid, publicKey: kekPem, keyMaterial: privateKeyPem });
 * // Save `byok` as key.byok for `az keyvault key import --byok-file key.byok`, or send
 * // PUT {vault}/keys/{name}?api-version=7.4 with { key: { kty, crv, key_hsm: keyHsm } }.
 */
export async function createAzureByok(options: AzureByokOptions): Promise<AzureByok> {
  // The envelope, its checks and the key wrap are a chunk of their own, fetched on first use.
  azureByokBlob ??= import('./azure_byok_blob.js');
  if (typeof options !== 'object' || options === null) return (await azureByokBlob).azureByokBlob(options);
  // The bytes as they are now, before the chunk loads (issue 11.1): later writes are never wrapped.
  const { publicKey, keyMaterial } = options;
  const wrappingKey = snapshot(publicKey);
  const material = snapshot(keyMaterial);
  try {
    return await (await azureByokBlob).azureByokBlob({ ...options, publicKey: wrappingKey as BytesInput | string, keyMaterial: material as BytesInput | string });
  } finally {
    release(material, keyMaterial);
    release(wrappingKey, publicKey);
  }
}
let azureByokBlob: Promise<typeof import('./azure_byok_blob.js')> | undefined;
