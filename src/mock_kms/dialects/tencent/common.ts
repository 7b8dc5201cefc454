// What every Tencent row shares: the parameters the API reference repeats, the key
// model (KeyUsage → material, KeyMetadata, rotation and cloud-resource bindings), and the
// documented code for a key in the wrong state or of the wrong usage. Sources: the SDK
// models (tencentcloud-sdk-nodejs kms_models.d.ts), errors.go and client.go of
// tencentcloud-sdk-go kms/v20190118, the Tencent KMS API pages named at each rule, and
// seeds 000 and 003. docs/rules/tencent.md lists every rule with its source.
import { fail, KmsError, type KeyState } from '../../kms_error.js';
import type { MockKmsService } from '../../kms.js';
import type { KeyRecord, TencentKeyExtras } from '../../store.js';
import type { Param, Params } from '../../wire/params.js';
import { nameMap, table } from '../../tables.js';

export const sec = (ms: number) => Math.floor(ms / 1000);
export const DAY_MS = 24 * 3600 * 1000;
export const CREATOR_UIN = 100000000001;

/** Tencent spells pending deletion PendingDelete (KeyMetadata.KeyState). */
export const TENCENT_STATE: Record<KeyState, string> = { Enabled: 'Enabled', Disabled: 'Disabled', PendingImport: 'PendingImport', PendingDeletion: 'PendingDelete', Archived: 'Archived' };

/**
 * CreateKey KeyUsage → the key it makes (mock material spec). ENCRYPT_DECRYPT keys take
 * 128- or 256-bit material (seed 000: SM-CRYPTO 128, FIPS 256). The curve of
 * ASYMMETRIC_SIGN_VERIFY_ECC is P-256 (its algorithm is ECC_P256_R1, seed 003 signs its
 * digest with SHA-256) and ASYMMETRIC_SIGN_VERIFY_ECDSA384's P-384: both UNCONFIRMED
 * beyond the names.
 */
export const TENCENT_KEY_USAGES: Readonly<Record<string, string>> = table({
  ENCRYPT_DECRYPT: 'AES_ANY',
  ASYMMETRIC_DECRYPT_RSA_2048: 'RSA_2048',
  ASYMMETRIC_DECRYPT_SM2: 'EC_SM2',
  ASYMMETRIC_SIGN_VERIFY_SM2: 'EC_SM2',
  ASYMMETRIC_SIGN_VERIFY_ECC: 'EC_P256',
  ASYMMETRIC_SIGN_VERIFY_RSA_2048: 'RSA_2048',
  ASYMMETRIC_SIGN_VERIFY_ECDSA384: 'EC_P384',
});
export const SYMMETRIC = ['ENCRYPT_DECRYPT'] as const;
export const SIGN_USAGES = ['ASYMMETRIC_SIGN_VERIFY_SM2', 'ASYMMETRIC_SIGN_VERIFY_ECC', 'ASYMMETRIC_SIGN_VERIFY_RSA_2048', 'ASYMMETRIC_SIGN_VERIFY_ECDSA384'] as const;
export const ASYMMETRIC_USAGES = Object.keys(TENCENT_KEY_USAGES).filter((u) => u !== 'ENCRYPT_DECRYPT');

// ---- Parameters the API reference repeats ----

/**
 * A CMK id. Ids are UUID-like (23e80852-1e38-11e9-b129-5cb9019b4b01); what the cloud calls
 * malformed is UNCONFIRMED: the mock refuses an empty id, one over 128 characters or one
 * with characters outside letters, digits and '-' (InvalidParameterValue.InvalidKeyId),
 * and answers CmkNotFound for any other id it does not hold.
 */
export const KEY_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;
export const INVALID_KEY_ID = 'InvalidParameterValue.InvalidKeyId';
export const KEY_ID = { type: 'string', required: true, min: 1, max: 128, pattern: KEY_ID_PATTERN, code: INVALID_KEY_ID } as const satisfies Param;
/** MemberAccount {MemberAppId, MemberUin}: accepted, and ignored (no organisation in the mock). */
export const MEMBER_ACCOUNT = { type: 'json' } as const satisfies Param;
export const KEY_AND_MEMBER: Params = { KeyId: KEY_ID, MemberAccount: MEMBER_ACCOUNT };
/** 1–100 CMK ids (DescribeKeys, EnableKeys, DisableKeys); each id is checked by keyList(). */
export const KEY_IDS = { type: 'strings', required: true, min: 1, max: 100 } as const satisfies Param;
/** CreateKey Alias: 1–60 letters, digits, '-' and '_', the first a letter or digit. */
export const ALIAS = { type: 'string', required: true, min: 1, max: 60, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, code: 'InvalidParameterValue.InvalidAlias' } as const satisfies Param;
/** Encrypt/Decrypt: "JSON string of key-value pairs ... at most 1024" (Encrypt API page). */
export const ENCRYPTION_CONTEXT = { type: 'string', max: 1024 } as const satisfies Param;
/** Decrypt, GenerateDataKey: the plaintext returned encrypted to this PEM key (RSA-2048 or SM2). */
export const ENCRYPTION_PUBLIC_KEY = { type: 'string', max: 4096 } as const satisfies Param;
export const ENCRYPTION_ALGORITHM = { type: 'string', values: ['SM2', 'SM2_C1C3C2_ASN1', 'RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] } as const satisfies Param;
export const HSM_CLUSTER_ID = { type: 'string', max: 128 } as const satisfies Param;
export const TAGS = { type: 'json' } as const satisfies Param;
export const ALL_STATES: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion', 'Archived'];

// ---- Codes for a key in the wrong state ----

const CMK_DISABLED = 'ResourceUnavailable.CmkDisabled';
const CMK_ARCHIVED = 'ResourceUnavailable.CmkArchived';
/**
 * The code errors.go gives a key in a state the action refuses, where client.go names one
 * for that action; every other refusal is ResourceUnavailable.CmkStateNotSupport.
 */
const STATE_CODES: Readonly<Record<string, Partial<Record<KeyState | 'any', string>>>> = table({
  // Encrypt API page: Disabled → CmkDisabled; ArchiveKey page: archived keys cannot encrypt.
  Encrypt: { Disabled: CMK_DISABLED, Archived: CMK_ARCHIVED },
  Decrypt: { Disabled: CMK_DISABLED },
  // ReEncrypt: the destination encrypts, so an archived one is refused as in Encrypt (UNCONFIRMED).
  ReEncrypt: { Disabled: CMK_DISABLED, Archived: CMK_ARCHIVED },
  // GenerateDataKey's client.go list: CmkDisabled, KeyPendingDelete; Archived as Encrypt (UNCONFIRMED).
  GenerateDataKey: { Disabled: CMK_DISABLED, PendingDeletion: 'ResourceUnavailable.KeyPendingDelete', Archived: CMK_ARCHIVED },
  // ScheduleKeyDeletion API page: "the key must be disabled first".
  ScheduleKeyDeletion: { Enabled: 'ResourceUnavailable.CmkShouldBeDisabled' },
  CancelKeyDeletion: { any: 'ResourceUnavailable.CmkNotPendingDelete' },
});

export function stateError(action: string, key: KeyRecord): KmsError {
  const codes = STATE_CODES[action] ?? {};
  const code = codes[key.state] ?? codes.any ?? 'ResourceUnavailable.CmkStateNotSupport';
  return new KmsError('InvalidState', `the key ${key.keyId} is ${TENCENT_STATE[key.state]}: ${action} is not allowed in that state`, key.state, code);
}

export function requireState(action: string, key: KeyRecord, states: readonly KeyState[]): void {
  if (!states.includes(key.state)) throw stateError(action, key);
}

/**
 * A key of the wrong KeyUsage: InvalidParameterValue.InvalidKeyUsage, documented for
 * AsymmetricRsaDecrypt, AsymmetricSm2Decrypt and GenerateDataKey (client.go) and used by
 * the mock for every action that needs a usage (for the others UNCONFIRMED).
 */
export function requireUsage(key: KeyRecord, usages: readonly string[], action: string): void {
  if (!usages.includes(key.keyUsage)) fail('InvalidKeyUsage', `${action} needs a key with KeyUsage ${usages.join(' or ')}; ${key.keyId} is ${key.keyUsage}`);
}

/** A refusal with one of Tencent's own codes (errors.go). */
export function refuse(code: string, message: string): never {
  return fail('InvalidParameter', message, undefined, code);
}

// ---- Rotation and cloud-resource bindings ----

export interface Rotation {
  enabled: boolean;
  /** RotateDays, 7–365. */
  days: number;
  /** When the current period started (enabling, or the last rotation), ms. */
  since: number;
  lastRotatedAt: number;
  /** The last RotateKey call: at most one per 24 hours. */
  lastManualAt: number;
}

/** Tencent-only key state, kept on the record (and so in `options.storage`). */
export function extras(key: KeyRecord): TencentKeyExtras {
  return (key.tencent ??= { bindings: [] });
}

/** Automatic rotation, applied lazily: every RotateDays since the period began. The mock keeps one material (see rotateKey). */
export function rotationOf(key: KeyRecord, now: number): Rotation | undefined {
  const r = key.tencent?.rotation;
  if (r?.enabled) {
    const period = r.days * DAY_MS;
    const due = Math.floor((now - r.since) / period);
    if (due > 0) {
      r.since += due * period;
      r.lastRotatedAt = r.since;
    }
  }
  return r;
}

/** BindCloudResource: a bound key cannot be disabled, archived, scheduled for deletion or lose its material. */
export function requireUnbound(key: KeyRecord, action: string): void {
  const bound = key.tencent?.bindings.length ?? 0;
  if (bound > 0) refuse('FailedOperation.CmkUsedByCloudProduct', `the key ${key.keyId} is used by ${bound} cloud resource(s): UnbindCloudResource before ${action}`);
}

// ---- KeyMetadata ----

export function tencentMetadata(k: KeyRecord, now?: number) {
  const r = now === undefined ? k.tencent?.rotation : rotationOf(k, now);
  return {
    KeyId: k.keyId,
    Alias: k.alias ?? '',
    CreateTime: sec(k.createdAt),
    Description: k.description,
    KeyState: TENCENT_STATE[k.state],
    KeyUsage: k.keyUsage,
    // KeyMetadata.Type is the compliance type: 2 FIPS 140-2, 4 Chinese SM standards (not CreateKey's Type).
    Type: k.material === 'EC_SM2' ? 4 : 2,
    CreatorUin: CREATOR_UIN,
    KeyRotationEnabled: r?.enabled ?? false,
    Owner: 'user',
    NextRotateTime: r?.enabled ? sec(r.since + r.days * DAY_MS) : 0,
    DeletionDate: k.deletionDate ? sec(k.deletionDate) : 0,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'TENCENT_KMS',
    ValidTo: sec(k.materialExpiresAt),
    ResourceId: `creatorUin/${CREATOR_UIN}/${k.keyId}`,
    RotateDays: r?.days ?? 0,
    LastRotateTime: r ? sec(r.lastRotatedAt) : 0,
    IsSyncReplica: 0,
    CreatorUinString: String(CREATOR_UIN),
  };
}

// ---- Small checks the rows share ----

/** "max 1024 bytes" (CreateKey, UpdateKeyDescription) counts UTF-8 bytes, not characters. */
export function requireBytesAtMost(name: string, value: string | undefined, max: number): void {
  if (value !== undefined && new TextEncoder().encode(value).length > max) fail('InvalidParameter', `${name} must be at most ${max} bytes`);
}

/** The kms- prefix is reserved for cloud products (CreateKey API page). */
export function requireAliasFree(service: MockKmsService, region: string, alias: string, keyId?: string): void {
  if (alias.startsWith('kms-')) refuse('InvalidParameterValue.InvalidAlias', 'the kms- alias prefix is reserved for cloud products');
  if (service.listKeys('tencent', region).some((k) => k.alias === alias && k.keyId !== keyId)) fail('AliasExists', `the alias ${alias} is already used in ${region}`);
}

/**
 * The mock is the shared public-cloud KMS: no exclusive or managed HSM cluster exists
 * (GetServiceStatus says ExclusiveHSMEnabled false), so a cluster id other than '' (and,
 * for the lists, 'default' = the shared cluster, ListKeyDetail API page) is invalid.
 */
export function requireSharedCluster(id: string | undefined, allowDefault: boolean): void {
  if (id === undefined || id === '' || (allowDefault && id === 'default')) return;
  refuse('InvalidParameterValue.InvalidHsmClusterId', `there is no HSM cluster ${id}: this KMS has no exclusive or managed edition`);
}

/** A list of CMK ids (DescribeKeys, EnableKeys, DisableKeys): each well formed, none twice, every one held in this region. */
export function keyList(service: MockKmsService, region: string, ids: readonly string[]): KeyRecord[] {
  for (const id of ids) if (!KEY_ID_PATTERN.test(id)) refuse(INVALID_KEY_ID, `the key id ${JSON.stringify(id).slice(0, 140)} is malformed`);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) refuse('InvalidParameterValue.DuplicatedKeyId', `the key id ${dup} is given twice`);
  return ids.map((id) => service.key('tencent', region, id));
}

export function tagsOf(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!Array.isArray(v) || v.length > 50) fail('MalformedParameter', 'Tags must be a list of at most 50 {TagKey, TagValue}');
  const out = nameMap<string>();
  for (const t of v as { TagKey?: unknown; TagValue?: unknown }[]) {
    if (typeof t?.TagKey !== 'string' || t.TagKey === '' || (t.TagValue !== undefined && typeof t.TagValue !== 'string')) fail('MalformedParameter', 'each tag needs a TagKey and a string TagValue');
    if (Object.hasOwn(out, t.TagKey)) refuse('InvalidParameterValue.TagKeysDuplicated', `the tag key ${t.TagKey} is given twice`);
    out[t.TagKey] = (t.TagValue as string | undefined) ?? '';
  }
  return out;
}

export function pem(der: string): string {
  return `-----BEGIN PUBLIC KEY-----\n${der.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}
