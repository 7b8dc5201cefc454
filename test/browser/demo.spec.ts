// The demo page in real browsers: the whole BYOK import against the mocked KMS (in MSW's
// service worker), its error paths, reload persistence, and the offline mode, whose
// downloaded file OpenSSL decrypts. The page runs under a strict CSP; any violation fails.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEMO = process.env.DEMO_URL ?? 'http://localhost:5180/';
const dir = mkdtempSync(join(tmpdir(), 'byok-demo-'));

async function open(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|CSP/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  // Installed by the test harness before any page script, on every load (reloads too);
  // it also keeps each downloaded Blob's text, for browsers whose download events
  // Playwright cannot observe over WebDriver BiDi.
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[]; blobs: Promise<string>[] };
    w.cspViolations = [];
    w.blobs = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (o: Blob | MediaSource) => {
      if (o instanceof Blob) w.blobs.push(o.text());
      return original(o);
    };
  });
  await page.goto(DEMO);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes', { timeout: 30_000 });
  return async () => {
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    expect([...problems, ...violations]).toEqual([]);
  };
}

const status = (page: Page) => page.locator('#status');

async function createKey(page: Page, cloud: 'tencent' | 'aliyun', spec: string) {
  await page.selectOption('#cloud', cloud);
  await expect(status(page)).toContainText(cloud === 'tencent' ? 'Tencent Cloud' : 'Alibaba Cloud');
  await page.selectOption('#key-spec', spec);
  await page.click('#create-key');
  await expect(status(page)).toContainText('PendingImport');
}

async function generateAndImport(page: Page, algorithm: string) {
  await page.selectOption('#wrapping-algorithm', algorithm);
  await page.click('#generate');
  await expect(status(page)).toContainText('Generated', { timeout: 60_000 });
  await page.click('#import');
  await expect(status(page)).toContainText('the key is Enabled', { timeout: 60_000 });
}

test('Tencent: symmetric import, then Encrypt/Decrypt with the imported material', async ({ page }) => {
  const check = await open(page);
  await createKey(page, 'tencent', 'SYMMETRIC');
  await generateAndImport(page, 'RSAES_OAEP_SHA_256');
  await page.click('#use-key');
  await expect(status(page)).toContainText('Encrypted and decrypted with the imported material: "hello, bring-your-own-key"');
  await check();
});

test('Tencent: an asymmetric external key is refused, in words, with the cloud\'s code', async ({ page }) => {
  const check = await open(page);
  await page.selectOption('#key-spec', 'ASYMMETRIC_RSA_2048');
  await page.click('#create-key');
  await expect(status(page)).toContainText('symmetric (ENCRYPT_DECRYPT) keys only');
  await expect(status(page)).toContainText('(UnsupportedOperation, request ');
  await check();
});

test('Alibaba: symmetric (PKCS#1 v1.5) and SM (SM2PKE into Aliyun_SM4) imports', async ({ page }) => {
  const check = await open(page);
  await createKey(page, 'aliyun', 'Aliyun_AES_256');
  await generateAndImport(page, 'RSAES_PKCS1_V1_5');
  await page.click('#use-key');
  await expect(status(page)).toContainText('Encrypted and decrypted with the imported material');
  await createKey(page, 'aliyun', 'Aliyun_SM4');
  await generateAndImport(page, 'SM2PKE');
  await page.click('#use-key');
  await expect(status(page)).toContainText('Encrypted and decrypted with the imported material');
  await check();
});

test('Alibaba: asymmetric imports (EC_P256 hybrid RSA/AES, EC_SM2 hybrid SM2/SM4) and use', async ({ page }) => {
  const check = await open(page);
  await createKey(page, 'aliyun', 'EC_P256');
  await generateAndImport(page, 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
  await page.click('#use-key');
  await expect(status(page)).toContainText('AsymmetricVerify: valid');
  await createKey(page, 'aliyun', 'EC_SM2');
  await generateAndImport(page, 'SM2PKE_SM4_ECB');
  await page.click('#use-key');
  await expect(status(page)).toContainText('AsymmetricDecrypt opened what this page encrypted');
  await check();
});

test('error paths: expired token (clock control), wrong material on re-import, throttling with visible retries', async ({ page }) => {
  const check = await open(page);
  await createKey(page, 'aliyun', 'Aliyun_AES_256');
  await page.click('#generate');
  const material = await page.inputValue('#material');
  // A token fetched, then 25 hours pass on the KMS clock before it is used.
  await page.click('#get-params');
  await expect(status(page)).toContainText('valid 24 hours');
  await page.click('#clock-day');
  await expect(status(page)).toContainText('KMS clock moved');
  await page.click('#import-manual');
  await expect(status(page)).toContainText('The import token has expired');
  await expect(status(page)).toContainText('ExpiredImportToken');
  // Import, delete the material, then try different material: the binding refuses it.
  await page.click('#import');
  await expect(status(page)).toContainText('the key is Enabled', { timeout: 60_000 });
  await page.click('#delete-material');
  await expect(status(page)).toContainText('now PendingImport');
  await page.click('#generate');
  await page.click('#import');
  await expect(status(page)).toContainText('InvalidKeyMaterial');
  // The same material as before goes back in — through a burst of throttling, retried with backoff.
  await page.fill('#material', material);
  await page.selectOption('#throttle', 'burst');
  await page.click('#import');
  await expect(status(page)).toContainText('the key is Enabled', { timeout: 60_000 });
  await expect(page.locator('#log li.retry')).toHaveCount(2);
  await expect(page.locator('#log li.retry').first()).toContainText('Throttling: retry');
  await check();
});

test('material expiry via the clock control returns the key to PendingImport', async ({ page }) => {
  const check = await open(page);
  await createKey(page, 'tencent', 'SYMMETRIC');
  await page.selectOption('#expiry', '3600');
  await generateAndImport(page, 'RSAES_OAEP_SHA_1');
  await page.click('#clock-day');
  await expect(page.locator('#keys tbody tr td.state')).toHaveText('PendingImport');
  await page.click('#use-key');
  await expect(status(page)).toContainText('ResourceUnavailable.CmkStateNotSupport');
  await check();
});

test('reload persistence when the person opts in', async ({ page }) => {
  const check = await open(page);
  await page.check('#persist');
  await createKey(page, 'tencent', 'SYMMETRIC');
  await generateAndImport(page, 'RSAES_PKCS1_V1_5');
  const keyId = await page.locator('#keys tbody tr').first().getAttribute('data-key-id');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes', { timeout: 30_000 });
  await expect(status(page)).toContainText('1 keys kept from before');
  await expect(page.locator(`#keys tbody tr[data-key-id="${keyId}"] td.state`)).toHaveText('Enabled');
  await page.click('#use-key');
  await expect(status(page)).toContainText('Encrypted and decrypted with the imported material');
  await check();
});

test('offline mode: the downloaded EncryptedKeyMaterial opens with OpenSSL', async ({ page, browserName }) => {
  const check = await open(page);
  const key = join(dir, `offline-${Date.now()}.pem`);
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key], { stdio: 'pipe' });
  const spki = execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-outform', 'DER']).toString('base64');
  const material = '00112233445566778899aabbccddeeff102132435465768798a9bacbdcedfe0f';
  await page.click('#tab-offline');
  await page.selectOption('#off-algorithm', 'RSAES_OAEP_SHA_256');
  await page.fill('#off-public-key', spki);
  await page.fill('#off-token', 'console-import-token');
  await page.fill('#off-material', material);
  await page.click('#off-wrap');
  await expect(page.locator('#off-status')).toContainText('Wrapped: 256 bytes');
  let fileText: string;
  if (browserName === 'chromium') {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#off-download')]);
    expect(download.suggestedFilename()).toBe('EncryptedKeyMaterial_base64.txt');
    const path = join(dir, `downloaded-${Date.now()}.txt`);
    await download.saveAs(path);
    fileText = readFileSync(path, 'utf8');
  } else {
    // Firefox over BiDi: Playwright sees no download event; take the Blob the page saved.
    await page.click('#off-download');
    await expect(page.locator('#off-download')).toBeEnabled();
    expect(await page.evaluate(() => document.querySelector('#off-download')!.textContent)).toContain('EncryptedKeyMaterial_base64.txt');
    fileText = await page.evaluate(() => (window as unknown as { blobs: Promise<string>[] }).blobs.at(-1)!);
  }
  const bin = join(dir, `ct-${Date.now()}.bin`);
  writeFileSync(bin, Buffer.from(fileText, 'base64'));
  const opened = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', key, '-in', bin, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']);
  expect(opened.toString('hex')).toBe(material);
  if (browserName === 'chromium') {
    const [tokenFile] = await Promise.all([page.waitForEvent('download'), page.click('#off-download-token')]);
    expect(tokenFile.suggestedFilename()).toBe('ImportToken.txt');
  }
  await check();
});
