// AES key wrap (RFC 3394) and AES key wrap with padding (RFC 5649; NIST SP 800-38F KW and
// KWP) on the AES core of @noble/ciphers. WebCrypto cannot do this: its AES-KW is RFC 3394
// with the default IV only, and KWP built from one WebCrypto call per AES block costs
// ~200 µs a call, 6n calls in sequence (SPEC §5; `npm run bench` measures both). This
// module is a chunk of its own, loaded only by the RSA+AES algorithms. Unwrapping is kept
// for the tests and the mocked KMS; the library itself only wraps. Timing: SECURITY.md.
import { aeskw, aeskwp } from '@noble/ciphers/aes.js';
import { ByokError } from '../errors.js';

// AES-128, AES-192 or AES-256 (FIPS 197 §5): the KEK sizes both RFCs allow.
function checkKek(kek: Uint8Array): void {
  if (kek.length !== 16 && kek.length !== 24 && kek.length !== 32) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `an AES key wrap key is 16, 24 or 32 bytes; got ${kek.length}`);
  }
}

// Deliberately vague: an unwrap failure says nothing about which check failed (padding oracle).
const unwrapFailed = () => new ByokError('ERR_OPERATION_FAILED', 'AES key unwrap failed: the ciphertext is not a key wrapped under this key');

/** A fresh copy of the plaintext a noble unwrap returned, and its own buffer overwritten. */
function take(view: Uint8Array): Uint8Array {
  const out = view.slice();
  view.fill(0);
  return out;
}

/**
 * AES-KWP (RFC 5649 §4.1). The output is 8·(n+1) bytes for n = ceil(len/8) semiblocks: AIV =
 * A65959A6 ‖ MLI (the length in bytes, 32-bit big-endian, RFC 5649 §3), the plaintext padded
 * with zeros to n semiblocks; n = 1 is one AES block of AIV ‖ P, otherwise RFC 3394's W with
 * A = AIV. The plaintext is copied into the output buffer and overwritten in place there.
 */
export function aesKwpWrap(kek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkKek(kek);
  // RFC 5649 §3: MLI is the octet length, 1 ≤ MLI < 2^32.
  if (plaintext.length === 0) throw new ByokError('ERR_INVALID_KEY_MATERIAL', 'AES-KWP wraps at least one byte');
  return aeskwp(kek).encrypt(plaintext);
}

/** AES-KWP unwrap (RFC 5649 §4.2), checking the AIV, MLI range and zero padding (§3). */
export function aesKwpUnwrap(kek: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkKek(kek);
  // RFC 5649 §4.2: at least two semiblocks, a whole number of them.
  if (ciphertext.length < 16 || ciphertext.length % 8 !== 0) throw unwrapFailed();
  try {
    return take(aeskwp(kek).decrypt(ciphertext));
  } catch {
    throw unwrapFailed();
  }
}

/**
 * AES-KW (RFC 3394 §2.2.1) with the default IV A6A6A6A6A6A6A6A6 (§2.2.3.1): what WebCrypto's
 * AES-KW does. The plaintext is n ≥ 2 semiblocks (RFC 3394 §2; NIST SP 800-38F §5.3.1).
 */
export function aesKwWrap(kek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkKek(kek);
  if (plaintext.length < 16 || plaintext.length % 8 !== 0) {
    throw new ByokError('ERR_INVALID_KEY_MATERIAL', `AES-KW wraps a multiple of 8 bytes, at least 16; got ${plaintext.length} (AES-KWP wraps any length)`);
  }
  return aeskw(kek).encrypt(plaintext);
}

/** AES-KW unwrap (RFC 3394 §2.2.2), checking the IV (§2.2.3). */
export function aesKwUnwrap(kek: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  checkKek(kek);
  // n ≥ 2 semiblocks of key data plus the integrity semiblock.
  if (ciphertext.length < 24 || ciphertext.length % 8 !== 0) throw unwrapFailed();
  try {
    return take(aeskw(kek).decrypt(ciphertext));
  } catch {
    throw unwrapFailed();
  }
}
