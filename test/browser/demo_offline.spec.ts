// Offline mode ("Wrap for a real console"): for each cloud, key type and algorithm the
// console offers, the files the page offers open with OpenSSL (raw binary and base64
// alike) to exactly the material the page generated or was given; what was generated
// or wrapped survives tab, hash, cloud and algorithm changes; errors are said in words.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Demo } from './demo_support.js';

const dir = mkdtempSync(join(tmpdir(), 'byok-demo-offline-'));
let n = 0;
const file = (name: string, content?: Buffer | string) => {
  const path = join(dir, `${n++}-${name}`);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** An RSA wrapping key pair (2048 bits unless asked), as a console's GetParametersForImport, an import job or a KEK would hold it. */
function wrappingKey(bits: 2048 | 3072 | 4096 = 2048) {
  const key = file(`wrapping-${bits}.pem`);
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', key);
  return { key, bytes: bits / 8, spkiDer: openssl('pkey', '-in', key, '-pubout', '-outform', 'DER'), spkiPem: openssl('pkey', '-in', key, '-pubout').toString() };
}
/** RSA-3072 and RSA-4096 keys take seconds to make: one of each for this file. */
const bigKeys = new Map<number, ReturnType<typeof wrappingKey>>();
const sharedWrappingKey = (bits: 3072 | 4096) => bigKeys.get(bits) ?? bigKeys.set(bits, wrappingKey(bits)).get(bits)!;

const OAEP: Record<string, string[]> = {
  RSAES_OAEP_SHA_256: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
  RSAES_OAEP_SHA_1: ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha1', '-pkeyopt', 'rsa_mgf1_md:sha1'],
  RSAES_PKCS1_V1_5: ['-pkeyopt', 'rsa_padding_mode:pkcs1'],
};
const rsaDecrypt = (key: string, algorithm: string, ciphertext: Buffer) => openssl('pkeyutl', '-decrypt', '-inkey', key, '-in', file('ct.bin', ciphertext), ...OAEP[algorithm]!);

async function choose(demo: Demo, cloud: string, keyType: string, algorithm: string) {
  await demo.page.click('#tab-offline');
  await demo.page.selectOption('#off-cloud', cloud);
  await demo.page.selectOption('#off-key-type', keyType);
  await demo.page.selectOption('#off-algorithm', algorithm);
}

const linkNames = (demo: Demo, list: string) => demo.page.locator(`#${list} a`).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).download));
const offStatus = (demo: Demo) => demo.page.locator('#off-status');

const FILES = {
  tencent: { upload: ['encrypted_material.base64', 'encrypted_key_material.bin', 'import_token.txt'], keep: ['raw_material.bin', 'raw_material.base64'] },
  aliyun: { upload: ['EncryptedKeyMaterial_base64.txt', 'EncryptedKeyMaterial.bin', 'ImportToken.txt'], keep: ['KeyMaterial.bin', 'KeyMaterial_base64.txt'] },
};

test('each cloud offers only its own key types and algorithms', async ({ demo, page }) => {
  await demo.open();
  await page.click('#tab-offline');
  const options = (id: string) => page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(await options('off-cloud')).toEqual(['tencent', 'aliyun', 'aws', 'google', 'azure', 'vault']);
  expect(await options('off-key-type')).toEqual(['SYMMETRIC_256', 'SYMMETRIC_128']);
  expect(await options('off-algorithm')).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5']);
  await page.selectOption('#off-cloud', 'aliyun');
  expect(await options('off-key-type')).toEqual(['Aliyun_AES_256', 'Aliyun_SM4', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_P256', 'EC_P256K', 'EC_SM2']);
  await page.selectOption('#off-key-type', 'Aliyun_SM4');
  expect(await options('off-algorithm')).toEqual(['SM2PKE']);
  await expect(page.locator('#off-parameters-hint')).toContainText('Wrapping key for SM2PKE: EC_SM2.');
  await page.selectOption('#off-key-type', 'EC_SM2');
  expect(await options('off-algorithm')).toEqual(['SM2PKE_SM4_ECB']);
  await page.selectOption('#off-key-type', 'RSA_4096');
  expect(await options('off-algorithm')).toEqual(['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD']);
  // AWS: no RSAES_PKCS1_V1_5 (refused since 2023); RSAES_OAEP_* for symmetric and HMAC
  // material, RSA_AES_KEY_WRAP_* for RSA and ECC private keys only (GetParametersForImport).
  await page.selectOption('#off-cloud', 'aws');
  expect(await options('off-key-type')).toEqual([
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
  await expect(page.locator('#off-key-type')).toHaveValue('RSA_4096'); // a choice both clouds have is kept
  expect(await options('off-algorithm')).toEqual(['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
  for (const type of ['SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_512']) {
    await page.selectOption('#off-key-type', type);
    expect(await options('off-algorithm'), type).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']);
  }
  await page.selectOption('#off-key-type', 'ECC_NIST_P384');
  expect(await options('off-algorithm')).toEqual(['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']);

  // Google: six import methods for symmetric keys; private keys need one with AES key wrap.
  await page.selectOption('#off-cloud', 'google');
  expect(await options('off-key-type')).toEqual([
    'GOOGLE_SYMMETRIC_ENCRYPTION',
    'AES_256_GCM',
    'AES_128_GCM',
    'HMAC_SHA256',
    'HMAC_SHA512',
    'RSA_SIGN_PKCS1_2048_SHA256',
    'RSA_SIGN_PSS_3072_SHA256',
    'RSA_DECRYPT_OAEP_4096_SHA256',
    'EC_SIGN_P256_SHA256',
    'EC_SIGN_P384_SHA384',
    'EC_SIGN_SECP256K1_SHA256',
  ]);
  expect(await options('off-algorithm')).toEqual([
    'RSA_OAEP_3072_SHA256_AES_256',
    'RSA_OAEP_4096_SHA256_AES_256',
    'RSA_OAEP_3072_SHA1_AES_256',
    'RSA_OAEP_4096_SHA1_AES_256',
    'RSA_OAEP_3072_SHA256',
    'RSA_OAEP_4096_SHA256',
  ]);
  await page.selectOption('#off-algorithm', 'RSA_OAEP_4096_SHA256');
  await expect(page.locator('#off-parameters-hint')).toContainText('Wrapping key for RSA_OAEP_4096_SHA256: an RSA-4096 import job key');
  await page.selectOption('#off-key-type', 'EC_SIGN_P384_SHA384');
  expect(await options('off-algorithm')).toEqual(['RSA_OAEP_3072_SHA256_AES_256', 'RSA_OAEP_4096_SHA256_AES_256', 'RSA_OAEP_3072_SHA1_AES_256', 'RSA_OAEP_4096_SHA1_AES_256']);
  await expect(page.locator('#off-token-label')).toHaveText('Import job name (projects/…/importJobs/…)');

  // Azure: RSA-HSM, EC-HSM, oct-HSM (Managed HSM), all with CKM_RSA_AES_KEY_WRAP; the token box asks for the KEK's kid.
  await page.selectOption('#off-cloud', 'azure');
  expect(await options('off-key-type')).toEqual(['RSA-HSM_2048', 'RSA-HSM_3072', 'RSA-HSM_4096', 'EC-HSM_P-256', 'EC-HSM_P-256K', 'EC-HSM_P-384', 'EC-HSM_P-521', 'oct-HSM_128', 'oct-HSM_192', 'oct-HSM_256']);
  expect(await options('off-algorithm')).toEqual(['CKM_RSA_AES_KEY_WRAP']);
  await expect(page.locator('#off-token-label')).toContainText('KEK key identifier (kid');
  await expect(page.locator('#off-public-key-label')).toHaveText('KEK public key (PEM, or base64 DER)');

  // Vault: RSA+AES key wrap (hash_function SHA256 or SHA1); no token.
  await page.selectOption('#off-cloud', 'vault');
  expect(await options('off-key-type')).toEqual(['aes256-gcm96', 'aes128-gcm96', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521']);
  expect(await options('off-algorithm')).toEqual(['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
  await expect(page.locator('#off-token')).toBeHidden();
  await expect(page.locator('#off-parameters-hint')).toContainText("Vault's transit wrapping key, RSA-4096");
});

const SYMMETRIC_CASES = [
  ['tencent', 'SYMMETRIC_256', 'RSAES_OAEP_SHA_256', 32],
  ['tencent', 'SYMMETRIC_256', 'RSAES_OAEP_SHA_1', 32],
  ['tencent', 'SYMMETRIC_256', 'RSAES_PKCS1_V1_5', 32],
  ['tencent', 'SYMMETRIC_128', 'RSAES_OAEP_SHA_256', 16],
  ['aliyun', 'Aliyun_AES_256', 'RSAES_OAEP_SHA_256', 32],
  ['aliyun', 'Aliyun_AES_256', 'RSAES_OAEP_SHA_1', 32],
  ['aliyun', 'Aliyun_AES_256', 'RSAES_PKCS1_V1_5', 32],
] as const;

for (const [cloud, keyType, algorithm, bytes] of SYMMETRIC_CASES) {
  test(`${cloud} ${keyType} ${algorithm}: generated material and the wrapped result download as binary and base64, and OpenSSL opens them`, async ({ demo, page }) => {
    const { key, spkiDer } = wrappingKey();
    await demo.open();
    await choose(demo, cloud, keyType, algorithm);
    // Tencent: paste what GetParametersForImport returned; Alibaba: the console's DER file and token file.
    const token = `token-${cloud}-${n}`;
    if (cloud === 'tencent') {
      await page.fill('#off-public-key', spkiDer.toString('base64'));
      await page.fill('#off-token', token);
    } else {
      await page.setInputFiles('#off-public-key-file', { name: 'publickey_123.bin', mimeType: 'application/octet-stream', buffer: spkiDer });
      await expect(page.locator('#off-public-key')).toHaveValue(spkiDer.toString('base64'));
      await page.setInputFiles('#off-token-file', { name: 'token_123.txt', mimeType: 'text/plain', buffer: Buffer.from(`${token}\n`) });
      await expect(page.locator('#off-token')).toHaveValue(token);
    }
    await page.click('#off-generate');
    await expect(offStatus(demo)).toContainText('Generated in this page');
    const text = await page.inputValue('#off-material');
    expect(await linkNames(demo, 'off-material-files')).toEqual(FILES[cloud].keep);
    const raw = await demo.download(demo.fileLink('off-material-files', FILES[cloud].keep[0]!));
    const b64 = await demo.download(demo.fileLink('off-material-files', FILES[cloud].keep[1]!));
    expect(raw.bytes).toHaveLength(bytes);
    expect(b64.bytes.toString()).toBe(text);
    expect(Buffer.from(text, 'base64').equals(raw.bytes)).toBe(true);

    await page.click('#off-wrap');
    await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
    expect(await linkNames(demo, 'off-files')).toEqual(FILES[cloud].upload);
    const [wrappedB64, wrappedBin, tokenFile] = FILES[cloud].upload.map((name) => demo.fileLink('off-files', name));
    const base64 = (await demo.download(wrappedB64!)).bytes.toString();
    const binary = (await demo.download(wrappedBin!)).bytes;
    expect(base64).toBe(await page.inputValue('#off-output'));
    expect(Buffer.from(base64, 'base64').equals(binary)).toBe(true);
    expect((await demo.download(tokenFile!)).bytes.toString()).toBe(token);
    expect(rsaDecrypt(key, algorithm, binary).equals(raw.bytes)).toBe(true);
  });
}

test('Alibaba EC_P256: a generated private key wrapped as Cipher(ESK) ‖ Cipher(TAK) opens with OpenSSL to the PKCS#8 the page offers', async ({ demo, page }) => {
  const { key, spkiPem } = wrappingKey();
  await demo.open();
  await choose(demo, 'aliyun', 'EC_P256', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD');
  await page.fill('#off-public-key', spkiPem);
  await page.fill('#off-token', 'token');
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  expect(await linkNames(demo, 'off-material-files')).toEqual(['private_key_pkcs8.pem', 'private_key_pkcs8.der']);
  const pem = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.pem'))).bytes.toString();
  const der = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.der'))).bytes;
  expect(pem).toBe(await page.inputValue('#off-material'));
  expect(openssl('pkcs8', '-topk8', '-nocrypt', '-in', file('tak.pem', pem), '-outform', 'DER').equals(der)).toBe(true);
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped:');
  const wrapped = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
  const esk = rsaDecrypt(key, 'RSAES_OAEP_SHA_256', wrapped.subarray(0, 256));
  expect(esk).toHaveLength(32);
  const tak = openssl('enc', '-d', '-aes-256-ecb', '-K', esk.toString('hex'), '-in', file('tak.enc', wrapped.subarray(256)));
  expect(tak.equals(der)).toBe(true);
});

/** RSA-OAEP(ESK) ‖ AES-KWP_ESK(target) (RFC 5649), opened with OpenSSL: the ESK (one block of `modulus` bytes), then the target. */
function openRsaAesKeyWrap(key: string, algorithm: string, wrapped: Buffer, modulus = 256) {
  const sha1 = /SHA_?1(_|$)/.test(algorithm);
  const esk = rsaDecrypt(key, sha1 ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256', wrapped.subarray(0, modulus));
  expect(esk).toHaveLength(32);
  return openssl('enc', '-d', '-id-aes256-wrap-pad', '-K', esk.toString('hex'), '-iv', 'A65959A6', '-in', file('kwp.bin', wrapped.subarray(modulus)));
}

test('AWS SYMMETRIC_DEFAULT: the binary ImportToken.bin goes back as given, and both algorithms open with OpenSSL', async ({ demo, page }) => {
  const { key, spkiDer } = wrappingKey();
  const token = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 7) & 0xff));
  await demo.open();
  await choose(demo, 'aws', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256');
  await page.setInputFiles('#off-public-key-file', { name: 'WrappingPublicKey.bin', mimeType: 'application/octet-stream', buffer: spkiDer });
  await page.setInputFiles('#off-token-file', { name: 'ImportToken.bin', mimeType: 'application/octet-stream', buffer: token });
  await expect(page.locator('#off-token')).toHaveValue(token.toString('base64'));
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  expect(await linkNames(demo, 'off-material-files')).toEqual(['PlaintextKeyMaterial.bin', 'PlaintextKeyMaterial_base64.txt']);
  const material = (await demo.download(demo.fileLink('off-material-files', 'PlaintextKeyMaterial.bin'))).bytes;
  expect(material).toHaveLength(32);
  for (const algorithm of ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1']) {
    await page.selectOption('#off-algorithm', algorithm);
    await page.click('#off-wrap');
    await expect(page.locator('#off-result-summary')).toContainText(algorithm);
    expect(await linkNames(demo, 'off-files')).toEqual(['EncryptedKeyMaterial.bin', 'EncryptedKeyMaterial_base64.txt', 'ImportToken.bin']);
    expect((await demo.download(demo.fileLink('off-files', 'ImportToken.bin'))).bytes.equals(token)).toBe(true);
    const wrapped = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
    expect((await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial_base64.txt'))).bytes.toString()).toBe(wrapped.toString('base64'));
    expect(wrapped.length, algorithm).toBe(256);
    expect(rsaDecrypt(key, algorithm, wrapped).equals(material), algorithm).toBe(true);
  }
});

test('AWS ECC_NIST_P384: a generated private key, RSA_AES_KEY_WRAP_SHA_256, opens to the PKCS#8 offered', async ({ demo, page }) => {
  const { key, spkiPem } = wrappingKey();
  await demo.open();
  await choose(demo, 'aws', 'ECC_NIST_P384', 'RSA_AES_KEY_WRAP_SHA_256');
  await page.fill('#off-public-key', spkiPem);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  const der = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.der'))).bytes;
  expect(openssl('pkey', '-inform', 'DER', '-in', file('p384.der', der), '-noout', '-text').toString()).toContain('NIST CURVE: P-384');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped:');
  const wrapped = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
  expect(openRsaAesKeyWrap(key, 'RSA_AES_KEY_WRAP_SHA_256', wrapped).equals(der)).toBe(true);
});

test('bring your own: a raw material file and a PEM public key', async ({ demo, page }) => {
  const { key, spkiPem } = wrappingKey();
  const material = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff));
  await demo.open();
  await choose(demo, 'aliyun', 'Aliyun_AES_256', 'RSAES_OAEP_SHA_256');
  await page.fill('#off-public-key', spkiPem);
  await page.setInputFiles('#off-material-file', { name: 'KeyMaterial.bin', mimeType: 'application/octet-stream', buffer: material });
  await expect(page.locator('#off-material')).toHaveValue(material.toString('base64'));
  await expect(page.locator('#off-material-info')).toContainText('32 bytes (256 bits)');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('no import token was given');
  // No token, no token file; the wrapped files are there.
  expect(await linkNames(demo, 'off-files')).toEqual(['EncryptedKeyMaterial_base64.txt', 'EncryptedKeyMaterial.bin']);
  const binary = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
  expect(rsaDecrypt(key, 'RSAES_OAEP_SHA_256', binary).equals(material)).toBe(true);
});

/** The wrapped results still offered beside the earlier material they hold (newest first): each pair's material file and wrapped file. */
async function earlierPairs(demo: Demo, materialName: string, wrappedName: string) {
  const items = demo.page.locator('#off-earlier-list > li');
  const pairs: { material: Buffer; wrapped: Buffer; item: ReturnType<typeof items.nth> }[] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    pairs.push({
      item,
      material: (await demo.download(item.locator(`.pair-material a[download="${materialName}"]`))).bytes,
      wrapped: (await demo.download(item.locator(`.pair-files a[download="${wrappedName}"]`))).bytes,
    });
  }
  return pairs;
}

test('a wrapped result never stands beside other material: generating again, another token or another public key withdraws its files, and the earlier pair stays whole', async ({ demo, page }) => {
  const first = wrappingKey();
  const second = wrappingKey();
  const algorithm = 'RSAES_OAEP_SHA_256';
  await demo.open();
  await choose(demo, 'tencent', 'SYMMETRIC_256', algorithm);
  await page.fill('#off-public-key', first.spkiDer.toString('base64'));
  await page.fill('#off-token', 'token-A');
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  const m1 = await page.inputValue('#off-material');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
  const w1 = (await demo.download(demo.fileLink('off-files', 'encrypted_key_material.bin'))).bytes;
  expect(rsaDecrypt(first.key, algorithm, w1).toString('base64')).toBe(m1);

  // Generate again: the keep copies under the box are the new material, and no wrapped file is offered beside them.
  await page.click('#off-generate');
  await expect(page.locator('#off-material')).not.toHaveValue(m1);
  const m2 = await page.inputValue('#off-material');
  expect((await demo.download(demo.fileLink('off-material-files', 'raw_material.bin'))).bytes.toString('base64')).toBe(m2);
  await expect(page.locator('#off-result-stale')).toBeVisible();
  await expect(page.locator('#off-result-stale')).toContainText('the key material');
  await expect(page.locator('#off-files a')).toHaveCount(0);
  await expect(page.locator('#off-output')).toBeHidden();
  // The earlier wrap is still offered, whole: its wrapped file with the material it holds (the first), never the second.
  let pairs = await earlierPairs(demo, 'raw_material.bin', 'encrypted_key_material.bin');
  expect(pairs).toHaveLength(1);
  expect(pairs[0]!.material.toString('base64')).toBe(m1);
  expect(rsaDecrypt(first.key, algorithm, pairs[0]!.wrapped).equals(pairs[0]!.material)).toBe(true);
  await expect(pairs[0]!.item).toContainText('for Tencent Cloud KMS');

  // Wrapped again, the result is the second material's; the first pair stays below.
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  const w2 = (await demo.download(demo.fileLink('off-files', 'encrypted_key_material.bin'))).bytes;
  expect(rsaDecrypt(first.key, algorithm, w2).toString('base64')).toBe(m2);
  expect((await earlierPairs(demo, 'raw_material.bin', 'encrypted_key_material.bin')).map((p) => p.material.toString('base64'))).toEqual([m1]);

  // Another token: the files (the token file among them) are withdrawn until wrapped again; the same token again brings them back.
  await page.fill('#off-token', 'token-B');
  await expect(page.locator('#off-result-stale')).toBeVisible();
  await expect(page.locator('#off-result-stale')).toContainText('the import token');
  await expect(page.locator('#off-files a')).toHaveCount(0);
  pairs = await earlierPairs(demo, 'raw_material.bin', 'encrypted_key_material.bin');
  expect(pairs.map((p) => p.material.toString('base64'))).toEqual([m2, m1]);
  expect((await demo.download(pairs[0]!.item.locator('.pair-files a[download="import_token.txt"]'))).bytes.toString()).toBe('token-A');
  await page.fill('#off-token', 'token-A');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  await expect(page.locator('#off-files a')).toHaveCount(3);

  // Another public key: withdrawn too; wrapped again, the files open with the new key's private half.
  await page.fill('#off-public-key', second.spkiPem);
  await expect(page.locator('#off-result-stale')).toBeVisible();
  await expect(page.locator('#off-result-stale')).toContainText('the wrapping public key');
  await expect(page.locator('#off-files a')).toHaveCount(0);
  await page.click('#off-wrap');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  const w3 = (await demo.download(demo.fileLink('off-files', 'encrypted_key_material.bin'))).bytes;
  expect(rsaDecrypt(second.key, algorithm, w3).toString('base64')).toBe(m2);
  // Every pair still offered holds what it says, and the first material is among them.
  pairs = await earlierPairs(demo, 'raw_material.bin', 'encrypted_key_material.bin');
  expect(pairs.map((p) => p.material.toString('base64'))).toEqual([m2, m1]);
  for (const p of pairs) expect(rsaDecrypt(first.key, algorithm, p.wrapped).equals(p.material)).toBe(true);
});

test('what was generated and wrapped survives tabs (mouse, keyboard, URL hash), mock-mode work, and cloud/algorithm changes', async ({ demo, page }) => {
  const { key, spkiDer } = wrappingKey();
  await demo.open();
  await choose(demo, 'aliyun', 'Aliyun_AES_256', 'RSAES_OAEP_SHA_1');
  await page.fill('#off-public-key', spkiDer.toString('base64'));
  await page.fill('#off-token', 'tok');
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated');
  const material = await page.inputValue('#off-material');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped');
  const output = await page.inputValue('#off-output');

  // The copies of the material to keep are named as the chosen cloud names them (its base64 one is second).
  const unchanged = async (where: string) => {
    await expect(page.locator('#offline'), where).toBeVisible();
    expect(await page.inputValue('#off-material'), where).toBe(material);
    expect(await page.inputValue('#off-output'), where).toBe(output);
    const binary = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
    expect(rsaDecrypt(key, 'RSAES_OAEP_SHA_1', binary).toString('base64'), where).toBe(material);
    expect((await demo.download(demo.page.locator('#off-material-files a').nth(1))).bytes.toString(), where).toBe(material);
  };

  // To the mock mode and back by mouse, with work done there meanwhile.
  await page.click('#tab-mock');
  await expect(page.locator('#offline')).toBeHidden();
  await demo.createKey('tencent', 'SYMMETRIC_256');
  await demo.generate();
  await page.click('#tab-offline');
  await unchanged('after the mock tab, by mouse');
  // By keyboard.
  await page.focus('#tab-offline');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#mock')).toBeVisible();
  await page.keyboard.press('End');
  await unchanged('after the mock tab, by keyboard');
  // By the URL hash (a link, or back/forward between them).
  await page.evaluate(() => (location.hash = '#mock'));
  await expect(page.locator('#mock')).toBeVisible();
  await page.evaluate(() => (location.hash = '#offline'));
  await unchanged('after #mock and #offline');
  // Other choices: the result's files are withdrawn, as made for the earlier ones, and kept below beside
  // the material they hold; the material stays; the same choices again bring the result back.
  await page.selectOption('#off-cloud', 'tencent');
  await expect(page.locator('#off-result-stale')).toHaveText(/^Changed since the last wrap: the cloud\. Its files are withdrawn/);
  await expect(page.locator('#off-result-summary')).toContainText('for Alibaba Cloud KMS, Aliyun_AES_256 (symmetric, 256-bit material), RSAES_OAEP_SHA_1');
  await expect(page.locator('#off-files a')).toHaveCount(0);
  expect(await page.inputValue('#off-material')).toBe(material);
  const [pair, ...none] = await earlierPairs(demo, 'KeyMaterial.bin', 'EncryptedKeyMaterial.bin');
  expect(none).toEqual([]);
  expect(pair!.material.toString('base64')).toBe(material);
  expect(rsaDecrypt(key, 'RSAES_OAEP_SHA_1', pair!.wrapped).equals(pair!.material)).toBe(true);
  await page.selectOption('#off-cloud', 'aliyun');
  await page.selectOption('#off-algorithm', 'RSAES_OAEP_SHA_1');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  await unchanged('after choosing the same again');
});

test('while material is generated, the cloud, key type and algorithm cannot change: the key lands under the type it was made for', async ({ demo, page }) => {
  await demo.open();
  await choose(demo, 'aws', 'ECC_NIST_P256', 'RSA_AES_KEY_WRAP_SHA_256');
  // Generate, and in the same task look at the choices and try to change one anyway (a change event a person cannot cause).
  const during = await page.evaluate(() => {
    const selects = ['off-cloud', 'off-key-type', 'off-algorithm'].map((id) => document.getElementById(id) as HTMLSelectElement);
    document.getElementById('off-generate')!.click();
    const disabled = selects.map((s) => s.disabled);
    selects[1]!.value = 'SYMMETRIC_DEFAULT';
    selects[1]!.dispatchEvent(new Event('change'));
    return { disabled, materialReadOnly: (document.getElementById('off-material') as HTMLTextAreaElement).readOnly };
  });
  expect(during).toEqual({ disabled: [true, true, true], materialReadOnly: true });
  await expect(offStatus(demo)).toContainText('Generated in this page');
  await expect(page.locator('#off-key-type')).toHaveValue('ECC_NIST_P256');
  await expect(page.locator('#off-material-info')).toContainText('A private key');
  expect(await linkNames(demo, 'off-material-files')).toEqual(['private_key_pkcs8.pem', 'private_key_pkcs8.der']);
  const der = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.der'))).bytes;
  expect(openssl('pkey', '-inform', 'DER', '-in', file('p256.der', der), '-noout', '-text').toString()).toContain('NIST CURVE: P-256');
  for (const id of ['#off-cloud', '#off-key-type', '#off-algorithm', '#off-generate', '#off-wrap', '#off-material-file']) await expect(page.locator(id), id).toBeEnabled();
  await expect(page.locator('#off-material')).toBeEditable();
  // Once done, the choices change as before.
  await page.selectOption('#off-key-type', 'SYMMETRIC_DEFAULT');
  await expect(page.locator('#off-material-info')).toHaveClass('error');
});

test('inputs are checked before use: an AWS token that is not base64, a token past 64 KiB, an Azure kid that is not one, material past INPUT_LIMITS, a file too large to be a key', async ({ demo, page }) => {
  const { spkiDer } = wrappingKey();
  const kek = sharedWrappingKey(3072);
  await demo.open();
  await choose(demo, 'aws', 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256');
  await page.fill('#off-public-key', spkiDer.toString('base64'));
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  // AWS takes its token as bytes (ImportToken.bin): text that is not base64 is refused, never written as its UTF-8.
  await page.fill('#off-token', 'this is ~not~ base64!');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText("The import token is read as base64, as GetParametersForImport gives it (the console's ImportToken.bin file is read so too): this is not base64.");
  await expect(page.locator('#off-result')).toBeHidden();
  // 64 KiB of token text and no more, whatever the cloud.
  await page.fill('#off-token', 'A'.repeat(65_540));
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText('The import token is 65540 characters; this page takes at most 65536 (64 KiB). Paste what AWS KMS gave, or choose its file.');
  await expect(page.locator('#off-result')).toBeHidden();
  await page.fill('#off-token', Buffer.from('a real token is bytes').toString('base64'));
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
  expect((await demo.download(demo.fileLink('off-files', 'ImportToken.bin'))).bytes.toString()).toBe('a real token is bytes');

  // Azure: the kid goes into the .byok header, so it must be a key identifier; the refusal is the library's.
  await choose(demo, 'azure', 'oct-HSM_256', 'CKM_RSA_AES_KEY_WRAP');
  await page.fill('#off-public-key', kek.spkiPem);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  for (const kid of ['not a kid <script>', 'https://contoso.vault.azure.net/keys/KEK', 'http://contoso.vault.azure.net/keys/KEK/1', 'https://contoso.vault.azure.net/secrets/KEK/1']) {
    await page.fill('#off-token', kid);
    await page.click('#off-wrap');
    await expect(offStatus(demo), kid).toHaveText(/^Kid must be the key exchange key's identifier \(https:\/\/<vault>\.vault\.azure\.net\/keys\/<name>\/<version>.*\(ERR_INVALID_ARGUMENT\)$/);
    await expect(offStatus(demo), kid).not.toContainText('<script>');
  }
  await expect(page.locator('#off-earlier-list > li')).toHaveCount(1); // the AWS wrap, and nothing for Azure
  await page.fill('#off-token', 'https://contoso-hsm.managedhsm.azure.net/keys/my-key-1/0123456789abcdef0123456789abcdef');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped:');

  // Material past the library's cap (INPUT_LIMITS.materialText) is not decoded, and no copy is offered.
  await page.fill('#off-material', 'QUJD'.repeat(25_000));
  await expect(page.locator('#off-material-info')).toHaveText('Symmetric key material is read as base64 or hex of at most 4096 characters (INPUT_LIMITS.materialText); this is 100000 characters.');
  await expect(page.locator('#off-material-files a')).toHaveCount(0);
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveClass('error');
  await expect(offStatus(demo)).toContainText('(INPUT_LIMITS.materialText)');
  // A file larger than any key, token or material file is not read into a box.
  const before = await page.inputValue('#off-public-key');
  await page.setInputFiles('#off-public-key-file', { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(65_537, 1) });
  await expect(offStatus(demo)).toHaveText('huge.bin is 65537 bytes: larger than any key, token or key material file this page reads (at most 65536 bytes, INPUT_LIMITS.keyText). Nothing was read from it.');
  expect(await page.inputValue('#off-public-key')).toBe(before);
});

test('errors are said in words, and an earlier result stays', async ({ demo, page }) => {
  const { spkiDer } = wrappingKey();
  const sm2 = openssl('pkey', '-in', file('sm2.pem', openssl('genpkey', '-algorithm', 'SM2')), '-pubout', '-outform', 'DER').toString('base64');
  await demo.open();
  await choose(demo, 'aliyun', 'Aliyun_AES_256', 'RSAES_OAEP_SHA_256');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText('Paste the wrapping public key from Alibaba Cloud KMS first (or choose its file).');
  await page.fill('#off-public-key', spkiDer.toString('base64'));
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText('Generate key material or bring your own first.');
  await page.click('#off-generate');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
  const output = await page.inputValue('#off-output');

  await page.fill('#off-public-key', sm2);
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveClass('error');
  await expect(offStatus(demo)).toContainText('(ERR_UNSUPPORTED_PUBLIC_KEY)');
  await page.fill('#off-public-key', 'not a key');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('(ERR_INVALID_PUBLIC_KEY)');
  await page.fill('#off-public-key', spkiDer.toString('base64'));
  await page.fill('#off-material', '00112233445566778899aabbccddeeff');
  await expect(page.locator('#off-material-info')).toHaveText('16 bytes (128 bits): this key type takes 256 bits.');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText('This key type takes 256 bits of material; the material given is 16 bytes (128 bits).');
  await page.fill('#off-material', 'neither base64 nor hex!');
  await expect(page.locator('#off-material-info')).toHaveText('Symmetric key material is read as base64 or hex; this is neither.');
  await expect(page.locator('#off-material-files a')).toHaveCount(0);
  // The key type picked is the spec the private key must have.
  await page.selectOption('#off-key-type', 'RSA_2048');
  await page.fill('#off-material', openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256').toString());
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('(ERR_KEY_SPEC_MISMATCH)');
  // The earlier result is still there, intact, beside the material it holds (its files are no longer the result).
  await expect(page.locator('#off-result')).toBeVisible();
  await expect(page.locator('#off-files a')).toHaveCount(0);
  const [pair] = await earlierPairs(demo, 'KeyMaterial.bin', 'EncryptedKeyMaterial_base64.txt');
  expect(pair!.wrapped.toString()).toBe(output);
  expect(pair!.material).toHaveLength(32);
});

// ---- Google Cloud KMS, Azure Key Vault / Managed HSM, HashiCorp Vault, AWS HMAC ----

const b64url = (s: string) => Buffer.from(s, 'base64url');
const downloadText = async (demo: Demo, name: string) => (await demo.download(demo.fileLink('off-files', name))).bytes.toString();

test('Google GOOGLE_SYMMETRIC_ENCRYPTION: each of the six import methods, with the import job key of its size, opens with OpenSSL; the request body is what cryptoKeyVersions:import takes', async ({ demo, page }) => {
  const job = 'projects/p/locations/global/keyRings/r/importJobs/j';
  await demo.open();
  await choose(demo, 'google', 'GOOGLE_SYMMETRIC_ENCRYPTION', 'RSA_OAEP_3072_SHA256_AES_256');
  await page.fill('#off-token', job);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  expect(await linkNames(demo, 'off-material-files')).toEqual(['key_material.bin', 'key_material.base64']);
  const material = (await demo.download(demo.fileLink('off-material-files', 'key_material.bin'))).bytes;
  expect(material).toHaveLength(32);
  for (const method of ['RSA_OAEP_3072_SHA256_AES_256', 'RSA_OAEP_4096_SHA256_AES_256', 'RSA_OAEP_3072_SHA1_AES_256', 'RSA_OAEP_4096_SHA1_AES_256', 'RSA_OAEP_3072_SHA256', 'RSA_OAEP_4096_SHA256']) {
    const bits = method.includes('_3072_') ? 3072 : 4096;
    const { key, spkiPem, bytes } = sharedWrappingKey(bits);
    await page.selectOption('#off-algorithm', method);
    await page.setInputFiles('#off-public-key-file', { name: 'publicKey.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(spkiPem) });
    await page.click('#off-wrap');
    await expect(page.locator('#off-result-summary')).toContainText(method);
    expect(await linkNames(demo, 'off-files'), method).toEqual(['wrapped_key.bin', 'wrapped_key.base64', 'import_request.json']);
    const wrapped = (await demo.download(demo.fileLink('off-files', 'wrapped_key.bin'))).bytes;
    const base64 = await downloadText(demo, 'wrapped_key.base64');
    expect(base64).toBe(wrapped.toString('base64'));
    expect(await page.inputValue('#off-output')).toBe(base64);
    const request = JSON.parse(await downloadText(demo, 'import_request.json')) as unknown;
    expect(request, method).toEqual({ algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION', importJob: job, wrappedKey: base64 });
    expect(JSON.parse(await page.inputValue('#off-request'))).toEqual(request);
    // With AES: OAEP(ESK) ‖ KWP(32 bytes) = modulus + 40 bytes; without: OAEP of the key itself.
    const keyWrap = method.endsWith('_AES_256');
    expect(wrapped.length, method).toBe(bytes + (keyWrap ? 40 : 0));
    const opened = keyWrap ? openRsaAesKeyWrap(key, method, wrapped, bytes) : rsaDecrypt(key, 'RSAES_OAEP_SHA_256', wrapped);
    expect(opened.equals(material), method).toBe(true);
  }
});

test('Google: a private key under RSA_OAEP_4096_SHA1_AES_256 opens to the PKCS#8 offered; HMAC_SHA512 under RSA_OAEP_3072_SHA256; a key of the wrong size is refused in words', async ({ demo, page }) => {
  const k4096 = sharedWrappingKey(4096);
  const k3072 = sharedWrappingKey(3072);
  await demo.open();
  await choose(demo, 'google', 'EC_SIGN_P384_SHA384', 'RSA_OAEP_4096_SHA1_AES_256');
  await page.fill('#off-public-key', k4096.spkiPem);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  const der = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.der'))).bytes;
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped:');
  // No import job named: the wrapped key files are there, the request body is left out, and the status says why.
  await expect(offStatus(demo)).toContainText('no import job name was given');
  expect(await linkNames(demo, 'off-files')).toEqual(['wrapped_key.bin', 'wrapped_key.base64']);
  await expect(page.locator('#off-request')).toBeHidden();
  const wrapped = (await demo.download(demo.fileLink('off-files', 'wrapped_key.bin'))).bytes;
  expect(openRsaAesKeyWrap(k4096.key, 'RSA_OAEP_4096_SHA1_AES_256', wrapped, 512).equals(der)).toBe(true);

  // The size is part of the method's name: an RSA-4096 job key for a 3072 method is refused.
  await page.selectOption('#off-key-type', 'HMAC_SHA512');
  await page.selectOption('#off-algorithm', 'RSA_OAEP_3072_SHA256');
  await page.click('#off-generate');
  await expect(page.locator('#off-material-info')).toContainText('64 bytes (512 bits)');
  const hmac = (await demo.download(demo.fileLink('off-material-files', 'key_material.bin'))).bytes;
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveClass('error');
  await expect(offStatus(demo)).toContainText('RSA_OAEP_3072_SHA256 needs an RSA-3072 wrapping key');
  await expect(offStatus(demo)).toContainText('(ERR_UNSUPPORTED_PUBLIC_KEY)');
  await page.fill('#off-public-key', k3072.spkiDer.toString('base64'));
  await page.fill('#off-token', 'projects/p/locations/us/keyRings/r/importJobs/hmac');
  await page.click('#off-wrap');
  await expect(page.locator('#off-result-summary')).toContainText('RSA_OAEP_3072_SHA256');
  const request = JSON.parse(await downloadText(demo, 'import_request.json')) as { algorithm: string; wrappedKey: string };
  expect(request.algorithm).toBe('HMAC_SHA512');
  expect(rsaDecrypt(k3072.key, 'RSAES_OAEP_SHA_256', Buffer.from(request.wrappedKey, 'base64')).equals(hmac)).toBe(true);
});

/** A .byok file as Azure reads it: its envelope checked, its ciphertext opened with OpenSSL (OAEP SHA-1, then KWP). */
function openByok(key: string, modulus: number, byokText: string, kid: string) {
  const byok = JSON.parse(byokText) as { schema_version: string; header: { kid: string; alg: string; enc: string }; ciphertext: string; generator: string };
  expect(byok.schema_version).toBe('1.0.0');
  expect(byok.header).toEqual({ kid, alg: 'dir', enc: 'CKM_RSA_AES_KEY_WRAP' });
  expect(byok.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  expect(typeof byok.generator).toBe('string');
  return openRsaAesKeyWrap(key, 'RSA_AES_KEY_WRAP_SHA_1', b64url(byok.ciphertext), modulus);
}

test('Azure: the .byok file for an EC-HSM P-521 key, an RSA-HSM 2048 key and an oct-HSM AES-192 key opens with OpenSSL; key_hsm, kty and crv are those of the REST import', async ({ demo, page }) => {
  const kek = sharedWrappingKey(3072);
  const kid = 'https://contoso.vault.azure.net/keys/KEK/0123456789abcdef0123456789abcdef';
  await demo.open();
  await choose(demo, 'azure', 'EC-HSM_P-521', 'CKM_RSA_AES_KEY_WRAP');
  await page.setInputFiles('#off-public-key-file', { name: 'kek.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(kek.spkiPem) });
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  // The kid is required: the .byok file names the KEK by it.
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText("Paste the KEK's key identifier (kid) first: the .byok file names the KEK by it.");
  await page.setInputFiles('#off-token-file', { name: 'kid.txt', mimeType: 'text/plain', buffer: Buffer.from(`${kid}\n`) });
  await expect(page.locator('#off-token')).toHaveValue(kid);

  for (const [type, kty, crv] of [
    ['EC-HSM_P-521', 'EC-HSM', 'P-521'],
    ['RSA-HSM_2048', 'RSA-HSM', undefined],
    ['oct-HSM_192', 'oct-HSM', undefined],
  ] as const) {
    await page.selectOption('#off-key-type', type);
    if (type !== 'EC-HSM_P-521') {
      await page.click('#off-generate');
      await expect(offStatus(demo)).toContainText('Generated in this page', { timeout: 60_000 });
    }
    const keep = type.startsWith('oct') ? 'key_material.bin' : 'private_key_pkcs8.der';
    const material = (await demo.download(demo.fileLink('off-material-files', keep))).bytes;
    if (type === 'oct-HSM_192') expect(material).toHaveLength(24);
    await page.click('#off-wrap');
    await expect(page.locator('#off-result-summary')).toContainText(`for Azure Key Vault / Managed HSM, ${(await page.locator(`#off-key-type option[value="${type}"]`).textContent())!}, CKM_RSA_AES_KEY_WRAP`);
    await expect(page.locator('#off-output-label')).toHaveText('The .byok file (JSON)');
    expect(await linkNames(demo, 'off-files'), type).toEqual(['KeyTransferPackage.byok', 'import_request.json']);
    const byokText = await downloadText(demo, 'KeyTransferPackage.byok');
    expect(await page.inputValue('#off-output')).toBe(byokText);
    expect(openByok(kek.key, kek.bytes, byokText, kid).equals(material), type).toBe(true);
    const request = JSON.parse(await downloadText(demo, 'import_request.json')) as unknown;
    expect(request, type).toEqual({ key: { kty, ...(crv ? { crv } : {}), key_hsm: Buffer.from(byokText).toString('base64url') } });
    expect(JSON.parse(await page.inputValue('#off-request'))).toEqual(request);
  }
});

test('Vault transit: aes256-gcm96 under RSA_AES_KEY_WRAP_SHA_256 and rsa-2048 under _SHA_1 open with OpenSSL; the request body names hash_function and type', async ({ demo, page }) => {
  const { key, spkiPem, bytes } = sharedWrappingKey(4096);
  await demo.open();
  await choose(demo, 'vault', 'aes256-gcm96', 'RSA_AES_KEY_WRAP_SHA_256');
  await expect(page.locator('#off-token')).toBeHidden();
  await page.fill('#off-public-key', spkiPem);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page');
  const material = (await demo.download(demo.fileLink('off-material-files', 'key_material.bin'))).bytes;
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText(`Wrapped: ${bytes + 40} bytes. Take the files below to HashiCorp Vault transit.`);
  await expect(page.locator('#off-output-label')).toHaveText('ciphertext (base64)');
  expect(await linkNames(demo, 'off-files')).toEqual(['ciphertext.base64', 'import_request.json']);
  const ciphertext = await downloadText(demo, 'ciphertext.base64');
  expect(await page.inputValue('#off-output')).toBe(ciphertext);
  expect(JSON.parse(await downloadText(demo, 'import_request.json'))).toEqual({ ciphertext, hash_function: 'SHA256', type: 'aes256-gcm96' });
  expect(openRsaAesKeyWrap(key, 'RSA_AES_KEY_WRAP_SHA_256', Buffer.from(ciphertext, 'base64'), bytes).equals(material)).toBe(true);

  await page.selectOption('#off-key-type', 'rsa-2048');
  await page.selectOption('#off-algorithm', 'RSA_AES_KEY_WRAP_SHA_1');
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated in this page', { timeout: 60_000 });
  const der = (await demo.download(demo.fileLink('off-material-files', 'private_key_pkcs8.der'))).bytes;
  await page.click('#off-wrap');
  await expect(page.locator('#off-result-summary')).toContainText('rsa-2048 (bring a private key), RSA_AES_KEY_WRAP_SHA_1');
  const body = JSON.parse(await downloadText(demo, 'import_request.json')) as { ciphertext: string; hash_function: string; type: string };
  expect(body).toMatchObject({ hash_function: 'SHA1', type: 'rsa-2048' });
  expect(openRsaAesKeyWrap(key, 'RSA_AES_KEY_WRAP_SHA_1', Buffer.from(body.ciphertext, 'base64'), bytes).equals(der)).toBe(true);
});

test('AWS HMAC: material of the hash length for each HMAC key spec, and any length AWS takes, opens with OpenSSL; a length AWS refuses is said in words', async ({ demo, page }) => {
  const { key, spkiDer } = wrappingKey();
  await demo.open();
  await choose(demo, 'aws', 'HMAC_224', 'RSAES_OAEP_SHA_1');
  await expect(page.locator('#off-material-label')).toHaveText('Key material: 28–64 bytes (generated here: 28 bytes), base64 or hex');
  await page.fill('#off-public-key', spkiDer.toString('base64'));
  await page.fill('#off-token', Buffer.from('token').toString('base64')); // AWS's token is bytes, carried as base64
  const wrapAndOpen = async (algorithm: string, length: number) => {
    await page.click('#off-wrap');
    await expect(offStatus(demo)).toContainText('Wrapped: 256 bytes');
    const material = (await demo.download(demo.fileLink('off-material-files', 'PlaintextKeyMaterial.bin'))).bytes;
    expect(material).toHaveLength(length);
    const wrapped = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
    expect(rsaDecrypt(key, algorithm, wrapped).equals(material), `${length} bytes`).toBe(true);
    return wrapped;
  };
  for (const [type, algorithm, length] of [
    ['HMAC_224', 'RSAES_OAEP_SHA_1', 28],
    ['HMAC_256', 'RSAES_OAEP_SHA_256', 32],
    ['HMAC_384', 'RSAES_OAEP_SHA_1', 48],
    ['HMAC_512', 'RSAES_OAEP_SHA_256', 64],
  ] as const) {
    await page.selectOption('#off-key-type', type);
    await page.selectOption('#off-algorithm', algorithm);
    await page.click('#off-generate');
    await expect(page.locator('#off-material-info')).toContainText(`${length} bytes (${length * 8} bits). Keep a copy`);
    await wrapAndOpen(algorithm, length);
    await expect(page.locator('#off-result-summary')).toContainText(`${type} (HMAC key`);
  }
  // Brought material: 128 bytes, the most AWS takes for HMAC_512.
  const longest = Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 29 + 3) & 0xff));
  await page.setInputFiles('#off-material-file', { name: 'PlaintextKeyMaterial.bin', mimeType: 'application/octet-stream', buffer: longest });
  await expect(page.locator('#off-material-info')).toContainText('128 bytes (1024 bits). Keep a copy');
  const wrapped = await wrapAndOpen('RSAES_OAEP_SHA_256', 128);
  // 63 bytes is fewer than AWS takes for HMAC_512: the page says so before the library is asked.
  await page.fill('#off-material', longest.subarray(0, 63).toString('base64'));
  await expect(page.locator('#off-material-info')).toHaveText('63 bytes (504 bits): this key type takes 64–128 bytes.');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toHaveText('This key type takes 64–128 bytes of material; the material given is 63 bytes (504 bits).');
  // The earlier result is still there, intact, beside the material it holds.
  await expect(page.locator('#off-files a')).toHaveCount(0);
  const [pair] = await earlierPairs(demo, 'PlaintextKeyMaterial.bin', 'EncryptedKeyMaterial.bin');
  expect(pair!.wrapped.equals(wrapped)).toBe(true);
  expect(pair!.material.equals(longest)).toBe(true);
});

test('nothing made for Google, Azure or Vault is lost: each cloud keeps its own public key and token, results survive tabs and cloud changes', async ({ demo, page }) => {
  const kek = sharedWrappingKey(3072);
  const vault = sharedWrappingKey(4096);
  const kid = 'https://contoso.managedhsm.azure.net/keys/KEK/1';
  await demo.open();
  // Azure first: a .byok for an AES-256 key.
  await choose(demo, 'azure', 'oct-HSM_256', 'CKM_RSA_AES_KEY_WRAP');
  await page.fill('#off-public-key', kek.spkiPem);
  await page.fill('#off-token', kid);
  await page.click('#off-generate');
  await expect(offStatus(demo)).toContainText('Generated');
  const material = await page.inputValue('#off-material');
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('Wrapped');
  const byok = await page.inputValue('#off-output');

  /** The material stays in its box; the .byok is the result on Azure, and elsewhere offered only beside the material it holds. */
  const unchanged = async (where: string, shown: 'result' | 'earlier') => {
    await expect(page.locator('#offline'), where).toBeVisible();
    expect(await page.inputValue('#off-material'), where).toBe(material);
    expect((await demo.download(demo.page.locator('#off-material-files a').nth(1))).bytes.toString(), where).toBe(material);
    if (shown === 'result') {
      expect(await page.inputValue('#off-output'), where).toBe(byok);
      expect(await downloadText(demo, 'KeyTransferPackage.byok'), where).toBe(byok);
      return;
    }
    await expect(page.locator('#off-files a'), where).toHaveCount(0);
    const [pair, ...none] = await earlierPairs(demo, 'key_material.bin', 'KeyTransferPackage.byok');
    expect(none, where).toEqual([]);
    expect(pair!.wrapped.toString(), where).toBe(byok);
    expect(openByok(kek.key, kek.bytes, byok, kid).equals(pair!.material), where).toBe(true);
    expect(pair!.material.toString('base64'), where).toBe(material);
  };

  // Vault: its own wrapping key; Azure's boxes are not shown there, and come back with Azure.
  await page.selectOption('#off-cloud', 'vault');
  await expect(page.locator('#off-public-key')).toHaveValue('');
  await expect(page.locator('#off-result-stale')).toBeVisible();
  await unchanged('on Vault', 'earlier');
  await page.fill('#off-public-key', vault.spkiPem);
  await page.selectOption('#off-cloud', 'google');
  await expect(page.locator('#off-public-key')).toHaveValue('');
  await expect(page.locator('#off-token')).toHaveValue('');
  await page.fill('#off-token', 'projects/p/locations/global/keyRings/r/importJobs/j');
  await page.click('#tab-mock');
  await page.click('#tab-offline');
  await unchanged('after the mock tab', 'earlier');
  await page.evaluate(() => (location.hash = '#mock'));
  await page.evaluate(() => (location.hash = '#offline'));
  await unchanged('after #mock and #offline', 'earlier');
  await expect(page.locator('#off-token')).toHaveValue('projects/p/locations/global/keyRings/r/importJobs/j');
  await page.selectOption('#off-cloud', 'vault');
  await expect(page.locator('#off-public-key')).toHaveValue(vault.spkiPem);
  await page.selectOption('#off-cloud', 'azure');
  await expect(page.locator('#off-public-key')).toHaveValue(kek.spkiPem);
  await expect(page.locator('#off-token')).toHaveValue(kid);
  await page.selectOption('#off-key-type', 'oct-HSM_256');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  await unchanged('back on Azure', 'result');
});
