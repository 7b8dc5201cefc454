// Randomness comes only from crypto.getRandomValues (SPEC §2). Tests never replace
// it: deterministic paths take their random bytes as an explicit argument instead.
import { ByokError } from '../errors.js';

const MAX_CHUNK = 65536; // WebCrypto's per-call limit

export function randomBytes(length: number): Uint8Array {
  const c = globalThis.crypto;
  if (typeof c?.getRandomValues !== 'function') {
    throw new ByokError('ERR_UNSUPPORTED_PLATFORM', 'crypto.getRandomValues is not available in this environment');
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += MAX_CHUNK) c.getRandomValues(out.subarray(i, Math.min(length, i + MAX_CHUNK)));
  return out;
}

/** `length` random bytes none of which is zero (RFC 8017 §7.2.1 step 2a's PS). */
export function randomNonZeroBytes(length: number): Uint8Array {
  const out = randomBytes(length);
  for (let i = 0; i < length; i++) {
    while (out[i] === 0) out[i] = randomBytes(1)[0]!;
  }
  return out;
}

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new ByokError(
      'ERR_UNSUPPORTED_PLATFORM',
      'WebCrypto (crypto.subtle) is not available: browsers expose it only in secure contexts (https:// or localhost)',
    );
  }
  return s;
}
