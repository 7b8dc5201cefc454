// The wrapping library in real browsers (Debian Chromium, Firefox ESR over BiDi):
// each algorithm's output is opened by OpenSSL in the test process.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'byok-browser-'));
let n = 0;
const openssl = (args: string[], input?: Uint8Array) => execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
function genpkey(args: string[]) {
  const path = join(dir, `k${++n}.pem`);
  openssl(['genpkey', ...args, '-out', path]);
  return { path, spki: openssl(['pkey', '-in', path, '-pubout', '-outform', 'DER']).toString('base64'), pem: openssl(['pkey', '-in', path]).toString() };
}
function decrypt(keyPath: string, ct: Uint8Array, opts: string[]) {
  const path = join(dir, `ct${++n}.bin`);
  writeFileSync(path, ct);
  return openssl(['pkeyutl', '-decrypt', '-inkey', keyPath, '-in', path, ...opts.flatMap((o) => ['-pkeyopt', o])]);
}
function c1c3c2ToDer(ct: Buffer) {
  const tlv = (tag: number, v: Buffer) => Buffer.concat([Buffer.from([tag, v.length]), v]);
  const int = (v: Buffer) => {
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    return tlv(2, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
  };
  return tlv(0x30, Buffer.concat([int(ct.subarray(1, 33)), int(ct.subarray(33, 65)), tlv(4, ct.subarray(65, 97)), tlv(4, ct.subarray(97))]));
}

const rsa = genpkey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
const sm2 = genpkey(['-algorithm', 'SM2']);
const p256 = genpkey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
const sm2Target = genpkey(['-algorithm', 'SM2']);

async function open(page: Page) {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto('/harness.html');
  await expect(page).toHaveTitle('ready');
  return requested;
}

type WrapArgs = { publicKey: string; wrappingAlgorithm: string; keyMaterial: string | number[]; targetKeySpec?: string };
async function wrap(page: Page, args: WrapArgs): Promise<Buffer> {
  const b64 = await page.evaluate(async (a) => {
    const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
    const keyMaterial = typeof a.keyMaterial === 'string' ? a.keyMaterial : new Uint8Array(a.keyMaterial);
    const r = await byok.wrapKeyMaterial({ ...a, keyMaterial } as Parameters<typeof byok.wrapKeyMaterial>[0]);
    return r.encryptedKeyMaterial;
  }, args);
  return Buffer.from(b64, 'base64');
}

const OAEP256 = ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha256', 'rsa_mgf1_md:sha256'];

test('symmetric RSA algorithms: OpenSSL opens what the browser wrapped', async ({ page }) => {
  await open(page);
  const material = Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  const cases: [string, string[]][] = [
    ['RSAES_OAEP_SHA_256', OAEP256],
    ['RSAES_OAEP_SHA_1', ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha1', 'rsa_mgf1_md:sha1']],
    ['RSAES_PKCS1_V1_5', ['rsa_padding_mode:pkcs1']],
  ];
  for (const [wrappingAlgorithm, opts] of cases) {
    const ct = await wrap(page, { publicKey: rsa.spki, wrappingAlgorithm, keyMaterial: material });
    expect([...decrypt(rsa.path, ct, opts)], wrappingAlgorithm).toEqual(material);
  }
});

test('SM code is fetched only when an SM algorithm is used; SM2PKE opens in OpenSSL', async ({ page }) => {
  const requested = await open(page);
  const material = Array.from({ length: 16 }, (_, i) => i + 100);
  await wrap(page, { publicKey: rsa.spki, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
  const beforeSm = requested.length;
  const ct = await wrap(page, { publicKey: sm2.spki, wrappingAlgorithm: 'SM2PKE', keyMaterial: material });
  expect(requested.length).toBeGreaterThan(beforeSm); // the SM chunks arrived on demand
  expect([...decrypt(sm2.path, c1c3c2ToDer(ct), [])]).toEqual(material);
});

test('hybrid algorithms: OpenSSL opens the ESK, then the TAK', async ({ page }) => {
  await open(page);
  const rsaHybrid = await wrap(page, { publicKey: rsa.spki, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', keyMaterial: p256.pem, targetKeySpec: 'EC_P256' });
  const esk = decrypt(rsa.path, rsaHybrid.subarray(0, 256), OAEP256);
  const tak = openssl(['enc', '-d', '-aes-256-ecb', '-K', esk.toString('hex')], rsaHybrid.subarray(256));
  expect(tak.toString('hex')).toBe(openssl(['pkcs8', '-topk8', '-nocrypt', '-in', p256.path, '-outform', 'DER']).toString('hex'));

  const smHybrid = await wrap(page, { publicKey: sm2.spki, wrappingAlgorithm: 'SM2PKE_SM4_ECB', keyMaterial: sm2Target.pem });
  const sm4Key = decrypt(sm2.path, c1c3c2ToDer(smHybrid.subarray(0, 113)), []);
  const d = openssl(['enc', '-d', '-sm4-ecb', '-nopad', '-K', sm4Key.toString('hex')], smHybrid.subarray(113));
  const text = openssl(['pkey', '-in', sm2Target.path, '-text', '-noout']).toString();
  const priv = /priv:\s*([\s\S]*?)\npub:/.exec(text)![1]!.replace(/[\s:]/g, '').padStart(64, '0').slice(-64);
  expect(d.toString('hex')).toBe(priv);
});

test('generateTargetKey in the browser gives keys OpenSSL loads', async ({ page }) => {
  await open(page);
  for (const spec of ['RSA_2048', 'EC_P256', 'EC_P256K', 'EC_SM2']) {
    const der = await page.evaluate(async (s) => {
      const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
      const { privateKey } = await byok.generateTargetKey(s as 'EC_P256');
      return Array.from(privateKey);
    }, spec);
    const path = join(dir, `gen-${spec}.der`);
    writeFileSync(path, Buffer.from(der));
    const roundTrip = openssl(['pkcs8', '-topk8', '-nocrypt', '-inform', 'DER', '-in', path, '-outform', 'DER']);
    expect(roundTrip.toString('hex'), spec).toBe(Buffer.from(der).toString('hex'));
  }
});

test('bad input is a ByokError with its code, in the browser too', async ({ page }) => {
  await open(page);
  const codes = await page.evaluate(async ({ rsaSpki, privatePem }) => {
    const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
    const attempt = async (o: object) => {
      try {
        await byok.wrapKeyMaterial(o as Parameters<typeof byok.wrapKeyMaterial>[0]);
        return 'no error';
      } catch (e) {
        return e instanceof byok.ByokError ? e.code : `other: ${String(e)}`;
      }
    };
    return [
      await attempt({ publicKey: 'garbage', wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: byok.generateKeyMaterial() }),
      await attempt({ publicKey: privatePem, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: byok.generateKeyMaterial() }),
      await attempt({ publicKey: rsaSpki, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: new Uint8Array(32) }),
      await attempt({ publicKey: rsaSpki, wrappingAlgorithm: 'SM2PKE', keyMaterial: byok.generateKeyMaterial(128) }),
    ];
  }, { rsaSpki: rsa.spki, privatePem: rsa.pem });
  expect(codes).toEqual(['ERR_INVALID_PUBLIC_KEY', 'ERR_NOT_A_PUBLIC_KEY', 'ERR_WEAK_KEY_MATERIAL', 'ERR_UNSUPPORTED_PUBLIC_KEY']);
});

// Issue 14: the RSA+AES key wrap family and the Azure .byok blob, for every KEK size and
// target kind, in the browser; OpenSSL opens the ESK (pkeyutl, OAEP) and then the target
// (enc -d -id-aes256-wrap-pad under the ESK) in the test process.
const keks = { 2048: rsa, 3072: genpkey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072']), 4096: genpkey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096']) };
const ecTargets = {
  EC_P256: p256,
  EC_P384: genpkey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']),
  EC_P521: genpkey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521']),
  EC_P256K: genpkey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1']),
};
type KeyWrapTarget = { name: string; keyMaterial: string | number[]; targetKeySpec?: string; expected: Buffer; raw: boolean };
const pkcs8Of = (path: string) => openssl(['pkcs8', '-topk8', '-nocrypt', '-in', path, '-outform', 'DER']);
const rawTarget = (length: number): KeyWrapTarget => {
  const bytes = Array.from({ length }, (_, i) => (i * 53 + length) & 0xff);
  return { name: `raw ${length} bytes`, keyMaterial: bytes, expected: Buffer.from(bytes), raw: true };
};
const TARGETS: KeyWrapTarget[] = [
  rawTarget(32),
  rawTarget(64),
  ...([2048, 3072, 4096] as const).map((bits) => ({ name: `RSA_${bits} PEM`, keyMaterial: keks[bits].pem, expected: pkcs8Of(keks[bits].path), raw: false })),
  ...Object.entries(ecTargets).map(([spec, k], i) =>
    i % 2 === 0
      ? { name: `${spec} PEM`, keyMaterial: k.pem, expected: pkcs8Of(k.path), raw: false }
      : { name: `${spec} DER + targetKeySpec`, keyMaterial: [...pkcs8Of(k.path)], targetKeySpec: spec, expected: pkcs8Of(k.path), raw: false },
  ),
];
const OAEP1 = ['rsa_padding_mode:oaep', 'rsa_oaep_md:sha1', 'rsa_mgf1_md:sha1'];

function openKeyWrap(bits: 2048 | 3072 | 4096, bytes: Buffer, oaep: string[]): Buffer {
  const k = bits / 8;
  const esk = decrypt(keks[bits].path, bytes.subarray(0, k), oaep);
  expect(esk.length).toBe(32);
  return openssl(['enc', '-d', '-id-aes256-wrap-pad', '-K', esk.toString('hex'), '-iv', 'A65959A6'], bytes.subarray(k));
}

type Job = { publicKey: string; wrappingAlgorithm: string; keyMaterial: string | number[]; targetKeySpec?: string };
async function wrapAll(page: Page, jobs: Job[]): Promise<Buffer[]> {
  const out = await page.evaluate(async (list) => {
    const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
    const results: string[] = [];
    for (const a of list) {
      const keyMaterial = typeof a.keyMaterial === 'string' ? a.keyMaterial : new Uint8Array(a.keyMaterial);
      results.push((await byok.wrapKeyMaterial({ ...a, keyMaterial } as Parameters<typeof byok.wrapKeyMaterial>[0])).encryptedKeyMaterial);
    }
    return results;
  }, jobs);
  return out.map((b64) => Buffer.from(b64, 'base64'));
}

test('RSA+AES key wrap (AWS, Google, Vault): the chunk loads on demand; OpenSSL opens every KEK size and target kind', async ({ page }) => {
  const requested = await open(page);
  await wrap(page, { publicKey: rsa.spki, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: rawTarget(32).keyMaterial });
  const before = requested.length;
  const jobs: { job: Job; bits: 2048 | 3072 | 4096; oaep: string[]; target: KeyWrapTarget }[] = [];
  for (const [algorithm, oaep] of [['RSA_AES_KEY_WRAP_SHA_256', OAEP256], ['RSA_AES_KEY_WRAP_SHA_1', OAEP1]] as const) {
    for (const bits of [2048, 3072, 4096] as const) for (const target of TARGETS) jobs.push({ job: { publicKey: keks[bits].spki, wrappingAlgorithm: algorithm, keyMaterial: target.keyMaterial, ...(target.targetKeySpec ? { targetKeySpec: target.targetKeySpec } : {}) }, bits, oaep, target });
  }
  for (const bits of [3072, 4096] as const) {
    for (const [hash, oaep] of [['SHA1', OAEP1], ['SHA256', OAEP256]] as const) {
      for (const target of TARGETS) jobs.push({ job: { publicKey: keks[bits].spki, wrappingAlgorithm: `RSA_OAEP_${bits}_${hash}_AES_256`, keyMaterial: target.keyMaterial, ...(target.targetKeySpec ? { targetKeySpec: target.targetKeySpec } : {}) }, bits, oaep, target });
    }
  }
  const outputs = await wrapAll(page, jobs.map((j) => j.job));
  expect(requested.length).toBeGreaterThan(before); // the key wrap chunk arrived when first needed
  outputs.forEach((bytes, i) => {
    const { job, bits, oaep, target } = jobs[i]!;
    const label = `${job.wrappingAlgorithm}, RSA-${bits}, ${target.name}`;
    expect(bytes.length, label).toBe(bits / 8 + 8 * Math.ceil(target.expected.length / 8) + 8);
    expect(openKeyWrap(bits, bytes, oaep).toString('hex'), label).toBe(target.expected.toString('hex'));
  });
  // Google's RSA_OAEP_{3072,4096}_SHA256: OAEP-SHA-256 of the symmetric key alone.
  const raw = TARGETS.filter((t) => t.raw);
  const oaepOnly = await wrapAll(page, ([3072, 4096] as const).flatMap((bits) => raw.map((t) => ({ publicKey: keks[bits].spki, wrappingAlgorithm: `RSA_OAEP_${bits}_SHA256`, keyMaterial: t.keyMaterial }))));
  oaepOnly.forEach((bytes, i) => {
    const bits = i < raw.length ? 3072 : 4096;
    expect(decrypt(keks[bits].path, bytes, OAEP256).toString('hex')).toBe(raw[i % raw.length]!.expected.toString('hex'));
  });
});

test('createAzureByok: the .byok blob parses and OpenSSL opens its ciphertext, every KEK size and target kind', async ({ page }) => {
  await open(page);
  const kid = 'https://contoso.vault.azure.net/keys/KEKforBYOK/0123456789abcdef';
  const targets = [...TARGETS.filter((t) => !t.raw), rawTarget(32), rawTarget(16)];
  const jobs = ([2048, 3072, 4096] as const).flatMap((bits) => targets.map((target) => ({ bits, target })));
  const results = await page.evaluate(
    async ({ list, kid }) => {
      const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
      const out = [];
      for (const a of list) {
        const keyMaterial = typeof a.keyMaterial === 'string' ? a.keyMaterial : new Uint8Array(a.keyMaterial);
        out.push(await byok.createAzureByok({ kid, publicKey: a.publicKey, keyMaterial, ...(a.targetKeySpec ? { targetKeySpec: a.targetKeySpec as 'EC_P384' } : {}) }));
      }
      return out;
    },
    { list: jobs.map(({ bits, target }) => ({ publicKey: bits === 3072 ? keks[bits].spki : openssl(['pkey', '-in', keks[bits].path, '-pubout']).toString(), keyMaterial: target.keyMaterial, targetKeySpec: target.targetKeySpec })), kid },
  );
  results.forEach((r, i) => {
    const { bits, target } = jobs[i]!;
    const label = `RSA-${bits}, ${target.name}`;
    expect(Buffer.from(r.keyHsm, 'base64url').toString(), label).toBe(r.byok);
    const blob = JSON.parse(r.byok);
    expect(Object.keys(blob), label).toEqual(['schema_version', 'header', 'ciphertext', 'generator']);
    expect(blob.schema_version).toBe('1.0.0');
    expect(blob.header, label).toEqual({ kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' });
    expect(blob.ciphertext, label).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(r.kty, label).toBe(target.raw ? 'oct-HSM' : target.name.startsWith('RSA') ? 'RSA-HSM' : 'EC-HSM');
    expect(openKeyWrap(bits, Buffer.from(blob.ciphertext, 'base64url'), OAEP1).toString('hex'), label).toBe(target.expected.toString('hex'));
  });
  expect(results.filter((r) => r.kty === 'EC-HSM').map((r) => r.crv).sort()).toEqual(['P-256', 'P-256', 'P-256', 'P-256K', 'P-256K', 'P-256K', 'P-384', 'P-384', 'P-384', 'P-521', 'P-521', 'P-521']);
});

test('RSA+AES and Azure refusals are ByokErrors with their codes, in the browser too', async ({ page }) => {
  await open(page);
  const codes = await page.evaluate(
    async ({ spki2048, spki4096, p256Pem }) => {
      const byok = (window as unknown as { byok: typeof import('../../src/index.js') }).byok;
      const attempt = async (run: () => Promise<unknown>) => {
        try {
          await run();
          return 'no error';
        } catch (e) {
          return e instanceof byok.ByokError ? e.code : `other: ${String(e)}`;
        }
      };
      const w = (o: object) => () => byok.wrapKeyMaterial({ publicKey: spki4096, wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', keyMaterial: byok.generateKeyMaterial(), ...o } as Parameters<typeof byok.wrapKeyMaterial>[0]);
      const az = (o: object) => () => byok.createAzureByok({ kid: 'k', publicKey: spki2048, keyMaterial: p256Pem, ...o } as Parameters<typeof byok.createAzureByok>[0]);
      return [
        await attempt(w({ publicKey: spki2048, wrappingAlgorithm: 'RSA_OAEP_3072_SHA256_AES_256' })),
        await attempt(w({ keyMaterial: new Uint8Array(0) })),
        await attempt(w({ keyMaterial: new Uint8Array(1025).map((_, i) => i) })),
        await attempt(w({ keyMaterial: p256Pem, targetKeySpec: 'EC_P521' })),
        await attempt(az({ enc: 'RSA_AES_KEY_WRAP_384' })),
        await attempt(az({ kid: '' })),
      ];
    },
    { spki2048: rsa.spki, spki4096: keks[4096].spki, p256Pem: p256.pem },
  );
  expect(codes).toEqual(['ERR_UNSUPPORTED_PUBLIC_KEY', 'ERR_INVALID_KEY_MATERIAL', 'ERR_INVALID_KEY_MATERIAL', 'ERR_KEY_SPEC_MISMATCH', 'ERR_INVALID_ARGUMENT', 'ERR_INVALID_ARGUMENT']);
});
