// The rules of SPEC §3, one function each, named after the rule. The service (kms.ts)
// calls them; nothing else decides whether an import-related operation is allowed.
// Per-action state rules live in each dialect's action table (`states`).
import { isTargetKeySpec } from '../target_key/specs.js';
import { fail, type KeyState } from './kms_error.js';
import { table } from './tables.js';
import type { ImportParameters, KeyMaterialRecord, KeyRecord, MaterialSpec } from './store.js';

// Seeds 000 and 001: the token and its public key are valid 24 hours, reusable within that time.
export const TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
export const DELETION_WINDOW_DAYS = { min: 7, max: 30 };
const DAY_MS = 24 * 3600 * 1000;

/** Expiry and deletion have the same effect: the key goes back to PendingImport (seeds 000, 001). Applied lazily on every access. */
export function applyMaterialExpiry(key: KeyRecord, now: number): boolean {
  if (key.materials) {
    // AWS: each material expires on its own ValidTo ("Delete imported key material").
    const due = key.materials.filter((m) => m.bytes && m.expiresAt > 0 && now >= m.expiresAt);
    for (const m of due) removeKeyMaterial(key, m);
    return due.length > 0;
  }
  if (key.bytes && key.materialExpiresAt > 0 && now >= key.materialExpiresAt) {
    removeMaterial(key);
    return true;
  }
  return false;
}

export function removeMaterial(key: KeyRecord): void {
  if (key.materials) {
    const current = key.materials.find((m) => m.state === 'CURRENT');
    if (current) removeKeyMaterial(key, current);
    return;
  }
  key.bytes?.fill(0);
  delete key.bytes;
  key.materialExpiresAt = 0;
  awaitImport(key);
}

/** A key pending deletion stays so (Alibaba "DeleteKeyMaterial", AWS "DeleteImportedKeyMaterial"); cancelling it leaves it awaiting import. */
function awaitImport(key: KeyRecord): void {
  if (key.state === 'PendingDeletion') key.stateBeforeDeletion = 'PendingImport';
  else key.state = 'PendingImport';
}

/**
 * AWS, one material of a symmetric key deleted or expired ("Delete imported key material"):
 * material PENDING_ROTATION is not permanently associated — it goes, the key state stays;
 * any permanently associated material → the key is PendingImport until it is reimported.
 */
export function removeKeyMaterial(key: KeyRecord, material: KeyMaterialRecord): void {
  material.bytes?.fill(0);
  delete material.bytes;
  material.expiresAt = 0;
  if (material.state === 'PENDING_ROTATION') {
    key.materials = key.materials!.filter((m) => m !== material);
    return;
  }
  if (material.state === 'CURRENT') {
    delete key.bytes;
    key.materialExpiresAt = 0;
  }
  awaitImport(key);
}

/** AWS: a symmetric key is usable only when every permanently associated material is imported. */
export function allMaterialsImported(key: KeyRecord): boolean {
  return key.materials ? key.materials.every((m) => m.state === 'PENDING_ROTATION' || m.bytes !== undefined) && key.materials.some((m) => m.state === 'CURRENT') : key.bytes !== undefined;
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
const LENGTHS: Readonly<Record<string, readonly number[] | { min: number; max: number }>> = table({
  AES_256: [32],
  AES_128: [16],
  SM4: [16],
  AES_ANY: [16, 32],
  HMAC_224: { min: 28, max: 64 },
  HMAC_256: { min: 32, max: 64 },
  HMAC_384: { min: 48, max: 128 },
  HMAC_512: { min: 64, max: 128 },
});

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
    // AWS: the material unwrapped but is not what the key takes (IncorrectKeyMaterialException).
    fail('DecryptMaterialFailed', `key material must be ${text} for ${key.keySpec}; got ${material.length} bytes`, undefined, key.cloud === 'aws' ? 'IncorrectKeyMaterialException' : undefined);
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

// ---- AWS: several materials per symmetric key (SPEC §5; AWS "Importing new key material") ----

export type ImportType = 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
/** RotateKeyOnDemand: "You can perform on-demand rotation a maximum of 25 times per KMS key." */
export const ON_DEMAND_ROTATION_LIMIT = 25;

/**
 * What an import of material `id` into an AWS symmetric key does (ImportKeyMaterial,
 * ImportType): the material it refreshes, or 'new' (the first import becomes CURRENT,
 * later ones PENDING_ROTATION). ImportType defaults to NEW_KEY_MATERIAL for the first
 * import and to EXISTING_KEY_MATERIAL after it.
 */
export function planMaterialImport(key: KeyRecord, id: string, importType: ImportType | undefined, keyMaterialId: string | undefined): KeyMaterialRecord | 'new' {
  const materials = key.materials ?? [];
  const type = importType ?? (materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
  const known = materials.find((m) => m.id === id);
  if (type === 'NEW_KEY_MATERIAL') {
    // "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL."
    if (keyMaterialId !== undefined) fail('InvalidParameter', 'KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL');
    if (known) fail('MaterialMismatch', `the key material (id: ${id}) is already associated with key ${key.keyId}: import it with ImportType EXISTING_KEY_MATERIAL`);
    const pending = materials.find((m) => m.state === 'PENDING_ROTATION');
    if (pending) fail('InvalidState', `New key material (id: ${id}) cannot be imported into KMS key ${key.keyId}, because another key material (id: ${pending.id}) is pending rotation.`);
    return 'new';
  }
  // EXISTING_KEY_MATERIAL: only material already associated with the key, and the id given must be its id.
  if (keyMaterialId !== undefined && keyMaterialId !== id) fail('MaterialMismatch', `the key material does not match KeyMaterialId ${keyMaterialId}`);
  if (!known) fail('MaterialMismatch', 'this key is bound to different key material: re-import the same material that was imported before, or import new material with ImportType NEW_KEY_MATERIAL');
  return known;
}

export function requireRotationQuota(key: KeyRecord, arn: string): void {
  if ((key.rotations ?? 0) >= ON_DEMAND_ROTATION_LIMIT) fail('LimitExceeded', `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arn}`);
}

/** RotateKeyOnDemand on an imported key: the material PENDING_ROTATION becomes CURRENT. */
export function requirePendingRotation(key: KeyRecord, arn: string): KeyMaterialRecord {
  requireRotationQuota(key, arn);
  const pending = key.materials?.find((m) => m.state === 'PENDING_ROTATION');
  if (!pending) return fail('InvalidState', `No available key material pending rotation for the key: ${arn}.`);
  return pending;
}

/**
 * AWS ExpirationModel and ValidTo (ImportKeyMaterial): KEY_MATERIAL_EXPIRES (the default)
 * needs a ValidTo in the future, at most 365 days ahead; KEY_MATERIAL_DOES_NOT_EXPIRE
 * takes none. Returns ms (0 = never).
 */
export function requireAwsExpiry(model: string | undefined, validToMs: number | undefined, now: number): number {
  if ((model ?? 'KEY_MATERIAL_EXPIRES') === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (validToMs !== undefined) fail('InvalidParameter', 'ValidTo must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    return 0;
  }
  if (validToMs === undefined) return fail('InvalidParameter', 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  if (validToMs <= now) fail('InvalidParameter', 'ValidTo must be a time in the future');
  if (validToMs > now + 365 * DAY_MS) fail('InvalidParameter', 'ValidTo must be at most 365 days from the request date');
  return validToMs;
}
