// npm run screenshots: the demo's main screens, taken in Debian Chromium, into demo/screenshots/.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const PORT = 5182;
const vite = spawn('npx', ['vite', '--config', 'demo/vite.config.ts', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', env: { ...process.env, DEMO_PORT: String(PORT) } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  for (let i = 0; i < 50; i++) {
    try {
      await page.goto(`http://localhost:${PORT}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await page.waitForSelector('body[data-ready=yes]');
  const shot = (name) => page.screenshot({ path: `demo/screenshots/${name}.png`, fullPage: true });
  const waitStatus = (text) => page.waitForFunction((t) => document.querySelector('#status').textContent.includes(t), text, { timeout: 60000 });

  await page.click('#create-key');
  await waitStatus('PendingImport');
  await page.click('#generate');
  await waitStatus('Generated');
  await page.click('#import');
  await waitStatus('the key is Enabled');
  await page.click('#use-key');
  await waitStatus('Encrypted and decrypted');
  await shot('1-tencent-symmetric-import');

  await page.selectOption('#cloud', 'aliyun');
  await waitStatus('Alibaba Cloud');
  await page.selectOption('#key-spec', 'EC_P256');
  await page.click('#create-key');
  await waitStatus('PendingImport');
  await page.click('#generate');
  await waitStatus('Generated');
  await page.selectOption('#throttle', 'burst');
  await page.click('#import');
  await waitStatus('the key is Enabled');
  await page.click('#use-key');
  await waitStatus('AsymmetricVerify: valid');
  await shot('2-alibaba-asymmetric-import-with-retries');

  await page.click('#delete-material');
  await waitStatus('PendingImport');
  await page.click('#generate');
  await page.click('#import');
  await waitStatus('InvalidKeyMaterial');
  await shot('3-error-material-not-bound');

  await page.click('#tab-offline');
  await page.fill('#off-public-key', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA');
  await page.click('#off-wrap');
  await page.waitForFunction(() => document.querySelector('#off-status').textContent.length > 0);
  await shot('4-offline-mode-error');
} finally {
  await browser.close();
  vite.kill();
}
