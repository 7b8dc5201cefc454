// A minimal DER reader/writer (X.690 §8.1) for framing checks, sniffing what kind of
// structure a blob is, and wrapping bare keys. Real parsing uses the @peculiar schemas.

export interface Tlv {
  tag: number;
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
  return end <= der.length ? { tag, start, end } : undefined;
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
