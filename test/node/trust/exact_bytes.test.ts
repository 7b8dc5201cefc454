// Issue 11.1: every entry point reads exactly the bytes a view covers — a Node Buffer
// from the shared pool, a Uint8Array at an odd offset into a larger buffer, a DataView,
// another typed array, a bare ArrayBuffer — and OpenSSL proves which bytes were wrapped.
import { describe, expect, it } from 'vitest';
import { generateKeyMaterial, toPkcs8, wrapKeyMaterial, type WrappingAlgorithm } from '../../../src/index.js';
import { OAEP_SHA1, OAEP_SHA256, PKCS1, encDecrypt, fixture, openssl, opensslKeyWrap, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64 } from '../helpers/openssl.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The same bytes in every shape a caller can hand over, each surrounded by junk in its backing buffer. */
function shapes(bytes: Uint8Array): [string, unknown][] {
  const junk = (n: number) => new Uint8Array(n).map((_, i) => (i * 151 + 7) & 0xff);
  const backing = junk(bytes.length + 64);
  backing.set(bytes, 13);
  const aligned = junk(bytes.length + 64);
  aligned.set(bytes, 16);
  const out: [string, unknown][] = [
    ['Uint8Array view at offset 13', new Uint8Array(backing.buffer, 13, bytes.length)],
    ['subarray of a larger Uint8Array', backing.subarray(13, 13 + bytes.length)],
    ['DataView at offset 13', new DataView(backing.buffer, 13, bytes.length)],
    ['ArrayBuffer', bytes.slice().buffer],
    ['Buffer.from(hex) (from the shared pool)', Buffer.from(hex(bytes), 'hex')],
    ['Buffer view into a Buffer.concat', Buffer.concat([Buffer.from(junk(5)), Buffer.from(bytes), Buffer.from(junk(9))]).subarray(5, 5 + bytes.length)],
  ];
  if (bytes.length % 4 === 0) out.push(['Uint32Array view at offset 16', new Uint32Array(aligned.buffer, 16, bytes.length / 4)]);
  return out;
}

const RSA_CASES: [WrappingAlgorithm, string[]][] = [
  ['RSAES_OAEP_SHA_256', OAEP_SHA256],
  ['RSAES_OAEP_SHA_1', OAEP_SHA1],
  ['RSAES_PKCS1_V1_5', PKCS1],
];

describe('wrapKeyMaterial reads exactly the bytes of a view', () => {
  const material = generateKeyMaterial();
  for (const [algorithm, pkeyopts] of RSA_CASES) {
    for (const [shape, keyMaterial] of shapes(material)) {
      it(`${algorithm}: keyMaterial as ${shape}`, async () => {
        const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: algorithm, keyMaterial: keyMaterial as Uint8Array });
        expect(hex(pkeyutlDecrypt(fixture('rsa2048').path, bytes, pkeyopts))).toBe(hex(material));
      });
    }
  }

  const spki = new Uint8Array(Buffer.from(spkiDerBase64('rsa2048'), 'base64'));
  for (const [shape, publicKey] of shapes(spki)) {
    it(`publicKey as ${shape}`, async () => {
      const { bytes } = await wrapKeyMaterial({ publicKey: publicKey as Uint8Array, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
      expect(hex(pkeyutlDecrypt(fixture('rsa2048').path, bytes, OAEP_SHA256))).toBe(hex(material));
    });
  }

  const pem = new TextEncoder().encode(fixture('rsa2048').pubPem);
  for (const [shape, publicKey] of shapes(pem)) {
    it(`publicKey PEM text as ${shape}`, async () => {
      const { bytes } = await wrapKeyMaterial({ publicKey: publicKey as Uint8Array, wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: material });
      expect(hex(pkeyutlDecrypt(fixture('rsa2048').path, bytes, PKCS1))).toBe(hex(material));
    });
  }

  const sm4Material = generateKeyMaterial(128);
  for (const [shape, keyMaterial] of shapes(sm4Material)) {
    it(`SM2PKE: keyMaterial as ${shape}`, async () => {
      const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: keyMaterial as Uint8Array });
      // OpenSSL 3 reads GM/T 0009 DER; C1‖C3‖C2 is checked in sm2 tests. Here: same length, and the DER layout opens.
      expect(bytes.length).toBe(65 + 32 + 16);
      const der = await wrapKeyMaterial({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: keyMaterial as Uint8Array, sm2Ciphertext: 'der' });
      expect(hex(pkeyutlDecrypt(fixture('sm2wrap').path, der.bytes))).toBe(hex(sm4Material));
    });
  }

  const target = new Uint8Array(opensslPkcs8Der(fixture('p256').path));
  for (const [shape, keyMaterial] of shapes(target)) {
    it(`hybrid RSA/AES: private key DER as ${shape}`, async () => {
      const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: keyMaterial as Uint8Array });
      const esk = pkeyutlDecrypt(fixture('rsa2048').path, bytes.subarray(0, 256), OAEP_SHA256);
      expect(hex(encDecrypt('-aes-256-ecb', esk, bytes.subarray(256), false))).toBe(hex(target));
    });
  }
});

describe('RSA+AES key wrap reads exactly the bytes of a view (raw targets, DER with a spec, PEM text as bytes)', () => {
  const open = (bytes: Uint8Array) => opensslKeyWrap('unwrap', true, pkeyutlDecrypt(fixture('rsa2048').path, bytes.subarray(0, 256), OAEP_SHA256), bytes.subarray(256));
  const wrap = (keyMaterial: unknown, targetKeySpec?: 'EC_P256') =>
    wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: keyMaterial as Uint8Array, ...(targetKeySpec ? { targetKeySpec } : {}) });
  const hmac = new Uint8Array(44).map((_, i) => (i * 89 + 3) & 0xff);
  for (const [shape, keyMaterial] of shapes(hmac)) {
    it(`raw 44-byte key as ${shape}`, async () => {
      expect(hex(open((await wrap(keyMaterial)).bytes))).toBe(hex(hmac));
    });
  }
  const der = new Uint8Array(opensslPkcs8Der(fixture('p256').path));
  for (const [shape, keyMaterial] of shapes(der)) {
    it(`private key DER + targetKeySpec as ${shape}`, async () => {
      expect(hex(open((await wrap(keyMaterial, 'EC_P256')).bytes))).toBe(hex(der));
    });
  }
  const pemBytes = new TextEncoder().encode(fixture('p256').pem);
  for (const [shape, keyMaterial] of shapes(pemBytes)) {
    it(`private key PEM text as ${shape}`, async () => {
      expect(hex(open((await wrap(keyMaterial)).bytes))).toBe(hex(der));
    });
  }
});

describe('base64 output: encryptedKeyMaterial is the standard base64 of bytes, for every length', () => {
  it('toBase64 equals Buffer\'s base64 for lengths 0–300', async () => {
    const { toBase64 } = await import('../../../src/lib/bytes.js');
    for (let n = 0; n <= 300; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 197 + n) & 0xff);
      expect.soft(toBase64(b), `${n} bytes`).toBe(Buffer.from(b).toString('base64'));
    }
  });
});

describe('toPkcs8 reads exactly the bytes of a view', () => {
  for (const name of ['rsa2048', 'p256', 'sm2']) {
    const der = new Uint8Array(opensslPkcs8Der(fixture(name).path));
    for (const [shape, key] of shapes(der)) {
      it(`${name} as ${shape}`, () => {
        expect(hex(toPkcs8(key as Uint8Array).pkcs8)).toBe(hex(der));
      });
    }
    const pemBytes = new TextEncoder().encode(openssl(['pkey', '-in', fixture(name).path]).toString());
    for (const [shape, key] of shapes(pemBytes)) {
      it(`${name} PEM text as ${shape}`, () => {
        expect(hex(toPkcs8(key as Uint8Array).pkcs8)).toBe(hex(der));
      });
    }
  }
});

describe('the caller\'s bytes are read once and never changed', () => {
  it('changing the material while the wrap is in flight does not change what is wrapped', async () => {
    const material = generateKeyMaterial();
    const mine = material.slice();
    const pending = wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: mine });
    mine.fill(0x41);
    const { bytes } = await pending;
    expect(hex(pkeyutlDecrypt(fixture('rsa2048').path, bytes, OAEP_SHA256))).toBe(hex(material));
  });

  it('the caller\'s material is left as it was (only the library\'s own copies are overwritten)', async () => {
    const material = generateKeyMaterial();
    const before = hex(material);
    await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: material });
    expect(hex(material)).toBe(before);
  });
});
