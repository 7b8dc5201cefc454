// npm run screenshots: the demo's main screens, taken in Debian Chromium from the dev
// server (as `npm run demo` serves it), into demo/screenshots/ under the names the README
// links to. The port follows TEST_PORT_BASE (+3), clear of the browser suite's servers.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = Number(process.env.TEST_PORT_BASE ?? 5179) + 3;
const URL = `http://localhost:${PORT}/`;
// Vite's own script, not npx: killing npx would leave its vite child serving.
const vite = spawn('node_modules/.bin/vite', ['--config', 'demo/vite.config.ts', '--port', String(PORT), '--strictPort'], {
  stdio: 'ignore',
  env: { ...process.env, DEMO_PORT: String(PORT) },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: 'light' });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  for (let i = 0; ; i++) {
    try {
      await page.goto(URL);
      break;
    } catch (e) {
      if (i === 100) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await page.waitForSelector('body[data-ready=yes]');
  const shot = async (name) => {
    await page.screenshot({ path: `demo/screenshots/${name}.png`, fullPage: true });
    process.stdout.write(`demo/screenshots/${name}.png\n`);
  };
  const status = (text) => page.waitForFunction((t) => document.querySelector('#status').textContent.includes(t), text, { timeout: 60_000 });
  const done = () => page.waitForSelector('#mock[aria-busy=false]');

  // 1. Tencent: an external key, material generated here, wrapped and imported, then used.
  await page.selectOption('#key-type', 'SYMMETRIC_256');
  await page.click('#create-key');
  await status('PendingImport');
  await page.click('#generate');
  await status('Generated');
  await page.click('#import');
  await status('the key is Enabled');
  await page.click('#use-key');
  await status('Encrypted and decrypted');
  await page.click('#wire-details summary');
  await shot('1-tencent-symmetric-import');

  // 2. Alibaba: an EC_P256 private key imported through a burst of throttling, then used to sign.
  await page.selectOption('#cloud', 'aliyun');
  await status('Alibaba Cloud');
  await page.selectOption('#key-type', 'EC_P256');
  await page.click('#create-key');
  await status('PendingImport');
  await page.click('#generate');
  await status('Generated');
  await page.selectOption('#base-delay', '500');
  await page.selectOption('#throttle', 'burst');
  await page.click('#import');
  await status('the key is Enabled');
  await done();
  await page.click('#use-key');
  await status('AsymmetricVerify: valid');
  await shot('2-alibaba-asymmetric-import-with-retries');

  // 3. The binding rule: after deleting the material, other material is refused.
  await page.click('#delete-material');
  await status('PendingImport');
  await page.click('#generate');
  await status('Generated');
  await page.click('#import');
  await status('InvalidKeyMaterial');
  await done();
  await shot('3-error-material-not-bound');

  // 4. Offline mode, Google Cloud KMS: material generated (and offered as files), an import
  // job public key of the wrong size for the import method (the size is in its name).
  const { publicKey } = await crypto.subtle.generateKey({ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['encrypt', 'decrypt']);
  const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey)).toString('base64');
  await page.click('#tab-offline');
  await page.selectOption('#off-cloud', 'google');
  await page.selectOption('#off-key-type', 'GOOGLE_SYMMETRIC_ENCRYPTION');
  await page.selectOption('#off-algorithm', 'RSA_OAEP_3072_SHA256_AES_256');
  await page.fill('#off-public-key', spki);
  await page.fill('#off-token', 'projects/my-project/locations/global/keyRings/byok/importJobs/job-1');
  await page.click('#off-generate');
  await page.waitForFunction(() => document.querySelector('#off-status').textContent.includes('Generated'));
  await page.click('#off-wrap');
  await page.waitForSelector('#off-status.error');
  await shot('4-offline-mode-error');
  if (problems.length) throw new Error(`the page had errors: ${problems.join('; ')}`);
} finally {
  await browser.close();
  vite.kill();
}
