// Seed 003's flows against the Alibaba dialect of the mock running in the service worker
// (harness page /harness/mock.html), driven by the library's client as a frontend would:
// asymmetric sign/verify and envelope encryption. The browser does WebCrypto; the test
// process checks every result with node:crypto.
import { expect, test } from '@playwright/test';
import { constants, createDecipheriv, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, verify } from 'node:crypto';

type Page = import('@playwright/test').Page;
type Harness = { startMock: () => Promise<boolean>; byok: typeof import('../../src/index.js') };

async function open(page: Page) {
  await page.goto('/harness/mock.html');
  await expect(page).toHaveTitle('ready');
}

test('asymmetric sign and verify: KMS signs a digest made in the browser, node:crypto verifies', async ({ page }) => {
  await open(page);
  const result = await page.evaluate(async () => {
    const w = window as unknown as Harness;
    await w.startMock();
    const client = w.byok.createKmsClient({ cloud: 'aliyun', endpoint: '/api/kms' });
    const b64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
    const out: { algorithm: string; pem: string; signature: string; verified: boolean; tampered: boolean }[] = [];
    const message = new TextEncoder().encode('signed in a browser');
    const digest = b64(await crypto.subtle.digest('SHA-256', message));
    for (const [KeySpec, Algorithm] of [['EC_P256', 'ECDSA_SHA_256'], ['RSA_2048', 'RSA_PKCS1_SHA_256'], ['RSA_2048', 'RSA_PSS_SHA_256']]) {
      const { KeyMetadata } = await client.createKey({ KeySpec, KeyUsage: 'SIGN/VERIFY' });
      const KeyId = KeyMetadata.KeyId;
      const KeyVersionId = KeyMetadata.PrimaryKeyVersion;
      const { PublicKey } = await client.getPublicKey({ KeyId, KeyVersionId });
      const { Value } = await client.asymmetricSign({ KeyId, KeyVersionId, Algorithm, Digest: digest });
      const ok = await client.asymmetricVerify({ KeyId, KeyVersionId, Algorithm, Digest: digest, Value });
      const other = b64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('another message')));
      const bad = await client.asymmetricVerify({ KeyId, KeyVersionId, Algorithm, Digest: other, Value });
      out.push({ algorithm: Algorithm, pem: PublicKey, signature: Value, verified: ok.Value, tampered: bad.Value });
    }
    return out;
  });
  expect(result).toHaveLength(3);
  const message = Buffer.from('signed in a browser');
  for (const r of result) {
    expect(r.verified, r.algorithm).toBe(true);
    expect(r.tampered, r.algorithm).toBe(false);
    const key = createPublicKey(r.pem);
    const signature = Buffer.from(r.signature, 'base64');
    const valid = r.algorithm === 'RSA_PSS_SHA_256' ? verify('sha256', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature) : verify('sha256', message, key, signature);
    expect(valid, r.algorithm).toBe(true);
  }
});

test('envelope encryption: a data key from GenerateDataKey seals data with WebCrypto; Decrypt gives the key back', async ({ page }) => {
  await open(page);
  const result = await page.evaluate(async () => {
    const w = window as unknown as Harness;
    await w.startMock();
    const client = w.byok.createKmsClient({ cloud: 'aliyun', endpoint: '/api/kms' });
    const bytes = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const b64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
    const { KeyMetadata } = await client.createKey({});
    const KeyId = KeyMetadata.KeyId;
    await client.createAlias({ KeyId, AliasName: 'alias/envelope' });
    const context = { app: 'browser-test' };
    const generated = await client.generateDataKey({ KeyId: 'alias/envelope', EncryptionContext: JSON.stringify(context) });
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const aes = await crypto.subtle.importKey('raw', bytes(generated.Plaintext), 'AES-GCM', false, ['encrypt']);
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, new TextEncoder().encode('sealed in a browser'));
    // Later, with only the data key's ciphertext kept:
    const opened = await client.decrypt({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: JSON.stringify(context) });
    let withoutContext = 'no error';
    try {
      await client.decrypt({ CiphertextBlob: generated.CiphertextBlob });
    } catch (e) {
      withoutContext = (e as { kmsCode?: string }).kmsCode ?? String(e);
    }
    return { keyId: KeyId, generatedKeyId: generated.KeyId, dataKey: generated.Plaintext, openedKey: opened.Plaintext, openedKeyId: opened.KeyId, iv: b64(iv), sealed: b64(sealed), withoutContext };
  });
  expect(result.generatedKeyId).toBe(result.keyId);
  expect(result.openedKeyId).toBe(result.keyId);
  expect(result.openedKey).toBe(result.dataKey);
  expect(result.withoutContext).toBe('InvalidCiphertext');
  const key = Buffer.from(result.openedKey, 'base64');
  expect(key).toHaveLength(32);
  const sealed = Buffer.from(result.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(result.iv, 'base64'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  expect(Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString()).toBe('sealed in a browser');
});

test('asymmetric encryption: a key made and imported in the browser (seed 004), AsymmetricEncrypt/Decrypt both ways, node:crypto on the other end', async ({ page }) => {
  await open(page);
  const first = await page.evaluate(async () => {
    const w = window as unknown as Harness;
    await w.startMock();
    const client = w.byok.createKmsClient({ cloud: 'aliyun', endpoint: '/api/kms' });
    const b64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
    const target = await w.byok.generateTargetKey('RSA_2048');
    const { KeyMetadata } = await client.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT/DECRYPT', Origin: 'EXTERNAL' });
    const KeyId = KeyMetadata.KeyId;
    const KeyVersionId = KeyMetadata.PrimaryKeyVersion;
    await w.byok.importKeyMaterial({ client, keyId: KeyId, keyMaterial: target.privateKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' });
    const plaintext = b64(new TextEncoder().encode('encrypted by the KMS'));
    const { CiphertextBlob } = await client.asymmetricEncrypt({ KeyId, KeyVersionId, Algorithm: 'RSAES_OAEP_SHA_256', Plaintext: plaintext });
    const { PublicKey } = await client.getPublicKey({ KeyId, KeyVersionId });
    return { keyId: KeyId, keyVersionId: KeyVersionId, privateKey: b64(target.privateKey), publicKey: b64(target.publicKey), pem: PublicKey, ciphertext: CiphertextBlob };
  });
  // The KMS's ciphertext opens with the private key the browser made ...
  const privateKey = createPrivateKey({ key: Buffer.from(first.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  expect(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(first.ciphertext, 'base64')).toString()).toBe('encrypted by the KMS');
  // ... GetPublicKey reports that key's public half ...
  expect(createPublicKey(first.pem).export({ format: 'der', type: 'spki' }).toString('base64')).toBe(first.publicKey);
  // ... and what node:crypto encrypts to it, the KMS decrypts.
  const toKms = publicEncrypt({ key: createPublicKey(first.pem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('encrypted by node'));
  const opened = await page.evaluate(
    async ([KeyId, KeyVersionId, CiphertextBlob]) => {
      const client = (window as unknown as Harness).byok.createKmsClient({ cloud: 'aliyun', endpoint: '/api/kms' });
      return atob((await client.asymmetricDecrypt({ KeyId, KeyVersionId, Algorithm: 'RSAES_OAEP_SHA_1', CiphertextBlob })).Plaintext);
    },
    [first.keyId, first.keyVersionId, toKms.toString('base64')] as const,
  );
  expect(opened).toBe('encrypted by node');
});
