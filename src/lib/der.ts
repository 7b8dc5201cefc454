// A minimal DER reader/writer (X.690 §8.1) for framing checks, sniffing what kind of
// structure a blob is, and wrapping bare keys. Real parsing uses the @peculiar schemas.

export interface Tlv {
  tag: number;
  /** Offset of the tag octet. */
  offset: number;
  /** Offset of the content octets. */
  start: number;
  /** Offset one past the content octets. */
  end: number;
}

export function readTlv(der: Uint8Array, offset = 0): Tlv | undefined {
  if (offset + 2 > der.length) return undefined;
  const tag = der[offset]!;
  let len = der[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  const end = start + len;
  return end <= der.length ? { tag, offset, start, end } : undefined;
}

/** The children of a constructed TLV, or undefined when they do not tile it exactly. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const t = readTlv(der, offset);
    if (!t || t.end > parent.end) return undefined;
    out.push(t);
    offset = t.end;
  }
  return out;
}

/** The outer TLV is a SEQUENCE spanning the input exactly (no truncation, no trailing bytes). */
export function isFramedSequence(der: Uint8Array): boolean {
  const t = readTlv(der);
  return t !== undefined && t.tag === 0x30 && t.end === der.length;
}

export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else if (len < 0x100) header = [tag, 0x81, len];
  else if (len < 0x10000) header = [tag, 0x82, len >> 8, len & 0xff];
  else header = [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
  const out = new Uint8Array(header.length + len);
  out.set(header);
  out.set(content, header.length);
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER's content octets (X.690 §8.19). */
export function decodeOid(body: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (const b of body) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}

/** A strict reader over one DER structure: each step names what it expects, or fails. */
export class DerReader {
  constructor(
    readonly der: Uint8Array,
    private readonly fail: (what: string) => never,
  ) {}

  /** The children of a SEQUENCE that spans `bytes` exactly. */
  sequence(bytes: Uint8Array = this.der): { bytes: Uint8Array; items: Tlv[] } {
    const t = readTlv(bytes);
    if (!t || t.tag !== 0x30 || t.end !== bytes.length) this.fail('a SEQUENCE');
    const items = children(bytes, t!);
    if (!items) this.fail('well-formed SEQUENCE contents');
    return { bytes, items: items! };
  }

  /** A child TLV's own bytes (tag, length and content), e.g. a nested SEQUENCE. */
  whole(bytes: Uint8Array, t: Tlv | undefined, tag: number, what: string): Uint8Array {
    if (!t || t.tag !== tag) this.fail(what);
    return bytes.subarray(t!.offset, t!.end);
  }

  content(bytes: Uint8Array, t: Tlv | undefined, tag: number, what: string): Uint8Array {
    if (!t || t.tag !== tag) this.fail(what);
    return bytes.subarray(t!.start, t!.end);
  }

  /** A non-negative INTEGER's magnitude, without the sign octet (X.690 §8.3; DER: minimal). */
  unsigned(bytes: Uint8Array, t: Tlv | undefined, what: string): Uint8Array {
    const v = this.content(bytes, t, 0x02, what);
    if (v.length === 0 || v[0]! & 0x80) this.fail(`${what} (a non-negative INTEGER)`);
    // X.690 §8.3.2: a leading 0x00 only before a byte with its top bit set.
    if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) this.fail(`${what} in minimal DER form`);
    return v[0] === 0 && v.length > 1 ? v.subarray(1) : v;
  }

  small(bytes: Uint8Array, t: Tlv | undefined, what: string): number {
    const v = this.unsigned(bytes, t, what);
    if (v.length > 1) this.fail(what);
    return v[0]!;
  }

  oid(bytes: Uint8Array, t: Tlv | undefined, what: string): string {
    return decodeOid(this.content(bytes, t, 0x06, what));
  }
}
