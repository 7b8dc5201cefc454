// What every Alibaba row shares: the error codes and HTTP statuses of KMS 2016-01-20, the
// key-state refusals of "Impact of key states on API operations", key references (ids,
// `alias/…` names, ARNs of the request's region), KeyMetadata, and the parameters many
// actions declare alike. Sources are named by the research inventory's labels (S1–S8,
// docs/rules/aliyun.md lists them) or by the Alibaba doc's title.
import { fail, KmsError, type KeyState, type KmsErrorKind } from '../../kms_error.js';
import type { MockKmsService } from '../../kms.js';
import type { KeyRecord } from '../../store.js';
import type { ActionCall } from '../../wire/dialect.js';
import { table } from '../../tables.js';
import { versionCreatedAt, rotationOf } from './extras.js';

export const ALIYUN_VERSION = '2016-01-20';
export const ALIYUN_DEFAULT_REGION = 'cn-hangzhou';
/** The account every key of the mock belongs to (ARNs, Creator). */
export const ACCOUNT = '1234567890123456';

// "Common error codes" (S2) and the POP gateway's client errors (S7). `code` on a KmsError wins.
export const CODES: Record<KmsErrorKind, [string, number]> = {
  MissingParameter: ['MissingParameter', 400],
  MalformedParameter: ['InvalidParameter', 400],
  InvalidParameter: ['InvalidParameter', 400],
  UnknownParameter: ['InvalidParameter', 400],
  UnknownAction: ['InvalidApi.NotFound', 404],
  // Alibaba documents no "not implemented" code: an action of the API this mock lacks.
  NotImplemented: ['UnsupportedOperation', 400],
  // Status UNCONFIRMED (third-party code tables only; common_errors.json).
  UnsupportedVersion: ['InvalidVersion', 400],
  UnsupportedRegion: ['InvalidRegionId', 400],
  RequestTooLarge: ['InvalidParameter', 400],
  KeyNotFound: ['Forbidden.KeyNotFound', 404],
  AliasNotFound: ['Forbidden.AliasNotFound', 404],
  AliasExists: ['AliasAlreadyExists', 400],
  KeyVersionNotFound: ['Forbidden.KeyVersionNotFound', 404],
  InvalidState: ['Rejected.StateModifiedFailed', 409],
  NotExternal: ['Unsupported.Origin', 400],
  TokenExpired: ['ExpiredImportToken', 400],
  TokenInvalid: ['InvalidImportToken', 400],
  DecryptMaterialFailed: ['InvalidKeyMaterial', 400],
  MaterialMismatch: ['InvalidKeyMaterial', 400],
  // UNCONFIRMED: no Alibaba source names the code for a ciphertext that does not open.
  InvalidCiphertext: ['InvalidCiphertext', 400],
  // Decrypt and GenerateDataKey pages (S4): UnsupportedOperation 400 for a key of the wrong kind.
  InvalidKeyUsage: ['UnsupportedOperation', 400],
  UnsupportedOperation: ['UnsupportedOperation', 400],
  LimitExceeded: ['Rejected.LimitExceeded', 400],
  SignatureFailure: ['SignatureDoesNotMatch', 400],
  SignatureExpired: ['InvalidTimeStamp.Expired', 400],
  SignatureNonceUsed: ['SignatureNonceUsed', 400],
  AccessKeyNotFound: ['InvalidAccessKeyId.NotFound', 404],
  Throttled: ['Throttling', 400],
  InternalError: ['InternalFailure', 500],
};

// "Impact of key states on API operations" (S1): every refusal is HTTP 409.
/** Cryptographic operations: refused in every state but Enabled, the code naming the state. */
const STATE_NAMED = new Set([
  'Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'CreateKeyVersion', 'UpdateRotationPolicy',
  // Not rows of S1: inferred from its "only Enabled keys can be used for cryptographic operations" (UNCONFIRMED).
  'AsymmetricEncrypt', 'AsymmetricDecrypt', 'AsymmetricSign', 'AsymmetricVerify', 'GetPublicKey', 'ReEncrypt',
]);
/** Refused only in PendingDeletion, naming it (S1; UpdateAlias: the *target* key's state, S1 "special API" note). */
const PENDING_DELETION_NAMED = new Set(['UpdateKeyDescription', 'TagResource', 'UntagResource', 'UpdateAlias']);

/** The refusal of `action` on a key in a state its row does not allow; the rest of S1 says StateModifiedFailed. */
export function stateError(action: string, key: KeyRecord): KmsError {
  const named = STATE_NAMED.has(action) || (PENDING_DELETION_NAMED.has(action) && key.state === 'PendingDeletion');
  const code = named ? `Rejected.${key.state}` : 'Rejected.StateModifiedFailed';
  return new KmsError('InvalidState', `the key ${key.keyId} is ${key.state}: ${action} is not allowed in that state`, key.state, code);
}

export const ALL: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'];
export const USABLE: readonly KeyState[] = ['Enabled'];
export const NOT_DELETING: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];

/** KeySpec → the key it makes (mock material spec), and the usages it allows (first = default, S5). */
export const ALIYUN_KEY_SPECS: Readonly<Record<string, { material: string; usages: readonly string[] }>> = table({
  Aliyun_AES_256: { material: 'AES_256', usages: ['ENCRYPT/DECRYPT'] },
  // Named by the key-spec page (S6) only; where it may be used is UNCONFIRMED. (Aliyun_AES_192 is left out: no 24-byte material here.)
  Aliyun_AES_128: { material: 'AES_128', usages: ['ENCRYPT/DECRYPT'] },
  Aliyun_SM4: { material: 'SM4', usages: ['ENCRYPT/DECRYPT'] },
  RSA_2048: { material: 'RSA_2048', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  RSA_3072: { material: 'RSA_3072', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  // Software keys of "Key management types and key specifications" (S6); the API pages' tables stop at RSA_3072.
  RSA_4096: { material: 'RSA_4096', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  EC_P256: { material: 'EC_P256', usages: ['SIGN/VERIFY'] },
  EC_P256K: { material: 'EC_P256K', usages: ['SIGN/VERIFY'] },
  EC_SM2: { material: 'EC_SM2', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
});

export const isSymmetric = (k: { material: string }) => k.material.startsWith('AES_') || k.material === 'SM4';

/** UTC to the second, as every Alibaba time is written (`2016-03-25T10:42:40Z`). */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const aliyunArn = (k: KeyRecord) => `acs:kms:${k.region}:${ACCOUNT}:key/${k.keyId}`;
/** Alias ARN: the account followed by the whole AliasName (S3, S5). */
export const aliasArn = (region: string, name: string) => `acs:kms:${region}:${ACCOUNT}:${name}`;
export const primaryVersion = (k: KeyRecord) => k.versions[k.versions.length - 1]!;

export function aliyunMetadata(k: KeyRecord) {
  const last = versionCreatedAt(k, primaryVersion(k));
  const rotation = rotationOf(k);
  return {
    KeyId: k.keyId,
    Arn: aliyunArn(k),
    CreationDate: isoSeconds(k.createdAt),
    Creator: ACCOUNT,
    Description: k.description,
    KeyState: k.state,
    KeyUsage: k.keyUsage,
    KeySpec: k.keySpec,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'Aliyun_KMS',
    ProtectionLevel: 'SOFTWARE',
    PrimaryKeyVersion: primaryVersion(k),
    LastRotationDate: isoSeconds(last),
    AutomaticRotation: rotation ? 'Enabled' : 'Disabled',
    // Seconds with an "s" suffix, only while rotation is on (DescribeKey reference).
    RotationInterval: rotation ? `${rotation.intervalSeconds}s` : '',
    NextRotationDate: rotation ? isoSeconds(last + rotation.intervalSeconds * 1000) : '',
    MaterialExpireTime: k.materialExpiresAt ? isoSeconds(k.materialExpiresAt) : '',
    DeleteDate: k.deletionDate ? isoSeconds(k.deletionDate) : '',
  };
}

/**
 * A key named by id, `alias/<name>` or ARN (`acs:kms:<region>:<uid>:key/<id>` or
 * `…:alias/<name>`), in the request's region only: an ARN of another region or account
 * names no key here (issue 13: "ARNs name the region").
 */
export function resolveAliyunKey(service: MockKmsService, region: string, ref: string): KeyRecord {
  if (ref.startsWith('acs:')) {
    const m = /^acs:kms:([a-z0-9-]+):(\d+):((?:key|alias)\/.+)$/.exec(ref);
    const resource = m?.[3];
    if (!m || m[1] !== region || m[2] !== ACCOUNT || !resource) {
      return fail(resource?.startsWith('alias/') ? 'AliasNotFound' : 'KeyNotFound', `${ref} names nothing in ${region} of this account`);
    }
    return service.resolve('aliyun', region, resource.startsWith('key/') ? resource.slice(4) : resource);
  }
  return service.resolve('aliyun', region, ref);
}

/** The key in an optional KeyId (rows whose key is one of several resources), state checked as a row's `key` would. */
export function keyOf(call: ActionCall, action: string, param: string, states: readonly KeyState[]): KeyRecord {
  const key = resolveAliyunKey(call.service, call.region, call.args.str(param));
  if (!states.includes(key.state)) throw stateError(action, key);
  return key;
}

/** Encrypt, GenerateDataKey and ReEncrypt use symmetric keys only (GenerateDataKey page, S4: UnsupportedOperation). */
export function requireSymmetric(key: KeyRecord, action: string): void {
  if (key.keyUsage !== 'ENCRYPT/DECRYPT' || !isSymmetric(key)) fail('InvalidKeyUsage', `${action} needs a symmetric ENCRYPT/DECRYPT key; ${key.keyId} is ${key.keySpec} ${key.keyUsage}`);
}

/**
 * EncryptionContext as a canonical string: the same pairs in any order are the same context,
 * "equivalent if their key-value pairs are consistent" (EncryptionContext page, S3); `{}`
 * has no pairs, so it is the same as no context.
 */
export function context(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    return fail('InvalidParameter', 'EncryptionContext must be a JSON object of string values');
  }
  const pairs = Object.entries(v);
  return pairs.length === 0 ? '' : JSON.stringify(Object.fromEntries(pairs.sort(([a], [b]) => (a < b ? -1 : 1))));
}

// ---- Parameters many rows declare alike ----

// An id, `alias/` + 255 characters, or an ARN holding either (no maximum is documented).
export const KEY_ID = { type: 'string', required: true, min: 1, max: 512 } as const;
export const KEY_VERSION_ID = { type: 'string', required: true, min: 1, max: 128 } as const;
// ≤ 8192 characters in all (EncryptionContext page, S3).
export const ENCRYPTION_CONTEXT = { type: 'json', max: 8192 } as const;
// PageNumber ≥ 1, PageSize 1–100, defaults 1 and 10 (ListKeys, ListAliases, ListKeyVersions references).
export const PAGE = { PageNumber: { type: 'integer', min: 1 }, PageSize: { type: 'integer', min: 1, max: 100 } } as const;

/** One page of `items`, with the totals every List* reply carries. */
export function page<T>(call: ActionCall, items: readonly T[]): { items: T[]; TotalCount: number; PageNumber: number; PageSize: number } {
  const PageNumber = call.args.optInt('PageNumber') ?? 1;
  const PageSize = call.args.optInt('PageSize') ?? 10;
  return { items: items.slice((PageNumber - 1) * PageSize, PageNumber * PageSize), TotalCount: items.length, PageNumber, PageSize };
}
