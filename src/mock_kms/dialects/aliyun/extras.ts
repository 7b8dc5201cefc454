// What Alibaba keys have beyond the shared KeyRecord: when each key version was made, the
// private keys of versions older than the primary (KeyRecord.bytes holds the primary's),
// and the automatic rotation policy. Kept beside the record, in memory: the store's
// persisted layout has no field for them (docs/rules/aliyun.md "Not persisted"), so after
// a reload from Storage a key keeps its primary version and loses these.
import type { KeyRecord } from '../../store.js';

export interface RotationPolicy {
  intervalSeconds: number;
}

interface Extras {
  createdAt: Map<string, number>;
  /** PKCS#8 of versions other than the primary. */
  bytes: Map<string, Uint8Array>;
  rotation?: RotationPolicy;
}

const EXTRAS = new WeakMap<KeyRecord, Extras>();

function extras(key: KeyRecord): Extras {
  let e = EXTRAS.get(key);
  if (!e) EXTRAS.set(key, (e = { createdAt: new Map(), bytes: new Map() }));
  return e;
}

/** When a version was made; the first version is the key's own creation. */
export function versionCreatedAt(key: KeyRecord, versionId: string): number {
  return EXTRAS.get(key)?.createdAt.get(versionId) ?? key.createdAt;
}

/** The material of one version: the primary's is the record's, older ones live here. */
export function versionBytes(key: KeyRecord, versionId: string): Uint8Array | undefined {
  if (versionId === key.versions[key.versions.length - 1]) return key.bytes;
  return EXTRAS.get(key)?.bytes.get(versionId);
}

/** A new primary version: the old primary's material is kept for its version id. */
export function addVersion(key: KeyRecord, versionId: string, material: Uint8Array, now: number): void {
  const e = extras(key);
  const previous = key.versions[key.versions.length - 1]!;
  if (key.bytes) e.bytes.set(previous, key.bytes);
  e.createdAt.set(versionId, now);
  key.versions.push(versionId);
  key.bytes = material;
}

export function rotationOf(key: KeyRecord): RotationPolicy | undefined {
  return EXTRAS.get(key)?.rotation;
}

export function setRotation(key: KeyRecord, policy: RotationPolicy | undefined): void {
  const e = extras(key);
  if (policy) e.rotation = policy;
  else delete e.rotation;
}
