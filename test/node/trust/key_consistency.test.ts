// Issue 11.3 / 11.4: no inconsistent private key and no malformed wrapping public key is
// accepted. Each broken key is built here by hand; OpenSSL (`rsa -check`, `ec -check`)
// confirms independently that it is broken, so the refusal is not our own opinion.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { ByokError, generateKeyMaterial, toPkcs8, wrapKeyMaterial } from '../../../src/index.js';
import { bits, cat, fromB64Url, int, octets, oid, rsaPrivateKey, rsaSpki, seq, tlv, toBig, type RsaFields } from '../helpers/der.js';
import { fixture, openssl, opensslPkcs8Der, tmp } from '../helpers/openssl.js';

const gcd = (a: bigint, b: bigint): bigint => (b ? gcd(b, a % b) : a);
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const rsa = (() => {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const f = (k: string) => fromB64Url((jwk as Record<string, string>)[k]!);
  return { n: f('n'), e: f('e'), d: f('d'), p: f('p'), q: f('q'), dp: f('dp'), dq: f('dq'), qi: f('qi') } as RsaFields;
})();

let checks = 0;
/** OpenSSL 3.0's `rsa -check` / `ec -check` exit 0 either way: read their verdict. */
function opensslAccepts(der: Uint8Array, tool: 'rsa' | 'ec'): boolean {
  const r = spawnSync('openssl', [tool, '-inform', 'DER', '-in', tmp(`check-${++checks}.der`, der), '-check', '-noout'], { encoding: 'utf8' });
  const out = r.stdout + r.stderr;
  return tool === 'rsa' ? /RSA key ok/.test(out) && !/not ok/.test(out) : /EC Key valid/.test(out);
}

function refusal(f: () => unknown): ByokError {
  try {
    f();
  } catch (e) {
    if (e instanceof ByokError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('RSA private keys: every relation of RFC 8017 §3.2 is checked', () => {
  const lambda = ((rsa.p - 1n) * (rsa.q - 1n)) / gcd(rsa.p - 1n, rsa.q - 1n);
  const phi = (rsa.p - 1n) * (rsa.q - 1n);

  it('the untouched key is accepted, and so is the same key with d = e⁻¹ mod φ(n) instead of mod λ(n)', () => {
    expect(toPkcs8(rsaPrivateKey(rsa)).spec).toBe('RSA_2048');
    const dPhi = modInverse(rsa.e, phi);
    const k = { ...rsa, d: dPhi, dp: dPhi % (rsa.p - 1n), dq: dPhi % (rsa.q - 1n) };
    expect(opensslAccepts(rsaPrivateKey(k), 'rsa')).toBe(true);
    expect(toPkcs8(rsaPrivateKey(k)).spec).toBe('RSA_2048');
    expect(lambda).not.toBe(phi);
  });

  const broken: [string, Partial<RsaFields>, RegExp][] = [
    ['exponent1 (dP) off by 2', { dp: rsa.dp + 2n }, /exponent1/],
    ['exponent2 (dQ) off by 2', { dq: rsa.dq + 2n }, /exponent2/],
    ['coefficient (qInv) off by 1', { qi: rsa.qi + 1n }, /coefficient/],
    ['private exponent d off by 2', { d: rsa.d + 2n }, /λ/],
    ['public exponent changed', { e: rsa.e + 2n }, /λ|exponent/],
    ['primes swapped without recomputing the CRT values', { p: rsa.q, q: rsa.p }, /exponent1|coefficient/],
    ['modulus off by 2', { n: rsa.n + 2n }, /prime1 × prime2/],
    ['an even public exponent', { e: 65536n }, /public exponent/],
  ];
  for (const [what, change, message] of broken) {
    it(`refused: ${what} (and OpenSSL's rsa -check agrees)`, () => {
      const der = rsaPrivateKey({ ...rsa, ...change });
      expect(opensslAccepts(der, 'rsa')).toBe(false);
      const e = refusal(() => toPkcs8(der));
      expect(e.code).toBe('ERR_INVALID_PRIVATE_KEY');
      expect(e.message).toMatch(message);
    });
  }

  it('refused inside PKCS#8 and PEM too, and by wrapKeyMaterial before anything is wrapped', async () => {
    const der = rsaPrivateKey({ ...rsa, dp: rsa.dp + 2n });
    const pkcs8 = seq(int(0n), seq(oid('1.2.840.113549.1.1.1'), Uint8Array.of(5, 0)), octets(der));
    const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    expect(refusal(() => toPkcs8(pkcs8)).code).toBe('ERR_INVALID_PRIVATE_KEY');
    expect(refusal(() => toPkcs8(pem)).code).toBe('ERR_INVALID_PRIVATE_KEY');
    await expect(
      wrapKeyMaterial({ publicKey: fixture('rsa2048').pubPem, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: pem }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_PRIVATE_KEY' });
  });

  it('an INTEGER that is not minimal DER is refused', () => {
    const der = seq(int(0n), int(rsa.n), int(rsa.e, 1), int(rsa.d), int(rsa.p), int(rsa.q), int(rsa.dp), int(rsa.dq), int(rsa.qi));
    expect(refusal(() => toPkcs8(der)).message).toMatch(/minimal DER/);
  });

  it('a modulus of an unsupported size is named as such', () => {
    const small = createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
    expect(refusal(() => toPkcs8(small.export({ type: 'pkcs1', format: 'pem' }) as string)).code).toBe('ERR_UNSUPPORTED_PRIVATE_KEY');
  });
});

const CURVES = [
  ['P-256', 'prime256v1', 'EC_P256', 32],
  ['P-384', 'secp384r1', 'EC_P384', 48],
  ['P-521', 'secp521r1', 'EC_P521', 66],
  ['secp256k1', 'secp256k1', 'EC_P256K', 32],
  ['SM2', 'SM2', 'EC_SM2', 32],
] as const;

describe.each(CURVES)('EC keys on %s', (_name, opensslName, spec, size) => {
  const keyFile = tmp(`consistency-${opensslName}.pem`);
  openssl(opensslName === 'SM2' ? ['genpkey', '-algorithm', 'SM2', '-out', keyFile] : ['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${opensslName}`, '-out', keyFile]);
  const text = openssl(['pkey', '-in', keyFile, '-text', '-noout']).toString();
  const hexAfter = (label: string) => Buffer.from(new RegExp(`${label}:\\s*([\\s\\S]*?)\\n[A-Za-z]`).exec(text)![1]!.replace(/[\s:]/g, ''), 'hex');
  const d = toBig(hexAfter('priv'));
  const pub = new Uint8Array(hexAfter('pub'));
  const curveOid = { prime256v1: '1.2.840.10045.3.1.7', secp384r1: '1.3.132.0.34', secp521r1: '1.3.132.0.35', secp256k1: '1.3.132.0.10', SM2: '1.2.156.10197.1.301' }[opensslName];
  const explicit = new Uint8Array(openssl(['ecparam', '-name', opensslName, '-param_enc', 'explicit', '-outform', 'DER']));
  const scalar = (v: bigint) => Uint8Array.from(Buffer.from(v.toString(16).padStart(2 * size, '0'), 'hex'));
  const sec1 = (k: bigint, params: Uint8Array | undefined, point: Uint8Array | undefined) =>
    seq(int(1n), octets(scalar(k)), params ? tlv(0xa0, params) : new Uint8Array(0), point ? tlv(0xa1, bits(point)) : new Uint8Array(0));
  const n = toBig(new Uint8Array(openssl(['ecparam', '-name', opensslName, '-param_enc', 'explicit', '-text', '-noout']).toString().match(/Order:\s*([\s\S]*?)\n\S/)![1]!.replace(/[\s:]/g, '').match(/../g)!.map((h) => parseInt(h, 16))));

  it('the key as OpenSSL wrote it, with named and with explicit parameters, is accepted', () => {
    expect(toPkcs8(sec1(d, oid(curveOid), pub)).spec).toBe(spec);
    expect(toPkcs8(sec1(d, explicit, pub)).spec).toBe(spec);
    expect(hex(toPkcs8(sec1(d, explicit, pub)).pkcs8)).toBe(hex(opensslPkcs8Der(keyFile)));
  });

  it('a scalar of 0, n or n+1 is refused', () => {
    for (const k of [0n, n, n + 1n]) expect(refusal(() => toPkcs8(sec1(k, oid(curveOid), undefined))).code).toBe('ERR_INVALID_PRIVATE_KEY');
  });

  it('a public key that is on the curve but not d·G is refused (OpenSSL\'s ec -check agrees)', () => {
    const der = sec1(d + 1n, oid(curveOid), pub);
    if (opensslName !== 'SM2') expect(opensslAccepts(der, 'ec')).toBe(false);
    expect(refusal(() => toPkcs8(der)).message).toMatch(/does not belong/);
  });

  it('a public key off the curve is refused', () => {
    const off = pub.slice();
    off[off.length - 1]! ^= 1;
    expect(refusal(() => toPkcs8(sec1(d, oid(curveOid), off))).message).toMatch(/not a point on/);
  });

  // Flip one byte inside each explicit field in turn: the parameters then match no curve.
  const fieldOffsets = (): [string, number][] => {
    const lines = openssl(['asn1parse', '-inform', 'DER', '-in', tmp(`params-${opensslName}.der`, explicit)]).toString().split('\n');
    const at = (i: number) => {
      const m = /^\s*(\d+):d=\d+\s+hl=(\d+)\s+l=\s*(\d+)/.exec(lines[i]!)!;
      return Number(m[1]) + Number(m[2]) + Math.floor(Number(m[3]) / 2);
    };
    const idx = (re: RegExp, nth = 0) => lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0)[nth]!;
    return [
      ['p', at(idx(/prim: INTEGER/, 1))],
      ['a', at(idx(/OCTET STRING/, 0))],
      ['b', at(idx(/OCTET STRING/, 1))],
      ['G', at(idx(/OCTET STRING/, 2)) + size / 2],
      ['n', at(idx(/prim: INTEGER/, 2))],
    ];
  };
  it.each(['p', 'a', 'b', 'G', 'n', 'h'])('explicit parameters with a wrong %s are refused (they used to pass as the curve)', (field) => {
    const params = explicit.slice();
    if (field === 'h') params[params.length - 1] = 2; // cofactor INTEGER 1 → 2
    else params[fieldOffsets().find(([f]) => f === field)![1]]! ^= 0x10;
    const e = refusal(() => toPkcs8(sec1(d, params, pub)));
    expect(['ERR_UNSUPPORTED_PRIVATE_KEY', 'ERR_INVALID_PRIVATE_KEY']).toContain(e.code);
    // Inside PKCS#8's AlgorithmIdentifier too: never ignored in favour of a guess from the public point.
    const pkcs8 = seq(int(0n), seq(oid('1.2.840.10045.2.1'), params), octets(sec1(d, undefined, pub)));
    expect(['ERR_UNSUPPORTED_PRIVATE_KEY', 'ERR_INVALID_PRIVATE_KEY']).toContain(refusal(() => toPkcs8(pkcs8)).code);
  });

  it('implicitCurve (NULL parameters) is refused', () => {
    const pkcs8 = seq(int(0n), seq(oid('1.2.840.10045.2.1'), Uint8Array.of(5, 0)), octets(sec1(d, undefined, pub)));
    expect(refusal(() => toPkcs8(pkcs8)).code).toBe('ERR_UNSUPPORTED_PRIVATE_KEY');
  });
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('wrapping public keys (issue 11.4)', () => {
  const n = (() => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as { n: string };
    return fromB64Url(jwk.n);
  })();
  const cases: [string, Uint8Array, string][] = [
    ['an even modulus', rsaSpki(n - 1n, 65537n), 'ERR_INVALID_PUBLIC_KEY'],
    ['e = 1', rsaSpki(n, 1n), 'ERR_INVALID_PUBLIC_KEY'],
    ['an even e', rsaSpki(n, 65536n), 'ERR_INVALID_PUBLIC_KEY'],
    ['e ≥ n', rsaSpki(n, n + 2n), 'ERR_INVALID_PUBLIC_KEY'],
    ['a 2047-bit modulus', rsaSpki(n >> 1n | 1n, 65537n), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
  ];
  for (const [what, spki, code] of cases) {
    for (const wrappingAlgorithm of ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'] as const) {
      it(`RSA ${what}: refused for ${wrappingAlgorithm}`, async () => {
        await expect(wrapKeyMaterial({ publicKey: spki, wrappingAlgorithm, keyMaterial: generateKeyMaterial() })).rejects.toMatchObject({ code });
      });
    }
  }

  const sm2Spki = new Uint8Array(Buffer.from(openssl(['pkey', '-pubin', '-in', fixture('sm2wrap').pubPath, '-outform', 'DER'])));
  const sm2Point = sm2Spki.subarray(sm2Spki.length - 65);
  const sm2With = (point: Uint8Array) => seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.156.10197.1.301')), bits(point));
  const sm2Cases: [string, Uint8Array][] = [
    ['a point off the curve', sm2With(cat(sm2Point.subarray(0, 64), Uint8Array.of(sm2Point[64]! ^ 1)))],
    ['the point at infinity', sm2With(Uint8Array.of(0))],
    ['an x ≥ p (compressed)', sm2With(cat(Uint8Array.of(2), new Uint8Array(32).fill(0xff)))],
  ];
  for (const [what, spki] of sm2Cases) {
    for (const wrappingAlgorithm of ['SM2PKE', 'SM2PKE_SM4_ECB'] as const) {
      it(`SM2 ${what}: refused for ${wrappingAlgorithm} before any encryption`, async () => {
        const keyMaterial = wrappingAlgorithm === 'SM2PKE' ? generateKeyMaterial(128) : fixture('sm2').pem;
        await expect(wrapKeyMaterial({ publicKey: spki, wrappingAlgorithm, keyMaterial })).rejects.toMatchObject({ code: 'ERR_INVALID_PUBLIC_KEY' });
      });
    }
  }
});
