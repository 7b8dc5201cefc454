// SM2 public-key encryption, GB/T 32918.4-2016 §6 (encryption) and §7 (decryption).
// Curve arithmetic from @noble/curves; the ephemeral scalar k from crypto.getRandomValues
// on every call (never sm-crypto's RC4 generator: SPEC §4).
import { ByokError } from '../errors.js';
import { bytesToBigInt, clean, concat, equalBytes } from '../lib/bytes.js';
import { children, encodeTlv, isFramedSequence, readTlv } from '../lib/der.js';
import { INPUT_LIMITS, limitText } from '../lib/limits.js';
import { curvePoint, decodePoint, randomScalar, scalar, scalarToBytes } from '../ec/curves.js';
import { secret } from '../lib/secrets.js';
import { sm3 } from './sm3_sm4.js';

export type Sm2Layout = 'c1c3c2' | 'der';

/** The three parts of an SM2 ciphertext. C1 is 0x04‖x1‖y1 (65 bytes), C3 the SM3 tag (32). */
export interface Sm2Parts {
  c1: Uint8Array;
  c3: Uint8Array;
  c2: Uint8Array;
}

export function sm2Encrypt(publicPoint: Uint8Array, message: Uint8Array, layout: Sm2Layout = 'c1c3c2'): Uint8Array {
  for (;;) {
    const k = secret('sm2-ephemeral', randomScalar('SM2'));
    try {
      const parts = sm2EncryptWithK(publicPoint, message, k);
      if (parts) return encodeSm2(parts, layout);
    } finally {
      clean(k);
    }
  }
}

/**
 * The deterministic core with k given: the seam through which the GB/T 32918.5
 * Annex C vector's k is injected. Returns undefined when t is all zero (§6.1 A5: retry).
 */
export function sm2EncryptWithK(publicPoint: Uint8Array, message: Uint8Array, k: Uint8Array): Sm2Parts | undefined {
  if (message.length === 0) throw new ByokError('ERR_OPERATION_FAILED', 'SM2 cannot encrypt an empty message');
  const P = curvePoint('SM2');
  const pb = decodePoint('SM2', publicPoint);
  const kk = scalar('SM2', k);
  // A2: C1 = [k]G. A3: [h]PB ≠ O holds for h = 1 and a validated PB.
  const c1 = P.BASE.multiply(kk).toBytes(false);
  // A4: [k]PB = (x2, y2).
  const shared = secret('sm2-shared-secret', pb.multiply(kk).toBytes(false));
  const x2 = shared.subarray(1, 33);
  const y2 = shared.subarray(33, 65);
  // A5: t = KDF(x2‖y2, klen).
  const t = secret('sm2-shared-secret', kdf(shared.subarray(1), message.length));
  if (t.every((b) => b === 0)) {
    clean(shared, t);
    return undefined;
  }
  // A6: C2 = M ⊕ t. A7: C3 = Hash(x2‖M‖y2).
  const c2 = new Uint8Array(message.length);
  for (let i = 0; i < c2.length; i++) c2[i] = message[i]! ^ t[i]!;
  const hashInput = secret('sm2-shared-secret', concat(x2, message, y2));
  const c3 = sm3(hashInput);
  clean(shared, t, hashInput);
  return { c1, c3, c2 };
}

/** SM2 decryption (GB/T 32918.4 §7.1) with the private scalar d (32 bytes). */
export function sm2Decrypt(d: Uint8Array, ciphertext: Uint8Array, layout: Sm2Layout = 'c1c3c2'): Uint8Array {
  const { c1, c3, c2 } = decodeSm2(ciphertext, layout);
  if (c2.length > INPUT_LIMITS.sm2Plaintext) {
    throw new ByokError('ERR_OPERATION_FAILED', `the SM2 ciphertext carries ${c2.length} bytes; ${limitText('sm2Plaintext', 'bytes')}`);
  }
  const C1 = decodePoint('SM2', c1);
  const shared = C1.multiply(scalar('SM2', d)).toBytes(false);
  const t = kdf(shared.subarray(1), c2.length);
  if (t.every((b) => b === 0)) throw new ByokError('ERR_OPERATION_FAILED', 'SM2 decryption failed');
  const m = new Uint8Array(c2.length);
  for (let i = 0; i < m.length; i++) m[i] = c2[i]! ^ t[i]!;
  const u = sm3(concat(shared.subarray(1, 33), m, shared.subarray(33)));
  clean(shared, t);
  if (!equalBytes(u, c3)) {
    clean(m);
    throw new ByokError('ERR_OPERATION_FAILED', 'SM2 decryption failed');
  }
  return m;
}

/** KDF of GB/T 32918.4 §5.4.3 with SM3: Ha_i = SM3(Z ‖ ct), ct a 32-bit counter from 1. */
function kdf(z: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(z.length + 4);
  input.set(z);
  for (let ct = 1, offset = 0; offset < length; ct++, offset += 32) {
    new DataView(input.buffer).setUint32(z.length, ct);
    const h = sm3(input);
    out.set(h.subarray(0, Math.min(32, length - offset)), offset);
    clean(h);
  }
  clean(input);
  return out;
}

export function encodeSm2({ c1, c3, c2 }: Sm2Parts, layout: Sm2Layout): Uint8Array {
  if (layout === 'c1c3c2') return concat(c1, c3, c2);
  // GM/T 0009-2012 §7.2: SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING, CipherText OCTET STRING }
  return encodeTlv(
    0x30,
    concat(derInteger(c1.subarray(1, 33)), derInteger(c1.subarray(33, 65)), encodeTlv(0x04, c3), encodeTlv(0x04, c2)),
  );
}

export function decodeSm2(ciphertext: Uint8Array, layout: Sm2Layout): Sm2Parts {
  const bad = () => new ByokError('ERR_OPERATION_FAILED', `not an SM2 ciphertext in the ${layout} layout`);
  if (layout === 'c1c3c2') {
    if (ciphertext.length < 65 + 32 + 1 || ciphertext[0] !== 0x04) throw bad();
    return { c1: ciphertext.subarray(0, 65), c3: ciphertext.subarray(65, 97), c2: ciphertext.subarray(97) };
  }
  if (!isFramedSequence(ciphertext)) throw bad();
  const kids = children(ciphertext, readTlv(ciphertext)!);
  if (!kids || kids.length !== 4 || kids[0]!.tag !== 2 || kids[1]!.tag !== 2 || kids[2]!.tag !== 4 || kids[3]!.tag !== 4) throw bad();
  const [x, y, h, c] = kids.map((t) => ciphertext.subarray(t.start, t.end)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (h.length !== 32 || c.length === 0) throw bad();
  return {
    c1: concat(new Uint8Array([4]), scalarToBytes('SM2', bytesToBigInt(x)), scalarToBytes('SM2', bytesToBigInt(y))),
    c3: h,
    c2: c,
  };
}

/** A non-negative INTEGER in minimal DER form (X.690 §8.3). */
function derInteger(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  return encodeTlv(0x02, v[0]! & 0x80 ? concat(new Uint8Array([0]), v) : v);
}
