// The mock harness page works in both browsers: the mocked KMS in MSW's service worker at
// /api/kms, driven by the library's client, as a frontend's tests would use it.
import { expect, test } from '@playwright/test';

test('the client imports material into the mock running in the service worker', async ({ page }) => {
  await page.goto('/harness/mock.html');
  await expect(page).toHaveTitle('ready');
  const state = await page.evaluate(async () => {
    const w = window as unknown as { startMock: () => Promise<boolean>; byok: typeof import('../../src/index.js') };
    await w.startMock();
    const client = w.byok.createKmsClient({ cloud: 'aliyun', endpoint: '/api/kms' });
    const { KeyMetadata } = await client.createKey({ Origin: 'EXTERNAL' });
    await w.byok.importKeyMaterial({ client, keyId: KeyMetadata.KeyId, keyMaterial: w.byok.generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
    return (await client.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata.KeyState;
  });
  expect(state).toBe('Enabled');
});
