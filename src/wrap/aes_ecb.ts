// AES-ECB on WebCrypto, so AES stays native and constant-time (SPEC §2, §4): one
// AES-CBC encryption of a single block under a zero IV is one ECB block.
import { ByokError } from '../errors.js';
import { clean, concat } from '../lib/bytes.js';
import { subtle } from '../lib/random.js';

const ZERO_IV = new Uint8Array(16);

/** PKCS#7 padding (RFC 5652 §6.3): 1..16 bytes, each the pad length. */
export function pkcs7Pad(data: Uint8Array): Uint8Array {
  const pad = 16 - (data.length % 16);
  return concat(data, new Uint8Array(pad).fill(pad));
}

/** AES-ECB encryption of whole blocks; the blocks go to WebCrypto in parallel. */
export async function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length % 16 !== 0) throw new ByokError('ERR_OPERATION_FAILED', 'AES-ECB needs whole 16-byte blocks');
  const s = subtle();
  let aesKey: CryptoKey;
  try {
    aesKey = await s.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-CBC' }, false, ['encrypt']);
  } catch (cause) {
    throw new ByokError('ERR_OPERATION_FAILED', 'AES key import failed', { cause });
  }
  const blocks: Promise<ArrayBuffer>[] = [];
  for (let i = 0; i < data.length; i += 16) {
    blocks.push(s.encrypt({ name: 'AES-CBC', iv: ZERO_IV }, aesKey, data.subarray(i, i + 16) as Uint8Array<ArrayBuffer>));
  }
  const out = new Uint8Array(data.length);
  const results = await Promise.all(blocks);
  results.forEach((r, i) => {
    // Each result is E(block) ‖ E(padding block): keep the first 16 bytes.
    const bytes = new Uint8Array(r);
    out.set(bytes.subarray(0, 16), i * 16);
  });
  return out;
}

/**
 * AES-ECB decryption of n blocks in two WebCrypto calls (SPEC §4): CBC decryption of
 * C_1..C_n under a zero IV gives D(C_i) ⊕ C_{i-1}; one more block, the CBC encryption
 * of an empty input under IV = C_n, makes the padding check pass.
 */
export async function aesEcbDecrypt(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length === 0 || data.length % 16 !== 0) throw new ByokError('ERR_OPERATION_FAILED', 'AES-ECB needs whole 16-byte blocks');
  const s = subtle();
  const aesKey = await s.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
  const last = data.subarray(data.length - 16);
  const padBlock = new Uint8Array(await s.encrypt({ name: 'AES-CBC', iv: last as Uint8Array<ArrayBuffer> }, aesKey, new Uint8Array(0)));
  const cbc = new Uint8Array(await s.decrypt({ name: 'AES-CBC', iv: ZERO_IV }, aesKey, concat(data, padBlock) as Uint8Array<ArrayBuffer>));
  // Undo the chaining: P_i = cbc_i ⊕ C_{i-1} (C_0 = zero IV).
  for (let i = 16; i < cbc.length; i++) cbc[i] = cbc[i]! ^ data[i - 16]!;
  return cbc;
}

export function pkcs7Unpad(data: Uint8Array): Uint8Array {
  const pad = data[data.length - 1]!;
  if (pad < 1 || pad > 16 || pad > data.length || !data.subarray(data.length - pad).every((b) => b === pad)) {
    clean(data);
    throw new ByokError('ERR_OPERATION_FAILED', 'decryption failed');
  }
  return data.subarray(0, data.length - pad);
}
