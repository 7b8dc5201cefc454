// Asymmetric BYOK (SPEC §2, seed 004): OpenSSL 3 opens Cipher(ESK) and Cipher(TAK)
// independently, and the TAK must equal the key OpenSSL generated, byte for byte.
import { describe, expect, it } from 'vitest';
import { wrapKeyMaterial, type TargetKeySpec } from '../../src/index.js';
import {
  OAEP_SHA256,
  c1c3c2ToDer,
  encDecrypt,
  fixture,
  opensslEcPrivateScalar,
  opensslPkcs8Der,
  pkeyutlDecrypt,
  spkiDerBase64,
} from './helpers/openssl.js';

const RSA_TARGETS: [string, TargetKeySpec][] = [
  ['rsa2048', 'RSA_2048'],
  ['rsa3072', 'RSA_3072'],
  ['rsa4096', 'RSA_4096'],
  ['p256', 'EC_P256'],
  ['p256k', 'EC_P256K'],
];

describe('RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', () => {
  it.each(RSA_TARGETS)('target %s (%s): openssl pkeyutl opens the ESK, openssl enc -aes-256-ecb the TAK', async (name, spec) => {
    const { bytes } = await wrapKeyMaterial({
      publicKey: spkiDerBase64('rsa2048'),
      wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD',
      keyMaterial: fixture(name).pem,
      targetKeySpec: spec,
    });
    const cipherEsk = bytes.subarray(0, 256);
    const cipherTak = bytes.subarray(256);
    const esk = pkeyutlDecrypt(fixture('rsa2048').path, cipherEsk, OAEP_SHA256);
    expect(esk.length).toBe(32);
    const tak = encDecrypt('-aes-256-ecb', esk, cipherTak, false);
    expect(tak.toString('hex')).toBe(opensslPkcs8Der(fixture(name).path).toString('hex'));
  });

  it('needs no targetKeySpec: the spec comes from the key', async () => {
    const { bytes } = await wrapKeyMaterial({
      publicKey: fixture('rsa2048').pubPem,
      wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD',
      keyMaterial: fixture('p256').pem,
    });
    expect(bytes.length).toBe(256 + 144); // 138-byte PKCS#8 padded to 144
  });
});

describe('SM2PKE_SM4_ECB', () => {
  it.each(['c1c3c2', 'der'] as const)('layout %s: openssl pkeyutl opens the ESK, openssl enc -sm4-ecb the raw scalar D', async (layout) => {
    const { bytes } = await wrapKeyMaterial({
      publicKey: spkiDerBase64('sm2wrap'),
      wrappingAlgorithm: 'SM2PKE_SM4_ECB',
      keyMaterial: fixture('sm2').pem,
      targetKeySpec: 'EC_SM2',
      sm2Ciphertext: layout,
    });
    const cipherTak = bytes.subarray(bytes.length - 32);
    const cipherEsk = bytes.subarray(0, bytes.length - 32);
    if (layout === 'c1c3c2') expect(cipherEsk.length).toBe(65 + 32 + 16);
    const der = layout === 'c1c3c2' ? c1c3c2ToDer(cipherEsk) : cipherEsk;
    const esk = pkeyutlDecrypt(fixture('sm2wrap').path, der);
    expect(esk.length).toBe(16);
    const d = encDecrypt('-sm4-ecb', esk, cipherTak, true);
    expect(d.toString('hex')).toBe(opensslEcPrivateScalar(fixture('sm2').path).toString('hex'));
  });
});

describe('SM2PKE (symmetric material under an SM2 wrapping key)', () => {
  it.each([16, 32])('%i-byte material opens with openssl pkeyutl', async (length) => {
    const material = new Uint8Array(length).map((_, i) => i + 1);
    const { bytes } = await wrapKeyMaterial({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: material });
    expect(bytes.length).toBe(97 + length);
    expect(new Uint8Array(pkeyutlDecrypt(fixture('sm2wrap').path, c1c3c2ToDer(bytes)))).toEqual(material);
  });
});
