// What Alibaba keys have beyond the shared KeyRecord: when each key version was made, the
// private keys of versions older than the primary (KeyRecord.bytes holds the primary's),
// and the automatic rotation policy — on the record's `aliyun` field, so they are kept in
// `options.storage` like the rest (and checked field by field when loaded).
import type { AliyunKeyExtras, KeyRecord } from '../../store.js';

export interface RotationPolicy {
  intervalSeconds: number;
}

function extras(key: KeyRecord): AliyunKeyExtras {
  return (key.aliyun ??= { versionCreatedAt: {}, versionBytes: {} });
}

/** When a version was made; the first version is the key's own creation. */
export function versionCreatedAt(key: KeyRecord, versionId: string): number {
  return key.aliyun?.versionCreatedAt[versionId] ?? key.createdAt;
}

/** The material of one version: the primary's is the record's, older ones are kept beside it. */
export function versionBytes(key: KeyRecord, versionId: string): Uint8Array | undefined {
  if (versionId === key.versions[key.versions.length - 1]) return key.bytes;
  return key.aliyun?.versionBytes[versionId];
}

/** A new primary version: the old primary's material is kept for its version id. */
export function addVersion(key: KeyRecord, versionId: string, material: Uint8Array, now: number): void {
  const e = extras(key);
  const previous = key.versions[key.versions.length - 1]!;
  if (key.bytes) e.versionBytes[previous] = key.bytes;
  e.versionCreatedAt[versionId] = now;
  key.versions.push(versionId);
  key.bytes = material;
}

export function rotationOf(key: KeyRecord): RotationPolicy | undefined {
  const seconds = key.aliyun?.rotationIntervalSeconds;
  return seconds === undefined ? undefined : { intervalSeconds: seconds };
}

export function setRotation(key: KeyRecord, policy: RotationPolicy | undefined): void {
  const e = extras(key);
  if (policy) e.rotationIntervalSeconds = policy.intervalSeconds;
  else delete e.rotationIntervalSeconds;
}
