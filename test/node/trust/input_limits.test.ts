// Issue 11.2: no input can hang the page. Every input is capped, every scan is linear,
// and a refusal names the cap. (Before: a crafted 1 MB PEM took ~10 s in the PEM regex,
// 10 MB ~15 minutes, so the 10 MB cases here ran into the test timeout.)
import { describe, expect, it } from 'vitest';
import { ByokError, INPUT_LIMITS, generateKeyMaterial, toPkcs8, wrapKeyMaterial } from '../../../src/index.js';
import { sm2Decrypt } from '../../../src/sm/sm2.js';
import { fixture, opensslPkcs8Der } from '../helpers/openssl.js';

const MB = 1024 * 1024;
const hostile: [string, () => string][] = [
  ['10 MB of BEGIN lines with no END', () => '-----BEGIN PUBLIC KEY-----\n'.repeat((10 * MB) / 27)],
  ['10 MB of BEGIN/END pairs with mismatched labels', () => '-----BEGIN A-----x-----END B-----'.repeat((10 * MB) / 34)],
  ['10 MB of dashes', () => '-'.repeat(10 * MB)],
  ['10 MB base64 body inside one PEM block', () => `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(10 * MB)}\n-----END PUBLIC KEY-----`],
  ['10 MB of header lines', () => `-----BEGIN RSA PRIVATE KEY-----\n${'Proc-Type: 4,ENCRYPTED\n'.repeat((10 * MB) / 24)}\n-----END RSA PRIVATE KEY-----`],
  ['10 MB of base64 without PEM', () => 'QUFB'.repeat((10 * MB) / 4)],
  ['a 64 KiB PEM just over the cap', () => `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(INPUT_LIMITS.keyText)}\n-----END PUBLIC KEY-----`],
];

function refusal(f: () => unknown): ByokError {
  try {
    f();
  } catch (e) {
    if (e instanceof ByokError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('hostile key text is refused, naming the cap', () => {
  for (const [what, make] of hostile) {
    it(`wrapping public key: ${what}`, async () => {
      const text = make();
      const error = await wrapKeyMaterial({ publicKey: text, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() }).catch((e) => e);
      expect(error).toBeInstanceOf(ByokError);
      expect(error.code).toBe('ERR_INVALID_PUBLIC_KEY');
      expect(error.message).toContain('INPUT_LIMITS.keyText');
    });
    it(`private key (toPkcs8 and the hybrid wrap): ${what}`, async () => {
      const text = make();
      expect(refusal(() => toPkcs8(text)).message).toContain('INPUT_LIMITS.keyText');
      await expect(
        wrapKeyMaterial({ publicKey: fixture('rsa2048').pubPem, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: text }),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_PRIVATE_KEY', message: expect.stringContaining('INPUT_LIMITS.keyText') });
    });
  }

  it('the same text as bytes (a file read into an ArrayBuffer) is refused the same way', () => {
    const bytes = new TextEncoder().encode(hostile[0]![1]());
    expect(refusal(() => toPkcs8(bytes)).message).toContain('INPUT_LIMITS.keyText');
  });
});

describe('hostile text under the cap is still refused by a linear scan', () => {
  const under = (unit: string) => unit.repeat(Math.floor((INPUT_LIMITS.keyText - 1) / unit.length));
  const cases: [string, string, RegExp][] = [
    ['BEGIN lines with no END', under('-----BEGIN PUBLIC KEY-----\n'), /no matching END/],
    ['BEGIN lines with garbage labels', under('-----BEGIN -----'), /BEGIN line is malformed/],
    ['EC PARAMETERS blocks only', under('-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n'), /more than 8 PEM blocks/],
    ['an unterminated header section', `-----BEGIN RSA PRIVATE KEY-----\n${under('DEK-Info: x\n').slice(100)}-----END RSA PRIVATE KEY-----`, /not valid base64|encrypted/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      expect(text.length).toBeLessThanOrEqual(INPUT_LIMITS.keyText);
      expect(refusal(() => toPkcs8(text)).message).toMatch(message);
    });
  }

  it('nine PEM blocks are refused even when the ninth is a key', () => {
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    expect(toPkcs8(params.repeat(3) + fixture('p256').pem).spec).toBe('EC_P256');
    expect(refusal(() => toPkcs8(params.repeat(INPUT_LIMITS.pemBlocks) + fixture('p256').pem)).message).toContain('INPUT_LIMITS.pemBlocks');
  });
});

describe('byte inputs and DER are capped', () => {
  it('DER over INPUT_LIMITS.keyDer is refused (public and private keys)', async () => {
    const big = new Uint8Array(INPUT_LIMITS.keyDer + 1);
    big[0] = 0x30;
    await expect(wrapKeyMaterial({ publicKey: big, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() })).rejects.toMatchObject({
      message: expect.stringContaining('INPUT_LIMITS.keyDer'),
    });
    expect(refusal(() => toPkcs8(big)).message).toContain('INPUT_LIMITS.keyDer');
  });

  it('base64 text whose DER is over the cap is refused', () => {
    const der = new Uint8Array(INPUT_LIMITS.keyDer + 3);
    der[0] = 0x30;
    expect(refusal(() => toPkcs8(Buffer.from(der).toString('base64'))).message).toContain('INPUT_LIMITS.keyDer');
  });

  it('a key at the real upper end (RSA-4096 PKCS#8, PEM and DER) is well inside the caps', () => {
    const der = new Uint8Array(opensslPkcs8Der(fixture('rsa4096').path));
    expect(der.length).toBeLessThan(INPUT_LIMITS.keyDer / 4);
    expect(toPkcs8(der).spec).toBe('RSA_4096');
    expect(fixture('rsa4096').pem.length).toBeLessThan(INPUT_LIMITS.keyText / 8);
  });

  it('symmetric material: 10 MB of bytes or text is refused without decoding it', async () => {
    const publicKey = fixture('rsa2048').pubPem;
    await expect(wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: new Uint8Array(10 * MB) })).rejects.toMatchObject({
      code: 'ERR_INVALID_KEY_MATERIAL',
    });
    await expect(wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: 'QUFB'.repeat(MB) })).rejects.toMatchObject({
      code: 'ERR_INVALID_KEY_MATERIAL',
      message: expect.stringContaining('INPUT_LIMITS.materialText'),
    });
  });

  it('an SM2 ciphertext over INPUT_LIMITS.sm2Plaintext is refused before any work', () => {
    const ct = new Uint8Array(97 + INPUT_LIMITS.sm2Plaintext + 1);
    ct[0] = 4;
    expect(refusal(() => sm2Decrypt(new Uint8Array(32).fill(1), ct)).message).toContain('INPUT_LIMITS.sm2Plaintext');
  });
});
