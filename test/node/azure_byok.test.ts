// createAzureByok (issue 14.4): the .byok JSON exactly as Azure's BYOK specification and
// API.md describe it, and OpenSSL 3 opens its ciphertext — OAEP-SHA-1 (MGF1-SHA-1) for the
// ESK, `enc -d -id-aes256-wrap-pad` for the target — for every KEK size and target kind.
import { describe, expect, it } from 'vitest';
import { createAzureByok, type AzureByokOptions, type TargetKeySpec } from '../../src/index.js';
import { OAEP_SHA1, fixture, openssl, opensslKeyWrap, opensslPkcs8Der, pkeyutlDecrypt, spkiDerBase64 } from './helpers/openssl.js';

const KID = 'https://contoso-hsm.managedhsm.azure.net/keys/KEKforBYOK/9a1e3f0b5d7c4e2a8b6d0f1e3c5a7b9d';

type Target = { name: string; keyMaterial: () => string | Uint8Array; targetKeySpec?: TargetKeySpec; expected: () => Buffer; kty: string; crv?: string };
const aes = (length: number): Target => {
  const bytes = new Uint8Array(length).map((_, i) => (i * 29 + length) & 0xff);
  return { name: `AES-${length * 8} (oct)`, keyMaterial: () => bytes, expected: () => Buffer.from(bytes), kty: 'oct-HSM' };
};
const key = (name: string, kty: string, crv?: string, spec?: TargetKeySpec): Target => ({
  name: `${name}${spec ? ` (DER, ${spec})` : ' (PEM)'}`,
  keyMaterial: () => (spec ? new Uint8Array(opensslPkcs8Der(fixture(name).path)) : fixture(name).pem),
  ...(spec ? { targetKeySpec: spec } : {}),
  expected: () => opensslPkcs8Der(fixture(name).path),
  kty,
  ...(crv ? { crv } : {}),
});

const TARGETS: Target[] = [
  key('rsa2048', 'RSA-HSM'),
  key('rsa3072', 'RSA-HSM', undefined, 'RSA_3072'),
  key('rsa4096', 'RSA-HSM'),
  key('p256', 'EC-HSM', 'P-256'),
  key('p256k', 'EC-HSM', 'P-256K'),
  key('p384', 'EC-HSM', 'P-384', 'EC_P384'),
  key('p521', 'EC-HSM', 'P-521'),
  aes(16),
  aes(24),
  aes(32),
];
const KEKS = [
  ['rsa2048', 256],
  ['rsa3072', 384],
  ['rsa4096', 512],
] as const;

const fromBase64Url = (s: string) => Buffer.from(s, 'base64url');

describe('createAzureByok: the .byok blob, and OpenSSL opens its ciphertext', () => {
  const cases = KEKS.flatMap(([kek, k]) => TARGETS.map((t) => [kek, t.name, k, t] as const));
  it.each(cases)('KEK %s, target %s', async (kek, _n, k, target) => {
    const options: AzureByokOptions = { kid: KID, publicKey: fixture(kek).pubPem, keyMaterial: target.keyMaterial() };
    if (target.targetKeySpec) options.targetKeySpec = target.targetKeySpec;
    const result = await createAzureByok(options);

    // The import request's fields.
    expect(result.kty).toBe(target.kty);
    expect(result.crv).toBe(target.crv);
    expect(Object.keys(result).sort()).toEqual(target.crv ? ['byok', 'crv', 'keyHsm', 'kty'] : ['byok', 'keyHsm', 'kty']);
    expect(result.keyHsm).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
    expect(fromBase64Url(result.keyHsm).toString('utf8')).toBe(result.byok);

    // The .byok file: Azure's key transfer blob.
    const blob = JSON.parse(result.byok) as Record<string, unknown>;
    expect(Object.keys(blob)).toEqual(['schema_version', 'header', 'ciphertext', 'generator']);
    expect(blob.schema_version).toBe('1.0.0');
    expect(blob.header).toEqual({ kid: KID, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' });
    expect(typeof blob.generator).toBe('string');
    expect(blob.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);

    // CKM_RSA_AES_KEY_WRAP: OAEP-SHA-1(ESK) ‖ AES-KWP_ESK(target).
    const ciphertext = fromBase64Url(blob.ciphertext as string);
    const expected = target.expected();
    expect(ciphertext.length).toBe(k + 8 * Math.ceil(expected.length / 8) + 8);
    const esk = pkeyutlDecrypt(fixture(kek).path, ciphertext.subarray(0, k), OAEP_SHA1);
    expect(esk.length).toBe(32);
    expect(opensslKeyWrap('unwrap', true, esk, ciphertext.subarray(k)).toString('hex')).toBe(expected.toString('hex'));
  });

  it('takes the KEK as base64 DER and DER bytes too, with enc given explicitly', async () => {
    for (const publicKey of [spkiDerBase64('rsa2048'), new Uint8Array(Buffer.from(spkiDerBase64('rsa2048'), 'base64'))]) {
      const { byok, kty } = await createAzureByok({ kid: KID, publicKey, keyMaterial: fixture('p256').pem, enc: 'CKM_RSA_AES_KEY_WRAP' });
      expect(kty).toBe('EC-HSM');
      const ciphertext = fromBase64Url((JSON.parse(byok) as { ciphertext: string }).ciphertext);
      const esk = pkeyutlDecrypt(fixture('rsa2048').path, ciphertext.subarray(0, 256), OAEP_SHA1);
      expect(opensslKeyWrap('unwrap', true, esk, ciphertext.subarray(256))).toEqual(opensslPkcs8Der(fixture('p256').path));
    }
  });

  it('the kid is written as given; text that is no key identifier is refused, not written into the blob', async () => {
    const keyMaterial = new Uint8Array(32).map((_, i) => i + 1);
    const kid = 'https://contoso-hsm.managedhsm.azure.net/keys/KEK-for-BYOK/9a1e3f0b5d7c4e2a8b6d0f1e3c5a7b9d';
    const { byok } = await createAzureByok({ kid, publicKey: fixture('rsa2048').pubPem, keyMaterial });
    expect((JSON.parse(byok) as { header: { kid: string } }).header.kid).toBe(kid);
    for (const bad of ['https://v.vault.azure.net/keys/k"e\\k/1', 'not a kid <script>', 'http://v.vault.azure.net/keys/kek/1', 'https://v.vault.azure.net/keys/kek', 'https://v.vault.azure.net/secrets/kek/1']) {
      await expect(createAzureByok({ kid: bad, publicKey: fixture('rsa2048').pubPem, keyMaterial })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('kid must be') });
    }
  });

  it('a PKCS#1 RSA key is wrapped as the PKCS#8 OpenSSL writes', async () => {
    const pkcs1 = openssl(['rsa', '-in', fixture('rsa3072').path, '-traditional']).toString();
    const { byok, kty } = await createAzureByok({ kid: KID, publicKey: fixture('rsa4096').pubPem, keyMaterial: pkcs1 });
    expect(kty).toBe('RSA-HSM');
    const ciphertext = fromBase64Url((JSON.parse(byok) as { ciphertext: string }).ciphertext);
    const esk = pkeyutlDecrypt(fixture('rsa4096').path, ciphertext.subarray(0, 512), OAEP_SHA1);
    expect(opensslKeyWrap('unwrap', true, esk, ciphertext.subarray(512))).toEqual(opensslPkcs8Der(fixture('rsa3072').path));
  });
});
