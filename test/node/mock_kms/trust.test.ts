// Issue 11.12–11.14: the mock as an attacker or a broken browser meets it — replayed and
// stale requests, signatures scoped to the wrong service, out-of-range expiries, huge
// bodies, and stored state that is garbage, foreign, truncated, wrongly typed or unreadable.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupServer } from 'msw/node';
import { createKmsClient, generateKeyMaterial, importKeyMaterial, wrapKeyMaterial, type KmsClientFor } from '../../../src/index.js';
import { createKmsClientWith } from '../../../src/client/kms_client.js';
import { createMockKms, STORAGE_KEY, type MockKmsStorage } from '../../../src/mock_kms/index.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { aliyunPopDriver } from '../helpers/kms_drivers.js';

/** A fetch that keeps a copy of each request it sends, to replay it later. */
function recording() {
  const sent: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    sent.push({ url, init: { ...init, headers: new Headers(init.headers) } });
    return globalThis.fetch(url, init);
  }) as typeof fetch;
  return { sent, fetch: f };
}
const replay = async (r: { url: string; init: RequestInit }) => {
  const res = await fetch(r.url, { ...r.init, signal: null });
  const body = (await res.json()) as Record<string, any>;
  return body.Response?.Error?.Code ?? body.Code ?? 'no error';
};

describe('11.12 replay and clock', () => {
  let env: ReturnType<typeof startMockKms>;
  beforeEach(() => {
    env = startMockKms({ credentials: [CREDENTIAL] });
  });
  afterEach(() => env.close());

  it('Alibaba: an ACS3 request replayed with the same x-acs-signature-nonce is refused (SignatureNonceUsed)', async () => {
    const { sent, fetch } = recording();
    const client = createKmsClient({ cloud: 'aliyun', credentials: CREDENTIAL, fetch });
    await client.listKeys({});
    expect(await replay(sent[0]!)).toBe('SignatureNonceUsed');
  });

  it('Alibaba: an RPC (HMAC-SHA1) request replayed with the same SignatureNonce is refused', async () => {
    const keyId = await aliyunPopDriver().createKey();
    const form = await signedRpcForm(keyId);
    expect(await postForm(form)).toBe('no error');
    expect(await postForm(form)).toBe('SignatureNonceUsed');
  });

  it('Alibaba accepts a request 14 minutes off the server clock and refuses one 16 minutes off (InvalidTimeStamp.Expired)', async () => {
    for (const [minutes, code] of [[14, 'no error'], [-14, 'no error'], [16, 'InvalidTimeStamp.Expired'], [-16, 'InvalidTimeStamp.Expired']] as const) {
      const client = createKmsClientWith({ cloud: 'aliyun', credentials: CREDENTIAL }, { now: () => env.clock.now() - minutes * 60_000 });
      expect(await kmsCode(client.listKeys({})), `${minutes} min`).toBe(code);
    }
  });

  it('Tencent accepts 4 minutes off and refuses 6 (AuthFailure.SignatureExpire)', async () => {
    for (const [minutes, code] of [[4, 'no error'], [-4, 'no error'], [6, 'AuthFailure.SignatureExpire'], [-6, 'AuthFailure.SignatureExpire']] as const) {
      const client = createKmsClientWith({ cloud: 'tencent', credentials: CREDENTIAL }, { now: () => env.clock.now() - minutes * 60_000 });
      expect(await kmsCode(client.listKeys({})), `${minutes} min`).toBe(code);
    }
  });

  it('TC3: a credential scope for another service or another date is refused', async () => {
    const { sent, fetch } = recording();
    await createKmsClient({ cloud: 'tencent', credentials: CREDENTIAL, fetch }).listKeys({});
    const r = sent[0]!;
    const auth = (r.init.headers as Headers).get('authorization')!;
    for (const forged of [auth.replace('/kms/tc3_request', '/cvm/tc3_request'), auth.replace(/\/\d{4}-\d{2}-\d{2}\//, '/2020-01-01/')]) {
      const headers = new Headers(r.init.headers);
      headers.set('authorization', forged);
      expect(await replay({ url: r.url, init: { ...r.init, headers } })).toBe('AuthFailure.SignatureFailure');
    }
  });

  it('ACS3: SignedHeaders must list every x-acs-* header sent', async () => {
    const { sent, fetch } = recording();
    await createKmsClient({ cloud: 'aliyun', credentials: CREDENTIAL, fetch }).listKeys({});
    const r = sent[0]!;
    const headers = new Headers(r.init.headers);
    headers.set('x-acs-signature-nonce', 'another');
    headers.set('authorization', headers.get('authorization')!.replace('x-acs-signature-nonce;', ''));
    expect(await replay({ url: r.url, init: { ...r.init, headers } })).toBe('SignatureDoesNotMatch');
  });
});

const kmsCode = (p: Promise<unknown>) => p.then(() => 'no error', (e: { kmsCode?: string }) => e.kmsCode ?? String(e));

async function signedRpcForm(keyId: string): Promise<URLSearchParams> {
  const { rpcSignature } = await import('../../../src/lib/cloud_signatures.js');
  const params = new Map<string, string>([
    ['Action', 'DescribeKey'], ['KeyId', keyId], ['Version', '2016-01-20'], ['Format', 'JSON'], ['AccessKeyId', CREDENTIAL.id],
    ['SignatureMethod', 'HMAC-SHA1'], ['SignatureVersion', '1.0'], ['SignatureNonce', 'nonce-once'], ['Timestamp', new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')],
  ]);
  params.set('Signature', await rpcSignature(CREDENTIAL.secret, 'POST', params));
  return new URLSearchParams([...params]);
}
async function postForm(form: URLSearchParams): Promise<string> {
  const res = await fetch('https://kms.cn-hangzhou.aliyuncs.com/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const body = (await res.json()) as { Code?: string };
  return body.Code ?? 'no error';
}

describe('11.13 bounds: out-of-range values are refused and the key is unchanged', () => {
  let env: ReturnType<typeof startMockKms>;
  beforeEach(() => {
    env = startMockKms();
  });
  afterEach(() => env.close());

  async function importedKey<C extends 'tencent' | 'aliyun'>(cloud: C) {
    const client = createKmsClient({ cloud }) as KmsClientFor<'tencent'> | KmsClientFor<'aliyun'>;
    const keyId = client.cloud === 'tencent' ? (await client.createKey({ Alias: `b${Date.now()}`, Type: 2 })).KeyId : (await client.createKey({ Origin: 'EXTERNAL' })).KeyMetadata.KeyId;
    const material = generateKeyMaterial();
    await importKeyMaterial({ client, keyId, keyMaterial: material, wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
    return { client, keyId, material };
  }

  /** A real token and material wrapped under its key: the expiry is the one thing wrong. */
  async function freshImport(client: KmsClientFor<'tencent'> | KmsClientFor<'aliyun'>, keyId: string, material: Uint8Array) {
    const { PublicKey, ImportToken } = await client.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
    return { KeyId: keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken };
  }

  it('Tencent ValidTo above 2147443200 (SPEC §5)', async () => {
    const { client, keyId, material } = await importedKey('tencent');
    const e = await importKeyMaterial({ client, keyId, keyMaterial: material, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', validTo: 2147443201 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'InvalidParameterValue' });
    const direct = await (client as KmsClientFor<'tencent'>).importKeyMaterial({ ...(await freshImport(client, keyId, material)), ValidTo: 2147443201 }).catch((x: unknown) => x);
    expect(direct).toMatchObject({ code: 'ERR_KMS', kmsCode: 'InvalidParameterValue' });
    const meta = (await (client as KmsClientFor<'tencent'>).describeKey({ KeyId: keyId })).KeyMetadata;
    expect(meta.KeyState).toBe('Enabled');
    expect(meta.ValidTo).toBe(0);
  });

  it('Alibaba KeyMaterialExpireUnix in milliseconds by mistake (1.7e12) is refused, and DescribeKey still answers', async () => {
    const { client, keyId, material } = await importedKey('aliyun');
    const ms = Date.now() + 3600_000;
    // With a valid token and the key's own material: only the expiry is wrong.
    const e = await (client as KmsClientFor<'aliyun'>).importKeyMaterial({ ...(await freshImport(client, keyId, material)), KeyMaterialExpireUnix: ms }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'InvalidParameter', status: 400 });
    const meta = (await (client as KmsClientFor<'aliyun'>).describeKey({ KeyId: keyId })).KeyMetadata;
    expect(meta.KeyState).toBe('Enabled');
    expect(meta.MaterialExpireTime).toBe('');
  });

  it('a 300 KiB request body is refused with each cloud\'s code', async () => {
    const big = JSON.stringify({ KeyId: 'x'.repeat(300 * 1024) });
    const tc = await fetch('https://kms.tencentcloudapi.com/', { method: 'POST', headers: { 'x-tc-action': 'DescribeKey', 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' }, body: big });
    expect(((await tc.json()) as any).Response.Error.Code).toBe('RequestSizeLimitExceeded');
    const ali = await fetch('https://kms.cn-hangzhou.aliyuncs.com/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=DescribeKey&Version=2016-01-20&KeyId=${'x'.repeat(300 * 1024)}` });
    expect(ali.status).toBe(400);
  });

  it('numeric parameters out of their documented range', async () => {
    const tencent = createKmsClient({ cloud: 'tencent' });
    await expect(tencent.listKeys({ Limit: 201 })).rejects.toMatchObject({ kmsCode: 'InvalidParameterValue' });
    await expect(tencent.listKeys({ Offset: -1 })).rejects.toMatchObject({ kmsCode: 'InvalidParameterValue' });
    const aliyun = createKmsClient({ cloud: 'aliyun' });
    await expect(aliyun.listKeys({ PageSize: 0 })).rejects.toMatchObject({ kmsCode: 'InvalidParameter', status: 400 });
  });
});

describe('11.14 stored state: whatever is in the storage, no handler crashes and nothing runs on corrupt state', () => {
  const server = setupServer();
  beforeEach(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.close();
    vi.restoreAllMocks();
  });

  function memory(initial?: string): MockKmsStorage & { data: Map<string, string> } {
    const data = new Map<string, string>(initial === undefined ? [] : [[STORAGE_KEY, initial]]);
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  }

  async function goodState(): Promise<string> {
    const storage = memory();
    const kms = createMockKms({ storage });
    server.resetHandlers(...kms.handlers);
    const client = createKmsClient({ cloud: 'aliyun' });
    const { KeyMetadata } = await client.createKey({ Origin: 'EXTERNAL' });
    await importKeyMaterial({ client, keyId: KeyMetadata.KeyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_1' });
    return storage.data.get(STORAGE_KEY)!;
  }

  const corruptions: [string, (good: string) => string][] = [
    ['garbage', () => 'ÿØÿà garbage'],
    ['foreign JSON', () => JSON.stringify({ hello: 'world' })],
    ['an older layout', () => JSON.stringify({ version: 1, keys: [], importParameters: [] })],
    ['truncated', (good) => good.slice(0, Math.floor(good.length / 2))],
    ['a KeyState that is not a string', (good) => good.replace('"state":"Enabled"', '"state":7')],
    ['a CreateTime that is not a number', (good) => good.replace(/"createdAt":\d+/, '"createdAt":"yesterday"')],
    ['an unknown KeyState', (good) => good.replace('"state":"Enabled"', '"state":"Exploded"')],
    ['an Enabled key without material', (good) => good.replace(/,"bytes":\{"\$b64":"[^"]*"\}/, '')],
    ['bytes that are not base64', (good) => good.replace(/"bytes":\{"\$b64":"[^"]*"\}/, '"bytes":{"$b64":"%%%"}')],
    ['a token with a wrongly typed private key', (good) => good.replace(/("privateKey":\{[^}]*?"n":)"[^"]*"/, '$15')],
  ];
  for (const [what, corrupt] of corruptions) {
    it(`${what}: the mock starts empty, says so once, and every call is answered by the cloud's own errors`, async () => {
      const good = await goodState();
      const state = corrupt(good);
      expect(state).not.toBe(good);
      const warnings: string[] = [];
      vi.spyOn(console, 'warn').mockImplementation((...a) => void warnings.push(a.join(' ')));
      const kms = createMockKms({ storage: memory(state) });
      expect(kms.storageError).toMatch(/starts empty/);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).not.toContain(state.slice(0, 40));
      server.resetHandlers(...kms.handlers);
      const client = createKmsClient({ cloud: 'aliyun' });
      expect((await client.listKeys({})).TotalCount).toBe(0);
      const { KeyMetadata } = await client.createKey({ Origin: 'EXTERNAL' });
      expect(KeyMetadata.KeyState).toBe('PendingImport');
    });
  }

  it('the untouched state loads, and the key is still usable', async () => {
    const good = await goodState();
    const kms = createMockKms({ storage: memory(good) });
    expect(kms.storageError).toBeUndefined();
    server.resetHandlers(...kms.handlers);
    expect((await createKmsClient({ cloud: 'aliyun' }).listKeys({})).TotalCount).toBe(1);
  });

  it('a storage whose getItem throws (blocked storage): the mock starts empty and warns', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const throwing: MockKmsStorage = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => undefined, removeItem: () => undefined };
    const kms = createMockKms({ storage: throwing });
    expect(kms.storageError).toMatch(/could not be read/);
    server.resetHandlers(...kms.handlers);
    expect((await createKmsClient({ cloud: 'tencent' }).createKey({ Alias: 'ok' })).KeyState).toBe('Enabled');
  });

  it('a storage whose setItem throws (quota): calls still succeed, kept in memory; one warning', async () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...a) => void warnings.push(a.join(' ')));
    const full: MockKmsStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    const kms = createMockKms({ storage: full });
    server.resetHandlers(...kms.handlers);
    const client = createKmsClient({ cloud: 'tencent' });
    const { KeyId } = await client.createKey({ Alias: 'quota', Type: 2 });
    await importKeyMaterial({ client, keyId: KeyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_PKCS1_V1_5' });
    expect((await client.describeKey({ KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    expect(kms.storageError).toMatch(/refused a write/);
    expect(warnings).toHaveLength(1);
  });
});
