// Symmetric key material checks (SPEC §2: 256-bit or 128-bit material).
import { ByokError, show } from '../errors.js';
import { fromBase64, fromHex, isBytes } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';

const LENGTHS = [16, 32];

/**
 * The raw material as bytes, and whether the bytes are a copy this library made
 * (and so must overwrite). Strings are base64 (`openssl rand -base64 32`) or hex.
 */
export function readSymmetricMaterial(keyMaterial: unknown, algorithm: string): { bytes: Uint8Array; copy: boolean } {
  let bytes: Uint8Array | undefined;
  let copy = false;
  if (isBytes(keyMaterial)) {
    bytes = keyMaterial;
  } else if (typeof keyMaterial === 'string') {
    const text = keyMaterial.trim();
    // 32/64 hex digits never decode to 16/32 bytes of base64, so hex is unambiguous.
    bytes = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/.test(text) ? fromHex(text) : fromBase64(text);
    copy = true;
    if (!bytes) throw new ByokError('ERR_INVALID_KEY_MATERIAL', 'keyMaterial is a string but neither base64 nor hex');
  } else {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'keyMaterial must be a Uint8Array or a base64/hex string');
  }
  if (!LENGTHS.includes(bytes.length)) {
    if (copy) bytes.fill(0);
    throw new ByokError(
      'ERR_INVALID_KEY_MATERIAL',
      `${algorithm} wraps 16-byte (128-bit) or 32-byte (256-bit) symmetric key material; got ${bytes.length} bytes`,
    );
  }
  if (bytes.every((b) => b === bytes![0])) {
    if (copy) bytes.fill(0);
    throw new ByokError(
      'ERR_WEAK_KEY_MATERIAL',
      'keyMaterial is a single byte repeated (all zeros is what a failed shell recipe yields): generate it with generateKeyMaterial()',
    );
  }
  return { bytes, copy };
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
