// A test-side DER writer (X.690), written independently of src/lib/der.ts, to build the
// inconsistent and hostile keys nobody's generator makes.
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Uint8Array.from([tag, ...len, ...content]);
}

export const seq = (...parts: Uint8Array[]) => tlv(0x30, cat(...parts));
export const octets = (b: Uint8Array) => tlv(0x04, b);
export const bits = (b: Uint8Array) => tlv(0x03, cat(Uint8Array.of(0), b));

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A non-negative INTEGER, minimal (or with extra leading zero octets when `pad` > 0). */
export function int(v: bigint, pad = 0): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes: Uint8Array = Uint8Array.from(Buffer.from(hex, "hex"));
  if (bytes[0]! & 0x80) bytes = cat(Uint8Array.of(0), bytes);
  return tlv(0x02, cat(new Uint8Array(pad), bytes));
}

export const toBig = (b: Uint8Array | Buffer) => (b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex')));
export const fromB64Url = (s: string) => toBig(Buffer.from(s, 'base64url'));

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const stack = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

export interface RsaFields {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

/** RSAPrivateKey (RFC 8017 A.1.2), two-prime. */
export function rsaPrivateKey(k: RsaFields): Uint8Array {
  return seq(int(0n), int(k.n), int(k.e), int(k.d), int(k.p), int(k.q), int(k.dp), int(k.dq), int(k.qi));
}

/** SubjectPublicKeyInfo of an RSA key with the given n and e (RFC 8017 A.1.1, RFC 5280). */
export function rsaSpki(n: bigint, e: bigint): Uint8Array {
  return seq(seq(oid('1.2.840.113549.1.1.1'), Uint8Array.of(5, 0)), bits(seq(int(n), int(e))));
}
