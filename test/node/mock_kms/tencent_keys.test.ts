// The Tencent dialect's key life cycle (issue 13) through tencentcloud-sdk-nodejs, signed:
// the table against the SDK model, CreateKey with every KeyUsage, describe and list with
// their filters, batch enable/disable, archive, alias and description, rotation, cloud
// resource bindings, the service-level actions — each documented refusal with its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateKeyMaterial, wrapKeyMaterial } from '../../../src/index.js';
import { TENCENT_KMS_ACTIONS } from '../../../src/client/models/tencent.js';
import { TENCENT_ACTIONS } from '../../../src/mock_kms/dialects/tencent.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { codeOf } from '../helpers/kms_drivers.js';

const require = createRequire(import.meta.url);
const DAY = 24 * 3600 * 1000;
let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

/** The official client in a region (each test takes its own region where it counts keys). */
function sdk(region = 'ap-guangzhou') {
  const { Client } = require('tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js');
  return new Client({ credential: { secretId: CREDENTIAL.id, secretKey: CREDENTIAL.secret }, region, profile: { httpProfile: { endpoint: 'kms.tencentcloudapi.com', reqTimeout: 30 } } });
}
const c = sdk();
let n = 0;
const alias = () => `t${++n}_${Math.floor(performance.now())}`;
const create = async (args: Record<string, unknown> = {}, client = c): Promise<string> => (await client.CreateKey({ Alias: alias(), ...args })).KeyId;
const meta = async (keyId: string, client = c) => (await client.DescribeKey({ KeyId: keyId })).KeyMetadata;

describe('the action table', () => {
  it('has at least 35 rows, each an action of API 2019-01-18 taking exactly the SDK model\'s request fields', () => {
    const models = readFileSync('src/client/models/tencent.ts', 'utf8');
    const rows = Object.entries(TENCENT_ACTIONS);
    expect(rows.length).toBeGreaterThanOrEqual(35);
    for (const [action, row] of rows) {
      expect(TENCENT_KMS_ACTIONS, action).toContain(action);
      const body = new RegExp(`export interface ${action}Request \\{([^}]*)\\}`).exec(models)?.[1] ?? '';
      const fields = [...body.matchAll(/^\s*(\w+)(\?)?:/gm)].map((m) => [m[1], !m[2]] as const);
      expect(Object.keys(row.params).sort(), action).toEqual(fields.map(([f]) => f).sort());
      for (const [f, required] of fields) expect(Boolean(row.params[f!]!.required), `${action}.${f}`).toBe(required);
    }
  });

  it('an action of the API the mock does not implement, and one that does not exist', async () => {
    expect(await codeOf(c.DescribeWhiteBoxKey({ KeyId: 'x' }))).toBe('UnsupportedOperation');
    expect(await codeOf(c.request('RotateEverything', {}))).toBe('InvalidAction');
    expect(await codeOf(c.request('DescribeKey', { KeyId: 'x', Extra: 1 }))).toBe('UnknownParameter');
    expect(await codeOf(c.request('DescribeKey', {}))).toBe('MissingParameter');
  });
});

describe('CreateKey', () => {
  // KeyUsage values of the CreateKey SDK model; the expected public key per usage.
  const ASYMMETRIC: [string, (der: Buffer) => void][] = [
    ['ASYMMETRIC_DECRYPT_RSA_2048', (der) => expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(2048)],
    ['ASYMMETRIC_SIGN_VERIFY_RSA_2048', (der) => expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(2048)],
    ['ASYMMETRIC_SIGN_VERIFY_ECC', (der) => expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBe('prime256v1')],
    ['ASYMMETRIC_SIGN_VERIFY_ECDSA384', (der) => expect(createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBe('secp384r1')],
    // id-ecPublicKey with the SM2 curve OID 1.2.156.10197.1.301, a 65-byte point.
    ['ASYMMETRIC_DECRYPT_SM2', (der) => expect(der.toString('hex')).toMatch(/^3059301306072a8648ce3d020106082a811ccf5501822d03420004[0-9a-f]{128}$/)],
    ['ASYMMETRIC_SIGN_VERIFY_SM2', (der) => expect(der.toString('hex')).toMatch(/^3059301306072a8648ce3d020106082a811ccf5501822d03420004[0-9a-f]{128}$/)],
  ];

  it.each(ASYMMETRIC)('KeyUsage %s: Enabled, and GetPublicKey gives its public key in DER and PEM', async (usage, check) => {
    const created = await c.CreateKey({ Alias: alias(), KeyUsage: usage, Description: 'seed 003' });
    expect(created).toMatchObject({ KeyState: 'Enabled', KeyUsage: usage, Description: 'seed 003', TagCode: 0 });
    const m = await meta(created.KeyId);
    expect(m).toMatchObject({ KeyUsage: usage, Origin: 'TENCENT_KMS', Type: usage.endsWith('SM2') ? 4 : 2, KeyRotationEnabled: false, Owner: 'user' });
    const pub = await c.GetPublicKey({ KeyId: created.KeyId });
    expect(pub.KeyId).toBe(created.KeyId);
    const der = Buffer.from(pub.PublicKey, 'base64');
    check(der);
    expect(pub.PublicKeyPem).toBe(`-----BEGIN PUBLIC KEY-----\n${pub.PublicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`);
  });

  it('ENCRYPT_DECRYPT is the default; Type 2 makes an EXTERNAL key awaiting its material', async () => {
    const sym = await c.CreateKey({ Alias: alias() });
    expect(sym).toMatchObject({ KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT' });
    const ext = await c.CreateKey({ Alias: alias(), Type: 2 });
    expect(ext.KeyState).toBe('PendingImport');
    expect((await meta(ext.KeyId)).Origin).toBe('EXTERNAL');
    expect(await codeOf(c.GetPublicKey({ KeyId: sym.KeyId }))).toBe('InvalidParameterValue.InvalidKeyUsage');
  });

  it('refusals: KeyUsage, Type, alias format and uniqueness, tags, HSM cluster, external asymmetric keys', async () => {
    expect(await codeOf(c.CreateKey({ Alias: alias(), KeyUsage: 'SIGN_VERIFY' }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    expect(await codeOf(c.CreateKey({ Alias: alias(), Type: 3 }))).toBe('InvalidParameterValue.InvalidType');
    expect(await codeOf(c.CreateKey({ Alias: 'has space' }))).toBe('InvalidParameterValue.InvalidAlias');
    expect(await codeOf(c.CreateKey({ Alias: '_leading' }))).toBe('InvalidParameterValue.InvalidAlias');
    expect(await codeOf(c.CreateKey({ Alias: 'x'.repeat(61) }))).toBe('InvalidParameterValue.InvalidAlias');
    expect(await codeOf(c.CreateKey({ Alias: 'kms-reserved' }))).toBe('InvalidParameterValue.InvalidAlias');
    const a = alias();
    await c.CreateKey({ Alias: a });
    expect(await codeOf(c.CreateKey({ Alias: a }))).toBe('InvalidParameterValue.AliasAlreadyExists');
    // The same alias in another region is another key's business.
    expect((await sdk('ap-shanghai').CreateKey({ Alias: a })).KeyState).toBe('Enabled');
    expect(await codeOf(c.CreateKey({ Alias: alias(), Tags: [{ TagKey: 'team', TagValue: 'a' }, { TagKey: 'team', TagValue: 'b' }] }))).toBe('InvalidParameterValue.TagKeysDuplicated');
    expect(await codeOf(c.CreateKey({ Alias: alias(), HsmClusterId: 'cls-exclusive' }))).toBe('InvalidParameterValue.InvalidHsmClusterId');
    expect(await codeOf(c.CreateKey({ Alias: alias(), Type: 2, KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    expect(await codeOf(c.CreateKey({ Alias: alias(), Description: '密'.repeat(400) }))).toBe('InvalidParameterValue');
  });
});

describe('DescribeKey, DescribeKeys, ListKeys, ListKeyDetail', () => {
  it('DescribeKey: a malformed id, an unknown id, a key of another region', async () => {
    expect(await codeOf(c.DescribeKey({ KeyId: 'not/a key' }))).toBe('InvalidParameterValue.InvalidKeyId');
    expect(await codeOf(c.DescribeKey({ KeyId: '00000000-0000-0000-0000-000000000000' }))).toBe('ResourceUnavailable.CmkNotFound');
    const keyId = await create();
    expect(await codeOf(sdk('ap-beijing').DescribeKey({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkNotFound');
  });

  it('DescribeKeys: 1–100 ids, each well formed, none twice, all held', async () => {
    const a = await create();
    const b = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC' });
    const r = await c.DescribeKeys({ KeyIds: [b, a] });
    expect(r.KeyMetadatas.map((m: { KeyId: string }) => m.KeyId)).toEqual([b, a]);
    expect(await codeOf(c.DescribeKeys({ KeyIds: [a, b, a] }))).toBe('InvalidParameterValue.DuplicatedKeyId');
    expect(await codeOf(c.DescribeKeys({ KeyIds: [a, 'bad id'] }))).toBe('InvalidParameterValue.InvalidKeyId');
    expect(await codeOf(c.DescribeKeys({ KeyIds: [a, '00000000-0000-0000-0000-000000000000'] }))).toBe('ResourceUnavailable.CmkNotFound');
    expect(await codeOf(c.DescribeKeys({ KeyIds: [] }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.DescribeKeys({ KeyIds: Array.from({ length: 101 }, (_, i) => `k${i}`) }))).toBe('InvalidParameterValue');
  });

  it('ListKeyDetail: KeyUsage defaults to ENCRYPT_DECRYPT; state, origin, alias, tag filters; order and paging', async () => {
    const r = sdk('ap-chengdu');
    const ids = {
      sym: await create({ Alias: 'alpha-sym', Tags: [{ TagKey: 'team', TagValue: 'red' }] }, r),
      ext: await create({ Alias: 'alpha-ext', Type: 2 }, r),
      rsa: await create({ Alias: 'beta-rsa', KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048', Tags: [{ TagKey: 'team', TagValue: 'blue' }] }, r),
      archived: await create({ Alias: 'gamma-arch' }, r),
    };
    await r.ArchiveKey({ KeyId: ids.archived });
    const list = async (args: Record<string, unknown>) => {
      const out = await r.ListKeyDetail(args);
      return { total: out.TotalCount as number, ids: (out.KeyMetadatas as { KeyId: string }[]).map((m) => m.KeyId) };
    };
    // Newest first by default (OrderType 0); ENCRYPT_DECRYPT keys only unless KeyUsage says otherwise.
    expect(await list({})).toEqual({ total: 3, ids: [ids.archived, ids.ext, ids.sym] });
    expect(await list({ OrderType: 1 })).toEqual({ total: 3, ids: [ids.sym, ids.ext, ids.archived] });
    expect(await list({ KeyUsage: '', Origin: '' })).toEqual({ total: 3, ids: [ids.archived, ids.ext, ids.sym] });
    expect((await list({ KeyUsage: 'ALL' })).total).toBe(4);
    expect(await list({ KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048' })).toEqual({ total: 1, ids: [ids.rsa] });
    expect(await list({ KeyState: 5 })).toEqual({ total: 1, ids: [ids.archived] });
    expect(await list({ KeyState: 4 })).toEqual({ total: 1, ids: [ids.ext] });
    expect((await list({ KeyState: 1, KeyUsage: 'ALL' })).ids.sort()).toEqual([ids.sym, ids.rsa].sort());
    expect(await list({ Origin: 'EXTERNAL' })).toEqual({ total: 1, ids: [ids.ext] });
    expect((await list({ Origin: 'TENCENT_KMS' })).ids).not.toContain(ids.ext);
    expect((await list({ SearchKeyAlias: 'alpha' })).ids.sort()).toEqual([ids.sym, ids.ext].sort());
    expect(await list({ SearchKeyAlias: ids.rsa.slice(0, 13), KeyUsage: 'ALL' })).toEqual({ total: 1, ids: [ids.rsa] });
    expect(await list({ KeyUsage: 'ALL', TagFilters: [{ TagKey: 'team', TagValue: ['blue', 'green'] }] })).toEqual({ total: 1, ids: [ids.rsa] });
    expect((await list({ KeyUsage: 'ALL', TagFilters: [{ TagKey: 'team' }] })).total).toBe(2);
    expect(await list({ Offset: 1, Limit: 1 })).toEqual({ total: 3, ids: [ids.ext] });
    expect((await list({ Role: 1 })).total).toBe(0);
    expect((await list({ HsmClusterId: 'default' })).total).toBe(3);
    expect(await codeOf(r.ListKeyDetail({ HsmClusterId: 'cls-1' }))).toBe('InvalidParameterValue.InvalidHsmClusterId');
    expect(await codeOf(r.ListKeyDetail({ KeyState: 6 }))).toBe('InvalidParameterValue');
    expect(await codeOf(r.ListKeyDetail({ Origin: 'external' }))).toBe('InvalidParameterValue');
    expect(await codeOf(r.ListKeyDetail({ Limit: 201 }))).toBe('InvalidParameterValue');
    // ListKeys lists Enabled, Disabled and PendingImport keys, of every usage.
    const keys = await r.ListKeys({});
    expect(keys.TotalCount).toBe(3);
    expect(keys.Keys.map((k: { KeyId: string }) => k.KeyId)).not.toContain(ids.archived);
  });
});

describe('state changes', () => {
  it('EnableKeys / DisableKeys: all or nothing, with the documented codes', async () => {
    const a = await create();
    const b = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2' });
    await c.DisableKeys({ KeyIds: [a, b] });
    expect([(await meta(a)).KeyState, (await meta(b)).KeyState]).toEqual(['Disabled', 'Disabled']);
    await c.EnableKeys({ KeyIds: [a, b] });
    expect([(await meta(a)).KeyState, (await meta(b)).KeyState]).toEqual(['Enabled', 'Enabled']);
    expect(await codeOf(c.DisableKeys({ KeyIds: [a, a] }))).toBe('InvalidParameterValue.DuplicatedKeyId');
    expect(await codeOf(c.EnableKeys({ KeyIds: ['x y'] }))).toBe('InvalidParameterValue.InvalidKeyId');
    const pending = await create({ Type: 2 });
    expect(await codeOf(c.DisableKeys({ KeyIds: [a, pending] }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect((await meta(a)).KeyState).toBe('Enabled'); // nothing changed
    expect(await codeOf(c.EnableKeys({ KeyIds: [pending] }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect(await codeOf(c.EnableKey({ KeyId: pending }))).toBe('ResourceUnavailable.CmkStateNotSupport');
  });

  it('ArchiveKey / CancelKeyArchive: an archived key decrypts but does not encrypt', async () => {
    const keyId = await create();
    const { CiphertextBlob } = await c.Encrypt({ KeyId: keyId, Plaintext: 'YXJjaGl2ZQ==' });
    await c.ArchiveKey({ KeyId: keyId });
    expect((await meta(keyId)).KeyState).toBe('Archived');
    expect((await c.Decrypt({ CiphertextBlob })).Plaintext).toBe('YXJjaGl2ZQ==');
    expect(await codeOf(c.Encrypt({ KeyId: keyId, Plaintext: 'eA==' }))).toBe('ResourceUnavailable.CmkArchived');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256' }))).toBe('ResourceUnavailable.CmkArchived');
    expect(await codeOf(c.ArchiveKey({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect(await codeOf(c.DisableKey({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    await c.CancelKeyArchive({ KeyId: keyId });
    expect((await meta(keyId)).KeyState).toBe('Enabled');
    expect(await codeOf(c.CancelKeyArchive({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    await c.Encrypt({ KeyId: keyId, Plaintext: 'eA==' });
  });

  it('ScheduleKeyDeletion / CancelKeyDeletion: disabled first, 7–30 days, back to Disabled', async () => {
    const keyId = await create();
    expect(await codeOf(c.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 }))).toBe('ResourceUnavailable.CmkShouldBeDisabled');
    await c.DisableKey({ KeyId: keyId });
    expect(await codeOf(c.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 6 }))).toBe('InvalidParameter.InvalidPendingWindowInDays');
    expect(await codeOf(c.CancelKeyDeletion({ KeyId: keyId }))).toBe('ResourceUnavailable.CmkNotPendingDelete');
    const s = await c.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    expect(s.DeletionDate).toBe(Math.floor((env.clock.ms + 7 * DAY) / 1000));
    expect((await meta(keyId)).KeyState).toBe('PendingDelete');
    expect(await codeOf(c.GenerateDataKey({ KeyId: keyId, KeySpec: 'AES_256' }))).toBe('ResourceUnavailable.KeyPendingDelete');
    expect(await codeOf(c.UpdateAlias({ KeyId: keyId, Alias: alias() }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    expect(await codeOf(c.UpdateKeyDescription({ KeyId: keyId, Description: 'x' }))).toBe('ResourceUnavailable.CmkStateNotSupport');
    await c.CancelKeyDeletion({ KeyId: keyId });
    expect((await meta(keyId)).KeyState).toBe('Disabled');
  });

  it('UpdateAlias and UpdateKeyDescription', async () => {
    const keyId = await create();
    const other = await create();
    const a = alias();
    await c.UpdateAlias({ KeyId: keyId, Alias: a });
    await c.UpdateAlias({ KeyId: keyId, Alias: a }); // its own alias again: fine
    expect((await meta(keyId)).Alias).toBe(a);
    expect(await codeOf(c.UpdateAlias({ KeyId: other, Alias: a }))).toBe('InvalidParameterValue.AliasAlreadyExists');
    expect(await codeOf(c.UpdateAlias({ KeyId: other, Alias: 'no/slash' }))).toBe('InvalidParameterValue.InvalidAlias');
    await c.UpdateKeyDescription({ KeyId: keyId, Description: '用于信封加密' });
    expect((await meta(keyId)).Description).toBe('用于信封加密');
    expect(await codeOf(c.UpdateKeyDescription({ KeyId: keyId, Description: '密'.repeat(342) }))).toBe('InvalidParameterValue'); // 1026 bytes
  });
});

describe('rotation', () => {
  it('EnableKeyRotation, automatic rotation every RotateDays, RotateKey at most once a day, DisableKeyRotation', async () => {
    const keyId = await create();
    expect((await c.GetKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
    expect(await codeOf(c.RotateKey({ KeyId: keyId }))).toBe('UnsupportedOperation.RotateNotSupported');
    expect(await codeOf(c.EnableKeyRotation({ KeyId: keyId, RotateDays: 6 }))).toBe('InvalidParameterValue');
    expect(await codeOf(c.EnableKeyRotation({ KeyId: keyId, RotateDays: 366 }))).toBe('InvalidParameterValue');
    const t0 = Math.floor(env.clock.ms / 1000);
    await c.EnableKeyRotation({ KeyId: keyId, RotateDays: 30 });
    expect((await c.GetKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(true);
    expect(await meta(keyId)).toMatchObject({ KeyRotationEnabled: true, RotateDays: 30, NextRotateTime: t0 + 30 * 86400, LastRotateTime: 0 });
    env.clock.advance(31 * DAY);
    expect(await meta(keyId)).toMatchObject({ LastRotateTime: t0 + 30 * 86400, NextRotateTime: t0 + 60 * 86400 });
    const { TaskId } = await c.RotateKey({ KeyId: keyId });
    expect(TaskId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await meta(keyId)).LastRotateTime).toBe(Math.floor(env.clock.ms / 1000));
    expect(await codeOf(c.RotateKey({ KeyId: keyId }))).toBe('RequestLimitExceeded.RotateRateLimited');
    env.clock.advance(DAY + 1000);
    await c.RotateKey({ KeyId: keyId });
    await c.DisableKeyRotation({ KeyId: keyId });
    expect((await c.GetKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
    expect(await meta(keyId)).toMatchObject({ KeyRotationEnabled: false, NextRotateTime: 0 });
    // The default period is 365 days.
    await c.EnableKeyRotation({ KeyId: keyId });
    expect((await meta(keyId)).RotateDays).toBe(365);
  });

  it('external and asymmetric keys do not rotate; a disabled key cannot start to', async () => {
    const ext = await create({ Type: 2 });
    const p = await c.GetParametersForImport({ KeyId: ext, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: generateKeyMaterial() });
    await c.ImportKeyMaterial({ KeyId: ext, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken });
    expect(await codeOf(c.EnableKeyRotation({ KeyId: ext }))).toBe('UnsupportedOperation.ExternalCmkCanNotRotate');
    expect(await codeOf(c.RotateKey({ KeyId: ext }))).toBe('UnsupportedOperation.RotateNotSupported');
    const rsa = await create({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_RSA_2048' });
    expect(await codeOf(c.EnableKeyRotation({ KeyId: rsa }))).toBe('InvalidParameterValue.InvalidKeyUsage');
    const disabled = await create();
    await c.DisableKey({ KeyId: disabled });
    expect(await codeOf(c.EnableKeyRotation({ KeyId: disabled }))).toBe('ResourceUnavailable.CmkStateNotSupport');
  });
});

describe('cloud resource bindings', () => {
  it('a bound key cannot be disabled, archived, deleted or lose its material; unbinding frees it', async () => {
    const keyId = await create();
    await c.BindCloudResource({ KeyId: keyId, ProductId: 'cos', ResourceId: 'bucket-1' });
    await c.BindCloudResource({ KeyId: keyId, ProductId: 'cos', ResourceId: 'bucket-1' }); // idempotent
    expect(await codeOf(c.DisableKey({ KeyId: keyId }))).toBe('FailedOperation.CmkUsedByCloudProduct');
    expect(await codeOf(c.DisableKeys({ KeyIds: [keyId] }))).toBe('FailedOperation.CmkUsedByCloudProduct');
    expect(await codeOf(c.ArchiveKey({ KeyId: keyId }))).toBe('FailedOperation.CmkUsedByCloudProduct');
    expect(await codeOf(c.UnbindCloudResource({ KeyId: keyId, ProductId: 'cos', ResourceId: 'bucket-2' }))).toBe('ResourceUnavailable.CloudResourceBindingNotFound');
    await c.UnbindCloudResource({ KeyId: keyId, ProductId: 'cos', ResourceId: 'bucket-1' });
    await c.DisableKey({ KeyId: keyId });
    // A disabled key bound again cannot be scheduled for deletion.
    await c.BindCloudResource({ KeyId: keyId, ProductId: 'cbs', ResourceId: 'disk-1' });
    expect(await codeOf(c.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 }))).toBe('FailedOperation.CmkUsedByCloudProduct');
    // An external key in use keeps its material.
    const ext = await create({ Type: 2 });
    const p = await c.GetParametersForImport({ KeyId: ext, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' });
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: 'RSAES_PKCS1_V1_5', keyMaterial: generateKeyMaterial() });
    await c.ImportKeyMaterial({ KeyId: ext, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken });
    await c.BindCloudResource({ KeyId: ext, ProductId: 'cdb', ResourceId: 'db-1' });
    expect(await codeOf(c.DeleteImportedKeyMaterial({ KeyId: ext }))).toBe('FailedOperation.CmkUsedByCloudProduct');
  });
});

describe('import (seed 000) through the same client', () => {
  it('the documented import refusals', async () => {
    expect(await codeOf(c.GetParametersForImport({ KeyId: await create(), WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))).toBe('UnsupportedOperation.NotExternalCmk');
    const keyId = await create({ Type: 2 });
    const first = await c.GetParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const second = await c.GetParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const material = generateKeyMaterial();
    const wrap = async (publicKey: string, keyMaterial: Uint8Array) => (await wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial })).encryptedKeyMaterial;
    // Only the newest pair is valid (seed 000).
    expect(await codeOf(c.ImportKeyMaterial({ KeyId: keyId, EncryptedKeyMaterial: await wrap(first.PublicKey, material), ImportToken: first.ImportToken }))).toBe('ResourceUnavailable.TokenExpired');
    expect(await codeOf(c.ImportKeyMaterial({ KeyId: keyId, EncryptedKeyMaterial: await wrap(first.PublicKey, material), ImportToken: second.ImportToken }))).toBe('InvalidParameter.DecryptMaterialError');
    await c.ImportKeyMaterial({ KeyId: keyId, EncryptedKeyMaterial: await wrap(second.PublicKey, material), ImportToken: second.ImportToken });
    await c.DeleteImportedKeyMaterial({ KeyId: keyId });
    expect(await codeOf(c.ImportKeyMaterial({ KeyId: keyId, EncryptedKeyMaterial: await wrap(second.PublicKey, generateKeyMaterial()), ImportToken: second.ImportToken }))).toBe('InvalidParameterValue.MaterialNotMatch');
  });
});

describe('service-level actions', () => {
  it('GetRegions, GetServiceStatus and ListAlgorithms', async () => {
    const { Regions } = await c.GetRegions();
    expect(Regions).toEqual(expect.arrayContaining(['ap-guangzhou', 'ap-shanghai', 'ap-singapore']));
    const r = sdk('ap-nanjing');
    await create({}, r);
    await create({ KeyUsage: 'ASYMMETRIC_DECRYPT_SM2' }, r);
    expect(await r.GetServiceStatus()).toMatchObject({ ServiceEnabled: true, InvalidType: 1, UserLevel: 0, CmkUserCount: 2, ExclusiveHSMEnabled: false, IsAllowedDataKeyHosted: false });
    const algorithms = await c.ListAlgorithms();
    // The pairs of the documented example (tencentcloud-cli examples/kms/v20190118/ListAlgorithms.md).
    expect(algorithms.SymmetricAlgorithms).toContainEqual({ KeyUsage: 'ENCRYPT_DECRYPT', Algorithm: 'SM4' });
    expect(algorithms.AsymmetricAlgorithms).toEqual([{ KeyUsage: 'ASYMMETRIC_DECRYPT_SM2', Algorithm: 'SM2' }, { KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048', Algorithm: 'RSA_2048' }]);
    expect(algorithms.AsymmetricSignVerifyAlgorithms).toContainEqual({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2', Algorithm: 'SM2' });
  });
});
