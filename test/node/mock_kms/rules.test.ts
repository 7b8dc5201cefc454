// SPEC §3, rule by rule, in each dialect through the clouds' official SDK clients with
// real signatures, asserting each cloud's own error code (issue 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constants, createDecipheriv, createPublicKey, publicEncrypt, generateKeyPairSync } from 'node:crypto';
import { generateKeyMaterial, wrapKeyMaterial } from '../../../src/index.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { aliyunPopDriver, aliyunTeaDriver, codeOf, tencentDriver, type Driver } from '../helpers/kms_drivers.js';

const DAY = 24 * 3600 * 1000;
let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

/** Open a mock Encrypt blob with the original material, independently of the mock's code. */
function openBlob(blob: string, material: Uint8Array, keyId: string): Buffer {
  const b = Buffer.from(blob, 'base64');
  expect(b.subarray(0, 5).toString()).toBe('mkms1');
  const idLen = b[5]!;
  expect(b.subarray(6, 6 + idLen).toString()).toBe(keyId);
  const iv = b.subarray(6 + idLen, 18 + idLen);
  const body = b.subarray(18 + idLen);
  const d = createDecipheriv(material.length === 32 ? 'aes-256-gcm' : 'aes-128-gcm', material, iv);
  d.setAAD(Buffer.from(keyId));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
}

async function importFresh(d: Driver, keyId: string, material: Uint8Array, opts: { algorithm?: string; expirySeconds?: number } = {}) {
  const algorithm = opts.algorithm ?? 'RSAES_OAEP_SHA_256';
  const p = await d.getParameters(keyId, algorithm);
  const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: algorithm as 'SM2PKE', keyMaterial: material });
  await d.importMaterial(keyId, encryptedKeyMaterial, p.token, opts.expirySeconds);
  return { ...p, encryptedKeyMaterial };
}

const nowSec = () => Math.floor(env.clock.ms / 1000);

describe.each([tencentDriver, aliyunTeaDriver, aliyunPopDriver].map((f) => [f().name, f] as const))('%s', (_name, make) => {
  const d = make();
  const code = (rule: keyof Driver['codes']) => d.codes[rule];

  // Tencent offers the three RSA algorithms (seed 000); Alibaba also SM2PKE (seed 001).
  it.each(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5', ...(d.cloud === 'aliyun' ? ['SM2PKE'] : [])])('full flow with %s: the right material lands', async (algorithm) => {
    const keyId = await d.createKey(algorithm === 'SM2PKE' && d.cloud === 'aliyun' ? { spec: 'Aliyun_SM4' } : {});
    expect(await d.state(keyId)).toBe('PendingImport');
    const material = generateKeyMaterial(algorithm === 'SM2PKE' ? 128 : 256);
    await importFresh(d, keyId, material, { algorithm });
    expect(await d.state(keyId)).toBe('Enabled');
    const blob = await d.encrypt(keyId, new TextEncoder().encode('hello byok'));
    expect(openBlob(blob, material, keyId).toString()).toBe(d.cloud === 'aliyun' ? Buffer.from('hello byok').toString('base64') : 'hello byok');
    expect(new TextDecoder().decode(await d.decrypt(blob))).toBe('hello byok');
    expect(await d.listKeyIds()).toContain(keyId);
  });

  it('a token is reusable within 24 hours and expires after', async () => {
    const keyId = await d.createKey();
    const material = generateKeyMaterial();
    const p = await importFresh(d, keyId, material);
    await d.importMaterial(keyId, p.encryptedKeyMaterial, p.token); // reuse: fine
    env.clock.advance(DAY + 1000);
    expect(await codeOf(d.importMaterial(keyId, p.encryptedKeyMaterial, p.token))).toBe(code('TokenExpired'));
  });

  it('a token imports only into the key it was issued for', async () => {
    const a = await d.createKey();
    const b = await d.createKey();
    const p = await d.getParameters(a, 'RSAES_OAEP_SHA_256');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() });
    expect(await codeOf(d.importMaterial(b, encryptedKeyMaterial, p.token))).toBe(code('TokenInvalid'));
    expect(await codeOf(d.importMaterial(a, encryptedKeyMaterial, 'bm90IGEgdG9rZW4='))).toBe(code('TokenInvalid'));
  });

  it('only material wrapped with the token\'s own public key and algorithm is accepted', async () => {
    const keyId = await d.createKey();
    const p = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256');
    const material = generateKeyMaterial();
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const wrongKey = publicEncrypt({ key: foreign, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material).toString('base64');
    expect(await codeOf(d.importMaterial(keyId, wrongKey, p.token))).toBe(code('DecryptMaterial'));
    const wrongAlgorithm = (await wrapKeyMaterial({ publicKey: p.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_1', keyMaterial: material })).encryptedKeyMaterial;
    expect(await codeOf(d.importMaterial(keyId, wrongAlgorithm, p.token))).toBe(code('DecryptMaterial'));
    expect(await codeOf(d.importMaterial(keyId, Buffer.alloc(256, 7).toString('base64'), p.token))).toBe(code('DecryptMaterial'));
    expect(await d.state(keyId)).toBe('PendingImport');
  });

  it(d.cloud === 'tencent' ? 'Tencent: only the newest parameters are valid' : 'Alibaba: every parameters call gives a new pair, each valid', async () => {
    const keyId = await d.createKey();
    const first = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256');
    await d.getParameters(keyId, 'RSAES_OAEP_SHA_256');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: first.publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() });
    expect(await codeOf(d.importMaterial(keyId, encryptedKeyMaterial, first.token))).toBe(d.cloud === 'tencent' ? code('TokenExpired') : 'no error');
  });

  it('the first import binds the material forever; only identical material re-imports', async () => {
    const keyId = await d.createKey();
    const material = generateKeyMaterial();
    await importFresh(d, keyId, material);
    await d.deleteMaterial(keyId);
    expect(await d.state(keyId)).toBe('PendingImport');
    expect(await codeOf(importFresh(d, keyId, generateKeyMaterial()))).toBe(code('MaterialMismatch'));
    expect(await d.state(keyId)).toBe('PendingImport');
    await importFresh(d, keyId, material);
    expect(await d.state(keyId)).toBe('Enabled');
  });

  it('re-importing the same material resets the expiry; expiry takes the key back to PendingImport', async () => {
    const keyId = await d.createKey();
    const material = generateKeyMaterial();
    await importFresh(d, keyId, material, { expirySeconds: nowSec() + 3600 });
    expect(await d.expiry(keyId)).toBe(nowSec() + 3600);
    await importFresh(d, keyId, material, { expirySeconds: nowSec() + 100 });
    expect(await d.expiry(keyId)).toBe(nowSec() + 100);
    const blob = await d.encrypt(keyId, new Uint8Array([1, 2, 3]));
    env.clock.advance(101_000);
    expect(await d.state(keyId)).toBe('PendingImport');
    expect(await codeOf(d.decrypt(blob))).toBe(code('StatePendingImport'));
    await importFresh(d, keyId, material, { expirySeconds: 0 });
    expect(await d.expiry(keyId)).toBe(0);
    expect([...(await d.decrypt(blob))]).toEqual([1, 2, 3]);
  });

  it('an expiry in the past is rejected', async () => {
    const keyId = await d.createKey();
    expect(await codeOf(importFresh(d, keyId, generateKeyMaterial(), { expirySeconds: nowSec() - 1 }))).toBe(code('ExpiryInPast'));
  });

  it('material length must fit the key spec', async () => {
    const keyId = await d.createKey();
    const p = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256');
    const ct = publicEncrypt({ key: createPublicKey({ key: Buffer.from(p.publicKey, 'base64'), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.alloc(24, 9));
    expect(await codeOf(d.importMaterial(keyId, ct.toString('base64'), p.token))).toBe(code('KeyLength'));
  });

  it('only EXTERNAL-origin keys accept import calls', async () => {
    const keyId = await d.createKey({ external: false });
    expect(await d.state(keyId)).toBe('Enabled');
    expect(await codeOf(d.getParameters(keyId, 'RSAES_OAEP_SHA_256'))).toBe(code('NotExternal'));
    expect(await codeOf(d.deleteMaterial(keyId))).toBe(code('NotExternal'));
  });

  it('the state matrix: import, enable/disable and use per state', async () => {
    const keyId = await d.createKey();
    expect(await codeOf(d.enable(keyId))).toBe(code('EnableWhilePendingImport'));
    expect(await codeOf(d.encrypt(keyId, new Uint8Array([1])))).toBe(code('StatePendingImport'));
    const material = generateKeyMaterial();
    await importFresh(d, keyId, material);
    await d.disable(keyId);
    expect(await d.state(keyId)).toBe('Disabled');
    expect(await codeOf(d.encrypt(keyId, new Uint8Array([1])))).toBe(code('StateDisabled'));
    // Tencent imports only in Enabled/PendingImport; Alibaba in every state but PendingDeletion.
    expect(await codeOf(importFresh(d, keyId, material))).toBe(code('ImportWhileDisabled'));
    await d.enable(keyId);
    expect(await d.state(keyId)).toBe('Enabled');
  });

  it('scheduled deletion: 7–30 days (Alibaba: 7–366), cancellable, then the key is gone', async () => {
    const keyId = await d.createKey();
    await importFresh(d, keyId, generateKeyMaterial());
    if (d.cloud === 'tencent') expect(await codeOf(d.scheduleDeletion(keyId, 7))).toBe(code('ScheduleWhileEnabled'));
    await d.disable(keyId);
    expect(await codeOf(d.scheduleDeletion(keyId, 6))).toBe(code('DeletionWindow'));
    expect(await codeOf(d.scheduleDeletion(keyId, d.cloud === 'tencent' ? 31 : 367))).toBe(code('DeletionWindow'));
    await d.scheduleDeletion(keyId, 7);
    expect(await d.state(keyId)).toBe(d.cloud === 'tencent' ? 'PendingDelete' : 'PendingDeletion');
    expect(await codeOf(importFresh(d, keyId, generateKeyMaterial()))).toBe(code('StatePendingDeletion'));
    expect(await codeOf(d.enable(keyId))).toBe(code('StatePendingDeletion'));
    await d.cancelDeletion(keyId);
    // Tencent returns a cancelled key to Disabled, Alibaba to Enabled (their API references).
    expect(await d.state(keyId)).toBe(d.cloud === 'tencent' ? 'Disabled' : 'Enabled');
    await d.scheduleDeletion(keyId, 30);
    env.clock.advance(30 * DAY - 1000);
    expect(await d.state(keyId)).toMatch(/^PendingDelet/);
    env.clock.advance(1000);
    expect(await codeOf(d.state(keyId))).toBe(code('KeyNotFound'));
    expect(await d.listKeyIds()).not.toContain(keyId);
  });

  it('two keys with the same material stay independent', async () => {
    const material = generateKeyMaterial();
    const a = await d.createKey();
    const b = await d.createKey();
    await importFresh(d, a, material);
    await importFresh(d, b, material);
    const blob = Buffer.from(await d.encrypt(a, new Uint8Array([42])), 'base64');
    // The same blob relabelled for key b (same id length) must not open under b.
    const relabelled = Buffer.concat([blob.subarray(0, 6), Buffer.from(b), blob.subarray(6 + a.length)]);
    expect(await codeOf(d.decrypt(relabelled.toString('base64')))).toBe(code('InvalidCiphertext'));
    await d.deleteMaterial(a);
    expect(await d.state(b)).toBe('Enabled');
    expect([...(await d.decrypt(await d.encrypt(b, new Uint8Array([7]))))]).toEqual([7]);
  });

  it('an unknown KeyId, a missing parameter, bad base64 and an unknown action get the cloud\'s codes', async () => {
    expect(await codeOf(d.state('00000000-0000-0000-0000-000000000000'))).toBe(code('KeyNotFound'));
    expect(await codeOf(d.call('DescribeKey', {}))).toBe(code('MissingParameter'));
    const keyId = await d.createKey();
    const p = await d.getParameters(keyId, 'RSAES_OAEP_SHA_256');
    expect(await codeOf(d.importMaterial(keyId, '%%% not base64 %%%', p.token))).toBe(code('MalformedParameter'));
    // Oversized material; not in a query string, which HTTP stacks cap before any KMS sees it.
    if (d.name !== '@alicloud/kms20160120') expect(await codeOf(d.importMaterial(keyId, Buffer.alloc(9000, 1).toString('base64'), p.token))).toBe(code('InvalidParameter'));
    expect(await codeOf(d.getParameters(keyId, 'RSAES_OAEP_SHA_512'))).toBe(code('InvalidParameter'));
    expect(await codeOf(d.call('RotateKeyMaterialNow', { KeyId: keyId }))).toBe(code('UnknownAction'));
  });

  it('signatures: a wrong secret and a stale request are refused', async () => {
    const wrong = make({ id: CREDENTIAL.id, secret: 'not-the-secret' });
    expect(await codeOf(wrong.listKeyIds())).toBe(code('SignatureFailure'));
    const unknown = make({ id: 'AKIDunknown', secret: CREDENTIAL.secret });
    expect(await codeOf(unknown.listKeyIds())).toMatch(/SecretIdNotFound|InvalidAccessKeyId/);
    // Tencent refuses a request more than 5 minutes off the server's clock, Alibaba 15.
    const minutes = d.cloud === 'tencent' ? 6 : 16;
    env.clock.skew(minutes * 60 * 1000);
    expect(await codeOf(d.listKeyIds())).toBe(code('SignatureExpired'));
    env.clock.skew(-minutes * 60 * 1000);
    expect(await codeOf(d.listKeyIds())).toBe('no error');
  });
});
