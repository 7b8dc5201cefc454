// Known-answer tests against published vectors (provenance: test/README.md). Where the
// path is randomised, the vector's random bytes go in through the internal seam.
import { describe, expect, it } from 'vitest';
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import pkcs1 from '../vectors/rsaes_pkcs1_v15.json';
import wycheproof from '../vectors/wycheproof_rsa_pkcs1_2048.json';
import sm from '../vectors/block_and_sm.json';
import { pkcs1v15EncryptWithPadding } from '../../src/wrap/rsa.js';
import { aesEcbDecrypt, aesEcbEncrypt } from '../../src/wrap/aes_ecb.js';
import { sm3, sm4EcbDecrypt, sm4EcbEncrypt } from '../../src/sm/sm3_sm4.js';
import { sm2Decrypt, sm2EncryptWithK, encodeSm2 } from '../../src/sm/sm2.js';
import { publicPoint } from '../../src/ec/curves.js';
import { openssl } from './helpers/openssl.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

describe('RSAES-PKCS1-v1_5 (RFC 8017 §7.2.1) with the padding string injected', () => {
  it.each(pkcs1.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const n = BigInt('0x' + c.n);
    const key = { n, e: BigInt('0x' + c.e), k: c.n.length / 2 };
    expect(toHex(pkcs1v15EncryptWithPadding(key, hex(c.message), hex(c.ps)))).toBe(c.ciphertext);
  });

  // Wycheproof publishes ciphertexts, not padding strings: recover PS with a raw RSA
  // decryption by Node (OpenSSL), then re-encrypting must give the very same ciphertext.
  const privateKey = createPrivateKey({ key: Buffer.from(wycheproof.privateKeyPkcs8, 'hex'), format: 'der', type: 'pkcs8' });
  const jwk = privateKey.export({ format: 'jwk' });
  const nBytes = Buffer.from(jwk.n!, 'base64url');
  const key = { n: BigInt('0x' + nBytes.toString('hex')), e: BigInt('0x' + Buffer.from(jwk.e!, 'base64url').toString('hex')), k: nBytes.length };
  it.each(wycheproof.tests.map((t) => [t.tcId, t] as const))('Wycheproof rsa_pkcs1_2048 tcId %i', (_id, t) => {
    const em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(t.ct, 'hex'));
    expect(em.subarray(0, 2).toString('hex')).toBe('0002');
    const sep = em.indexOf(0, 2);
    expect(em.subarray(sep + 1).toString('hex')).toBe(t.msg);
    const ps = new Uint8Array(em.subarray(2, sep));
    expect(toHex(pkcs1v15EncryptWithPadding(key, hex(t.msg), ps))).toBe(t.ct);
  });

  it('refuses a padding string with a zero byte or of the wrong length', () => {
    const c = pkcs1.cases[0]!;
    const key = { n: BigInt('0x' + c.n), e: 17n, k: 128 };
    const ps = hex(c.ps);
    ps[5] = 0;
    expect(() => pkcs1v15EncryptWithPadding(key, hex(c.message), ps)).toThrow('padding');
    expect(() => pkcs1v15EncryptWithPadding(key, hex(c.message), hex(c.ps).subarray(1))).toThrow('padding');
  });
});

describe('AES-256-ECB on WebCrypto (FIPS-197 Appendix C.3)', () => {
  const v = sm.aes256;
  it('encrypts the FIPS-197 block', async () => {
    expect(toHex(await aesEcbEncrypt(hex(v.key), hex(v.plaintext)))).toBe(v.ciphertext);
  });
  it('decrypts it back, and many blocks match openssl enc -aes-256-ecb both ways', async () => {
    expect(toHex(await aesEcbDecrypt(hex(v.key), hex(v.ciphertext)))).toBe(v.plaintext);
    const data = new Uint8Array(16 * 37).map((_, i) => (i * 7 + 3) & 0xff);
    const ours = await aesEcbEncrypt(hex(v.key), data);
    const theirs = openssl(['enc', '-aes-256-ecb', '-nopad', '-K', v.key], data);
    expect(toHex(ours)).toBe(theirs.toString('hex'));
    expect(await aesEcbDecrypt(hex(v.key), ours)).toEqual(data);
  });
});

describe('SM4 (GB/T 32907 Appendix A)', () => {
  const v = sm.sm4;
  it('example 1 encrypts and decrypts', () => {
    expect(toHex(sm4EcbEncrypt(hex(v.key), hex(v.plaintext)))).toBe(v.ciphertext);
    expect(toHex(sm4EcbDecrypt(hex(v.key), hex(v.ciphertext)))).toBe(v.plaintext);
  });
  it('refuses a partial block instead of dropping it silently (sm-crypto would)', () => {
    expect(() => sm4EcbEncrypt(hex(v.key), new Uint8Array(20))).toThrow('whole 16-byte blocks');
  });
});

describe('SM3 (GB/T 32905 Appendix A)', () => {
  it.each(sm.sm3.cases.map((c) => [c.message_ascii.slice(0, 8), c] as const))('example "%s…"', (_n, c) => {
    expect(toHex(sm3(ascii(c.message_ascii)))).toBe(c.digest);
  });
});

describe('SM2 encryption (GB/T 32918.5 Annex C) with its k injected', () => {
  const v = sm.sm2_encryption;
  const pub = publicPoint('SM2', hex(v.privateKey));
  it('reproduces C1, C3 and C2', () => {
    const parts = sm2EncryptWithK(pub, ascii(v.message_ascii), hex(v.k))!;
    expect(toHex(parts.c1)).toBe('04' + v.c1x + v.c1y);
    expect(toHex(parts.c3)).toBe(v.c3);
    expect(toHex(parts.c2)).toBe(v.c2);
  });
  it('decrypts in both layouts', () => {
    const parts = sm2EncryptWithK(pub, ascii(v.message_ascii), hex(v.k))!;
    for (const layout of ['c1c3c2', 'der'] as const) {
      expect(Buffer.from(sm2Decrypt(hex(v.privateKey), encodeSm2(parts, layout), layout)).toString('ascii')).toBe(v.message_ascii);
    }
  });
  it('the DER layout is the GM/T 0009 encoding OpenSSL\'s own test carries', () => {
    const parts = sm2EncryptWithK(pub, ascii(v.message_ascii), hex(v.k))!;
    const der = toHex(encodeSm2(parts, 'der'));
    expect(der).toBe(`307c0220${v.c1x}022100${v.c1y}0420${v.c3}0413${v.c2}`);
  });
  it('a tampered C3 fails decryption', () => {
    const parts = sm2EncryptWithK(pub, ascii(v.message_ascii), hex(v.k))!;
    const ct = encodeSm2(parts, 'c1c3c2');
    ct[70] ^= 1;
    expect(() => sm2Decrypt(hex(v.privateKey), ct)).toThrow('SM2 decryption failed');
  });
});
