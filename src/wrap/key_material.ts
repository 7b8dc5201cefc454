// Symmetric key material checks (SPEC §2: 256-bit or 128-bit material).
import { ByokError, show } from '../errors.js';
import { bytesView, clean, copyBytes, fromBase64, fromHex } from '../lib/bytes.js';
import { INPUT_LIMITS, limitText } from '../lib/limits.js';
import { randomBytes } from '../lib/random.js';
import { secret } from '../lib/secrets.js';

/** Which lengths an algorithm wraps: exact lengths and inclusive [min, max] ranges, in bytes. */
export type MaterialLengths = readonly (number | readonly [number, number])[];

// Raw keys under RSAES_* and SM2PKE: 16-byte AES-128 and SM4 keys, 32-byte AES-256 keys,
// and HMAC keys of AWS HMAC_224 (28–64 bytes) up to HMAC_512 (64–128) (AWS "Importing key
// material"). Lengths no key spec takes (17–27, over 128) are refused here; each KMS checks
// the exact length its key spec needs, and the padding's capacity is checked at wrap time.
const SYMMETRIC: MaterialLengths = [16, [28, 128]];

const fits = (n: number, lengths: MaterialLengths) => lengths.some((l) => (typeof l === 'number' ? n === l : n >= l[0] && n <= l[1]));
const describe = (lengths: MaterialLengths) => `${lengths.map((l) => (typeof l === 'number' ? `${l}-byte (${l * 8}-bit)` : `${l[0]}–${l[1]}-byte`)).join(' or ')}`;

/**
 * The raw material as a fresh copy this library owns (the caller overwrites it with
 * clean() when done). Bytes in any view are read exactly; strings are base64
 * (`openssl rand -base64 32`) or hex. `inspect` sees the decoded bytes before the length
 * check and may refuse them by throwing (the copy is overwritten first).
 */
export function readSymmetricMaterial(keyMaterial: unknown, algorithm: string, lengths: MaterialLengths = SYMMETRIC, inspect?: (bytes: Uint8Array) => void): Uint8Array {
  let bytes: Uint8Array | undefined;
  const view = bytesView(keyMaterial);
  if (view) {
    if (view.length > INPUT_LIMITS.materialText) {
      throw new ByokError('ERR_INVALID_KEY_MATERIAL', `${algorithm} wraps ${describe(lengths)} key material; got ${view.length} bytes`);
    }
    bytes = copyBytes(view);
  } else if (typeof keyMaterial === 'string') {
    if (keyMaterial.length > INPUT_LIMITS.materialText) {
      throw new ByokError('ERR_INVALID_KEY_MATERIAL', `keyMaterial text is ${keyMaterial.length} characters, too long for key material: ${limitText('materialText', 'characters')}`);
    }
    const text = keyMaterial.trim();
    // Text of hex digits alone (white space between them allowed: `xxd -p` breaks lines,
    // dumps space the bytes) is hex, whatever its length; anything else is base64. Base64 of
    // random bytes is all hex digits with a chance of (22/64)^length: never, for key lengths.
    const digits = text.replace(/\s+/g, '');
    if (/^[0-9a-fA-F]+$/.test(digits)) {
      if (digits.length % 2 !== 0) throw new ByokError('ERR_INVALID_KEY_MATERIAL', `keyMaterial is hex text with an odd number of digits (${digits.length}): a digit is missing or extra`);
      bytes = fromHex(digits);
    } else {
      bytes = fromBase64(text);
    }
    if (!bytes) throw new ByokError('ERR_INVALID_KEY_MATERIAL', 'keyMaterial is a string but neither base64 nor hex');
  } else {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'keyMaterial must be bytes (a Uint8Array or any ArrayBufferView, or an ArrayBuffer) or a base64/hex string');
  }
  secret('material-copy', bytes);
  try {
    inspect?.(bytes);
  } catch (e) {
    clean(bytes);
    throw e;
  }
  if (!fits(bytes.length, lengths)) {
    clean(bytes);
    throw new ByokError('ERR_INVALID_KEY_MATERIAL', `${algorithm} wraps ${describe(lengths)} symmetric key material; got ${bytes.length} bytes`);
  }
  if (bytes.every((b) => b === bytes![0])) {
    clean(bytes);
    throw new ByokError(
      'ERR_WEAK_KEY_MATERIAL',
      'keyMaterial is a single byte repeated (all zeros is what a failed shell recipe yields): generate it with generateKeyMaterial()',
    );
  }
  return bytes;
}

/**
 * Fresh symmetric key material from crypto.getRandomValues (SPEC §2). 256 bits by
 * default (FIPS editions, Aliyun_AES_256); 128 bits for SM4 (SM-CRYPTO editions).
 *
 * @example
 * const material = generateKeyMaterial();      // 32 bytes
 * const sm4Material = generateKeyMaterial(128); // 16 bytes
 */
export function generateKeyMaterial(bits: 128 | 256 = 256): Uint8Array {
  if (bits !== 128 && bits !== 256) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `bits must be 128 or 256; got ${show(bits)}`);
  }
  return randomBytes(bits / 8);
}
