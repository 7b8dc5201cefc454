// AWS imports ECC (and, in China Regions, SM2) private keys wrapped whole: the PKCS#8 under
// RSAES_OAEP_SHA_* or SM2PKE ("Importing key material", wrapping algorithm table). OpenSSL
// opens every output and must find exactly OpenSSL's own PKCS#8 of the key.
import { describe, expect, it } from 'vitest';
import { wrapKeyMaterial, type TargetKeySpec } from '../../src/index.js';
import { OAEP_SHA1, OAEP_SHA256, fixture, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64 } from './helpers/openssl.js';

const CASES: [string, TargetKeySpec, 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1', string, string[]][] = [
  ['p256', 'EC_P256', 'RSAES_OAEP_SHA_256', 'rsa2048', OAEP_SHA256],
  ['p256k', 'EC_P256K', 'RSAES_OAEP_SHA_1', 'rsa2048', OAEP_SHA1],
  ['p384', 'EC_P384', 'RSAES_OAEP_SHA_256', 'rsa3072', OAEP_SHA256],
  ['p521', 'EC_P521', 'RSAES_OAEP_SHA_256', 'rsa3072', OAEP_SHA256],
  ['sm2', 'EC_SM2', 'RSAES_OAEP_SHA_1', 'rsa4096', OAEP_SHA1],
];

describe('an ECC private key wrapped whole under RSAES_OAEP_SHA_*', () => {
  for (const [name, spec, algorithm, wrapping, pkeyopts] of CASES) {
    it(`${spec} under ${algorithm} with ${wrapping}: openssl pkeyutl finds OpenSSL's PKCS#8 (PEM, or DER + targetKeySpec)`, async () => {
      const want = opensslPkcs8Der(fixture(name).path);
      for (const input of [{ keyMaterial: fixture(name).pem }, { keyMaterial: new Uint8Array(want), targetKeySpec: spec }]) {
        const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64(wrapping), wrappingAlgorithm: algorithm, ...input });
        expect(pkeyutlDecrypt(fixture(wrapping).path, bytes, pkeyopts).equals(want)).toBe(true);
      }
    });
  }

  it('SM2 key under SM2PKE (GM/T 0009 DER layout): openssl pkeyutl -decrypt with the SM2 wrapping key', async () => {
    const want = opensslPkcs8Der(fixture('sm2').path);
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: fixture('sm2').pem, sm2Ciphertext: 'der' });
    expect(pkeyutlDecrypt(fixture('sm2wrap').path, bytes).equals(want)).toBe(true);
  });

  it('a P-521 key does not fit RSA-2048 OAEP-SHA-256 (AWS refuses that pair too)', async () => {
    await expect(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: fixture('p521').pem })).rejects.toMatchObject({
      code: 'ERR_MESSAGE_TOO_LONG',
      message: expect.stringContaining('at most 190 bytes'),
    });
  });

  it('an RSA private key is refused with the algorithms that do carry it', async () => {
    await expect(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa4096'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: fixture('rsa2048').pem })).rejects.toMatchObject({
      code: 'ERR_KEY_SPEC_MISMATCH',
      message: expect.stringContaining('RSA_AES_KEY_WRAP_SHA_256'),
    });
  });

  it('RSAES_PKCS1_V1_5 takes no private key; a key that is not the targetKeySpec is refused', async () => {
    await expect(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: fixture('p256').pem })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: fixture('p256').pem, targetKeySpec: 'EC_P384' })).rejects.toMatchObject({ code: 'ERR_KEY_SPEC_MISMATCH' });
  });
});
