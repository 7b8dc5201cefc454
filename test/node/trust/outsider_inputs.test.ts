// Inputs an outside review fed the library: PEM read from a file as bytes (a BOM, a blank
// line, `openssl pkcs12 -nodes` output with Bag Attributes and certificates first), buffers
// detached by a transfer to a Worker, PKCS#8 v2 whose publicKey is another key's, SEC1
// with a compressed point and no curve, and DER that is not raw key material handed to
// the RSA+AES family. OpenSSL says what the right answer is.
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByokError, createAzureByok, generateKeyMaterial, toPkcs8, wrapKeyMaterial } from '../../../src/index.js';
import { OAEP_SHA256, fixture, openssl, opensslKeyWrap, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64, tmp } from '../helpers/openssl.js';

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const tlv = (tag: number, body: Uint8Array) => {
  const l = body.length;
  return cat(Uint8Array.from(l < 128 ? [tag, l] : l < 256 ? [tag, 0x81, l] : [tag, 0x82, l >> 8, l & 255]), body);
};
/** The elements of a DER SEQUENCE (short or long form lengths). */
function items(der: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  while (o < der.length) {
    let l = der[o + 1]!;
    let s = o + 2;
    if (l & 0x80) {
      const n = l & 0x7f;
      l = 0;
      for (let i = 0; i < n; i++) l = l * 256 + der[s + i]!;
      s += n;
    }
    out.push(der.subarray(o, s + l));
    o = s + l;
  }
  return out;
}
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as ByokError;
  }
  throw new Error('accepted');
};

describe('PEM read from a file as bytes is PEM, wherever its first block starts', () => {
  const key = fixture('p256');
  const cert = () => openssl(['req', '-x509', '-new', '-key', key.path, '-subj', '/CN=t', '-days', '1']).toString();
  const pkcs12Nodes = () => {
    const certPath = tmp('outsider-cert.pem', cert());
    const p12 = tmp('outsider.p12');
    openssl(['pkcs12', '-export', '-inkey', key.path, '-in', certPath, '-passout', 'pass:x', '-out', p12]);
    return openssl(['pkcs12', '-in', p12, '-passin', 'pass:x', '-nodes']).toString(); // Bag Attributes, the certificate, then the key
  };
  const variants: [string, () => Uint8Array][] = [
    ['a UTF-8 BOM first', () => cat(Uint8Array.from([0xef, 0xbb, 0xbf]), enc(key.pem))],
    ['a blank line first', () => enc(`\r\n${key.pem}`)],
    ['`openssl pkcs12 -nodes` output (Bag Attributes, certificate, key)', () => enc(pkcs12Nodes())],
  ];
  for (const [what, bytes] of variants) {
    it(`toPkcs8: ${what}, as bytes and as text`, () => {
      const want = opensslPkcs8Der(key.path);
      expect(Buffer.from(toPkcs8(bytes()).pkcs8).equals(want)).toBe(true);
      expect(Buffer.from(toPkcs8(new TextDecoder().decode(bytes())).pkcs8).equals(want)).toBe(true);
    });
    it(`RSA_OAEP_3072_SHA256_AES_256 wraps the key, not the PEM text: ${what} (OpenSSL unwraps)`, async () => {
      const { bytes: out } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa3072'), wrappingAlgorithm: 'RSA_OAEP_3072_SHA256_AES_256', keyMaterial: bytes() });
      const esk = pkeyutlDecrypt(fixture('rsa3072').path, out.subarray(0, 384), OAEP_SHA256);
      expect(opensslKeyWrap('unwrap', true, esk, out.subarray(384)).equals(opensslPkcs8Der(key.path))).toBe(true);
    });
  }

  it('a PEM file holding only certificates is refused as having no key', () => {
    expect(refusal(() => toPkcs8(enc(cert()))).message).toMatch(/no key block/);
  });
});

describe('a buffer detached by a transfer (postMessage to a Worker) gets a ByokError', () => {
  const detached = () => {
    const m = generateKeyMaterial();
    structuredClone(m.buffer, { transfer: [m.buffer] });
    return m;
  };
  const publicKey = fixture('rsa2048').pubPem;
  const cases: [string, () => Promise<unknown>][] = [
    ['wrapKeyMaterial RSAES_OAEP_SHA_256', () => wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: detached() })],
    ['wrapKeyMaterial RSA_AES_KEY_WRAP_SHA_256', () => wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: detached() })],
    ['createAzureByok', () => createAzureByok({ kid: 'https://v.vault.azure.net/keys/k/1', publicKey, keyMaterial: detached() })],
    ['wrapKeyMaterial with a detached publicKey', () => {
      const pk = enc(publicKey);
      structuredClone(pk.buffer, { transfer: [pk.buffer] });
      return wrapKeyMaterial({ publicKey: pk, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() });
    }],
  ];
  for (const [what, run] of cases) {
    it(what, async () => {
      const e = await run().then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(ByokError);
      expect((e as ByokError).message).toMatch(/empty|length|bytes/);
    });
  }
});

describe('private key structures are checked as a whole', () => {
  it('PKCS#8 v2 whose publicKey is another key’s is refused (EC and RSA)', () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const b = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const [, alg, priv] = items(new Uint8Array(a.privateKey.export({ type: 'pkcs8', format: 'der' })));
    const v2 = (pub: Uint8Array) => tlv(0x30, cat(Uint8Array.from([2, 1, 1]), alg!, priv!, tlv(0x81, cat(Uint8Array.of(0), pub))));
    const own = new Uint8Array(a.publicKey.export({ type: 'spki', format: 'der' })).subarray(-65);
    const foreign = new Uint8Array(b.publicKey.export({ type: 'spki', format: 'der' })).subarray(-65);
    expect(toPkcs8(v2(own)).spec).toBe('EC_P256');
    expect(refusal(() => toPkcs8(v2(foreign))).message).toMatch(/does not belong/);

    const r = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const s = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const [, ralg, rpriv] = items(new Uint8Array(r.privateKey.export({ type: 'pkcs8', format: 'der' })));
    const rsaV2 = (k: typeof r) => tlv(0x30, cat(Uint8Array.from([2, 1, 1]), ralg!, rpriv!, tlv(0x81, cat(Uint8Array.of(0), new Uint8Array(k.publicKey.export({ type: 'pkcs1', format: 'der' }))))));
    expect(toPkcs8(rsaV2(r)).spec).toBe('RSA_2048');
    expect(refusal(() => toPkcs8(rsaV2(s))).message).toMatch(/does not belong/);
    // The normalised output is version 1, as `openssl pkcs8 -topk8` writes.
    expect(Buffer.from(toPkcs8(rsaV2(r)).pkcs8).equals(Buffer.from(r.privateKey.export({ type: 'pkcs8', format: 'der' })))).toBe(true);
  });

  it('a publicKey in PKCS#8 version 1, or fields out of order, is refused', () => {
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const [, alg, priv] = items(new Uint8Array(a.privateKey.export({ type: 'pkcs8', format: 'der' })));
    const pub = tlv(0x81, cat(Uint8Array.of(0), new Uint8Array(a.publicKey.export({ type: 'spki', format: 'der' })).subarray(-65)));
    const attrs = tlv(0xa0, Uint8Array.of());
    expect(refusal(() => toPkcs8(tlv(0x30, cat(Uint8Array.from([2, 1, 0]), alg!, priv!, pub)))).message).toMatch(/version 2/);
    expect(refusal(() => toPkcs8(tlv(0x30, cat(Uint8Array.from([2, 1, 1]), alg!, priv!, pub, attrs)))).message).toMatch(/unexpected fields/);
  });

  it('SEC1 with a compressed point and no curve: the curve is the one where the point is d·G (20 SM2 keys)', () => {
    for (let i = 0; i < 20; i++) {
      const k = generateKeyPairSync('ec', { namedCurve: 'SM2' });
      const [ver, d, , pubTlv] = items(new Uint8Array(k.privateKey.export({ type: 'sec1', format: 'der' })));
      const q = pubTlv!.subarray(-65);
      const compressed = cat(Uint8Array.of(2 + (q[64]! & 1)), q.subarray(1, 33));
      const parsed = toPkcs8(tlv(0x30, cat(ver!, d!, tlv(0xa1, tlv(0x03, cat(Uint8Array.of(0), compressed))))));
      expect(parsed.spec).toBe('EC_SM2');
      expect(Buffer.from(parsed.pkcs8).equals(Buffer.from(k.privateKey.export({ type: 'pkcs8', format: 'der' })))).toBe(true);
    }
  });
});

describe('RSA+AES raw targets: DER that is plainly not key bytes is refused', () => {
  const wrap = (keyMaterial: Uint8Array) => wrapKeyMaterial({ publicKey: fixture('rsa2048').pubPem, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial });
  const spki = () => new Uint8Array(createPublicKey(fixture('p256').pubPem).export({ type: 'spki', format: 'der' }));
  const certDer = () => new Uint8Array(openssl(['req', '-x509', '-new', '-key', fixture('p256').path, '-subj', '/CN=t', '-days', '1', '-outform', 'DER']));

  for (const [what, bytes] of [
    ['a SubjectPublicKeyInfo', spki],
    ['a certificate', certDer],
    ['a PKCS#8 key read with its trailing newline', () => cat(new Uint8Array(opensslPkcs8Der(fixture('p256').path)), enc('\n'))],
  ] as const) {
    it(what, async () => {
      await expect(wrap(bytes())).rejects.toMatchObject({ code: 'ERR_INVALID_KEY_MATERIAL' });
    });
  }

  it('random bytes that merely start like DER are still wrapped as they are', async () => {
    const filler = (n: number) => new Uint8Array(n).map((_, i) => (i * 37 + 11) & 0xff);
    const lookalikes = [
      cat(Uint8Array.of(0x30, 0x1e, 0x04, 0x1c), filler(28)), // one OCTET STRING inside
      cat(Uint8Array.of(0x30, 0x1e, 0x02, 0x01, 0x00, 0x04, 0x19), filler(25)), // INTEGER, OCTET STRING
      cat(Uint8Array.of(0x30, 0x1e, 0x30, 0x00, 0x02, 0x1a), filler(26)), // SEQUENCE first, but no BIT STRING last
    ];
    for (const raw of lookalikes) {
      expect(raw.length).toBe(32);
      const { bytes: out } = await wrap(raw);
      const esk = pkeyutlDecrypt(fixture('rsa2048').path, out.subarray(0, 256), OAEP_SHA256);
      expect(opensslKeyWrap('unwrap', true, esk, out.subarray(256)).equals(Buffer.from(raw))).toBe(true);
    }
  });
});
