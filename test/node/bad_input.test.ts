// Table-driven: each bad input gives a ByokError with its stable code, never another
// exception and never output (issue 2).
import { describe, expect, it } from 'vitest';
import { ByokError, generateKeyMaterial, wrapKeyMaterial, type WrapKeyMaterialOptions } from '../../src/index.js';
import { rsaOaepEncrypt, rsaPkcs1v15Encrypt } from '../../src/wrap/rsa.js';
import { PKCS1, fixture, openssl, pkeyutlDecrypt, spkiDerBase64, tmp } from './helpers/openssl.js';

function keyOf(args: string[]): { spki: string; pem: string } {
  const path = tmp(`bad-${args.join('_').replace(/[^a-z0-9]/gi, '')}.pem`);
  openssl(['genpkey', ...args, '-out', path]);
  return { spki: openssl(['pkey', '-in', path, '-pubout', '-outform', 'DER']).toString('base64'), pem: openssl(['pkey', '-in', path]).toString() };
}

async function codeOf(options: unknown): Promise<string> {
  try {
    await wrapKeyMaterial(options as WrapKeyMaterialOptions);
  } catch (e) {
    if (!(e instanceof ByokError)) return `not a ByokError: ${String(e)}`;
    expect(e.message.length).toBeGreaterThan(20); // says what was wrong
    return e.code;
  }
  return 'no error';
}

describe('wrapKeyMaterial refuses bad input with a ByokError code', () => {
  const good = generateKeyMaterial();
  const rsa = () => spkiDerBase64('rsa2048');
  const der = () => Buffer.from(rsa(), 'base64');

  const cases: [string, () => Record<string, unknown>, string][] = [
    ['garbage public key', () => ({ publicKey: 'this is not a key' }), 'ERR_INVALID_PUBLIC_KEY'],
    ['empty public key', () => ({ publicKey: '' }), 'ERR_INVALID_PUBLIC_KEY'],
    ['empty DER bytes', () => ({ publicKey: new Uint8Array(0) }), 'ERR_INVALID_PUBLIC_KEY'],
    ['truncated base64 DER', () => ({ publicKey: der().subarray(0, 200).toString('base64') }), 'ERR_INVALID_PUBLIC_KEY'],
    ['truncated DER bytes', () => ({ publicKey: new Uint8Array(der().subarray(0, der().length - 1)) }), 'ERR_INVALID_PUBLIC_KEY'],
    ['trailing bytes after the DER', () => ({ publicKey: new Uint8Array(Buffer.concat([der(), Buffer.from([0])])) }), 'ERR_INVALID_PUBLIC_KEY'],
    ['PEM with a broken body', () => ({ publicKey: '-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----' }), 'ERR_INVALID_PUBLIC_KEY'],
    ['PEM without END line', () => ({ publicKey: '-----BEGIN PUBLIC KEY-----\nMIIB' }), 'ERR_INVALID_PUBLIC_KEY'],
    ['a private key (PEM)', () => ({ publicKey: fixture('rsa2048').pem }), 'ERR_NOT_A_PUBLIC_KEY'],
    ['a private key (base64 DER)', () => ({ publicKey: openssl(['pkey', '-in', fixture('rsa2048').path, '-outform', 'DER']).toString('base64') }), 'ERR_NOT_A_PUBLIC_KEY'],
    ['a PKCS#1 private key (PEM)', () => ({ publicKey: openssl(['rsa', '-in', fixture('rsa2048').path, '-traditional']).toString() }), 'ERR_NOT_A_PUBLIC_KEY'],
    ['a certificate (PEM)', () => ({ publicKey: certificate().pem }), 'ERR_NOT_A_PUBLIC_KEY'],
    ['a certificate (base64 DER)', () => ({ publicKey: certificate().der }), 'ERR_NOT_A_PUBLIC_KEY'],
    ['RSA-1024', () => ({ publicKey: keyOf(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']).spki }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['RSA-2040', () => ({ publicKey: keyOf(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2040']).spki }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['RSA-1024 on PKCS#1 v1.5', () => ({ publicKey: keyOf(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024']).spki, wrappingAlgorithm: 'RSAES_PKCS1_V1_5' }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['an EC P-256 key', () => ({ publicKey: spkiDerBase64('p256') }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['an Ed25519 key', () => ({ publicKey: keyOf(['-algorithm', 'ED25519']).spki }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['an SM2 key for RSA-OAEP', () => ({ publicKey: spkiDerBase64('sm2wrap') }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['an SM2 key for PKCS#1 v1.5', () => ({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'RSAES_PKCS1_V1_5' }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['an RSA key for SM2PKE', () => ({ wrappingAlgorithm: 'SM2PKE' }), 'ERR_UNSUPPORTED_PUBLIC_KEY'],
    ['public key of a wrong type', () => ({ publicKey: 42 }), 'ERR_INVALID_ARGUMENT'],
    ['15-byte material', () => ({ keyMaterial: new Uint8Array(15).map((_, i) => i) }), 'ERR_INVALID_KEY_MATERIAL'],
    ['empty material', () => ({ keyMaterial: new Uint8Array(0) }), 'ERR_INVALID_KEY_MATERIAL'],
    ['24-byte material (no key spec of any cloud takes 17–27 bytes)', () => ({ keyMaterial: new Uint8Array(24).map((_, i) => i + 1) }), 'ERR_INVALID_KEY_MATERIAL'],
    ['28 bytes (an AWS HMAC_224 key)', () => ({ keyMaterial: new Uint8Array(28).map((_, i) => i + 1) }), 'no error'],
    ['129-byte material', () => ({ keyMaterial: new Uint8Array(129).map((_, i) => i) }), 'ERR_INVALID_KEY_MATERIAL'],
    ['128 bytes (an HMAC_512 key) fits RSA-2048 OAEP', () => ({ keyMaterial: new Uint8Array(128).map((_, i) => i), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', publicKey: spkiDerBase64('rsa2048') }), 'no error'],
    ['all-zero 32-byte material', () => ({ keyMaterial: new Uint8Array(32) }), 'ERR_WEAK_KEY_MATERIAL'],
    ['all-0xff 16-byte material', () => ({ keyMaterial: new Uint8Array(16).fill(0xff) }), 'ERR_WEAK_KEY_MATERIAL'],
    ['all-zero material as base64', () => ({ keyMaterial: Buffer.alloc(32).toString('base64') }), 'ERR_WEAK_KEY_MATERIAL'],
    ['material text neither base64 nor hex', () => ({ keyMaterial: 'not base64!' }), 'ERR_INVALID_KEY_MATERIAL'],
    ['material of a wrong type', () => ({ keyMaterial: 12345 }), 'ERR_INVALID_ARGUMENT'],
    ['unknown algorithm', () => ({ wrappingAlgorithm: 'RSAES_OAEP_SHA_512' }), 'ERR_INVALID_ARGUMENT'],
    ['unknown SM2 layout', () => ({ sm2Ciphertext: 'c1c2c3' }), 'ERR_INVALID_ARGUMENT'],
    ['targetKeySpec on a symmetric algorithm', () => ({ targetKeySpec: 'RSA_2048' }), 'ERR_INVALID_ARGUMENT'],
    ['hybrid with symmetric material', () => ({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' }), 'ERR_INVALID_PRIVATE_KEY'],
    ['hybrid with a mismatched targetKeySpec', () => ({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('p256').pem, targetKeySpec: 'RSA_2048' }), 'ERR_KEY_SPEC_MISMATCH'],
    ['SM2PKE_SM4_ECB with a P-256 target', () => ({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE_SM4_ECB', keyMaterial: fixture('p256').pem }), 'ERR_KEY_SPEC_MISMATCH'],
    ['RSA hybrid with an SM2 target', () => ({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('sm2').pem }), 'ERR_KEY_SPEC_MISMATCH'],
  ];

  it.each(cases)('%s', async (_what, override, code) => {
    const options = { publicKey: rsa(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: good, ...override() };
    expect(await codeOf(options)).toBe(code);
  });

  it('a non-object options argument', async () => {
    expect(await codeOf(undefined)).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('message-length limits of each padding (RFC 8017 §7.1.1, §7.2.1)', () => {
  it('OAEP-SHA-256 on RSA-2048 carries 190 bytes, not 191', async () => {
    await expect(rsaOaepEncrypt(spkiDerBase64('rsa2048'), 'SHA-256', new Uint8Array(190).fill(1), 'x')).resolves.toHaveLength(256);
    await expect(rsaOaepEncrypt(spkiDerBase64('rsa2048'), 'SHA-256', new Uint8Array(191), 'x')).rejects.toMatchObject({ code: 'ERR_MESSAGE_TOO_LONG' });
  });
  it('OAEP-SHA-1 on RSA-2048 carries 214 bytes, not 215', async () => {
    await expect(rsaOaepEncrypt(spkiDerBase64('rsa2048'), 'SHA-1', new Uint8Array(214).fill(1), 'x')).resolves.toHaveLength(256);
    await expect(rsaOaepEncrypt(spkiDerBase64('rsa2048'), 'SHA-1', new Uint8Array(215), 'x')).rejects.toMatchObject({ code: 'ERR_MESSAGE_TOO_LONG' });
  });
  it('PKCS#1 v1.5 on RSA-2048 carries 245 bytes (OpenSSL opens them), not 246', async () => {
    const m = new Uint8Array(245).map((_, i) => i);
    const ct = await rsaPkcs1v15Encrypt(spkiDerBase64('rsa2048'), m, 'x');
    expect(new Uint8Array(pkeyutlDecrypt(fixture('rsa2048').path, ct, PKCS1))).toEqual(m);
    await expect(rsaPkcs1v15Encrypt(spkiDerBase64('rsa2048'), new Uint8Array(246), 'x')).rejects.toMatchObject({ code: 'ERR_MESSAGE_TOO_LONG' });
  });
});

describe('generateKeyMaterial', () => {
  it('gives 32 bytes by default and 16 for 128 bits, fresh each time', () => {
    expect(generateKeyMaterial()).toHaveLength(32);
    expect(generateKeyMaterial(128)).toHaveLength(16);
    expect(generateKeyMaterial()).not.toEqual(generateKeyMaterial());
  });
  // { toString: {} } is the counterexample fast-check found: the error message itself threw.
  it.each([0, 192, 512, '256', { toString: {} }, 10n])('refuses bits=%s', (bits) => {
    expect(() => generateKeyMaterial(bits as 256)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});

let cert: { pem: string; der: string } | undefined;
function certificate() {
  if (!cert) {
    const key = tmp('cert-key.pem');
    const path = tmp('cert.pem');
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', path, '-subj', '/CN=byok-test', '-days', '1']);
    cert = { pem: openssl(['x509', '-in', path]).toString(), der: openssl(['x509', '-in', path, '-outform', 'DER']).toString('base64') };
  }
  return cert;
}
