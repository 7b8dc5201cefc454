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
