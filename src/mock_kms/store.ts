// The mocked KMS's state: keys, aliases and the import parameters issued for them, per
// cloud and region (issue 13: "regions are separate stores"). Plain data, kept apart from
// the rules (rules.ts) and from the wire dialects (dialects/). Loading stored state checks
// every field (issue 11.14): a store this code did not write is refused, never half-used.
import { fromBase64, toBase64 } from '../lib/bytes.js';
import type { KeyState } from './kms_error.js';
import { nameMap } from './tables.js';

export type Cloud = 'tencent' | 'aliyun' | 'aws';

/**
 * What the key's material is, in the mock's own words: symmetric material of a fixed
 * length ('AES_256', 'AES_128', 'SM4', 'AES_ANY' = 128 or 256 bits), HMAC keys, or a
 * private key of a TargetKeySpec ('RSA_2048', 'EC_P256', ...).
 */
export type MaterialSpec = string;

export interface KeyRecord {
  keyId: string;
  cloud: Cloud;
  region: string;
  /** Tencent's one alias per key (Alibaba and AWS aliases live in KeyStore.aliases). */
  alias?: string;
  description: string;
  /** The cloud's own KeySpec name (Aliyun_AES_256, SYMMETRIC_DEFAULT, ...). */
  keySpec: string;
  /** The cloud's own KeyUsage name. */
  keyUsage: string;
  material: MaterialSpec;
  origin: 'EXTERNAL' | 'KMS';
  state: KeyState;
  /** State to return to when a scheduled deletion is cancelled. */
  stateBeforeDeletion?: KeyState;
  createdAt: number;
  /** The key bytes in use: raw symmetric bytes, or PKCS#8 DER of a private key. */
  bytes?: Uint8Array;
  /** SHA-256 of the first material ever imported: the permanent binding (SPEC §3 "Binding"). */
  boundDigest?: string;
  /** ms since epoch; 0 = never. */
  materialExpiresAt: number;
  deletionDate?: number;
  /** Tencent: only the newest import token is valid (SPEC §3). */
  newestToken?: string;
  tags: Record<string, string>;
  /** Key version ids, oldest first (Alibaba key versions). */
  versions: string[];
  /**
   * AWS symmetric keys: every key material associated with the key (SPEC §5, AWS
   * "Importing new key material"). When present it is the source of truth and `bytes`
   * is a view of the CURRENT material's bytes; `boundDigest` is then unused.
   */
  materials?: KeyMaterialRecord[];
  /** AWS RotateKeyOnDemand calls so far (at most 25 per key). */
  rotations?: number;
  /** Tencent: automatic rotation settings, and the cloud resources the key is bound to. */
  tencent?: TencentKeyExtras;
  /** Alibaba: when each later key version was made, older versions' private keys, the rotation policy. */
  aliyun?: AliyunKeyExtras;
}

export interface TencentKeyExtras {
  rotation?: { enabled: boolean; days: number; since: number; lastRotatedAt: number; lastManualAt: number };
  /** `${ProductId}\n${ResourceId}` of each BindCloudResource. */
  bindings: string[];
}

export interface AliyunKeyExtras {
  /** Creation time (ms) of each version after the first. */
  versionCreatedAt: Record<string, number>;
  /** PKCS#8 of versions other than the primary. */
  versionBytes: Record<string, Uint8Array>;
  rotationIntervalSeconds?: number;
}

/** AWS RotationsListEntry.KeyMaterialState. */
export type KeyMaterialState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';

/** One key material of an AWS symmetric key. */
export interface KeyMaterialRecord {
  /** KeyMaterialId: 64 hex digits, derived from the key id and the material. */
  id: string;
  state: KeyMaterialState;
  /** The material; absent while it is deleted or expired (ImportState PENDING_IMPORT). */
  bytes?: Uint8Array;
  description?: string;
  /** ms since epoch; 0 = never. */
  expiresAt: number;
  /** When it became current through a rotation (absent for the first material). */
  rotatedAt?: number;
}

export interface ImportParameters {
  token: string;
  keyId: string;
  wrappingAlgorithm: string;
  wrappingKeySpec: string;
  /** SPKI DER of the wrapping public key. */
  publicKey: Uint8Array;
  /** The wrapping private key: RSA as JWK, SM2 as its 32-byte scalar. Dropped once long expired. */
  privateKey?: JsonWebKey | Uint8Array;
  issuedAt: number;
  expiresAt: number;
}

export interface AliasRecord {
  cloud: Cloud;
  region: string;
  /** Full name, with the cloud's prefix (`alias/...`). */
  name: string;
  keyId: string;
  createdAt: number;
}

const STATES: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion', 'Archived'];
const MATERIAL_STATES: readonly KeyMaterialState[] = ['CURRENT', 'NON_CURRENT', 'PENDING_ROTATION'];
const CLOUDS: readonly Cloud[] = ['tencent', 'aliyun', 'aws'];

export class KeyStore {
  readonly keys = new Map<string, KeyRecord>();
  readonly importParameters = new Map<string, ImportParameters>();
  /** By `${cloud}:${region}:${name}`. */
  readonly aliases = new Map<string, AliasRecord>();

  clear(): void {
    this.keys.clear();
    this.importParameters.clear();
    this.aliases.clear();
  }

  static aliasKey(cloud: Cloud, region: string, name: string): string {
    return `${cloud}:${region}:${name}`;
  }

  /** JSON with bytes as base64, for an optional Storage (a demo surviving reloads). */
  serialize(): string {
    return JSON.stringify(
      { version: 2, keys: [...this.keys.values()], importParameters: [...this.importParameters.values()], aliases: [...this.aliases.values()] },
      function (this: unknown, k, v) {
        // A key with materials keeps its bytes once, in its CURRENT material (load re-links them).
        if (k === 'bytes' && Array.isArray((this as { materials?: unknown }).materials)) return undefined;
        return v instanceof Uint8Array ? { $b64: toBase64(v) } : v;
      },
    );
  }

  /** Throws on anything that is not a state this store wrote; the store is untouched then. */
  load(text: string, fits?: (k: KeyRecord) => void): void {
    let data: unknown;
    try {
      data = JSON.parse(text, (_k, v) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.$b64 === 'string' && Object.keys(v).length === 1) {
          const b = fromBase64(v.$b64);
          if (!b && v.$b64 !== '') throw new Error('corrupt bytes');
          return b ?? new Uint8Array(0);
        }
        return v;
      });
    } catch {
      // Never the parser's message: it quotes the text, which holds key material.
      throw new Error('it is not JSON this mock wrote');
    }
    const d = data as { version?: unknown; keys?: unknown; importParameters?: unknown; aliases?: unknown };
    if (!d || typeof d !== 'object' || d.version !== 2 || !Array.isArray(d.keys) || !Array.isArray(d.importParameters) || !Array.isArray(d.aliases)) {
      throw new Error('unknown layout');
    }
    const keys = d.keys.map(checkKey);
    if (fits) keys.forEach(fits);
    const params = d.importParameters.map(checkParameters);
    const aliases = d.aliases.map(checkAlias);
    this.clear();
    for (const k of keys) this.keys.set(k.keyId, k);
    for (const p of params) this.importParameters.set(p.token, p);
    for (const a of aliases) this.aliases.set(KeyStore.aliasKey(a.cloud, a.region, a.name), a);
  }
}

// ---- Field-by-field checks of stored state ----

const str = (v: unknown, what: string): string => (typeof v === 'string' ? v : bad(what));
const optStr = (v: unknown, what: string): string | undefined => (v === undefined ? undefined : str(v, what));
const time = (v: unknown, what: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 8.64e15 ? v : bad(what));
const optTime = (v: unknown, what: string): number | undefined => (v === undefined ? undefined : time(v, what));
const bytes = (v: unknown, what: string): Uint8Array => (v instanceof Uint8Array ? v : bad(what));
const state = (v: unknown, what: string): KeyState => (STATES.includes(v as KeyState) ? (v as KeyState) : bad(what));
const cloud = (v: unknown): Cloud => (CLOUDS.includes(v as Cloud) ? (v as Cloud) : bad('cloud'));
function bad(what: string): never {
  throw new Error(`a stored ${what} has the wrong type`);
}

function checkKey(v: unknown): KeyRecord {
  if (!v || typeof v !== 'object') bad('key');
  const k = v as Record<string, unknown>;
  const tags = k.tags;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags) || !Object.values(tags).every((t) => typeof t === 'string')) bad('key tags');
  if (!Array.isArray(k.versions) || !k.versions.every((x) => typeof x === 'string')) bad('key versions');
  if (k.origin !== 'EXTERNAL' && k.origin !== 'KMS') bad('key origin');
  const record: KeyRecord = {
    keyId: str(k.keyId, 'key id'),
    cloud: cloud(k.cloud),
    region: str(k.region, 'key region'),
    description: str(k.description, 'key description'),
    keySpec: str(k.keySpec, 'key spec'),
    keyUsage: str(k.keyUsage, 'key usage'),
    material: str(k.material, 'key material spec'),
    origin: k.origin,
    state: state(k.state, 'key state'),
    createdAt: time(k.createdAt, 'key creation time'),
    materialExpiresAt: time(k.materialExpiresAt, 'material expiry'),
    // JSON.parse keeps a "__proto__" member as an own key; the map it goes into must too (tables.ts).
    tags: nameMap(Object.entries(tags as Record<string, string>)),
    versions: k.versions as string[],
  };
  const alias = optStr(k.alias, 'key alias');
  if (alias !== undefined) record.alias = alias;
  if (k.stateBeforeDeletion !== undefined) record.stateBeforeDeletion = state(k.stateBeforeDeletion, 'key state');
  if (k.bytes !== undefined) record.bytes = bytes(k.bytes, 'key material');
  const digest = optStr(k.boundDigest, 'material digest');
  if (digest !== undefined) record.boundDigest = digest;
  const deletion = optTime(k.deletionDate, 'deletion date');
  if (deletion !== undefined) record.deletionDate = deletion;
  const newest = optStr(k.newestToken, 'token');
  if (newest !== undefined) record.newestToken = newest;
  if (k.materials !== undefined) {
    if (!Array.isArray(k.materials)) bad('key materials');
    record.materials = k.materials.map(checkMaterial);
    const current = record.materials.filter((m) => m.state === 'CURRENT');
    if (current.length > 1 || new Set(record.materials.map((m) => m.id)).size !== record.materials.length) bad('key materials: one current, distinct ids');
    // The key's bytes are its current material's (serialize writes them once).
    if (current[0]?.bytes) record.bytes = current[0].bytes;
    else delete record.bytes;
  }
  if (k.rotations !== undefined) {
    if (typeof k.rotations !== 'number' || !Number.isSafeInteger(k.rotations) || k.rotations < 0) bad('rotation count');
    record.rotations = k.rotations;
  }
  if (k.tencent !== undefined) record.tencent = checkTencentExtras(k.tencent);
  if (k.aliyun !== undefined) record.aliyun = checkAliyunExtras(k.aliyun);
  if (record.state !== 'PendingImport' && record.state !== 'PendingDeletion' && !record.bytes) bad('key: a usable key without material');
  return record;
}

function checkTencentExtras(v: unknown): TencentKeyExtras {
  const t = v as Record<string, unknown>;
  if (!t || typeof t !== 'object' || !Array.isArray(t.bindings) || !t.bindings.every((b) => typeof b === 'string')) bad('Tencent key extras');
  const out: TencentKeyExtras = { bindings: t.bindings as string[] };
  if (t.rotation !== undefined) {
    const r = t.rotation as Record<string, unknown>;
    if (!r || typeof r !== 'object' || typeof r.enabled !== 'boolean' || typeof r.days !== 'number' || !Number.isInteger(r.days)) bad('Tencent rotation');
    out.rotation = { enabled: r.enabled as boolean, days: r.days as number, since: time(r.since, 'rotation time'), lastRotatedAt: time(r.lastRotatedAt, 'rotation time'), lastManualAt: time(r.lastManualAt, 'rotation time') };
  }
  return out;
}

function checkAliyunExtras(v: unknown): AliyunKeyExtras {
  const a = v as Record<string, unknown>;
  const entries = <T>(x: unknown, each: (y: unknown) => T, what: string): Record<string, T> => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) bad(what);
    return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, y]) => [k, each(y)]));
  };
  if (!a || typeof a !== 'object') bad('Alibaba key extras');
  const out: AliyunKeyExtras = {
    versionCreatedAt: entries(a.versionCreatedAt, (y) => time(y, 'version time'), 'version times'),
    versionBytes: entries(a.versionBytes, (y) => bytes(y, 'version material'), 'version materials'),
  };
  if (a.rotationIntervalSeconds !== undefined) {
    if (typeof a.rotationIntervalSeconds !== 'number' || !Number.isSafeInteger(a.rotationIntervalSeconds) || a.rotationIntervalSeconds <= 0) bad('rotation interval');
    out.rotationIntervalSeconds = a.rotationIntervalSeconds;
  }
  return out;
}

function checkMaterial(v: unknown): KeyMaterialRecord {
  if (!v || typeof v !== 'object') bad('key material record');
  const m = v as Record<string, unknown>;
  const id = str(m.id, 'key material id');
  if (!/^[0-9a-f]{64}$/.test(id)) bad('key material id');
  if (!MATERIAL_STATES.includes(m.state as KeyMaterialState)) bad('key material state');
  const out: KeyMaterialRecord = { id, state: m.state as KeyMaterialState, expiresAt: time(m.expiresAt, 'key material expiry') };
  if (m.bytes !== undefined) out.bytes = bytes(m.bytes, 'key material');
  const description = optStr(m.description, 'key material description');
  if (description !== undefined) out.description = description;
  const rotatedAt = optTime(m.rotatedAt, 'rotation time');
  if (rotatedAt !== undefined) out.rotatedAt = rotatedAt;
  return out;
}

function checkParameters(v: unknown): ImportParameters {
  if (!v || typeof v !== 'object') bad('import parameters');
  const p = v as Record<string, unknown>;
  const out: ImportParameters = {
    token: str(p.token, 'token'),
    keyId: str(p.keyId, 'token key id'),
    wrappingAlgorithm: str(p.wrappingAlgorithm, 'wrapping algorithm'),
    wrappingKeySpec: str(p.wrappingKeySpec, 'wrapping key spec'),
    publicKey: bytes(p.publicKey, 'wrapping public key'),
    issuedAt: time(p.issuedAt, 'token issue time'),
    expiresAt: time(p.expiresAt, 'token expiry'),
  };
  if (p.privateKey !== undefined) {
    if (!(p.privateKey instanceof Uint8Array) && (typeof p.privateKey !== 'object' || p.privateKey === null || typeof (p.privateKey as JsonWebKey).n !== 'string')) bad('wrapping private key');
    out.privateKey = p.privateKey as JsonWebKey | Uint8Array;
  }
  return out;
}

function checkAlias(v: unknown): AliasRecord {
  if (!v || typeof v !== 'object') bad('alias');
  const a = v as Record<string, unknown>;
  return { cloud: cloud(a.cloud), region: str(a.region, 'alias region'), name: str(a.name, 'alias name'), keyId: str(a.keyId, 'alias key id'), createdAt: time(a.createdAt, 'alias time') };
}
