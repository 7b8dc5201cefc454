// The rules of SPEC §3, one function each, named after the rule. The service (kms.ts)
// calls them; nothing else decides whether an operation is allowed.
import { fail, type KeyState } from './kms_error.js';
import type { ImportParameters, KeyRecord } from './store.js';

export const TOKEN_LIFETIME_MS = 24 * 3600 * 1000; // "valid 24 hours, reusable within that time"
export const DELETION_WINDOW_DAYS = { min: 7, max: 30 };
const DAY_MS = 24 * 3600 * 1000;

/** Expiry and deletion have the same effect: the key goes back to PendingImport. Applied lazily on every access. */
export function applyMaterialExpiry(key: KeyRecord, now: number): void {
  if (key.material && key.materialExpiresAt > 0 && now >= key.materialExpiresAt) removeMaterial(key);
}

export function removeMaterial(key: KeyRecord): void {
  key.material = undefined;
  key.materialExpiresAt = 0;
  if (key.state === 'PendingDeletion') key.stateBeforeDeletion = 'PendingImport';
  else key.state = 'PendingImport';
}

/** After the waiting period the key is gone. */
export function deletionDue(key: KeyRecord, now: number): boolean {
  return key.state === 'PendingDeletion' && key.deletionDate !== undefined && now >= key.deletionDate;
}

/** Only EXTERNAL-origin keys accept any import call. */
export function requireExternalOrigin(key: KeyRecord): void {
  if (key.origin !== 'EXTERNAL') fail('NotExternal', `key ${key.keyId} was not created with external (EXTERNAL) origin`);
}

/** Tencent imports only in Enabled and PendingImport; Alibaba in every state but PendingDeletion. */
export function requireImportState(key: KeyRecord): void {
  const allowed: KeyState[] = key.cloud === 'tencent' ? ['Enabled', 'PendingImport'] : ['Enabled', 'Disabled', 'PendingImport'];
  if (!allowed.includes(key.state)) fail('InvalidState', `key ${key.keyId} is ${key.state}: material cannot be imported now`, key.state);
}

/** Material deletion: same states as import. */
export const requireMaterialDeletionState = requireImportState;

/** A token imports only into the key it was issued for, within 24 hours; on Tencent only the newest pair is valid. */
export function requireUsableToken(params: ImportParameters | undefined, key: KeyRecord, now: number): ImportParameters {
  if (!params || params.keyId !== key.keyId) fail('TokenInvalid', 'the import token was not issued for this key');
  if (now >= params.expiresAt) fail('TokenExpired', 'the import token and its public key have expired (24 hours): call GetParametersForImport again');
  if (key.cloud === 'tencent' && key.newestToken !== params.token) {
    fail('TokenExpired', 'a newer GetParametersForImport call replaced this import token and public key');
  }
  return params;
}

/** Material length must fit the key spec (256 or 128 bits for symmetric keys). */
export function requireSymmetricLength(key: KeyRecord, material: Uint8Array): void {
  const expected = key.keySpec === 'Aliyun_SM4' ? [16] : key.keySpec === 'Aliyun_AES_256' ? [32] : [16, 32];
  if (!expected.includes(material.length)) {
    fail('DecryptMaterialFailed', `key material must be ${expected.map((n) => n * 8).join(' or ')} bits for ${key.keySpec}; got ${material.length * 8}`);
  }
}

/** The first import binds the material forever; later imports must be byte-identical. */
export function requireBoundMaterial(key: KeyRecord, digest: string): void {
  if (key.boundDigest !== undefined && key.boundDigest !== digest) {
    fail('MaterialMismatch', 'this key is bound to different key material: re-import the same material that was imported first');
  }
}

/** 0 or absent = never; an expiry in the past is rejected. Returns ms since epoch (0 = never). */
export function requireFutureExpiry(seconds: number | undefined, now: number): number {
  if (seconds === undefined || seconds === 0) return 0;
  if (!Number.isInteger(seconds) || seconds < 0) fail('InvalidParameter', 'the expiry must be a whole number of unix seconds');
  if (seconds * 1000 <= now) fail('InvalidParameter', 'the key material expiry is in the past');
  return seconds * 1000;
}

/** ScheduleKeyDeletion: 7–30 days; Tencent requires the key to be disabled first (or awaiting import). */
export function requireDeletionSchedulable(key: KeyRecord, days: number): void {
  if (!Number.isInteger(days) || days < DELETION_WINDOW_DAYS.min || days > DELETION_WINDOW_DAYS.max) {
    fail('InvalidParameter', `PendingWindowInDays must be ${DELETION_WINDOW_DAYS.min}–${DELETION_WINDOW_DAYS.max}`);
  }
  if (key.state === 'PendingDeletion') fail('InvalidState', `key ${key.keyId} is already pending deletion`, key.state);
  if (key.cloud === 'tencent' && key.state === 'Enabled') fail('InvalidState', 'disable the key before scheduling its deletion', key.state);
}

export function deletionDateFor(days: number, now: number): number {
  return now + days * DAY_MS;
}

export function requireDeletionCancellable(key: KeyRecord): void {
  if (key.state !== 'PendingDeletion') fail('InvalidState', `key ${key.keyId} is not pending deletion`, key.state);
}

/** Enable/Disable state matrix: Enabled ⇄ Disabled; a key awaiting import or deletion cannot change. */
export function requireEnableDisable(key: KeyRecord): void {
  if (key.state === 'PendingImport' || key.state === 'PendingDeletion') {
    fail('InvalidState', `key ${key.keyId} is ${key.state}: it can be neither enabled nor disabled`, key.state);
  }
}

/** Encrypt/Decrypt (and every use of the key) are refused in PendingImport, Disabled and pending deletion. */
export function requireUsable(key: KeyRecord): void {
  if (key.state !== 'Enabled' || !key.material) fail('InvalidState', `key ${key.keyId} is ${key.state}: it cannot be used`, key.state);
}

