// The RSA+AES key wrap family (SPEC §5, issue 14.2): OpenSSL 3 opens every output — the
// ESK with `openssl pkeyutl -decrypt` (OAEP, MGF1 on the same hash), then the target with
// `openssl enc -d -id-aes256-wrap-pad` — for every wrapping key size and target kind, and
// the target must be exactly the raw bytes given, or OpenSSL's own PKCS#8 of the key.
import { describe, expect, it } from 'vitest';
import { wrapKeyMaterial, type TargetKeySpec, type WrappingAlgorithm } from '../../src/index.js';
import { wrapRsaAes } from '../../src/wrap/rsa_aes_key_wrap.js';
import { observeSecrets } from '../../src/lib/secrets.js';
import { OAEP_SHA1, OAEP_SHA256, fixture, openssl, opensslKeyWrap, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64 } from './helpers/openssl.js';

type Target = { name: string; keyMaterial: () => string | Uint8Array; targetKeySpec?: TargetKeySpec; expected: () => Buffer; raw: boolean };

const rawTarget = (length: number, seed: number): Target => {
  const bytes = new Uint8Array(length).map((_, i) => (i * 31 + seed) & 0xff);
  return { name: `raw ${length} bytes`, keyMaterial: () => bytes, expected: () => Buffer.from(bytes), raw: true };
};
const pemTarget = (name: string): Target => ({ name: `${name} (PEM, spec from the key)`, keyMaterial: () => fixture(name).pem, expected: () => opensslPkcs8Der(fixture(name).path), raw: false });
const derTarget = (name: string, spec: TargetKeySpec): Target => ({
  name: `${name} (DER + targetKeySpec ${spec})`,
  keyMaterial: () => new Uint8Array(opensslPkcs8Der(fixture(name).path)),
  targetKeySpec: spec,
  expected: () => opensslPkcs8Der(fixture(name).path),
  raw: false,
});

// Every target kind: AES-128/256 and HMAC keys (raw, including lengths that need padding), RSA 2048/3072/4096, EC P-256/P-384/P-521/secp256k1.
const TARGETS: Target[] = [
  rawTarget(32, 1),
  rawTarget(16, 2),
  rawTarget(28, 3),
  rawTarget(64, 4),
  rawTarget(1024, 5),
  pemTarget('rsa2048'),
  derTarget('rsa3072', 'RSA_3072'),
  pemTarget('rsa4096'),
  pemTarget('p256'),
  derTarget('p384', 'EC_P384'),
  pemTarget('p521'),
  derTarget('p256k', 'EC_P256K'),
];

const KEKS = [
  ['rsa2048', 256],
  ['rsa3072', 384],
  ['rsa4096', 512],
] as const;

/** Open with OpenSSL only: the ESK with pkeyutl, the target with enc -id-aes256-wrap-pad. */
function openWithOpenssl(kek: string, k: number, bytes: Uint8Array, oaep: string[]): Buffer {
  const esk = pkeyutlDecrypt(fixture(kek).path, bytes.subarray(0, k), oaep);
  expect(esk.length).toBe(32);
  return opensslKeyWrap('unwrap', true, esk, bytes.subarray(k));
}

const CASES: [WrappingAlgorithm, string, number, string[], Target][] = [];
for (const [algorithm, oaep] of [['RSA_AES_KEY_WRAP_SHA_256', OAEP_SHA256], ['RSA_AES_KEY_WRAP_SHA_1', OAEP_SHA1]] as const) {
  for (const [kek, k] of KEKS) for (const t of TARGETS) CASES.push([algorithm, kek, k, oaep, t]);
}
for (const [algorithm, oaep] of [
  ['RSA_OAEP_3072_SHA1_AES_256', OAEP_SHA1],
  ['RSA_OAEP_4096_SHA1_AES_256', OAEP_SHA1],
  ['RSA_OAEP_3072_SHA256_AES_256', OAEP_SHA256],
  ['RSA_OAEP_4096_SHA256_AES_256', OAEP_SHA256],
] as const) {
  const [kek, k] = KEKS.find(([name]) => algorithm.includes(name.slice(3)))!;
  for (const t of TARGETS) CASES.push([algorithm, kek, k, oaep, t]);
}

describe('OAEP(ESK) ‖ AES-KWP_ESK(target): OpenSSL opens both layers', () => {
  it.each(CASES.map((c) => [c[0], c[1], c[4].name, c] as const))('%s, KEK %s, target %s', async (algorithm, kek, _t, [, , k, oaep, target]) => {
    const { bytes, encryptedKeyMaterial } = await wrapKeyMaterial({
      publicKey: spkiDerBase64(kek),
      wrappingAlgorithm: algorithm,
      keyMaterial: target.keyMaterial(),
      ...(target.targetKeySpec ? { targetKeySpec: target.targetKeySpec } : {}),
    });
    const expected = target.expected();
    // API.md: bytes = modulus length + 8·ceil(len/8) + 8.
    expect(bytes.length).toBe(k + 8 * Math.ceil(expected.length / 8) + 8);
    expect(Buffer.from(encryptedKeyMaterial, 'base64')).toEqual(Buffer.from(bytes));
    expect(openWithOpenssl(kek, k, bytes, oaep).toString('hex')).toBe(expected.toString('hex'));
  });
});

describe("Google RSA_OAEP_{3072,4096}_SHA256: RSA-OAEP-SHA-256 of the symmetric key itself", () => {
  const cases = (['RSA_OAEP_3072_SHA256', 'RSA_OAEP_4096_SHA256'] as const).flatMap((algorithm) =>
    [rawTarget(32, 7), rawTarget(16, 8), rawTarget(64, 9)].map((t) => [algorithm, t.name, t] as const),
  );
  it.each(cases)('%s, %s: openssl pkeyutl opens it', async (algorithm, _n, target) => {
    const [kek, k] = KEKS.find(([name]) => algorithm.includes(name.slice(3)))!;
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64(kek), wrappingAlgorithm: algorithm, keyMaterial: target.keyMaterial() });
    expect(bytes.length).toBe(k);
    expect(pkeyutlDecrypt(fixture(kek).path, bytes, OAEP_SHA256).toString('hex')).toBe(target.expected().toString('hex'));
  });
});

describe('target forms', () => {
  const publicKey = () => fixture('rsa2048').pubPem;
  const open = (bytes: Uint8Array) => openWithOpenssl('rsa2048', 256, bytes, OAEP_SHA256);
  const wrap = (keyMaterial: string | Uint8Array, targetKeySpec?: TargetKeySpec) =>
    wrapKeyMaterial({ publicKey: publicKey(), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial, ...(targetKeySpec ? { targetKeySpec } : {}) });

  it('raw material as base64 and as hex text (any accepted length) is the bytes it encodes', async () => {
    const hmac = new Uint8Array(64).map((_, i) => 255 - i);
    expect(open((await wrap(Buffer.from(hmac).toString('hex'))).bytes)).toEqual(Buffer.from(hmac));
    expect(open((await wrap(Buffer.from(hmac).toString('base64'))).bytes)).toEqual(Buffer.from(hmac));
  });

  it('a PKCS#1 / SEC1 private key is wrapped as the PKCS#8 OpenSSL writes', async () => {
    const pkcs1 = openssl(['rsa', '-in', fixture('rsa2048').path, '-traditional']).toString();
    expect(open((await wrap(pkcs1)).bytes)).toEqual(opensslPkcs8Der(fixture('rsa2048').path));
    const sec1Der = new Uint8Array(openssl(['ec', '-in', fixture('p384').path, '-outform', 'DER']));
    expect(open((await wrap(sec1Der, 'EC_P384')).bytes)).toEqual(opensslPkcs8Der(fixture('p384').path));
  });

  it('PEM handed over as bytes (a .pem file read as an ArrayBuffer) is a private key', async () => {
    const file = new TextEncoder().encode(fixture('p256').pem).buffer;
    expect(open((await wrap(new Uint8Array(file))).bytes)).toEqual(opensslPkcs8Der(fixture('p256').path));
  });

  it('the ESK is fresh on every call: the same target wraps to different bytes', async () => {
    const material = new Uint8Array(32).map((_, i) => i + 1);
    const a = (await wrap(material)).bytes;
    const b = (await wrap(material)).bytes;
    expect(Buffer.from(a.subarray(0, 256))).not.toEqual(Buffer.from(b.subarray(0, 256)));
    expect(Buffer.from(a.subarray(256))).not.toEqual(Buffer.from(b.subarray(256)));
  });
});

describe('the key wrap half is exactly RFC 5649 under the ESK (ESK fixed through the internal seam)', () => {
  it.each([16, 31, 32, 1000])('%i raw bytes: equal to openssl enc -e -id-aes256-wrap-pad, and the ESK is zeroed afterwards', async (length) => {
    const esk = new Uint8Array(32).map((_, i) => 0xa0 ^ i);
    const given = esk.slice();
    const material = new Uint8Array(length).map((_, i) => (i * 13 + 5) & 0xff);
    const seen: Uint8Array[] = [];
    observeSecrets((site, bytes) => site === 'esk' && seen.push(bytes as Uint8Array));
    try {
      const { bytes } = await wrapRsaAes(spkiDerBase64('rsa3072'), 'RSA_AES_KEY_WRAP_SHA_1', material, undefined, { deps: { ephemeralKey: () => esk } });
      expect(Buffer.from(bytes.subarray(384)).toString('hex')).toBe(opensslKeyWrap('wrap', true, given, material).toString('hex'));
      expect(pkeyutlDecrypt(fixture('rsa3072').path, bytes.subarray(0, 384), OAEP_SHA1)).toEqual(Buffer.from(given));
    } finally {
      observeSecrets(undefined);
    }
    expect(seen).toEqual([esk]);
    expect(esk.every((b) => b === 0)).toBe(true);
  });
});
