// Byte helpers shared by every module: encoding, comparison and zeroization.
import { ByokError } from '../errors.js';
import { INPUT_LIMITS } from './limits.js';
import { secret } from './secrets.js';

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Overwrite secrets in place. Best effort: JS gives no guarantee that the engine
 * kept no other copy (SPEC §2 "The ESK is ephemeral").
 */
export function clean(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0);
}

/**
 * Bytes as callers hand them over: any ArrayBufferView (Uint8Array, Node's pooled byte
 * views, a DataView, another typed array) or an ArrayBuffer. Only the bytes the view covers count.
 */
export type BytesInput = ArrayBufferView | ArrayBuffer;

// Views and buffers are read through the intrinsic getters, each once (issue 11.1): a
// subclass overriding byteOffset or byteLength, a getter that answers differently each
// time, or an object that merely calls itself an ArrayBuffer cannot change what is read.
const getter = (proto: object, name: string) => Object.getOwnPropertyDescriptor(proto, name)!.get!;
const TYPED_ARRAY = Object.getPrototypeOf(Uint8Array.prototype) as object;
const TA_BUFFER = getter(TYPED_ARRAY, 'buffer');
const TA_OFFSET = getter(TYPED_ARRAY, 'byteOffset');
const TA_LENGTH = getter(TYPED_ARRAY, 'byteLength');
const DV_BUFFER = getter(DataView.prototype, 'buffer');
const DV_OFFSET = getter(DataView.prototype, 'byteOffset');
const DV_LENGTH = getter(DataView.prototype, 'byteLength');
const AB_LENGTH = getter(ArrayBuffer.prototype, 'byteLength');

/**
 * A Uint8Array over exactly the bytes a genuine view or ArrayBuffer covers, or undefined
 * for anything else. Detached buffers and views out of their (resized) buffer's bounds
 * cover no bytes.
 */
function region(value: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(value)) {
    let buffer: ArrayBufferLike, offset: number, length: number;
    try {
      buffer = TA_BUFFER.call(value) as ArrayBufferLike;
      offset = TA_OFFSET.call(value) as number;
      length = TA_LENGTH.call(value) as number;
    } catch {
      try {
        buffer = DV_BUFFER.call(value) as ArrayBufferLike;
        offset = DV_OFFSET.call(value) as number;
        length = DV_LENGTH.call(value) as number;
      } catch {
        return new Uint8Array(0); // a DataView over a detached buffer
      }
    }
    return length === 0 ? new Uint8Array(0) : new Uint8Array(buffer, offset, length);
  }
  // Cheap tests first (a thrown error costs microseconds): strings and most objects end here.
  if (typeof value !== 'object' || value === null || (!(value instanceof ArrayBuffer) && Object.prototype.toString.call(value) !== '[object ArrayBuffer]')) return undefined;
  let length: number;
  try {
    length = AB_LENGTH.call(value) as number; // throws for anything but a real ArrayBuffer (a toStringTag look-alike)
  } catch {
    return undefined;
  }
  return length === 0 ? new Uint8Array(0) : new Uint8Array(value as ArrayBuffer, 0, length);
}

export function isBytesInput(value: unknown): value is BytesInput {
  return region(value) !== undefined;
}

/** How many bytes a view or buffer covers (its byteLength, not its backing buffer's). */
export function byteLength(value: BytesInput): number {
  return region(value)?.length ?? 0;
}

/**
 * A fresh copy of exactly the bytes a view or buffer covers (issue 11.1): never the whole
 * backing buffer (Node's byte views often sit in a shared 8 KB pool), and immune to
 * the caller changing its array while an operation is in flight.
 */
export function copyBytes(value: BytesInput): Uint8Array<ArrayBuffer> {
  const bytes = region(value);
  const out = new Uint8Array(bytes?.length ?? 0);
  if (bytes) out.set(bytes);
  return out;
}

/**
 * The caller's bytes (not its backing buffer) in place, for a read that keeps no copy
 * (e.g. looking for a PEM header in what may be key material); undefined for non-bytes.
 */
export function bytesView(value: unknown): Uint8Array | undefined {
  return region(value);
}

/**
 * A call's byte input as it is when the call starts (issue 11.1): an operation that awaits
 * (a chunk load, a KMS round trip) must not wrap what the caller writes into its buffer
 * afterwards. Bytes are copied at once; strings and anything else pass through unchanged.
 * Inputs larger than every cap (INPUT_LIMITS.keyText) are only ever measured, never read,
 * so they become zeros of the same length. Give the result to {@link release} when done.
 */
export function snapshot(value: unknown): unknown {
  const bytes = region(value);
  if (bytes === undefined) return value;
  if (bytes.length > INPUT_LIMITS.keyText) return new Uint8Array(Math.min(bytes.length, 2 ** 26));
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return secret('input-copy', copy);
}

/** Overwrite a {@link snapshot} copy (never the caller's own value). */
export function release(copy: unknown, original: unknown): void {
  if (copy !== original && copy instanceof Uint8Array) clean(copy);
}

/** base64url without padding (RFC 4648 §5, RFC 7515 §2 "Base64url Encoding"). */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A copy backed by its own ArrayBuffer, as WebCrypto wants (BufferSource). Never
 * `bytes.slice().buffer`: Node overrides slice() to return a view, so that would be the whole pool.
 */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return copyBytes(bytes).buffer as ArrayBuffer;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'hex string expected');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
let ascii: TextDecoder | undefined;

/**
 * Standard base64 with padding (RFC 4648 §4). Written as ASCII codes and decoded once: a
 * string built 4 characters at a time cost 5x more for a 2.9 KB key wrap output. Used on
 * ciphertexts and signatures only, never on a secret.
 */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = B64_CODES[n >> 18]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = B64_CODES[(n >> 6) & 63]!;
    out[o++] = B64_CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = B64_CODES[n >> 18]!;
    out[o++] = B64_CODES[(n >> 12) & 63]!;
    out[o++] = rest === 2 ? B64_CODES[(n >> 6) & 63]! : 61; // '='
    out[o++] = 61;
  }
  ascii ??= new TextDecoder();
  return ascii.decode(out);
}

/**
 * Strict standard base64 (RFC 4648 §4); white space is ignored, as in PEM bodies and
 * console copy-paste. Returns undefined when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/[\s]+/g, '');
  if (s.length === 0 || s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const last = i + 4 === s.length;
      if (c === 61 /* = */ && last && j >= 4 - pad) {
        n <<= 6;
        continue;
      }
      const v = c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) return undefined;
      n = (n << 6) | v;
    }
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

/** I2OSP (RFC 8017 §4.1): big-endian, left-padded with zeros to `length` bytes. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16);
  if (hex.length > length * 2) throw new ByokError('ERR_OPERATION_FAILED', 'integer too large');
  return fromHex(hex.padStart(length * 2, '0'));
}

/** base64url (RFC 4648 §5), as in JWK members. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  const s = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(s + '='.repeat((4 - (s.length % 4)) % 4));
}
