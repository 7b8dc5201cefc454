// The keys of the mocked KMS in one vocabulary for the page, read with each cloud's own
// ListKeys / DescribeKey fields (Tencent: Keys[].KeyId, ValidTo in unix seconds, no
// KeySpec; Alibaba: Keys.Key[].KeyId, KeySpec, MaterialExpireTime in ISO 8601).
import type { KmsClient } from '../src/index.js';

export interface KeyView {
  keyId: string;
  /** As DescribeKey reports it (Tencent keys are all SYMMETRIC). */
  spec: string;
  state: string;
  /** 'never', or when the material expires (UTC). */
  expires: string;
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function keyIdsOf(cloud: string, reply: unknown): string[] {
  const keys = record(reply).Keys;
  const rows = cloud === 'tencent' ? list(keys) : list(record(keys).Key);
  return rows.map((k) => String(record(k).KeyId ?? '')).filter(Boolean);
}

export function keyViewOf(cloud: string, reply: unknown): KeyView {
  const m = record(record(reply).KeyMetadata);
  let expires = 'never';
  if (cloud === 'tencent' && Number(m.ValidTo) > 0) expires = utc(Number(m.ValidTo) * 1000);
  if (cloud !== 'tencent' && typeof m.MaterialExpireTime === 'string' && m.MaterialExpireTime) expires = utc(Date.parse(m.MaterialExpireTime));
  return { keyId: String(m.KeyId ?? ''), spec: String(m.KeySpec ?? 'SYMMETRIC'), state: String(m.KeyState ?? '?'), expires };
}

/** Every key of this cloud, described. Built whole before it is returned: a failure leaves the caller's list as it was. */
export async function listKeyViews(client: KmsClient): Promise<KeyView[]> {
  const ids = keyIdsOf(client.cloud, await client.listKeys(client.cloud === 'tencent' ? { Limit: 100 } : { PageSize: 100 }));
  const views: KeyView[] = [];
  for (const KeyId of ids) views.push(keyViewOf(client.cloud, await client.describeKey({ KeyId })));
  return views;
}
