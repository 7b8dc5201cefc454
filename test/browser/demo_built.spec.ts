// The demo as `npm run demo:build` ships it (Playwright's web server builds it and serves
// dist-demo/ with no headers at all): its Content-Security-Policy is a <meta> tag with no
// 'unsafe-inline' or eval for scripts, and under that policy alone the built page runs
// the whole import against the mocked KMS in MSW's service worker, SM chunk included.
import { readFileSync } from 'node:fs';
import { BUILT_DEMO_URL, expect, test } from './demo_support.js';

const html = () => readFileSync(new URL('../../dist-demo/index.html', import.meta.url), 'utf8');

test('the built index.html carries a strict CSP <meta> tag before any script, and nothing inline', async ({ request }) => {
  const page = html();
  const metas = [...page.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/g)];
  expect(metas).toHaveLength(1);
  const policy = new Map(metas[0]![1]!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('style-src')).toEqual(["'self'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  for (const values of policy.values()) expect(values.join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
  // The policy governs what follows it: it comes before the first script and stylesheet.
  expect(page.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(page.indexOf('<script'));
  expect(page.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(page.indexOf('rel="stylesheet"'));
  // Nothing inline for it to forbid: every script has a src, no <style>, no style= or on…= attributes.
  for (const tag of page.match(/<script\b[^>]*>/g)!) expect(tag).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
  expect(page).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  // The static server adds no header: the <meta> tag alone is the policy.
  const response = await request.get(BUILT_DEMO_URL);
  expect(response.ok()).toBe(true);
  expect(await response.text()).toBe(page);
  expect(response.headers()['content-security-policy']).toBeUndefined();
});

test('the built demo works under its meta CSP alone: imports into the mocked KMS in its service worker, every cloud', async ({ demo, page }) => {
  await demo.open(BUILT_DEMO_URL);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(new URL('/mockServiceWorker.js', BUILT_DEMO_URL).href);

  await demo.createKey('tencent', 'SYMMETRIC_256');
  await demo.generate();
  await demo.importSelected();
  await page.click('#use-key');
  await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
  // SM2/SM3/SM4 come in a chunk loaded on demand: it loads under the policy.
  await demo.createKey('aliyun', 'Aliyun_SM4');
  await demo.generate();
  await demo.importSelected();
  await page.click('#use-key');
  await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
  await demo.createKey('aliyun', 'EC_P256');
  await demo.generate();
  await demo.importSelected();
  await page.click('#use-key');
  await expect(demo.status).toContainText('AsymmetricVerify: valid');
  // AWS: the third dialect, its wrapping keys from the mock's pool (a Worker where the browser has one).
  await demo.createKey('aws', 'ECC_NIST_P256');
  await demo.generate();
  await page.selectOption('#wrapping-key-spec', 'RSA_4096');
  await demo.importSelected();
  await page.click('#use-key');
  await expect(demo.status).toContainText('Verify: valid');
  expect(await demo.wireResults('ImportKeyMaterial')).toEqual(['OK', 'OK', 'OK', 'OK']);

  // The policy is in force: an inline script is refused (and reported), then forgotten for the final check.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => demo.allProblems()).toContainEqual(expect.stringMatching(/^csp: script-src(-elem)? inline$/));
  demo.problems.length = 0;
  await page.evaluate(() => ((window as unknown as { cspViolations: string[] }).cspViolations.length = 0));
});
