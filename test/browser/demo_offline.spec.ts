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

/** An RSA-2048 wrapping key pair, as a console's GetParametersForImport would hold it. */
function wrappingKey() {
  const key = file('wrapping.pem');
  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key);
  return { key, spkiDer: openssl('pkey', '-in', key, '-pubout', '-outform', 'DER'), spkiPem: openssl('pkey', '-in', key, '-pubout').toString() };
}

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
  expect(await options('off-cloud')).toEqual(['tencent', 'aliyun', 'aws']);
  expect(await options('off-key-type')).toEqual(['SYMMETRIC_256', 'SYMMETRIC_128']);
  expect(await options('off-algorithm')).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5']);
  await page.selectOption('#off-cloud', 'aliyun');
  expect(await options('off-key-type')).toEqual(['Aliyun_AES_256', 'Aliyun_SM4', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_P256', 'EC_P256K', 'EC_SM2']);
  await page.selectOption('#off-key-type', 'Aliyun_SM4');
  expect(await options('off-algorithm')).toEqual(['SM2PKE']);
  await expect(page.locator('#off-parameters-hint')).toContainText('Wrapping key spec for SM2PKE: EC_SM2.');
  await page.selectOption('#off-key-type', 'EC_SM2');
  expect(await options('off-algorithm')).toEqual(['SM2PKE_SM4_ECB']);
  await page.selectOption('#off-key-type', 'RSA_4096');
  expect(await options('off-algorithm')).toEqual(['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD']);
  // AWS: no RSAES_PKCS1_V1_5 (refused since 2023); private keys under RSA_AES_KEY_WRAP_* only.
  await page.selectOption('#off-cloud', 'aws');
  expect(await options('off-key-type')).toEqual(['SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1']);
  await expect(page.locator('#off-key-type')).toHaveValue('RSA_4096'); // a choice both clouds have is kept
  expect(await options('off-algorithm')).toEqual(['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
  await page.selectOption('#off-key-type', 'SYMMETRIC_DEFAULT');
  expect(await options('off-algorithm')).toEqual(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
  await page.selectOption('#off-key-type', 'ECC_NIST_P384');
  expect(await options('off-algorithm')).toEqual(['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
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

/** RSA-OAEP(ESK) ‖ AES-KWP_ESK(target) (RFC 5649), opened with OpenSSL: the ESK, then the target. */
function openRsaAesKeyWrap(key: string, algorithm: string, wrapped: Buffer) {
  const esk = rsaDecrypt(key, algorithm.endsWith('SHA_1') ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256', wrapped.subarray(0, 256));
  expect(esk).toHaveLength(32);
  return openssl('enc', '-d', '-id-aes256-wrap-pad', '-K', esk.toString('hex'), '-iv', 'A65959A6', '-in', file('kwp.bin', wrapped.subarray(256)));
}

test('AWS SYMMETRIC_DEFAULT: the binary ImportToken.bin goes back as given, and every algorithm opens with OpenSSL', async ({ demo, page }) => {
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
  for (const algorithm of ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']) {
    await page.selectOption('#off-algorithm', algorithm);
    await page.click('#off-wrap');
    await expect(page.locator('#off-result-summary')).toContainText(algorithm);
    expect(await linkNames(demo, 'off-files')).toEqual(['EncryptedKeyMaterial.bin', 'EncryptedKeyMaterial_base64.txt', 'ImportToken.bin']);
    expect((await demo.download(demo.fileLink('off-files', 'ImportToken.bin'))).bytes.equals(token)).toBe(true);
    const wrapped = (await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial.bin'))).bytes;
    expect((await demo.download(demo.fileLink('off-files', 'EncryptedKeyMaterial_base64.txt'))).bytes.toString()).toBe(wrapped.toString('base64'));
    // OAEP of 32 bytes is one RSA block; the key-wrap family adds AES-KWP of the material: 256 + 40 bytes.
    const opened = algorithm.startsWith('RSA_AES') ? openRsaAesKeyWrap(key, algorithm, wrapped) : rsaDecrypt(key, algorithm, wrapped);
    expect(wrapped.length, algorithm).toBe(algorithm.startsWith('RSA_AES') ? 296 : 256);
    expect(opened.equals(material), algorithm).toBe(true);
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
  // Other choices: the result stays, marked as made for the earlier ones; the material stays.
  await page.selectOption('#off-cloud', 'tencent');
  await expect(page.locator('#off-result-stale')).toBeVisible();
  await expect(page.locator('#off-result-summary')).toContainText('for Alibaba Cloud KMS, Aliyun_AES_256 (symmetric, 256-bit material), RSAES_OAEP_SHA_1');
  await unchanged('after choosing another cloud');
  await page.selectOption('#off-cloud', 'aliyun');
  await page.selectOption('#off-algorithm', 'RSAES_OAEP_SHA_1');
  await expect(page.locator('#off-result-stale')).toBeHidden();
  await unchanged('after choosing the same again');
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
  await expect(offStatus(demo)).toHaveText('This key type takes 256-bit material; the material given is 128 bits.');
  await page.fill('#off-material', 'neither base64 nor hex!');
  await expect(page.locator('#off-material-info')).toHaveText('Symmetric key material is read as base64 or hex; this is neither.');
  await expect(page.locator('#off-material-files a')).toHaveCount(0);
  // The key type picked is the spec the private key must have.
  await page.selectOption('#off-key-type', 'RSA_2048');
  await page.fill('#off-material', openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256').toString());
  await page.click('#off-wrap');
  await expect(offStatus(demo)).toContainText('(ERR_KEY_SPEC_MISMATCH)');
  // The earlier result is still there, intact.
  await expect(page.locator('#off-result')).toBeVisible();
  expect(await page.inputValue('#off-output')).toBe(output);
});
