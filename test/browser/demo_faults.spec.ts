// Faults: with every request throttled (Tencent, AWS) or failing with an internal error
// (Alibaba, AWS), each button of the mock mode retries with the library's backoff (its codes,
// 2^(n-1) × base delay), reports every retry, gives up cleanly in words — never a
// TypeError — and each works again once the faults are switched off.
import { expect, test, type Cloud, type Demo } from './demo_support.js';

interface Case {
  cloud: Cloud;
  keyType: string;
  fault: { throttle: string } | { internalErrors: string };
  off: { throttle: string } | { internalErrors: string };
  code: string;
  words: string;
  deleteAction: string;
  pendingDeletion: string;
  /** The state CancelKeyDeletion leaves a key in (the mocked KMS follows each cloud). */
  cancelled: string;
}

const CASES: Case[] = [
  { cloud: 'tencent', keyType: 'SYMMETRIC_256', fault: { throttle: '1' }, off: { throttle: '0' }, code: 'RequestLimitExceeded', words: 'The KMS is throttling requests.', deleteAction: 'DeleteImportedKeyMaterial', pendingDeletion: 'PendingDelete', cancelled: 'Disabled' },
  { cloud: 'aliyun', keyType: 'Aliyun_AES_256', fault: { internalErrors: '1' }, off: { internalErrors: '0' }, code: 'InternalFailure', words: 'The KMS had an internal error.', deleteAction: 'DeleteKeyMaterial', pendingDeletion: 'PendingDeletion', cancelled: 'Enabled' },
  { cloud: 'aws', keyType: 'SYMMETRIC_DEFAULT', fault: { throttle: '1' }, off: { throttle: '0' }, code: 'ThrottlingException', words: 'The KMS is throttling requests.', deleteAction: 'DeleteImportedKeyMaterial', pendingDeletion: 'PendingDeletion', cancelled: 'Disabled' },
  { cloud: 'aws', keyType: 'HMAC_256', fault: { internalErrors: '1' }, off: { internalErrors: '0' }, code: 'KMSInternalException', words: 'The KMS had an internal error.', deleteAction: 'DeleteImportedKeyMaterial', pendingDeletion: 'PendingDeletion', cancelled: 'Disabled' },
];

const RETRIES = 3;

/** Click a starter under a fault: RETRIES retries at 10, 20, 40 ms, RETRIES + 1 requests all refused, a clear error. */
async function failsAfterRetries(demo: Demo, c: Case, button: string, action: string) {
  const page = demo.page;
  const requests = await demo.wire(action).count();
  const retries = page.locator('#log li.retry');
  const retriesBefore = await retries.count();
  await page.click(button);
  await expect(retries).toHaveCount(retriesBefore + RETRIES);
  await expect(demo.status).toHaveClass('error');
  await expect(page.locator('#mock')).toHaveAttribute('aria-busy', 'false');
  await expect(demo.status).toContainText(`${c.words} (${c.code}, request `);
  await expect(demo.status).toContainText(`Gave up after ${RETRIES} retries with exponential backoff`);
  const notes = (await retries.allTextContents()).slice(0, RETRIES).reverse();
  notes.forEach((text, i) => expect(text, button).toContain(`${action} answered ${c.code}: retry ${i + 1} of ${RETRIES} in ${10 * 2 ** i} ms (exponential backoff)`));
  expect((await demo.wireResults(action)).slice(requests), button).toEqual(Array(RETRIES + 1).fill(c.code));
}

async function works(demo: Demo, button: string, done: string | RegExp) {
  await demo.page.click(button);
  await expect(demo.status).toHaveClass('ok');
  await expect(demo.status).toContainText(done);
}

/** What the use button calls first, and says when it worked, for a key type. */
const USE: Record<string, [string, string]> = {
  SYMMETRIC_256: ['Encrypt', 'Encrypted and decrypted with the imported material'],
  Aliyun_AES_256: ['Encrypt', 'Encrypted and decrypted with the imported material'],
  SYMMETRIC_DEFAULT: ['Encrypt', 'Encrypted and decrypted with the imported material'],
  HMAC_256: ['GenerateMac', 'GenerateMac with the imported HMAC_256 key; VerifyMac: valid.'],
};

for (const c of CASES) {
  test(`${c.cloud} ${c.keyType}: every button under ${c.code} on every request retries, gives up in words, then works once the faults stop`, async ({ demo, page }) => {
    await demo.open();
    await demo.faults({ retries: String(RETRIES), baseDelay: '10' });
    const keyId = await demo.createKey(c.cloud, c.keyType);
    const material = await demo.generate();
    await demo.importSelected();
    await page.click('#get-params');
    await expect(demo.status).toContainText('Got a wrapping public key');

    await demo.faults(c.fault);
    const buttons: [string, string][] = [
      ['#refresh', 'ListKeys'],
      ['#create-key', 'CreateKey'],
      ['#import', 'GetParametersForImport'],
      ['#get-params', 'GetParametersForImport'],
      ['#import-manual', 'ImportKeyMaterial'],
      ['#use-key', USE[c.keyType]![0]],
      ['#delete-material', c.deleteAction],
      ['#disable-key', 'DisableKey'],
      ['#enable-key', 'EnableKey'],
      ['#schedule-deletion', 'ScheduleKeyDeletion'],
      ['#cancel-deletion', 'CancelKeyDeletion'],
      ['#clock-hour', 'ListKeys'],
      ['#clock-day', 'ListKeys'],
      ['#clock-reset', 'ListKeys'],
    ];
    for (const [button, action] of buttons) await failsAfterRetries(demo, c, button, action);
    await expect(page.locator('#keys-stale')).toBeVisible();
    // Generating material asks nothing of the KMS: it works through the fault.
    const requests = await demo.wire().count();
    await works(demo, '#generate', 'Generated in this page');
    expect(await demo.wire().count()).toBe(requests);

    await demo.faults(c.off);
    await works(demo, '#refresh', 'has 1 key');
    await expect(page.locator('#keys-stale')).toBeHidden();
    await expect(demo.keyState(keyId)).toHaveText('Enabled');
    await works(demo, '#use-key', USE[c.keyType]![1]);
    await works(demo, '#disable-key', 'the key is now Disabled');
    await works(demo, '#enable-key', 'the key is now Enabled');
    // The box now holds the material generated under the fault: the key is bound to the first.
    await page.fill('#material', material);
    await works(demo, '#get-params', 'Got a wrapping public key');
    await works(demo, '#import-manual', 'with the fetched parameters: the key is Enabled');
    await works(demo, '#delete-material', 'the key is now PendingImport');
    await works(demo, '#import', 'the key is Enabled');
    await works(demo, '#disable-key', 'the key is now Disabled');
    await works(demo, '#schedule-deletion', `the key is now ${c.pendingDeletion}`);
    await works(demo, '#cancel-deletion', `the key is now ${c.cancelled}`);
    await works(demo, '#clock-hour', 'KMS clock moved +1 h');
    await works(demo, '#clock-day', 'KMS clock moved +25 h');
    await works(demo, '#clock-reset', 'KMS clock reset');
    await works(demo, '#create-key', 'it waits for key material (PendingImport)');

    // Forgetting all keys and switching clouds, under the fault and after it.
    await demo.faults(c.fault);
    await failsAfterRetries(demo, c, '#reset-kms', 'ListKeys');
    const other: Cloud = c.cloud === 'tencent' ? 'aliyun' : 'tencent';
    const before = await page.locator('#log li.retry').count();
    await page.selectOption('#cloud', other);
    await expect(page.locator('#log li.retry')).toHaveCount(before + RETRIES);
    await expect(demo.status).toHaveClass('error');
    await expect(demo.status).toContainText(`Gave up after ${RETRIES} retries`);
    await expect(page.locator('#keys-stale')).toContainText('The key list could not be loaded');
    await demo.faults(c.off);
    await works(demo, '#refresh', 'has 0 keys');
    await demo.useCloud(c.cloud);
    // "Forget all mock keys" forgot them even though the list could not be reloaded then.
    await expect(page.locator('#keys li')).toHaveCount(0);
    await works(demo, '#reset-kms', 'All mock keys forgotten.');
    expect(demo.problems.filter((p) => /TypeError/.test(p))).toEqual([]);
  });
}
