// The rules of SPEC §3, one function each, named after the rule. The service (kms.ts)
// calls them; nothing else decides whether an import-related operation is allowed.
// Per-action state rules live in each dialect's action table (`states`).
import { isTargetKeySpec } from '../target_key/specs.js';
import { fail, type KeyState } from './kms_error.js';
import type { ImportParameters, KeyRecord, MaterialSpec } from './store.js';

// Seeds 000 and 001: the token and its public key are valid 24 hours, reusable within that time.
export const TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
export const DELETION_WINDOW_DAYS = { min: 7, max: 30 };
const DAY_MS = 24 * 3600 * 1000;

/** Expiry and deletion have the same effect: the key goes back to PendingImport (seeds 000, 001). Applied lazily on every access. */
export function applyMaterialExpiry(key: KeyRecord, now: number): boolean {
  if (key.bytes && key.materialExpiresAt > 0 && now >= key.materialExpiresAt) {
    removeMaterial(key);
    return true;
  }
  return false;
}

export function removeMaterial(key: KeyRecord): void {
  key.bytes?.fill(0);
  delete key.bytes;
  key.materialExpiresAt = 0;
  // A key pending deletion stays so (Alibaba "DeleteKeyMaterial"; AWS "DeleteImportedKeyMaterial"); cancelling it leaves it awaiting import.
  if (key.state === 'PendingDeletion') key.stateBeforeDeletion = 'PendingImport';
  else key.state = 'PendingImport';
}

/** After the waiting period the key is gone. */
export function deletionDue(key: KeyRecord, now: number): boolean {
  return key.state === 'PendingDeletion' && key.deletionDate !== undefined && now >= key.deletionDate;
}

/** Only EXTERNAL-origin keys accept any import call (seeds 000, 001; AWS "ImportKeyMaterial"). */
export function requireExternalOrigin(key: KeyRecord): void {
  if (key.origin !== 'EXTERNAL') fail('NotExternal', `key ${key.keyId} was not created with external (EXTERNAL) origin`);
}

/**
 * Tencent imports only in Enabled and PendingImport (seed 000); Alibaba ("Impact of key states
 * on API operations") and AWS ("Key states of AWS KMS keys") in every state but PendingDeletion.
 */
export function requireImportState(key: KeyRecord): void {
  const allowed: KeyState[] = key.cloud === 'tencent' ? ['Enabled', 'PendingImport'] : ['Enabled', 'Disabled', 'PendingImport'];
  if (!allowed.includes(key.state)) fail('InvalidState', `key ${key.keyId} is ${key.state}: material cannot be imported now`, key.state);
}

/** A token imports only into the key it was issued for (seed 001), within 24 hours; on Tencent only the newest pair is valid (seed 000). */
export function requireUsableToken(params: ImportParameters | undefined, key: KeyRecord, now: number): ImportParameters {
  if (!params || params.keyId !== key.keyId) fail('TokenInvalid', 'the import token was not issued for this key');
  if (now >= params.expiresAt) fail('TokenExpired', 'the import token and its public key have expired (24 hours): call GetParametersForImport again');
  if (key.cloud === 'tencent' && key.newestToken !== params.token) {
    fail('TokenExpired', 'a newer GetParametersForImport call replaced this import token and public key');
  }
  return params;
}

/**
 * Bytes of symmetric or HMAC material each material spec takes: 256 bits in FIPS editions,
 * 128 in SM editions (seed 002; seed 001 for Aliyun_AES_256); AWS HMAC ranges from its
 * "Importing key material" guide.
 */
const LENGTHS: Record<string, readonly number[] | { min: number; max: number }> = {
  AES_256: [32],
  AES_128: [16],
  SM4: [16],
  AES_ANY: [16, 32],
  HMAC_224: { min: 28, max: 64 },
  HMAC_256: { min: 32, max: 64 },
  HMAC_384: { min: 48, max: 128 },
  HMAC_512: { min: 64, max: 128 },
};

export function isAsymmetric(material: MaterialSpec): boolean {
  return isTargetKeySpec(material);
}

/** Material length must fit the key spec (seeds 001, 002). */
export function requireMaterialLength(key: KeyRecord, material: Uint8Array): void {
  const want = LENGTHS[key.material];
  if (!want) return;
  const ok = Array.isArray(want) ? (want as readonly number[]).includes(material.length) : material.length >= (want as { min: number }).min && material.length <= (want as { max: number }).max;
  if (!ok) {
    const text = Array.isArray(want) ? (want as readonly number[]).map((n) => `${n * 8}`).join(' or ') + ' bits' : `${(want as { min: number }).min}–${(want as { max: number }).max} bytes`;
    fail('DecryptMaterialFailed', `key material must be ${text} for ${key.keySpec}; got ${material.length} bytes`);
  }
}

/** The size new material of this spec gets when the KMS makes it (origin KMS). */
export function generatedLength(material: MaterialSpec): number {
  const want = LENGTHS[material];
  if (!want) return 32;
  return Array.isArray(want) ? Math.max(...(want as readonly number[])) : (want as { min: number }).min;
}

/** The first import binds the material forever; later imports must be byte-identical (seeds 000, 001; AWS "Reimport key material"). */
export function requireBoundMaterial(key: KeyRecord, digest: string): void {
  if (key.boundDigest !== undefined && key.boundDigest !== digest) {
    fail('MaterialMismatch', 'this key is bound to different key material: re-import the same material that was imported first');
  }
}

/**
 * 0 or absent = never; an expiry in the past is rejected; so is one beyond `max`
 * (Tencent 2147443200, SPEC §5) — the key is left as it was. Returns ms (0 = never).
 */
export function requireFutureExpiry(seconds: number | undefined, now: number, max = 2_147_483_647, code?: string): number {
  if (seconds === undefined || seconds === 0) return 0;
  if (!Number.isSafeInteger(seconds) || seconds < 0) fail('InvalidParameter', 'the expiry must be a whole number of unix seconds', undefined, code);
  if (seconds > max) fail('InvalidParameter', `the expiry must be at most ${max} (unix seconds)`, undefined, code);
  if (seconds * 1000 <= now) fail('InvalidParameter', 'the key material expiry is in the past', undefined, code);
  return seconds * 1000;
}

export function deletionDateFor(days: number, now: number): number {
  return now + days * DAY_MS;
}

/** Every use of the key (Encrypt, Sign, ...) needs it Enabled and holding material. */
export function requireUsable(key: KeyRecord): void {
  if (key.state !== 'Enabled' || !key.bytes) fail('InvalidState', `key ${key.keyId} is ${key.state}: it cannot be used`, key.state);
}
