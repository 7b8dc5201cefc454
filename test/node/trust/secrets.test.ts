// Issue 11.5: secrets never echo. Distinctive material, private keys, ESKs and credential
// secrets are fed to every entry point in the wrong places and in failing calls; every
// error message, every ByokError field, every cause in the chain and everything written
// to the console is searched for them, in hex, base64 and text.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { createKmsClient, generateTargetKey, importKeyMaterial, toPkcs8, wrapKeyMaterial, type WrapKeyMaterialOptions } from '../../../src/index.js';
import { createMockKms } from '../../../src/mock_kms/index.js';
import { observeSecrets } from '../../../src/lib/secrets.js';
import { fixture, spkiDerBase64 } from '../helpers/openssl.js';

const MATERIAL = Uint8Array.from({ length: 32 }, (_, i) => 0xc0 ^ (i * 37));
const SECRET = 'Sup3rSecretAccessKeyValue0123456789xyz';
const PRIVATE_PEM = fixture('p256').pem;
const privateBody = PRIVATE_PEM.split('\n').filter((l) => !l.startsWith('-----')).join('');

/** The forms a leaked secret could take in text: hex, base64, base64url, and 12-character slices of those. */
function needles(): string[] {
  const hex = Buffer.from(MATERIAL).toString('hex');
  const b64 = Buffer.from(MATERIAL).toString('base64');
  const forms = [hex, hex.toUpperCase(), b64, Buffer.from(MATERIAL).toString('base64url'), SECRET, privateBody];
  return forms.flatMap((f) => Array.from({ length: Math.max(1, Math.floor(f.length / 12)) }, (_, i) => f.slice(i * 12, i * 12 + 16)));
}

/** Everything an error exposes: message, own fields, the cause chain, its stack. */
function exposed(e: unknown, depth = 0): string {
  if (depth > 5 || e === undefined || e === null) return '';
  if (typeof e !== 'object') return String(e);
  const err = e as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown };
  const own = Object.getOwnPropertyNames(err).map((k) => {
    try {
      return `${k}=${typeof err[k] === 'object' ? JSON.stringify(err[k]) : String(err[k])}`;
    } catch {
      return k;
    }
  });
  return [String(err.message), String(err.stack), ...own, exposed(err.cause, depth + 1)].join('\n');
}

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args) => void logged.push(args.map(String).join(' ')));
});
afterEach(() => vi.restoreAllMocks());

function expectNoLeak(text: string) {
  const found = needles().filter((n) => text.includes(n));
  expect(found, 'secret text found in what the library exposed').toEqual([]);
}

async function outcome(f: () => unknown): Promise<string> {
  try {
    await f();
    return '';
  } catch (e) {
    return exposed(e);
  }
}

const b64 = Buffer.from(MATERIAL).toString('base64');
const hex = Buffer.from(MATERIAL).toString('hex');
const wrap = (o: Partial<WrapKeyMaterialOptions> & Record<string, unknown>) => () =>
  wrapKeyMaterial({ publicKey: spkiDerBase64('rsa2048'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: MATERIAL, ...o } as WrapKeyMaterialOptions);

describe('the library never echoes material or private keys', () => {
  const cases: [string, () => unknown][] = [
    ['material given as the algorithm name (hex)', wrap({ wrappingAlgorithm: hex as never })],
    ['material given as the algorithm name (base64)', wrap({ wrappingAlgorithm: b64 as never })],
    ['material given as the public key (base64)', wrap({ publicKey: b64 })],
    ['material given as the public key (bytes)', wrap({ publicKey: MATERIAL })],
    ['material given as targetKeySpec', wrap({ targetKeySpec: hex as never })],
    ['material given as the SM2 layout', wrap({ sm2Ciphertext: b64 as never })],
    ['material too long', wrap({ keyMaterial: hex.repeat(5) })],
    ['material with a typo', wrap({ keyMaterial: b64.slice(0, -2) + '!!' })],
    ['a private key given as the public key', wrap({ publicKey: PRIVATE_PEM })],
    ['a private key given as symmetric material', wrap({ keyMaterial: PRIVATE_PEM })],
    ['a private key with a corrupt body', () => toPkcs8(PRIVATE_PEM.replace(/\n([A-Za-z0-9+/]{20})/, '\n!!!!$1'))],
    ['a private key of the wrong spec', wrap({ wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: PRIVATE_PEM, targetKeySpec: 'RSA_2048' })],
    ['a private key given as the spec option', () => toPkcs8(PRIVATE_PEM, { spec: privateBody as never })],
    ['generateTargetKey with the material as spec', () => generateTargetKey(hex as never)],
  ];
  for (const [what, f] of cases) {
    it(what, async () => {
      const text = await outcome(f);
      expect(text).not.toBe('');
      expectNoLeak(text + logged.join('\n'));
    });
  }

  it('the ESK of a failing hybrid wrap appears nowhere', async () => {
    const esks: Uint8Array[] = [];
    observeSecrets((site, bytes) => site === 'esk' && esks.push(Uint8Array.from(bytes)));
    const text = await outcome(wrap({ publicKey: spkiDerBase64('sm2wrap'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: PRIVATE_PEM }));
    observeSecrets(undefined);
    expect(esks).toHaveLength(1);
    for (const form of [Buffer.from(esks[0]!).toString('hex'), Buffer.from(esks[0]!).toString('base64')]) expect(text).not.toContain(form.slice(0, 16));
  });
});

describe('the client and the mock never echo credential secrets or material', () => {
  const server = setupServer();
  beforeEach(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.close());
  const credentials = { id: 'AKIDtest', secret: SECRET };

  it('client errors: network failure, garbage reply, KMS error, signature refused, redirect', async () => {
    const kms = createMockKms({ credentials: [{ id: 'AKIDtest', secret: 'another-secret' }] });
    server.use(...kms.handlers, http.all('https://garbage.example.test/', () => new Response(`{"oops": ${JSON.stringify(SECRET)}`)), http.all('https://redirect.example.test/', () => new Response(null, { status: 302, headers: { location: `https://x.test/?k=${SECRET}` } })));
    const texts = [
      await outcome(() => createKmsClient({ cloud: 'tencent', credentials, fetch: (async () => { throw new TypeError('boom'); }) as typeof fetch }).listKeys({})),
      await outcome(() => createKmsClient({ cloud: 'aliyun', credentials, endpoint: 'https://garbage.example.test/' }).listKeys({})),
      await outcome(() => createKmsClient({ cloud: 'tencent', credentials }).listKeys({})),
      await outcome(() => createKmsClient({ cloud: 'aliyun', credentials }).describeKey({ KeyId: 'k' })),
      await outcome(() => createKmsClient({ cloud: 'tencent', credentials, endpoint: 'https://redirect.example.test/' }).listKeys({})),
      await outcome(() => createKmsClient({ cloud: 'tencent', credentials: { id: 'AKIDtest', secret: `${SECRET}\u0000` } })),
    ];
    for (const t of texts) expect(t).not.toBe('');
    expectNoLeak(texts.join('\n') + logged.join('\n'));
  });

  it('a failed import through the mock: wrong material on re-import, with the material as text', async () => {
    const kms = createMockKms();
    server.use(...kms.handlers);
    const client = createKmsClient({ cloud: 'tencent' });
    const { KeyId } = await client.createKey({ Alias: 'leak', Type: 2 });
    await importKeyMaterial({ client, keyId: KeyId, keyMaterial: MATERIAL, wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
    const other = Uint8Array.from(MATERIAL, (b) => b ^ 1);
    const text = await outcome(() => importKeyMaterial({ client, keyId: KeyId, keyMaterial: Buffer.from(other).toString('base64'), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(text).toContain('MaterialNotMatch');
    expectNoLeak(text + logged.join('\n'));
  });
});
