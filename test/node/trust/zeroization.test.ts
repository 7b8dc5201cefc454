// Issue 11.6: every buffer SECURITY.md lists as overwritten is overwritten, on success and
// on failure. Each site registers its buffers through an internal seam (src/lib/secrets.ts);
// the test keeps a reference to every one and checks it is all zeros once the call returns.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createAzureByok, generateKeyMaterial, generateTargetKey, toPkcs8, wrapKeyMaterial, type WrapKeyMaterialOptions } from '../../../src/index.js';
import { observeSecrets, type SecretSite } from '../../../src/lib/secrets.js';
import { fixture, opensslPkcs8Der, spkiDerBase64 } from '../helpers/openssl.js';

type Seen = { site: SecretSite; bytes: Uint8Array | number[] };

async function watch(run: () => Promise<unknown>): Promise<{ seen: Seen[]; result: unknown; error: unknown }> {
  const seen: Seen[] = [];
  observeSecrets((site, bytes) => seen.push({ site, bytes }));
  let result: unknown;
  let error: unknown;
  try {
    result = await run();
  } catch (e) {
    error = e;
  } finally {
    observeSecrets(undefined);
  }
  return { seen, result, error };
}

/** Every observed buffer is zero, except those handed back to the caller as the result. */
function expectWiped(seen: Seen[], returned: unknown[] = []) {
  const left = seen.filter(({ bytes }) => !returned.includes(bytes) && Array.from(bytes).some((b) => b !== 0));
  expect(left.map((s) => `${s.site} (${s.bytes.length} bytes)`)).toEqual([]);
}

const wrap = (o: Partial<WrapKeyMaterialOptions>) => () => wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial(), ...o } as WrapKeyMaterialOptions);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

const SCENARIOS: [string, () => Promise<unknown>, SecretSite[], 'ok' | 'fails'][] = [
  ['RSAES_OAEP_SHA_256, material as base64 text', wrap({ keyMaterial: b64(generateKeyMaterial()) }), ['material-copy'], 'ok'],
  ['RSAES_PKCS1_V1_5', wrap({ wrappingAlgorithm: 'RSAES_PKCS1_V1_5' }), ['input-copy', 'material-copy', 'pkcs1-block'], 'ok'],
  ['SM2PKE', wrap({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE', keyMaterial: generateKeyMaterial(128) }), ['input-copy', 'material-copy', 'sm2-ephemeral', 'sm2-shared-secret'], 'ok'],
  [
    'hybrid RSA/AES, EC_P256 PEM',
    wrap({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('p256').pem }),
    ['private-key-der', 'ec-scalar', 'pkcs8', 'esk', 'padded-plaintext'],
    'ok',
  ],
  ['hybrid RSA/AES, RSA_2048 PEM', wrap({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('rsa2048').pem }), ['private-key-der', 'pkcs8', 'esk', 'padded-plaintext'], 'ok'],
  [
    'hybrid SM2/SM4',
    wrap({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'SM2PKE_SM4_ECB', keyMaterial: fixture('sm2').pem }),
    ['private-key-der', 'ec-scalar', 'pkcs8', 'esk', 'sm2-ephemeral', 'sm2-shared-secret', 'sm4-input'],
    'ok',
  ],
  ['failure after the ESK exists: an SM2 key given for the RSA hybrid', wrap({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('p256').pem }), ['private-key-der', 'esk', 'pkcs8', 'ec-scalar'], 'fails'],
  ['failure: material of a wrong length', wrap({ keyMaterial: b64(new Uint8Array(24).map((_, i) => i + 1)) }), ['material-copy'], 'fails'],
  ['failure: a weak material', wrap({ keyMaterial: new Uint8Array(32).fill(7) }), ['input-copy', 'material-copy'], 'fails'],
  ['failure: the private key is not the spec asked for', wrap({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('p256').pem, targetKeySpec: 'EC_P256K' }), ['private-key-der', 'pkcs8', 'ec-scalar'], 'fails'],
  ['failure: a corrupt private key', wrap({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: fixture('p256').pem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA') }), ['private-key-der'], 'fails'],
  ['RSA_AES_KEY_WRAP_SHA_256, a 64-byte HMAC key as hex', wrap({ wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: Buffer.from(new Uint8Array(64).map((_, i) => i + 1)).toString('hex') }), ['material-copy', 'esk'], 'ok'],
  ['AWS: an EC key wrapped whole under RSAES_OAEP_SHA_256', wrap({ keyMaterial: fixture('p256').pem, targetKeySpec: 'EC_P256' }), ['private-key-der', 'pkcs8', 'ec-scalar'], 'ok'],
  ['AWS: an RSA key refused under RSAES_OAEP_SHA_256', wrap({ publicKey: spkiDerBase64('rsa4096'), keyMaterial: fixture('rsa2048').pem }), ['private-key-der', 'pkcs8'], 'fails'],
  ['RSA_AES_KEY_WRAP_SHA_1, RSA_3072 PEM', wrap({ publicKey: spkiDerBase64('rsa4096'), wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_1', keyMaterial: fixture('rsa3072').pem }), ['private-key-der', 'pkcs8', 'esk'], 'ok'],
  ['Google RSA_OAEP_3072_SHA256 (no ESK), raw bytes', wrap({ publicKey: spkiDerBase64('rsa3072'), wrappingAlgorithm: 'RSA_OAEP_3072_SHA256' }), ['input-copy', 'material-copy'], 'ok'],
  [
    'createAzureByok, EC_P384 DER',
    () => createAzureByok({ kid: 'https://v.vault.azure.net/keys/kek/1', publicKey: spkiDerBase64('rsa2048'), keyMaterial: new Uint8Array(opensslPkcs8Der(fixture('p384').path)), targetKeySpec: 'EC_P384' }),
    ['input-copy', 'private-key-der', 'ec-scalar', 'pkcs8', 'esk'],
    'ok',
  ],
  ['failure after the ESK exists: a DER private key given as raw material for RSA+AES', wrap({ wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: new Uint8Array(opensslPkcs8Der(fixture('p256').path)) }), ['input-copy', 'esk', 'material-copy'], 'fails'],
  ['failure after the ESK exists: RSA+AES target key not the spec asked for', wrap({ wrappingAlgorithm: 'RSA_OAEP_4096_SHA256_AES_256', publicKey: spkiDerBase64('rsa4096'), keyMaterial: fixture('p521').pem, targetKeySpec: 'EC_P384' }), ['esk', 'private-key-der', 'pkcs8', 'ec-scalar'], 'fails'],
  ['toPkcs8 of an EC key', async () => toPkcs8(fixture('sm2').pem).pkcs8, ['private-key-der', 'ec-scalar', 'pkcs8'], 'ok'],
  ['generateTargetKey EC_P256K (noble)', async () => (await generateTargetKey('EC_P256K')).privateKey, ['ec-scalar', 'pkcs8'], 'ok'],
  ['generateTargetKey EC_P256 (WebCrypto export)', async () => (await generateTargetKey('EC_P256')).privateKey, ['private-key-der', 'ec-scalar', 'pkcs8'], 'ok'],
];

afterEach(() => observeSecrets(undefined));

describe('each secret buffer is overwritten before the call returns', () => {
  for (const [what, run, sites, outcome] of SCENARIOS) {
    it(what, async () => {
      const { seen, result, error } = await watch(run);
      expect(outcome === 'ok' ? error : result).toBeUndefined();
      expect([...new Set(seen.map((s) => s.site))].sort()).toEqual([...sites].sort());
      expectWiped(seen, [result]);
    });
  }
});

describe('SECURITY.md is true line by line', () => {
  const listed = [...readFileSync('SECURITY.md', 'utf8').matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  it('lists exactly the sites the code registers, and the scenarios above reach each of them', () => {
    const source = readFileSync('src/lib/secrets.ts', 'utf8');
    const declared = [...source.matchAll(/^\s*\| '([a-z0-9-]+)'/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...declared].sort());
    expect([...new Set(SCENARIOS.flatMap(([, , sites]) => sites))].sort()).toEqual([...declared].sort());
  });
});
