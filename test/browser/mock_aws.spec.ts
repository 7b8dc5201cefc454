// AWS in the browser: @aws-sdk/client-kms (bundled for the browser, unmodified) imports key
// material into the mocked KMS running in MSW's service worker, with SigV4 verified, in
// Chromium and Firefox; the wrapping key pairs come from the pool's Worker.
import { expect, test } from '@playwright/test';

type Harness = { startMock: () => Promise<boolean>; awsImport: () => Promise<Record<string, unknown>>; prepareFromWorker: (n: number, rounds: number) => Promise<{ worker: number; realm: number }> };

test('@aws-sdk/client-kms imports a symmetric and an ECC key into the mock, checked by WebCrypto', async ({ page }) => {
  await page.goto('/harness/aws.html');
  await expect(page).toHaveTitle('ready');
  const result = await page.evaluate(async () => {
    const w = window as unknown as Harness;
    await w.startMock();
    return w.awsImport();
  });
  expect(result).toEqual({
    symmetric: {
      arn: expect.stringMatching(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/),
      state: 'Enabled',
      expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      materialIdMatches: true,
      openedByWebCrypto: 'from the page',
      decrypted: 'from the page',
    },
    ecc: { publicKeyMatches: true, verifiedByWebCrypto: true },
    wrongSecret: 'InvalidSignatureException 400',
  });
});

test('wrapping key pairs are generated ahead, in the pool’s Worker where it can load', async ({ page, browserName }) => {
  await page.goto('/harness/aws.html');
  await expect(page).toHaveTitle('ready');
  const started = page.waitForEvent('worker', (w) => w.url().endsWith('/harness/wrapping_key_worker.js'));
  const made = await page.evaluate(async () => {
    const w = window as unknown as Harness;
    await w.startMock();
    return w.prepareFromWorker(2, 20);
  });
  await started;
  // Until the Worker says it is ready, pairs are made in the page. Chromium runs it. Firefox,
  // with MSW's service worker controlling the page, never delivers the module imports of a
  // Worker (this harness's esbuild bundle gives every entry a shared chunk), so there the
  // pool keeps making pairs in the page; a one-file worker (Vite's build) loads in both.
  if (browserName === 'chromium') expect(made.worker).toBeGreaterThan(0);
  expect(made.worker + made.realm).toBeGreaterThanOrEqual(2);
  // The stocked pairs serve the next imports.
  const result = await page.evaluate(() => (window as unknown as Harness).awsImport());
  expect(result.symmetric).toMatchObject({ state: 'Enabled', openedByWebCrypto: 'from the page' });
});
