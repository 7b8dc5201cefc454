// Seed 003's flows against the Tencent dialect of the mock, in real browsers: the mocked
// KMS in MSW's service worker at /api/kms (harness page /harness/mock.html), driven by the
// library's client as a frontend would. Envelope encryption runs on the page's WebCrypto;
// every result is checked in the test process with node:crypto or sm-crypto (issue 13).
import { expect, test, type Page } from '@playwright/test';
import { constants, createDecipheriv, createHash, createPublicKey, publicEncrypt, verify } from 'node:crypto';
import smc from 'sm-crypto';

type Reply = Record<string, any>;

async function open(page: Page) {
  await page.goto('/harness/mock.html');
  await expect(page).toHaveTitle('ready');
  await page.evaluate(() => (window as unknown as { startMock: () => Promise<boolean> }).startMock());
}

/** One action through the library's client on the page: the reply, or { code } of the refusal. */
function call(page: Page, action: string, params: Record<string, unknown> = {}): Promise<Reply> {
  return page.evaluate(
    async ([action, params]) => {
      const { byok } = window as unknown as { byok: typeof import('../../src/index.js') };
      const client = byok.createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
      try {
        return { ...(await client.request(action, params)) };
      } catch (e) {
        return { code: (e as { kmsCode?: string }).kmsCode ?? String(e) };
      }
    },
    [action, params] as const,
  );
}

const b64 = (b: Uint8Array | string) => Buffer.from(b).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');
let n = 0;
const alias = () => `browser_${Date.now()}_${++n}`;

test('envelope encryption: GenerateDataKey, local AES-GCM on the page, Decrypt gives the data key back', async ({ page }) => {
  await open(page);
  const result = await page.evaluate(async (alias) => {
    const { byok } = window as unknown as { byok: typeof import('../../src/index.js') };
    const kms = byok.createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
    const bytes = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
    const text = (b: Uint8Array) => btoa(String.fromCharCode(...b));
    const { KeyId } = await kms.createKey({ Alias: alias });
    const dek = await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' });
    // Encrypt locally with the plaintext data key; keep only its CiphertextBlob.
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const aes = await crypto.subtle.importKey('raw', bytes(dek.Plaintext), 'AES-GCM', false, ['encrypt']);
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, new TextEncoder().encode('a large file, encrypted on the page')));
    // Later: Decrypt the stored CiphertextBlob and decrypt the data with the key it gives back.
    const back = await kms.decrypt({ CiphertextBlob: dek.CiphertextBlob });
    const aes2 = await crypto.subtle.importKey('raw', bytes(back.Plaintext), 'AES-GCM', false, ['decrypt']);
    const plain = new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aes2, data));
    return { keyId: KeyId, dekKeyId: dek.KeyId, dek: dek.Plaintext, back: back.Plaintext, iv: text(iv), data: text(data), plain };
  }, alias());
  expect(result.dekKeyId).toBe(result.keyId);
  expect(unb64(result.dek)).toHaveLength(32);
  expect(result.back).toBe(result.dek);
  expect(result.plain).toBe('a large file, encrypted on the page');
  // node:crypto opens the page's ciphertext with the data key KMS generated.
  const data = unb64(result.data);
  const d = createDecipheriv('aes-256-gcm', unb64(result.dek), unb64(result.iv)).setAuthTag(data.subarray(data.length - 16));
  expect(Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString()).toBe('a large file, encrypted on the page');
  // NumberOfBytes wins over KeySpec; a disabled key is refused with its documented code.
  const seven = await call(page, 'GenerateDataKey', { KeyId: result.keyId, KeySpec: 'AES_128', NumberOfBytes: 7 });
  expect(unb64(seven.Plaintext)).toHaveLength(7);
  await call(page, 'DisableKey', { KeyId: result.keyId });
  expect(await call(page, 'GenerateDataKey', { KeyId: result.keyId, KeySpec: 'AES_256' })).toEqual({ code: 'ResourceUnavailable.CmkDisabled' });
});

test('asymmetric decryption: RSA-2048 with each padding, and SM2, of what the test process encrypted to GetPublicKey', async ({ page }) => {
  await open(page);
  const rsa = (await call(page, 'CreateKey', { Alias: alias(), KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' })).KeyId as string;
  const rsaPub = await call(page, 'GetPublicKey', { KeyId: rsa });
  const key = createPublicKey(rsaPub.PublicKeyPem);
  expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  expect(key.export({ type: 'spki', format: 'der' }).toString('base64')).toBe(rsaPub.PublicKey);
  const cases = [
    ['RSAES_OAEP_SHA_256', { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }],
    ['RSAES_OAEP_SHA_1', { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }],
    ['RSAES_PKCS1_V1_5', { padding: constants.RSA_PKCS1_PADDING }],
  ] as const;
  for (const [algorithm, opts] of cases) {
    const ct = publicEncrypt({ key, ...opts }, Buffer.from(`secret for ${algorithm}`));
    const r = await call(page, 'AsymmetricRsaDecrypt', { KeyId: rsa, Ciphertext: b64(ct), Algorithm: algorithm });
    expect(unb64(r.Plaintext).toString(), algorithm).toBe(`secret for ${algorithm}`);
  }
  // The page itself encrypts with WebCrypto RSA-OAEP (SHA-256) to the key GetPublicKey gave it.
  const fromPage = await page.evaluate(async (keyId) => {
    const { byok } = window as unknown as { byok: typeof import('../../src/index.js') };
    const kms = byok.createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
    const { PublicKey } = await kms.getPublicKey({ KeyId: keyId });
    const spki = Uint8Array.from(atob(PublicKey), (ch) => ch.charCodeAt(0));
    const pub = await crypto.subtle.importKey('spki', spki, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, pub, new TextEncoder().encode('from the page')));
    const r = await kms.asymmetricRsaDecrypt({ KeyId: keyId, Ciphertext: btoa(String.fromCharCode(...ct)), Algorithm: 'RSAES_OAEP_SHA_256' });
    return atob(r.Plaintext);
  }, rsa);
  expect(fromPage).toBe('from the page');
  expect((await call(page, 'AsymmetricRsaDecrypt', { KeyId: rsa, Ciphertext: b64(Buffer.alloc(256, 3)), Algorithm: 'RSAES_OAEP_SHA_256' })).code).toBe('FailedOperation.DecryptError');

  const sm2 = (await call(page, 'CreateKey', { Alias: alias(), KeyUsage: 'ASYMMETRIC_DECRYPT_SM2' })).KeyId as string;
  const spki = unb64((await call(page, 'GetPublicKey', { KeyId: sm2 })).PublicKey);
  const point = spki.subarray(spki.length - 65).toString('hex');
  // sm-crypto's C1C3C2 (C1 without 0x04), sent as the documented C1C3C2 ASN.1 (GM/T 0009 DER).
  const raw = Buffer.from(smc.sm2.doEncrypt(Array.from(Buffer.from('sm2 in the browser')), point, 1), 'hex');
  const int = (v: Buffer) => {
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    return tlv(2, v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
  };
  const tlv = (tag: number, v: Buffer) => Buffer.concat([Buffer.from([tag, v.length]), v]);
  const der = tlv(0x30, Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32, 64)), tlv(4, raw.subarray(64, 96)), tlv(4, raw.subarray(96))]));
  const r = await call(page, 'AsymmetricSm2Decrypt', { KeyId: sm2, Ciphertext: b64(der) });
  expect(unb64(r.Plaintext).toString()).toBe('sm2 in the browser');
});

test('signatures: every documented algorithm, RAW and DIGEST, verified by node:crypto and sm-crypto', async ({ page }) => {
  await open(page);
  const message = Buffer.from('test');
  const sm2 = smc.sm2 as typeof smc.sm2 & { doVerifySignature(msg: number[], sig: string, pub: string, o: { der: boolean; hash: boolean; userId: string }): boolean };
  const checks: Record<string, (spki: Buffer, sig: Buffer) => boolean> = {
    SM2DSA: (spki, sig) => sm2.doVerifySignature(Array.from(message), sig.toString('hex'), spki.subarray(spki.length - 65).toString('hex'), { der: true, hash: true, userId: '1234567812345678' }),
    ECC_P256_R1: (spki, sig) => verify('sha256', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig),
    RSA_PSS_SHA_256: (spki, sig) => verify('sha256', message, { key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig),
    RSA_PKCS1_SHA_256: (spki, sig) => verify('sha256', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig),
  };
  const cases = [
    ['ASYMMETRIC_SIGN_VERIFY_SM2', 'SM2DSA'],
    ['ASYMMETRIC_SIGN_VERIFY_ECC', 'ECC_P256_R1'],
    ['ASYMMETRIC_SIGN_VERIFY_RSA_2048', 'RSA_PSS_SHA_256'],
    ['ASYMMETRIC_SIGN_VERIFY_RSA_2048', 'RSA_PKCS1_SHA_256'],
  ] as const;
  for (const [usage, algorithm] of cases) {
    // The page signs (RAW, and DIGEST of a SHA-256 it computes with WebCrypto) and verifies through KMS.
    const out = await page.evaluate(
      async ([alias, usage, algorithm]) => {
        const { byok } = window as unknown as { byok: typeof import('../../src/index.js') };
        const kms = byok.createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
        const text = (b: Uint8Array) => btoa(String.fromCharCode(...b));
        const message = new TextEncoder().encode('test');
        const { KeyId } = await kms.createKey({ Alias: alias, KeyUsage: usage });
        const { PublicKey } = await kms.getPublicKey({ KeyId });
        const raw = (await kms.signByAsymmetricKey({ KeyId, Algorithm: algorithm, Message: text(message), MessageType: 'RAW' })).Signature;
        const rawValid = (await kms.verifyByAsymmetricKey({ KeyId, Algorithm: algorithm, Message: text(message), MessageType: 'RAW', SignatureValue: raw })).SignatureValid;
        const forged = (await kms.verifyByAsymmetricKey({ KeyId, Algorithm: algorithm, Message: text(new TextEncoder().encode('tesT')), MessageType: 'RAW', SignatureValue: raw })).SignatureValid;
        let digest: string | undefined;
        if (algorithm !== 'SM2DSA') {
          const d = text(new Uint8Array(await crypto.subtle.digest('SHA-256', message)));
          digest = (await kms.signByAsymmetricKey({ KeyId, Algorithm: algorithm, Message: d, MessageType: 'DIGEST' })).Signature;
        }
        return { KeyId, PublicKey, raw, rawValid, forged, digest };
      },
      [alias(), usage, algorithm] as const,
    );
    const spki = unb64(out.PublicKey);
    expect(out.rawValid, algorithm).toBe(true);
    expect(out.forged, algorithm).toBe(false);
    expect(checks[algorithm]!(spki, unb64(out.raw)), `${algorithm} RAW`).toBe(true);
    if (out.digest) expect(checks[algorithm]!(spki, unb64(out.digest)), `${algorithm} DIGEST`).toBe(true);
    if (algorithm === 'SM2DSA') {
      // SM2's DIGEST is e = SM3(Z_A ‖ M) (GB/T 32918.2 §6.1), computed here with node:crypto's SM3.
      const id = Buffer.from('1234567812345678');
      const curve = ['FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC', '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93', '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7', 'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0'].map((h) => Buffer.from(h, 'hex'));
      const z = createHash('sm3').update(Buffer.concat([Buffer.from([0, 128]), id, ...curve, spki.subarray(spki.length - 64)])).digest();
      const e = createHash('sm3').update(Buffer.concat([z, message])).digest();
      const r = await call(page, 'SignByAsymmetricKey', { KeyId: out.KeyId, Algorithm: 'SM2DSA', Message: b64(e), MessageType: 'DIGEST' });
      expect(checks.SM2DSA!(spki, unb64(r.Signature)), 'SM2DSA DIGEST').toBe(true);
    }
  }
});
