// A stored state is served only if this mock could have written it: every key's spec, usage
// and material kind are in its cloud's table, and every byte string it holds is material of
// that kind. Anything else (a newer mock's key spec, truncated bytes) → start empty.
import { parseTargetKey } from '../target_key/to_pkcs8.js';
import { ALIYUN_KEY_SPECS } from './dialects/aliyun/common.js';
import { AWS_KEY_SPECS } from './dialects/aws.js';
import { TENCENT_KEY_USAGES } from './dialects/tencent/common.js';
import { isAsymmetric, requireMaterialLength } from './rules.js';
import type { KeyRecord } from './store.js';

function specFits(k: KeyRecord): boolean {
  switch (k.cloud) {
    case 'aws': {
      const row = Object.hasOwn(AWS_KEY_SPECS, k.keySpec) ? AWS_KEY_SPECS[k.keySpec]! : undefined;
      return row !== undefined && row.material === k.material && row.usages.includes(k.keyUsage);
    }
    case 'aliyun': {
      const row = Object.hasOwn(ALIYUN_KEY_SPECS, k.keySpec) ? ALIYUN_KEY_SPECS[k.keySpec]! : undefined;
      return row !== undefined && row.material === k.material && row.usages.includes(k.keyUsage);
    }
    case 'tencent':
      return Object.hasOwn(TENCENT_KEY_USAGES, k.keyUsage) && TENCENT_KEY_USAGES[k.keyUsage] === k.material && k.keySpec === (k.keyUsage === 'ENCRYPT_DECRYPT' ? 'SYMMETRIC' : k.material);
    default:
      return false;
  }
}

function materialFits(k: KeyRecord, bytes: Uint8Array): boolean {
  try {
    if (isAsymmetric(k.material)) parseTargetKey(bytes, k.material as Parameters<typeof parseTargetKey>[1]);
    else requireMaterialLength(k, bytes);
    return true;
  } catch {
    return false;
  }
}

/** Throws (without quoting any bytes) when `k` is not a key this mock serves. */
export function checkStoredKey(k: KeyRecord): void {
  if (!specFits(k)) throw new Error(`a stored ${k.cloud} key has a spec this mock does not serve`);
  const all = [k.bytes, ...(k.materials ?? []).map((m) => m.bytes), ...Object.values(k.aliyun?.versionBytes ?? {})];
  if (!all.every((b) => b === undefined || materialFits(k, b))) throw new Error(`a stored ${k.cloud} key holds material that does not fit its spec`);
}
