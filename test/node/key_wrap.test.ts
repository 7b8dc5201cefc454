// AES key wrap (RFC 3394) and with padding (RFC 5649): the published vectors (the RFCs'
// own, Wycheproof's valid and invalid cases) and OpenSSL 3 (`-id-aesN-wrap[-pad]`) on
// random lengths, both ways.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ByokError } from '../../src/index.js';
import { aesKwUnwrap, aesKwWrap, aesKwpUnwrap, aesKwpWrap } from '../../src/wrap/aes_key_wrap.js';
import { opensslKeyWrap } from './helpers/openssl.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

type Rfc = { name: string; kek: string; key: string; wrapped: string };
const rfc = JSON.parse(readFileSync('test/vectors/rfc3394_rfc5649.json', 'utf8')) as { kw: Rfc[]; kwp: Rfc[] };

type WycheproofCase = { tcId: number; comment: string; flags: string[]; key: string; msg: string; ct: string; result: 'valid' | 'invalid' | 'acceptable' };
const wycheproof = (file: string) =>
  (JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8')) as { testGroups: { tests: WycheproofCase[] }[] }).testGroups.flatMap((g) => g.tests);
const label = (t: WycheproofCase) => `tcId ${t.tcId} (${t.result}, ${t.flags.join(',')}${t.comment ? `: ${t.comment}` : ''})`;

const SCHEMES = [
  { name: 'AES-KWP', wrap: aesKwpWrap, unwrap: aesKwpUnwrap, rfc: rfc.kwp, wycheproof: wycheproof('wycheproof_aes_kwp.json') },
  { name: 'AES-KW', wrap: aesKwWrap, unwrap: aesKwUnwrap, rfc: rfc.kw, wycheproof: wycheproof('wycheproof_aes_wrap.json') },
];

for (const scheme of SCHEMES) {
  describe(`${scheme.name}: published vectors`, () => {
    it.each(scheme.rfc.map((v) => [v.name, v] as const))('%s: wrap and unwrap', (_name, v) => {
      expect(toHex(scheme.wrap(hex(v.kek), hex(v.key)))).toBe(v.wrapped);
      expect(toHex(scheme.unwrap(hex(v.kek), hex(v.wrapped)))).toBe(v.key);
    });

    it(`Wycheproof: ${scheme.wycheproof.length} cases`, () => {
      expect(scheme.wycheproof.length).toBeGreaterThan(150);
      for (const t of scheme.wycheproof) {
        const kek = hex(t.key);
        let unwrapped: Uint8Array | ByokError;
        try {
          unwrapped = scheme.unwrap(kek, hex(t.ct));
        } catch (e) {
          expect.soft(e, label(t)).toBeInstanceOf(ByokError);
          unwrapped = e as ByokError;
        }
        if (t.result === 'valid') {
          expect.soft(unwrapped instanceof ByokError ? unwrapped.message : toHex(unwrapped), label(t)).toBe(t.msg);
          // Wrapping is deterministic: the same ciphertext comes back.
          expect.soft(toHex(scheme.wrap(kek, hex(t.msg))), label(t)).toBe(t.ct);
        } else if (t.result === 'invalid') {
          expect.soft(unwrapped instanceof ByokError && unwrapped.code, label(t)).toBe('ERR_OPERATION_FAILED');
        } else if (!(unwrapped instanceof ByokError)) {
          // 'acceptable' (KW of an 8-byte key): refusing is fine; accepting must be right.
          expect.soft(toHex(unwrapped), label(t)).toBe(t.msg);
        }
      }
    });
  });
}

// A small deterministic generator (sfc32), so that a failure names a reproducible case.
function sfc32(seed: number) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return { int: (max: number) => next() % max, bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff) };
}

describe('OpenSSL 3 opens what we wrap, and we open what it wraps (seeded random lengths 1–4096)', () => {
  const KEK_BYTES = [16, 24, 32];
  const rng = sfc32(5649);
  // Every length class: 1..16 exhaustively (the one-block case and the first W cases), then random up to 4096.
  const lengths = [...Array.from({ length: 16 }, (_, i) => i + 1), 4096, ...Array.from({ length: 40 }, () => 1 + rng.int(4096))];
  const cases = lengths.map((length, i) => ({ length, kek: rng.bytes(KEK_BYTES[i % 3]!), plaintext: rng.bytes(length) }));

  it.each(cases.map((c) => [c.length, c.kek.length * 8, c] as const))('KWP, %i bytes, AES-%i: OpenSSL unwraps ours, and wraps the same bytes', (_l, _bits, c) => {
    const wrapped = aesKwpWrap(c.kek, c.plaintext);
    expect(wrapped.length).toBe(8 * Math.ceil(c.length / 8) + 8);
    expect(toHex(opensslKeyWrap('unwrap', true, c.kek, wrapped))).toBe(toHex(c.plaintext));
    const theirs = opensslKeyWrap('wrap', true, c.kek, c.plaintext);
    expect(toHex(theirs)).toBe(toHex(wrapped));
    expect(toHex(aesKwpUnwrap(c.kek, theirs))).toBe(toHex(c.plaintext));
  });

  const kwCases = cases.filter((c) => c.length >= 16).map((c) => ({ ...c, plaintext: c.plaintext.subarray(0, c.length - (c.length % 8)) }));
  it.each(kwCases.map((c) => [c.plaintext.length, c.kek.length * 8, c] as const))('KW, %i bytes, AES-%i: OpenSSL unwraps ours, and wraps the same bytes', (_l, _bits, c) => {
    const wrapped = aesKwWrap(c.kek, c.plaintext);
    expect(toHex(opensslKeyWrap('unwrap', false, c.kek, wrapped))).toBe(toHex(c.plaintext));
    expect(toHex(opensslKeyWrap('wrap', false, c.kek, c.plaintext))).toBe(toHex(wrapped));
    expect(toHex(aesKwUnwrap(c.kek, wrapped))).toBe(toHex(c.plaintext));
  });
});

describe('refusals', () => {
  const kek = new Uint8Array(32).fill(1);
  it.each([
    ['KWP of nothing', () => aesKwpWrap(kek, new Uint8Array(0)), 'ERR_INVALID_KEY_MATERIAL'],
    ['KW of 8 bytes (RFC 3394 needs two semiblocks)', () => aesKwWrap(kek, new Uint8Array(8)), 'ERR_INVALID_KEY_MATERIAL'],
    ['KW of 20 bytes (not whole semiblocks)', () => aesKwWrap(kek, new Uint8Array(20)), 'ERR_INVALID_KEY_MATERIAL'],
    ['a 20-byte KEK', () => aesKwpWrap(new Uint8Array(20), new Uint8Array(8)), 'ERR_INVALID_ARGUMENT'],
    ['KWP unwrap of 8 bytes', () => aesKwpUnwrap(kek, new Uint8Array(8)), 'ERR_OPERATION_FAILED'],
    ['KWP unwrap of 17 bytes', () => aesKwpUnwrap(kek, new Uint8Array(17)), 'ERR_OPERATION_FAILED'],
    ['KW unwrap of 16 bytes', () => aesKwUnwrap(kek, new Uint8Array(16)), 'ERR_OPERATION_FAILED'],
    ['KWP unwrap under another key', () => aesKwpUnwrap(new Uint8Array(32).fill(2), aesKwpWrap(kek, new Uint8Array(40).fill(9))), 'ERR_OPERATION_FAILED'],
  ] as const)('%s', (_what, run, code) => {
    expect(run).toThrow(expect.objectContaining({ name: 'ByokError', code }));
  });
});
