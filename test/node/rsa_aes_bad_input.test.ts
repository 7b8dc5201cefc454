// Issue 14.7: bad input to the RSA+AES key wrap family and to createAzureByok is a
// ByokError with its code and a message that says what to do — never output, never
// another exception.
import { describe, expect, it } from 'vitest';
import { ByokError, createAzureByok, generateKeyMaterial, wrapKeyMaterial, type AzureByokOptions, type WrapKeyMaterialOptions } from '../../src/index.js';
import { fixture, openssl, opensslPkcs8Der, spkiDerBase64, tmp } from './helpers/openssl.js';

function rsaSpki(bits: number): string {
  const path = tmp(`kek-${bits}.pem`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', path]);
  return openssl(['pkey', '-in', path, '-pubout', '-outform', 'DER']).toString('base64');
}

async function refusal(run: () => Promise<unknown>): Promise<ByokError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ByokError) return e;
    throw new Error(`not a ByokError: ${String(e)}`, { cause: e });
  }
  throw new Error('no error: the bad input was accepted');
}

const material = generateKeyMaterial();
const wrap = (o: Partial<WrapKeyMaterialOptions>) => () =>
  wrapKeyMaterial({ publicKey: spkiDerBase64('rsa4096'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: material, ...o } as WrapKeyMaterialOptions);
const azure = (o: Partial<AzureByokOptions> | Record<string, unknown>) => () =>
  createAzureByok({ kid: 'https://v.vault.azure.net/keys/kek/1', publicKey: fixture('rsa2048').pubPem, keyMaterial: fixture('p256').pem, ...o } as AzureByokOptions);
const varied = (n: number) => new Uint8Array(n).map((_, i) => (i * 7 + 1) & 0xff);

const CASES: [string, () => () => Promise<unknown>, string, RegExp][] = [
  // Google: the modulus size is part of the name.
  ['RSA-2048 KEK for RSA_OAEP_3072_SHA256_AES_256', () => wrap({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSA_OAEP_3072_SHA256_AES_256' }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /needs an RSA-3072 wrapping key/],
  ['RSA-4096 KEK for RSA_OAEP_3072_SHA1_AES_256', () => wrap({ wrappingAlgorithm: 'RSA_OAEP_3072_SHA1_AES_256' }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /create the import job with RSA_OAEP_4096_SHA1_AES_256/],
  ['RSA-3072 KEK for RSA_OAEP_4096_SHA256', () => wrap({ publicKey: spkiDerBase64('rsa3072'), wrappingAlgorithm: 'RSA_OAEP_4096_SHA256' }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /RSA-4096 wrapping key.*RSA_OAEP_3072_SHA256/],
  // Wrapping keys no cloud uses.
  ['RSA-1024 KEK', () => wrap({ publicKey: rsaSpki(1024) }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /RSA-1024.*2048, RSA-3072 or RSA-4096/],
  ['RSA-1024 KEK for Azure', () => azure({ publicKey: rsaSpki(1024) }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /RSA-1024/],
  ['an SM2 KEK', () => wrap({ publicKey: spkiDerBase64('sm2wrap') }), 'ERR_UNSUPPORTED_PUBLIC_KEY', /needs an RSA wrapping key/],
  // Material: empty, over the documented limit, weak, the wrong thing.
  ['empty material', () => wrap({ keyMaterial: new Uint8Array(0) }), 'ERR_INVALID_KEY_MATERIAL', /16–1024-byte.*got 0/],
  ['empty material text', () => wrap({ keyMaterial: '' }), 'ERR_INVALID_KEY_MATERIAL', /neither base64 nor hex/],
  ['15-byte material', () => wrap({ keyMaterial: varied(15) }), 'ERR_INVALID_KEY_MATERIAL', /16–1024-byte.*got 15/],
  ['1025-byte material (over the 1024-byte limit)', () => wrap({ keyMaterial: varied(1025) }), 'ERR_INVALID_KEY_MATERIAL', /16–1024-byte.*got 1025/],
  ['all-zero material', () => wrap({ keyMaterial: new Uint8Array(32) }), 'ERR_WEAK_KEY_MATERIAL', /generateKeyMaterial/],
  ['a DER private key given as raw bytes', () => wrap({ keyMaterial: new Uint8Array(opensslPkcs8Der(fixture('p256').path)) }), 'ERR_INVALID_KEY_MATERIAL', /private key.*pass targetKeySpec/],
  ['a DER RSA key given as base64 text', () => wrap({ keyMaterial: opensslPkcs8Der(fixture('rsa2048').path).toString('base64') }), 'ERR_INVALID_KEY_MATERIAL', /private key.*pass targetKeySpec/],
  ['a DER PKCS#1 key given as raw bytes', () => wrap({ keyMaterial: new Uint8Array(openssl(['rsa', '-in', fixture('rsa2048').path, '-traditional', '-outform', 'DER'])) }), 'ERR_INVALID_KEY_MATERIAL', /private key/],
  ['a private key for the OAEP-only Google method', () => wrap({ publicKey: spkiDerBase64('rsa3072'), wrappingAlgorithm: 'RSA_OAEP_3072_SHA256', keyMaterial: fixture('p256').pem }), 'ERR_KEY_SPEC_MISMATCH', /symmetric key material only.*RSA_OAEP_3072_SHA256_AES_256/],
  ['a DER private key for the OAEP-only Google method', () => wrap({ wrappingAlgorithm: 'RSA_OAEP_4096_SHA256', keyMaterial: new Uint8Array(opensslPkcs8Der(fixture('p256').path)) }), 'ERR_INVALID_KEY_MATERIAL', /RSA_OAEP_4096_SHA256_AES_256/],
  ['too much for OAEP alone (RSA_OAEP_3072_SHA256 carries 318 bytes)', () => wrap({ publicKey: spkiDerBase64('rsa3072'), wrappingAlgorithm: 'RSA_OAEP_3072_SHA256', keyMaterial: varied(319) }), 'ERR_MESSAGE_TOO_LONG', /at most 318 bytes/],
  // A spec that does not match the key.
  ['EC_P256 key, targetKeySpec EC_P384', () => wrap({ keyMaterial: fixture('p256').pem, targetKeySpec: 'EC_P384' }), 'ERR_KEY_SPEC_MISMATCH', /EC_P256, but targetKeySpec EC_P384/],
  ['RSA_2048 key, targetKeySpec RSA_4096', () => wrap({ keyMaterial: fixture('rsa2048').pem, targetKeySpec: 'RSA_4096' }), 'ERR_KEY_SPEC_MISMATCH', /RSA_2048, but targetKeySpec RSA_4096/],
  ['raw AES bytes with a targetKeySpec', () => wrap({ keyMaterial: material, targetKeySpec: 'RSA_2048' }), 'ERR_INVALID_PRIVATE_KEY', /private key/],
  ['an EC_SM2 target key', () => wrap({ keyMaterial: fixture('sm2').pem }), 'ERR_KEY_SPEC_MISMATCH', /SM2PKE_SM4_ECB/],
  ['an unknown targetKeySpec', () => wrap({ keyMaterial: fixture('p256').pem, targetKeySpec: 'EC_P192' as never }), 'ERR_INVALID_ARGUMENT', /unknown targetKeySpec/],
  ['Azure: spec mismatch', () => azure({ targetKeySpec: 'EC_P521' }), 'ERR_KEY_SPEC_MISMATCH', /EC_P256, but targetKeySpec EC_P521/],
  // Azure: the envelope's own fields.
  ['Azure: unknown enc', () => azure({ enc: 'RSA_AES_KEY_WRAP_256' }), 'ERR_INVALID_ARGUMENT', /unknown enc "RSA_AES_KEY_WRAP_256".*CKM_RSA_AES_KEY_WRAP only/],
  ['Azure: enc of a wrong type', () => azure({ enc: 7 }), 'ERR_INVALID_ARGUMENT', /unknown enc 7/],
  ['Azure: empty kid', () => azure({ kid: '' }), 'ERR_INVALID_ARGUMENT', /kid must be the key exchange key's identifier/],
  ['Azure: blank kid', () => azure({ kid: '   ' }), 'ERR_INVALID_ARGUMENT', /kid must be/],
  ['Azure: no kid', () => azure({ kid: undefined }), 'ERR_INVALID_ARGUMENT', /kid must be/],
  ['Azure: an oct key of 64 bytes (AES keys are 16, 24 or 32)', () => azure({ keyMaterial: varied(64) }), 'ERR_INVALID_KEY_MATERIAL', /16-byte.*24-byte.*32-byte.*got 64/],
  ['Azure: an SM2 target', () => azure({ keyMaterial: fixture('sm2').pem }), 'ERR_KEY_SPEC_MISMATCH', /SM2PKE_SM4_ECB, not createAzureByok/],
  ['Azure: not an options object', () => () => createAzureByok(null as never), 'ERR_INVALID_ARGUMENT', /options object/],
  ['Azure: a public key of a wrong type', () => azure({ publicKey: 12 }), 'ERR_INVALID_ARGUMENT', /publicKey must be/],
];

describe('RSA+AES key wrap and createAzureByok refuse bad input with a ByokError code', () => {
  it.each(CASES)('%s → %s', async (_what, make, code, message) => {
    const e = await refusal(make());
    expect({ code: e.code, message: e.message }).toEqual({ code, message: expect.stringMatching(message) });
  });

  it('messages never carry the material or the key', async () => {
    const secretHex = Buffer.from(varied(2000)).toString('hex');
    const e = await refusal(wrap({ keyMaterial: secretHex }));
    expect(e.message).not.toContain(secretHex.slice(0, 16));
    const pem = fixture('p256').pem;
    const f = await refusal(wrap({ keyMaterial: pem, targetKeySpec: 'EC_P384' }));
    expect(f.message).not.toContain(pem.split('\n')[1]!.slice(0, 16));
  });
});
