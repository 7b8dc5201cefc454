// SPEC §2 symmetric RSA algorithms: every output is opened by OpenSSL 3 back to the
// original bytes, for each key size and material length (issue 2).
import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import { generateKeyMaterial, wrapKeyMaterial, type WrappingAlgorithm } from '../../src/index.js';
import { OAEP_SHA1, OAEP_SHA256, PKCS1, fixture, openssl, pkeyutlDecrypt, spkiDerBase64 } from './helpers/openssl.js';

const ALGORITHMS: [WrappingAlgorithm, string[]][] = [
  ['RSAES_OAEP_SHA_256', OAEP_SHA256],
  ['RSAES_OAEP_SHA_1', OAEP_SHA1],
  ['RSAES_PKCS1_V1_5', PKCS1],
];

describe.each([2048, 3072, 4096])('RSA-%i wrapping key', (bits) => {
  const name = `rsa${bits}`;
  it.each(ALGORITHMS.flatMap(([alg, opts]) => [128, 256].map((m) => [alg, m, opts] as const)))(
    '%s wraps %i-bit material that openssl pkeyutl -decrypt opens',
    async (algorithm, materialBits, pkeyopts) => {
      const material = generateKeyMaterial(materialBits as 128 | 256);
      const { bytes, encryptedKeyMaterial } = await wrapKeyMaterial({
        publicKey: spkiDerBase64(name),
        wrappingAlgorithm: algorithm,
        keyMaterial: material,
      });
      expect(bytes.length).toBe(bits / 8);
      expect(Buffer.from(encryptedKeyMaterial, 'base64')).toEqual(Buffer.from(bytes));
      expect(new Uint8Array(pkeyutlDecrypt(fixture(name).path, bytes, pkeyopts))).toEqual(material);
    },
  );

  it('accepts the public key as PEM, as base64 DER and as DER bytes alike', async () => {
    const der = openssl(['pkey', '-pubin', '-in', fixture(name).pubPath, '-outform', 'DER']);
    const material = generateKeyMaterial();
    for (const publicKey of [fixture(name).pubPem, der.toString('base64'), new Uint8Array(der)]) {
      const { bytes } = await wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
      expect(new Uint8Array(pkeyutlDecrypt(fixture(name).path, bytes, OAEP_SHA256))).toEqual(material);
    }
  });
});

describe('OAEP output opens with WebCrypto too (its seed is WebCrypto-drawn, so no fixed vector)', () => {
  it.each([
    ['RSAES_OAEP_SHA_256', 'SHA-256'],
    ['RSAES_OAEP_SHA_1', 'SHA-1'],
  ] as const)('%s', async (algorithm, hash) => {
    const pkcs8 = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', fixture('rsa2048').path, '-outform', 'DER']);
    const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
    const material = generateKeyMaterial();
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: algorithm, keyMaterial: material });
    const opened = new Uint8Array(await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, bytes));
    expect(opened).toEqual(material);
  });

  it('two wraps of the same material differ (fresh randomness per call)', async () => {
    const material = generateKeyMaterial();
    for (const [algorithm] of ALGORITHMS) {
      const a = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: algorithm, keyMaterial: material });
      const b = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: algorithm, keyMaterial: material });
      expect(a.encryptedKeyMaterial).not.toBe(b.encryptedKeyMaterial);
    }
  });
});

describe('key material given as text', () => {
  it('accepts base64 and hex strings and wraps the bytes they stand for', async () => {
    const material = generateKeyMaterial();
    for (const text of [Buffer.from(material).toString('base64'), Buffer.from(material).toString('hex')]) {
      const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: text });
      expect(new Uint8Array(pkeyutlDecrypt(fixture('rsa2048').path, bytes, PKCS1))).toEqual(material);
    }
  });
});
