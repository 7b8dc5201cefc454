// Mock mode, end to end in real browsers: the import flow for every kind of key against
// the mocked KMS in MSW's service worker, the KMS rules seen through the page, proof that
// what the person picks is exactly what reaches the KMS (the log of requests the mock
// received, and DescribeKey), and that one operation runs at a time.
import { execFileSync } from 'node:child_process';
import type { Dialog } from '@playwright/test';
import { expect, test, type Demo } from './demo_support.js';

const unbase64 = (s: string) => Buffer.from(s, 'base64');

test.describe('imports and use', () => {
  test('Tencent, FIPS region: 256-bit material, RSAES_OAEP_SHA_256, then Encrypt/Decrypt with it', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_256');
    expect(unbase64(await demo.generate())).toHaveLength(32);
    await demo.importSelected();
    await page.click('#use-key');
    await expect(demo.status).toHaveText('Encrypted and decrypted with the imported material: "hello, bring-your-own-key".');
  });

  test('Tencent, SM-CRYPTO region: 128-bit material with RSAES_PKCS1_V1_5', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_128');
    expect(unbase64(await demo.generate())).toHaveLength(16);
    await page.selectOption('#wrapping-algorithm', 'RSAES_PKCS1_V1_5');
    await demo.importSelected();
    await page.click('#use-key');
    await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
  });

  test('Alibaba: Aliyun_AES_256 with RSAES_OAEP_SHA_1, Aliyun_SM4 with SM2PKE', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('aliyun', 'Aliyun_AES_256');
    await demo.generate();
    await page.selectOption('#wrapping-algorithm', 'RSAES_OAEP_SHA_1');
    await demo.importSelected();
    await page.click('#use-key');
    await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
    await demo.createKey('aliyun', 'Aliyun_SM4');
    expect(unbase64(await demo.generate())).toHaveLength(16);
    await demo.importSelected();
    await page.click('#use-key');
    await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
  });

  test('Alibaba asymmetric: RSA_2048 and EC_P256 (RSA/AES hybrid), EC_SM2 (SM2/SM4 hybrid), each then used', async ({ demo, page }) => {
    await demo.open();
    for (const [type, used] of [
      ['RSA_2048', 'AsymmetricSign with the imported RSA_2048 key; AsymmetricVerify: valid.'],
      ['EC_P256', 'AsymmetricSign with the imported EC_P256 key; AsymmetricVerify: valid.'],
      ['EC_SM2', 'AsymmetricDecrypt opened what this page encrypted to the imported SM2 key.'],
    ] as const) {
      await demo.createKey('aliyun', type);
      expect(await demo.generate()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      await demo.importSelected();
      await page.click('#use-key');
      await expect(demo.status).toHaveText(used);
    }
  });
});

test.describe('AWS: imports and use', () => {
  test('SYMMETRIC_DEFAULT with RSAES_OAEP_SHA_1 under an RSA_3072 wrapping key, then Encrypt/Decrypt', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('aws', 'SYMMETRIC_DEFAULT');
    expect(unbase64(await demo.generate())).toHaveLength(32);
    await page.selectOption('#wrapping-algorithm', 'RSAES_OAEP_SHA_1');
    await page.selectOption('#wrapping-key-spec', 'RSA_3072');
    await demo.importSelected();
    expect(await demo.wireParams('GetParametersForImport')).toMatchObject({ WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_3072' });
    await page.click('#use-key');
    await expect(demo.status).toHaveText('Encrypted and decrypted with the imported material: "hello, bring-your-own-key".');
    expect(new Set(await demo.wireResults())).toEqual(new Set(['OK']));
  });

  test('HMAC_224 (28 bytes) and HMAC_512 (64 bytes), then GenerateMac/VerifyMac', async ({ demo, page }) => {
    await demo.open();
    for (const [spec, bytes, mac] of [
      ['HMAC_224', 28, 'HMAC_SHA_224'],
      ['HMAC_512', 64, 'HMAC_SHA_512'],
    ] as const) {
      await demo.createKey('aws', spec);
      expect(unbase64(await demo.generate())).toHaveLength(bytes);
      await demo.importSelected();
      await expect(page.locator('#use-key')).toHaveText('GenerateMac + VerifyMac');
      await page.click('#use-key');
      await expect(demo.status).toHaveText(`GenerateMac with the imported ${spec} key; VerifyMac: valid.`);
      expect(await demo.wireParams('GenerateMac')).toMatchObject({ MacAlgorithm: mac });
      expect(new Set(await demo.wireResults())).toEqual(new Set(['OK']));
    }
  });

  test('RSA_2048, ECC_NIST_P384 and ECC_SECG_P256K1 private keys under RSA_AES_KEY_WRAP_*, each then Sign/Verify', async ({ demo, page }) => {
    await demo.open();
    for (const [type, algorithm, wrappingKeySpec, signing] of [
      ['RSA_2048', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
      ['ECC_NIST_P384', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_4096', 'ECDSA_SHA_384'],
      ['ECC_SECG_P256K1', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072', 'ECDSA_SHA_256'],
      // ECC material wrapped whole under RSAES_OAEP_*, as AWS also documents.
      ['ECC_NIST_P256', 'RSAES_OAEP_SHA_256', 'RSA_2048', 'ECDSA_SHA_256'],
    ] as const) {
      await demo.createKey('aws', type);
      expect(await demo.generate()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      await page.selectOption('#wrapping-algorithm', algorithm);
      await page.selectOption('#wrapping-key-spec', wrappingKeySpec);
      await demo.importSelected();
      expect(await demo.wireParams('GetParametersForImport'), type).toMatchObject({ WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec });
      await page.click('#use-key');
      await expect(demo.status).toHaveText(`Sign with the imported ${type} key; Verify: valid.`);
      expect(await demo.wireParams('Sign'), type).toMatchObject({ SigningAlgorithm: signing, MessageType: 'RAW' });
    }
  });
});

test('AWS: an ECC_NIST_P521 key does not fit RSAES_OAEP_SHA_256 under an RSA_2048 wrapping key: GetParametersForImport refuses, nothing imported', async ({ demo, page }) => {
  await demo.open();
  await demo.createKey('aws', 'ECC_NIST_P521');
  await demo.generate();
  await page.selectOption('#wrapping-algorithm', 'RSAES_OAEP_SHA_256');
  await page.selectOption('#wrapping-key-spec', 'RSA_2048');
  await page.click('#import');
  await expect(demo.status).toHaveClass('error');
  await expect(demo.status).toContainText('(UnsupportedOperationException');
  expect(await demo.wire('ImportKeyMaterial').count()).toBe(0);
});

test.describe('what the person picks reaches the KMS exactly', () => {
  test('each cloud offers only its own key types, and each key type only its own algorithms', async ({ demo, page }) => {
    await demo.open();
    const options = (id: string) => page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(await options('cloud')).toEqual(['tencent', 'aliyun', 'aws']);
    // Tencent imports into symmetric keys only, wrapped with the three RSA algorithms.
    expect(await options('key-type')).toEqual(['SYMMETRIC_256', 'SYMMETRIC_128']);
    for (const type of ['SYMMETRIC_256', 'SYMMETRIC_128']) {
      await demo.createKey('tencent', type);
      expect(await options('wrapping-algorithm')).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5']);
    }
    await demo.useCloud('aliyun');
    expect(await options('key-type')).toEqual(['Aliyun_AES_256', 'Aliyun_SM4', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_P256', 'EC_P256K', 'EC_SM2']);
    const expected: Record<string, string[]> = {
      Aliyun_AES_256: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'],
      Aliyun_SM4: ['SM2PKE'],
      RSA_3072: ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'],
      EC_P256K: ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'],
      EC_SM2: ['SM2PKE_SM4_ECB'],
    };
    for (const [type, algorithms] of Object.entries(expected)) {
      await demo.createKey('aliyun', type);
      expect(await options('wrapping-algorithm')).toEqual(algorithms);
      // Only AWS lets the person pick the wrapping key's size: the choice is hidden here.
      await expect(page.locator('#wrapping-key-spec')).toBeHidden();
    }
    // AWS: no RSAES_PKCS1_V1_5 (refused since 2023), RSA_AES_KEY_WRAP_* for private keys only, and a wrapping key spec to pick.
    await page.click('#reset-kms');
    await expect(demo.status).toHaveText('All mock keys forgotten.');
    await demo.useCloud('aws');
    await expect(page.locator('#wrapping-key-spec')).toBeVisible(); // shown before any key exists, in the disabled panel
    await demo.useCloud('tencent');
    await expect(page.locator('#wrapping-key-spec')).toBeHidden();
    await demo.useCloud('aws');
    expect(await options('key-type')).toEqual([
      'SYMMETRIC_DEFAULT',
      'HMAC_224',
      'HMAC_256',
      'HMAC_384',
      'HMAC_512',
      'RSA_2048',
      'RSA_3072',
      'RSA_4096',
      'ECC_NIST_P256',
      'ECC_NIST_P384',
      'ECC_NIST_P521',
      'ECC_SECG_P256K1',
    ]);
    for (const [type, algorithms] of Object.entries({
      SYMMETRIC_DEFAULT: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
      HMAC_384: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
      RSA_4096: ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'],
      ECC_NIST_P521: ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    })) {
      await demo.createKey('aws', type);
      expect(await options('wrapping-algorithm'), type).toEqual(algorithms);
      await expect(page.locator('#wrapping-key-spec')).toBeVisible();
      expect(await options('wrapping-key-spec'), type).toEqual(['RSA_2048', 'RSA_3072', 'RSA_4096']);
      await expect(page.locator('#wrapping-key-spec')).toHaveValue('RSA_2048');
    }
  });

  test('key spec: CreateKey carries the chosen KeySpec and Origin, and DescribeKey reports it', async ({ demo }) => {
    await demo.open();
    for (const spec of ['EC_P256K', 'RSA_3072', 'Aliyun_SM4']) {
      const keyId = await demo.createKey('aliyun', spec);
      expect(await demo.wireParams('CreateKey')).toMatchObject({ KeySpec: spec, Origin: 'EXTERNAL' });
      await expect(demo.page.locator(`#keys li[data-key-id="${keyId}"] .spec`)).toHaveText(spec);
    }
    await demo.createKey('tencent', 'SYMMETRIC_128');
    expect(await demo.wireParams('CreateKey')).toMatchObject({ Type: 2, KeyUsage: 'ENCRYPT_DECRYPT' });
    for (const [spec, usage] of [
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
      ['HMAC_384', 'GENERATE_VERIFY_MAC'],
      ['ECC_NIST_P521', 'SIGN_VERIFY'],
    ] as const) {
      const keyId = await demo.createKey('aws', spec);
      expect(await demo.wireParams('CreateKey')).toEqual({ KeySpec: spec, KeyUsage: usage, Origin: 'EXTERNAL' });
      await expect(demo.page.locator(`#keys li[data-key-id="${keyId}"] .spec`)).toHaveText(spec);
    }
  });

  test('algorithm: GetParametersForImport asks for the chosen algorithm and its wrapping key spec', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    await page.selectOption('#wrapping-algorithm', 'RSAES_OAEP_SHA_1');
    await demo.importSelected();
    expect(await demo.wireParams('GetParametersForImport')).toMatchObject({ WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' });
    await demo.createKey('aliyun', 'Aliyun_SM4');
    await demo.generate();
    await page.click('#get-params');
    await expect(demo.status).toContainText('Got a wrapping public key and an import token for SM2PKE');
    expect(await demo.wireParams('GetParametersForImport')).toMatchObject({ WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'EC_SM2' });
    await page.click('#import-manual');
    await expect(demo.status).toContainText('with the fetched parameters: the key is Enabled');
  });

  test('expiry: never, an exact date, and "in 1 hour" reach ImportKeyMaterial exactly; DescribeKey shows them', async ({ demo, page }) => {
    await demo.open();
    const exact = Date.UTC(2031, 4, 6, 7, 8) / 1000;
    for (const cloud of ['tencent', 'aliyun'] as const) {
      const field = cloud === 'tencent' ? 'ValidTo' : 'KeyMaterialExpireUnix';
      const keyId = await demo.createKey(cloud, cloud === 'tencent' ? 'SYMMETRIC_256' : 'Aliyun_AES_256');
      await demo.generate();
      await page.selectOption('#expiry', '0');
      await demo.importSelected();
      expect((await demo.wireParams('ImportKeyMaterial'))[field]).toBe(cloud === 'tencent' ? 0 : '0');
      await expect(page.locator(`#keys li[data-key-id="${keyId}"] .expires`)).toHaveText('never');

      await page.selectOption('#expiry', 'date');
      await page.fill('#expiry-date', '2031-05-06T07:08');
      await demo.importSelected();
      expect(Number((await demo.wireParams('ImportKeyMaterial'))[field])).toBe(exact);
      await expect(page.locator(`#keys li[data-key-id="${keyId}"] .expires`)).toHaveText('2031-05-06 07:08:00 UTC');

      // Relative to the KMS clock (here: this machine's clock), read before and after the click.
      await page.selectOption('#expiry', '3600');
      const before = Math.floor(Date.now() / 1000);
      await demo.importSelected();
      const after = Math.floor(Date.now() / 1000);
      const validTo = Number((await demo.wireParams('ImportKeyMaterial'))[field]);
      expect(validTo).toBeGreaterThanOrEqual(before + 3600);
      expect(validTo).toBeLessThanOrEqual(after + 3600);
      await expect(page.locator(`#keys li[data-key-id="${keyId}"] .expires`)).toHaveText(new Date(validTo * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
    }
  });

  test('AWS expiry: never is KEY_MATERIAL_DOES_NOT_EXPIRE without ValidTo; a date and "in 1 hour" are KEY_MATERIAL_EXPIRES with ValidTo exactly; beyond 365 days the KMS refuses', async ({ demo, page }) => {
    await demo.open();
    const keyId = await demo.createKey('aws', 'HMAC_256');
    await demo.generate();
    await page.selectOption('#expiry', '0');
    await demo.importSelected();
    expect(await demo.wireParams('ImportKeyMaterial')).not.toHaveProperty('ValidTo');
    expect(await demo.wireParams('ImportKeyMaterial')).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    await expect(demo.keyState(keyId)).toHaveText('Enabled');
    await expect(page.locator(`#keys li[data-key-id="${keyId}"] .expires`)).toHaveText('never');

    // A date 100 days ahead (AWS takes at most 365), at a whole minute, in UTC.
    const day = 24 * 3600 * 1000;
    const at = new Date(Math.floor((Date.now() + 100 * day) / 60_000) * 60_000);
    await page.selectOption('#expiry', 'date');
    await page.fill('#expiry-date', at.toISOString().slice(0, 16));
    await demo.importSelected();
    expect(await demo.wireParams('ImportKeyMaterial')).toMatchObject({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: at.getTime() / 1000 });
    await expect(page.locator(`#keys li[data-key-id="${keyId}"] .expires`)).toHaveText(at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));

    await page.selectOption('#expiry', '3600');
    const before = Math.floor(Date.now() / 1000);
    await demo.importSelected();
    const after = Math.floor(Date.now() / 1000);
    const sent = await demo.wireParams('ImportKeyMaterial');
    expect(sent.ExpirationModel).toBe('KEY_MATERIAL_EXPIRES');
    expect(Number(sent.ValidTo)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(sent.ValidTo)).toBeLessThanOrEqual(after + 3600);

    const far = new Date(Date.now() + 400 * day);
    await page.selectOption('#expiry', 'date');
    await page.fill('#expiry-date', far.toISOString().slice(0, 16));
    await page.click('#import');
    await expect(demo.status).toHaveClass('error');
    await expect(demo.status).toContainText('ValidTo must be at most 365 days from the request date (ValidationException');
    expect((await demo.wireResults('ImportKeyMaterial')).at(-1)).toBe('ValidationException');
  });

  test('an expiry in the past is sent as picked and the KMS refuses it', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    await page.selectOption('#expiry', 'date');
    await page.fill('#expiry-date', '2001-02-03T04:05');
    await page.click('#import');
    await expect(demo.status).toHaveClass('error');
    await expect(demo.status).toContainText('InvalidParameterValue');
    expect(Number((await demo.wireParams('ImportKeyMaterial')).ValidTo)).toBe(Date.UTC(2001, 1, 3, 4, 5) / 1000);
    expect(await demo.wireResults('ImportKeyMaterial')).toEqual(['InvalidParameterValue']);
  });

  test('target key spec: a private key of another spec is refused here, before anything is imported', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('aliyun', 'RSA_2048');
    const ecKey = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).toString();
    await page.fill('#material', ecKey);
    await page.click('#import');
    await expect(demo.status).toHaveClass('error');
    await expect(demo.status).toContainText('(ERR_KEY_SPEC_MISMATCH)');
    expect(await demo.wire('ImportKeyMaterial').count()).toBe(0);
    // The right spec goes through.
    await demo.generate();
    await demo.importSelected();
    expect(await demo.wire('ImportKeyMaterial').count()).toBe(1);
  });
});

test.describe('one operation at a time', () => {
  const starters = ['#cloud', '#refresh', '#reset-kms', '#clock-hour', '#create-key', '#generate', '#import', '#get-params', '#use-key', '#delete-material', '#disable-key', '#enable-key', '#schedule-deletion', '#cancel-deletion'];

  test('a double click on "Wrap and import" starts one import (counted at the mock)', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    // Each request takes 300 ms, so both clicks land while the first operation runs: on a
    // loaded machine an instant mock can finish between the two clicks, which is two operations.
    await demo.faults({ delay: '300' });
    await page.dblclick('#import');
    await expect(demo.status).toContainText('the key is Enabled');
    expect(await demo.wire('GetParametersForImport').count()).toBe(1);
    expect(await demo.wire('ImportKeyMaterial').count()).toBe(1);
    await page.dblclick('#create-key');
    await expect(demo.status).toContainText('PendingImport');
    expect(await demo.wire('CreateKey').count()).toBe(2);
  });

  test('while an import waits out throttling every starter is disabled, a forced click is ignored, and it completes once the faults stop', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('aliyun', 'Aliyun_AES_256');
    await demo.generate();
    // Long backoff: the import cannot finish while every request is throttled.
    await demo.faults({ retries: '8', baseDelay: '1000', throttle: '1' });
    await page.click('#import');
    await expect(page.locator('#log li.retry', { hasText: 'GetParametersForImport answered Throttling: retry 1 of 8 in 1000 ms' })).toHaveCount(1);
    for (const s of starters) await expect(page.locator(s), s).toBeDisabled();
    await expect(page.locator('#mock')).toHaveAttribute('aria-busy', 'true');
    // A click that gets through anyway (a synthetic event) starts nothing.
    await page.dispatchEvent('#import', 'click');
    await page.dispatchEvent('#create-key', 'click');
    await demo.faults({ throttle: '0' });
    await expect(demo.status).toContainText('the key is Enabled', { timeout: 30_000 });
    for (const s of starters) await expect(page.locator(s), s).toBeEnabled();
    await expect(page.locator('#import')).toBeFocused();
    expect(await demo.wireResults('ImportKeyMaterial')).toEqual(['OK']);
    expect(await demo.wire('CreateKey').count()).toBe(1);
    expect((await demo.wireResults('GetParametersForImport')).at(-1)).toBe('OK');
  });
});

test.describe('KMS rules through the page', () => {
  test('an expired token (clock control), different material on re-import, a burst of throttling retried', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('aliyun', 'Aliyun_AES_256');
    const material = await demo.generate();
    await page.click('#get-params');
    await expect(demo.status).toContainText('valid until');
    await page.click('#clock-day');
    await expect(demo.status).toContainText('KMS clock moved +25 h');
    await page.click('#import-manual');
    await expect(demo.status).toContainText('The import token has expired');
    await expect(demo.status).toContainText('ExpiredImportToken');
    await demo.importSelected();
    await page.click('#delete-material');
    await expect(demo.status).toContainText('now PendingImport');
    await demo.generate();
    await page.click('#import');
    await expect(demo.status).toContainText('InvalidKeyMaterial');
    // The first material goes back in, through a burst of throttling retried with backoff.
    await page.fill('#material', material);
    await demo.faults({ baseDelay: '10' });
    await page.selectOption('#throttle', 'burst');
    await demo.importSelected();
    await expect(page.locator('#log li.retry')).toHaveCount(2);
    await expect(page.locator('#log li.retry').last()).toContainText('GetParametersForImport answered Throttling: retry 1 of 5 in 10 ms');
    await expect(page.locator('#log li.retry').first()).toContainText('retry 2 of 5 in 20 ms');
    await expect(page.locator('#throttle')).toHaveValue('0');
  });

  test('AWS: an expired token (ExpiredImportTokenException), other material for an HMAC key (IncorrectKeyMaterialException), the first material again', async ({ demo, page }) => {
    await demo.open();
    const keyId = await demo.createKey('aws', 'HMAC_384');
    const material = await demo.generate();
    await page.click('#get-params');
    await expect(demo.status).toContainText('(wrapping key RSA_2048)');
    await page.click('#clock-day');
    await expect(demo.status).toContainText('KMS clock moved +25 h');
    await page.click('#import-manual');
    await expect(demo.status).toContainText('The import token has expired');
    await expect(demo.status).toContainText('(ExpiredImportTokenException');
    await demo.importSelected();
    await page.click('#delete-material');
    await expect(demo.keyState(keyId)).toHaveText('PendingImport');
    await demo.generate();
    await page.click('#import');
    await expect(demo.status).toContainText('(IncorrectKeyMaterialException');
    await page.fill('#material', material);
    await demo.importSelected();
    await page.click('#use-key');
    await expect(demo.status).toHaveText('GenerateMac with the imported HMAC_384 key; VerifyMac: valid.');
    await page.click('#clock-reset');
    await expect(demo.status).toContainText('KMS clock reset');
  });

  test('Tencent: scheduling the deletion of an Enabled key says to disable it first (CmkShouldBeDisabled); disabled, it is scheduled', async ({ demo, page }) => {
    await demo.open();
    const keyId = await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    await demo.importSelected();
    await page.click('#schedule-deletion');
    await expect(demo.status).toHaveClass('error');
    await expect(demo.status).toHaveText(/^Tencent Cloud KMS schedules the deletion of disabled keys only: disable the key first \(Disable\), then schedule its deletion\. \(ResourceUnavailable\.CmkShouldBeDisabled, request \S+\)$/);
    await page.click('#disable-key');
    await expect(demo.keyState(keyId)).toHaveText('Disabled');
    await page.click('#schedule-deletion');
    await expect(demo.status).toContainText('Schedule deletion: the key is now');
    await expect(demo.keyState(keyId)).not.toHaveText('Disabled');
  });

  test('material expiry via the clock control returns the key to PendingImport', async ({ demo, page }) => {
    await demo.open();
    const keyId = await demo.createKey('tencent', 'SYMMETRIC_256');
    await page.selectOption('#expiry', '3600');
    await demo.generate();
    await demo.importSelected();
    await page.click('#clock-day');
    await expect(demo.keyState(keyId)).toHaveText('PendingImport');
    await page.click('#use-key');
    await expect(demo.status).toContainText('ResourceUnavailable.CmkStateNotSupport');
    await page.click('#clock-reset');
    await expect(demo.status).toContainText('KMS clock reset');
  });

  test('reload keeps the mocked KMS only when the person opts in', async ({ demo, page }) => {
    await demo.open();
    await page.check('#persist');
    const keyId = await demo.createKey('tencent', 'SYMMETRIC_128');
    await demo.generate();
    await demo.importSelected();
    await page.reload();
    await demo.ready();
    await expect(demo.status).toHaveText('Mocked Tencent Cloud KMS ready (1 key kept from before).');
    await expect(demo.keyState(keyId)).toHaveText('Enabled');
    await page.click('#use-key');
    await expect(demo.status).toContainText('Encrypted and decrypted with the imported material');
    // It remembers the key type too: more 128-bit material for this key.
    expect(unbase64(await demo.generate())).toHaveLength(16);
    await page.uncheck('#persist');
    await page.reload();
    await demo.ready();
    await expect(page.locator('#keys li')).toHaveCount(0);
  });

  test('with "keep" ticked a reload comes back to the cloud last chosen and counts the keys kept in every cloud; unticked, the cloud is forgotten too', async ({ demo, page }) => {
    await demo.open();
    await page.check('#persist');
    await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.createKey('tencent', 'SYMMETRIC_128');
    const aliyun = await demo.createKey('aliyun', 'Aliyun_AES_256');
    const aws = await demo.createKey('aws', 'SYMMETRIC_DEFAULT');
    await page.reload();
    await demo.ready();
    await expect(page.locator('#cloud')).toHaveValue('aws');
    await expect(demo.status).toHaveText('Mocked AWS KMS ready (4 keys kept from before: 1 in AWS KMS, 2 in Tencent Cloud KMS, 1 in Alibaba Cloud KMS).');
    await expect(demo.keyState(aws)).toHaveText('PendingImport');
    await demo.useCloud('aliyun');
    await page.reload();
    await demo.ready();
    await expect(page.locator('#cloud')).toHaveValue('aliyun');
    await expect(demo.keyState(aliyun)).toHaveText('PendingImport');
    // A stored cloud this page does not know is ignored.
    await page.evaluate(() => localStorage.setItem('byok-demo:cloud', JSON.stringify('google')));
    await page.reload();
    await demo.ready();
    await expect(page.locator('#cloud')).toHaveValue('tencent');
    await expect(demo.status).toContainText('(4 keys kept from before: 2 in Tencent Cloud KMS, 1 in Alibaba Cloud KMS, 1 in AWS KMS)');
    await demo.useCloud('aws');
    await page.uncheck('#persist');
    expect(await page.evaluate(() => localStorage.getItem('byok-demo:cloud'))).toBeNull();
    await page.reload();
    await demo.ready();
    await expect(page.locator('#cloud')).toHaveValue('tencent');
    await expect(demo.status).toHaveText('Mocked Tencent Cloud KMS ready.');
  });

  test('opting out clears what was stored, even what an earlier page life wrote (issue 11.15)', async ({ demo, page }) => {
    /** Every localStorage entry the demo or its mocked KMS may write. */
    const stored = () =>
      page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('byok-demo:') || k.startsWith('webcrypto-byok:')).map((k) => [k, localStorage.getItem(k)])));
    await demo.open();
    await page.check('#persist');
    const keyId = await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    await demo.importSelected();
    await page.click('#clock-hour');
    await expect(demo.status).toContainText('KMS clock moved +1 h');
    expect(Object.keys(await stored())).toEqual(expect.arrayContaining(['webcrypto-byok:mock-kms', 'byok-demo:key-types', 'byok-demo:clock-offset']));
    // A new page life that writes nothing before the person unticks "keep".
    await page.reload();
    await demo.ready();
    await expect(demo.keyState(keyId)).toHaveText('Enabled');
    await page.uncheck('#persist');
    expect(await stored()).toEqual({});
    // This page still has its keys in memory; the next one starts empty, with the clock reset.
    await expect(demo.keyState(keyId)).toHaveText('Enabled');
    await page.reload();
    await demo.ready();
    await expect(page.locator('#keys li')).toHaveCount(0);
    await expect(page.locator('#persist')).not.toBeChecked();
    await page.click('#clock-reset');
    await expect(demo.status).toContainText('KMS clock reset');
    expect(await stored()).toEqual({});
  });

  test('"keep" ticked again after an opt-out stores the state again, including what was loaded at start', async ({ demo, page }) => {
    await demo.open();
    await page.check('#persist');
    const keyId = await demo.createKey('aliyun', 'Aliyun_AES_256');
    await page.reload();
    await demo.ready();
    await page.uncheck('#persist');
    await page.check('#persist');
    await page.reload();
    await demo.ready();
    await demo.useCloud('aliyun');
    await expect(demo.keyState(keyId)).toHaveText('PendingImport');
  });
});

test.describe('nothing generated is lost, nothing secret is logged', () => {
  async function keyMaterial(demo: Demo, keyId: string) {
    await demo.page.check(`#keys li[data-key-id="${keyId}"] input`);
    return demo.page.inputValue('#material');
  }

  test('material stays with its key across other keys, cloud switches and re-renders, and downloads as raw and base64', async ({ demo, page }) => {
    await demo.open();
    const a = await demo.createKey('tencent', 'SYMMETRIC_256');
    const materialA = await demo.generate();
    const b = await demo.createKey('tencent', 'SYMMETRIC_256');
    expect(await page.inputValue('#material')).toBe('');
    const materialB = await demo.generate();
    await demo.useCloud('aliyun');
    await demo.createKey('aliyun', 'EC_P256');
    await demo.useCloud('tencent');
    await page.click('#refresh');
    await expect(demo.status).toContainText('has 2 keys');
    expect(await keyMaterial(demo, a)).toBe(materialA);
    expect(await keyMaterial(demo, b)).toBe(materialB);
    const raw = await demo.download(demo.fileLink('material-files', 'raw_material.bin'));
    const text = await demo.download(demo.fileLink('material-files', 'raw_material.base64'));
    expect(raw.bytes.equals(unbase64(materialB))).toBe(true);
    expect(text.bytes.toString()).toBe(materialB);
  });

  /**
   * Leaving the page: `asks` tries a reload and says whether the browser asked first ("Stay" is
   * chosen, so the page stays as it was); `leaves` reloads and fails if the browser asked.
   */
  const leaving = (demo: Demo) => ({
    asks: async () => {
      const dialog = demo.page.waitForEvent('dialog', { timeout: 10_000 });
      void demo.page.evaluate(() => location.reload()).catch(() => {});
      const d = await dialog;
      expect(d.type()).toBe('beforeunload');
      await d.dismiss();
    },
    leaves: async () => {
      const asked: string[] = [];
      const onDialog = (d: Dialog) => {
        asked.push(d.type());
        void d.accept();
      };
      demo.page.on('dialog', onDialog);
      await demo.page.reload();
      demo.page.off('dialog', onDialog);
      expect(asked).toEqual([]);
      await demo.ready();
    },
  });
  /** Follow a download link as a person would, without a real download (which Firefox under Playwright cannot take). */
  const take = async (demo: Demo, link: string) => {
    await demo.page.evaluate(() => document.addEventListener('click', (e) => e.target instanceof Element && e.target.closest('a[download]') && e.preventDefault(), { once: true }));
    await demo.page.click(link);
  };

  test('leaving the page asks first while generated material is neither imported nor downloaded; "Stay" keeps the mocked KMS answering', async ({ demo, page }) => {
    const { asks, leaves } = leaving(demo);
    await demo.open();
    const a = await demo.createKey('tencent', 'SYMMETRIC_256');
    const material = await demo.generate();
    await asks();
    // Stayed: nothing lost, and the mocked KMS still answers (MSW never took the prompt for the page closing).
    expect(await page.inputValue('#material')).toBe(material);
    await demo.importSelected();
    await expect(demo.keyState(a)).toHaveText('Enabled');
    await leaves();
  });

  test('leaving the page asks while any key holds generated material not yet taken; a downloaded copy, or material typed over it, ends that', async ({ demo, page }) => {
    const { asks, leaves } = leaving(demo);
    await demo.open();
    const a = await demo.createKey('tencent', 'SYMMETRIC_256');
    await demo.generate();
    await demo.createKey('aliyun', 'EC_P256');
    await demo.generate();
    await take(demo, '#material-files a[download="private_key_pkcs8.pem"]');
    await asks(); // the Tencent key's material is not taken yet
    await demo.useCloud('tencent');
    await page.check(`#keys li[data-key-id="${a}"] input`);
    await page.fill('#material', 'typed by the person');
    await leaves();
  });

  test('offline mode: leaving asks while generated material was not downloaded, wrapped or not; a copy from the box or beside its wrap ends that', async ({ demo, page }) => {
    const { asks, leaves } = leaving(demo);
    const spki = execFileSync('openssl', ['pkey', '-pubout'], { input: execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']) }).toString();
    await demo.open();
    await page.click('#tab-offline');
    await page.fill('#off-public-key', spki);
    await page.click('#off-generate');
    await expect(page.locator('#off-status')).toContainText('Generated in this page');
    await page.click('#off-wrap');
    await expect(page.locator('#off-status')).toContainText('Wrapped: 256 bytes');
    await asks();
    await page.click('#off-generate');
    await expect(page.locator('#off-status')).toContainText('wrap again for this one');
    await take(demo, '#off-material-files a[download="raw_material.bin"]');
    await asks(); // the wrapped material, listed beside its wrap, was never taken
    await take(demo, '#off-earlier-list .pair-material a[download="raw_material.bin"]');
    await leaves();
  });

  test('key material never reaches the console', async ({ demo, page }) => {
    await demo.open();
    await demo.createKey('tencent', 'SYMMETRIC_256');
    const material = await demo.generate();
    await demo.importSelected();
    await demo.createKey('aliyun', 'EC_P256');
    const pem = await demo.generate();
    await demo.importSelected();
    await page.click('#tab-offline');
    await page.click('#off-generate');
    await expect(page.locator('#off-status')).toContainText('Generated');
    const offline = await page.inputValue('#off-material');
    const secrets = [material, unbase64(material).toString('hex'), pem.split('\n')[1]!, offline];
    // The console is being listened to: a probe message arrives.
    await page.evaluate(() => console.info('console probe'));
    await expect.poll(() => demo.console.includes('console probe')).toBe(true);
    for (const line of demo.console) for (const s of secrets) expect(line).not.toContain(s);
  });
});
