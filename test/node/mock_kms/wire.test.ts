// The mock through plain fetch: bad requests get the cloud's error envelope (never an
// unhandled exception), faults, base URLs, persistence, and concurrency.
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyMaterial, wrapKeyMaterial } from '../../../src/index.js';
import { createMockKms, STORAGE_KEY } from '../../../src/mock_kms/index.js';
import { startMockKms } from '../helpers/mock_kms.js';

const TC = 'https://kms.tencentcloudapi.com/';
const ALI = 'https://kms.cn-shanghai.aliyuncs.com/';
let env: ReturnType<typeof startMockKms> | undefined;
afterEach(() => {
  env?.close();
  env = undefined;
});

async function tc(action: string, body: unknown, url = TC) {
  const headers = { 'content-type': 'application/json', 'x-tc-action': action, 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' };
  const r = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(r.status).toBe(200); // Tencent answers HTTP 200 always
  return ((await r.json()) as { Response: Record<string, any> }).Response;
}

async function ali(args: Record<string, string>, url = ALI) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Version: '2016-01-20', ...args }) });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

describe('bad requests', () => {
  it('Tencent: malformed JSON, wrong types, missing and unknown things', async () => {
    env = startMockKms();
    // API 3.0: a malformed value is InvalidParameter, a well-formed bad value InvalidParameterValue.
    expect((await tc('DescribeKey', '{not json')).Error.Code).toBe('InvalidParameter');
    expect((await tc('DescribeKey', '[1,2]')).Error.Code).toBe('InvalidParameter');
    expect((await tc('DescribeKey', { KeyId: 42 })).Error.Code).toBe('InvalidParameter');
    expect((await tc('DescribeKey', { KeyId: 'x', Extra: 1 })).Error.Code).toBe('UnknownParameter');
    expect((await tc('DescribeKey', {})).Error.Code).toBe('MissingParameter');
    expect((await tc('DescribeKey', { KeyId: 'nope' })).Error.Code).toBe('ResourceUnavailable.CmkNotFound');
    expect((await tc('ScheduleKeyDeletion', { KeyId: 'x', PendingWindowInDays: 'seven' })).Error.Code).toBe('InvalidParameter');
    expect((await tc('ScheduleKeyDeletion', { KeyId: 'x', PendingWindowInDays: 31 })).Error.Code).toBe('InvalidParameter.InvalidPendingWindowInDays');
    expect((await tc('CreateKey', { Alias: 'a', Type: 3 })).Error.Code).toBe('InvalidParameterValue.InvalidType');
    expect((await tc('CreateKey', { Alias: 'bad alias!' })).Error.Code).toBe('InvalidParameterValue.InvalidAlias');
    expect((await tc('Frobnicate', {})).Error.Code).toBe('InvalidAction');
    expect((await tc('DescribeWhiteBoxKey', { KeyId: 'x' })).Error.Code).toBe('UnsupportedOperation'); // documented, not in this mock
    // Tags, TagFilters, MemberAccount are arrays and objects in the SDK model: JSON text there is the wrong type.
    expect((await tc('CreateKey', { Alias: 'as-text', Tags: '[{"TagKey":"k","TagValue":"v"}]' })).Error.Code).toBe('InvalidParameter');
    expect((await tc('ListKeyDetail', { TagFilters: '[{"TagKey":"k"}]' })).Error.Code).toBe('InvalidParameter');
    expect((await tc('DescribeKey', { KeyId: 'x', MemberAccount: '{}' })).Error.Code).toBe('InvalidParameter');
    const versioned = (headers: Record<string, string>) => fetch(TC, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tc-action': 'ListKeys', ...headers }, body: '{}' }).then(async (x) => ((await x.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code);
    expect(await versioned({ 'x-tc-version': '2017-03-12', 'x-tc-region': 'ap-guangzhou' })).toBe('NoSuchVersion');
    expect(await versioned({ 'x-tc-version': '2019-01-18' })).toBe('MissingParameter');
    expect(await versioned({ 'x-tc-version': '2019-01-18', 'x-tc-region': 'moon-base-1' })).toBe('UnsupportedRegion');
    const r = await fetch(TC, { method: 'POST', body: '{}' });
    const body = (await r.json()) as { Response: { Error: { Code: string }; RequestId: string } };
    expect(body.Response.Error.Code).toBe('MissingParameter');
    expect(body.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Alibaba: missing action, bad numbers, bad base64, malformed query', async () => {
    env = startMockKms();
    expect(await ali({})).toMatchObject({ status: 400, body: { Code: 'MissingParameter' } });
    expect(await ali({ Action: 'Nope' })).toMatchObject({ status: 404, body: { Code: 'InvalidApi.NotFound' } });
    expect(await ali({ Action: 'DescribeKey', KeyId: 'nope' })).toMatchObject({ status: 404, body: { Code: 'Forbidden.KeyNotFound' } });
    expect(await ali({ Action: 'ListKeys', PageSize: '1e3' })).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
    expect(await ali({ Action: 'ListKeys', PageSize: '101' })).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
    expect(await ali({ Action: 'ListKeys', Version: '2019-01-01' })).toMatchObject({ status: 400, body: { Code: 'InvalidVersion' } });
    expect(await ali({ Action: 'CreateKey', KeySpec: 'AES_1024' })).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
    expect(await ali({ Action: 'Decrypt', CiphertextBlob: '***' })).toMatchObject({ status: 400, body: { Code: 'InvalidParameter' } });
    expect(await ali({ Action: 'Decrypt', CiphertextBlob: 'AAAA' })).toMatchObject({ status: 400, body: { Code: 'InvalidCiphertext' } });
    const r = await fetch(`${ALI}?Action=DescribeKey&KeyId=%E0%A4%A&%%%`, { method: 'GET' });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(((await r.json()) as { RequestId?: string }).RequestId).toBeDefined();
  });

  it('a streamed body without Content-Length is refused once past 256 KiB, without reading the rest', async () => {
    env = startMockKms();
    // 64 MiB made on demand, 64 KiB a pull: what was pulled is what the mock (and MSW) read.
    const CHUNK = 64 * 1024;
    const TOTAL = 64 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= TOTAL) return controller.close();
        pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
    });
    const headers = { 'content-type': 'application/json', 'x-tc-action': 'DescribeKey', 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' };
    const r = await fetch(TC, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    expect(((await r.json()) as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('RequestSizeLimitExceeded');
    expect(pulled, `${pulled} bytes pulled`).toBeLessThan(4 * 1024 * 1024);
  });

  it('unsigned requests are refused once credentials are configured', async () => {
    env = startMockKms({ credentials: [{ id: 'id', secret: 'secret' }] });
    expect((await tc('ListKeys', {})).Error.Code).toBe('AuthFailure.SignatureFailure');
    expect(await ali({ Action: 'ListKeys' })).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });
});

describe('faults (seed 003: exponential backoff)', () => {
  it('throttling and internal errors at the configured rates, with each cloud\'s codes', async () => {
    // Each request draws for throttling, then (if not throttled) for an internal error.
    const draws = [0.1, 0.9, 0.2, 0.9, 0.9, 0.3];
    env = startMockKms({ faults: { throttle: 0.5, internalError: 0.5 } }, { random: () => draws.shift() ?? 0.99 });
    expect((await tc('ListKeys', {})).Error.Code).toBe('RequestLimitExceeded'); // 0.1 < 0.5
    expect(await ali({ Action: 'ListKeys' })).toMatchObject({ status: 500, body: { Code: 'InternalFailure' } }); // 0.9, 0.2
    expect((await tc('ListKeys', {})).TotalCount).toBe(0); // 0.9, 0.9
    expect(await ali({ Action: 'ListKeys' })).toMatchObject({ status: 400, body: { Code: 'Throttling' } }); // 0.3
  });

  it('rate 1 always fails, rate 0 never; delay is applied', async () => {
    env = startMockKms({ faults: { internalError: 1 } });
    expect((await tc('ListKeys', {})).Error.Code).toBe('InternalError');
    expect(await ali({ Action: 'ListKeys' })).toMatchObject({ status: 500, body: { Code: 'InternalFailure' } });
    env.close();
    env = startMockKms({ faults: { delayMs: 30 } });
    const t0 = performance.now();
    expect((await tc('ListKeys', {})).TotalCount).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('refuses fault rates outside 0..1', () => {
    expect(() => createMockKms({ faults: { throttle: 2 } })).toThrow(/rate between 0 and 1/);
  });
});

describe('base URLs (a frontend calling its own backend path)', () => {
  it('answers both dialects under the extra base URL', async () => {
    env = startMockKms({ baseUrls: ['http://localhost/api/kms'] });
    const created = await tc('CreateKey', { Alias: 'via-proxy', Type: 2 }, 'http://localhost/api/kms');
    expect(created.KeyState).toBe('PendingImport');
    const r = await ali({ Action: 'CreateKey', Origin: 'EXTERNAL' }, 'http://localhost/api/kms/');
    expect(r.body.KeyMetadata.KeyState).toBe('PendingImport');
  });
});

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('persistence through a Storage', () => {
  it('keys and their material survive a new mock (a page reload)', async () => {
    const storage = new MemoryStorage();
    env = startMockKms({ storage });
    const { KeyId } = await tc('CreateKey', { Alias: 'persist', Type: 2 });
    const p = await tc('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const material = generateKeyMaterial();
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
    await tc('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken });
    const { CiphertextBlob } = await tc('Encrypt', { KeyId, Plaintext: 'aGk=' });
    env.close();
    env = startMockKms({ storage }); // "reload"
    expect(env.kms.storageError).toBeUndefined();
    expect((await tc('DescribeKey', { KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    expect((await tc('Decrypt', { CiphertextBlob })).Plaintext).toBe('aGk=');
    env.kms.reset();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('a corrupt stored state is reported and ignored, not crashed on', async () => {
    for (const corrupt of ['{oops', '{"version":2}', '{"version":1,"keys":[{"keyId":5}],"importParameters":[]}', '{"version":1,"keys":[],"importParameters":[{"token":"t","keyId":"k","publicKey":{"$b64":"!!"}}]}']) {
      const storage = new MemoryStorage();
      storage.setItem(STORAGE_KEY, corrupt);
      const kms = createMockKms({ storage });
      expect(kms.storageError, corrupt).toMatch(/corrupt/);
    }
  });
});

describe('concurrency', () => {
  it('50 interleaved flows on different keys: every key lands with its own material', async () => {
    env = startMockKms();
    const flows = Array.from({ length: 50 }, async (_, i) => {
      const tencent = i % 2 === 0;
      const material = generateKeyMaterial(128);
      let keyId: string;
      let p: { PublicKey: string; ImportToken: string };
      if (tencent) {
        keyId = (await tc('CreateKey', { Alias: `k${i}`, Type: 2 })).KeyId;
        // Tencent wraps with RSA only (seed 000).
        p = (await tc('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })) as typeof p;
      } else {
        keyId = (await ali({ Action: 'CreateKey', Origin: 'EXTERNAL', KeySpec: 'Aliyun_SM4' })).body.KeyMetadata.KeyId;
        p = (await ali({ Action: 'GetParametersForImport', KeyId: keyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'EC_SM2' })).body as typeof p;
      }
      const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: tencent ? 'RSAES_OAEP_SHA_256' : 'SM2PKE', keyMaterial: material });
      if (tencent) expect((await tc('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken })).Error).toBeUndefined();
      else expect((await ali({ Action: 'ImportKeyMaterial', KeyId: keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken })).status).toBe(200);
      return { keyId, tencent, material };
    });
    const done = await Promise.all(flows);
    expect(new Set(done.map((f) => f.keyId)).size).toBe(50);
    expect((await tc('ListKeys', { Limit: 100 })).TotalCount).toBe(25);
    expect((await ali({ Action: 'ListKeys', PageSize: '100' })).body.TotalCount).toBe(25);
    for (const f of done.slice(0, 6)) {
      const state = f.tencent ? (await tc('DescribeKey', { KeyId: f.keyId })).KeyMetadata.KeyState : (await ali({ Action: 'DescribeKey', KeyId: f.keyId })).body.KeyMetadata.KeyState;
      expect(state).toBe('Enabled');
    }
  });

  it('20 racing imports of different material into one key: exactly one binds', async () => {
    env = startMockKms();
    const { KeyId } = await tc('CreateKey', { Alias: 'race', Type: 2 });
    const p = await tc('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const materials = Array.from({ length: 20 }, () => generateKeyMaterial());
    const wrapped = await Promise.all(materials.map((m) => wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: m })));
    const results = await Promise.all(wrapped.map((w) => tc('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: w.encryptedKeyMaterial, ImportToken: p.ImportToken })));
    const winners = results.flatMap((r, i) => (r.Error ? [] : [i]));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.Error?.Code === 'InvalidParameterValue.MaterialNotMatch')).toHaveLength(19);
    // The bound material is the winner's, and stays so.
    const blob = (await tc('Encrypt', { KeyId, Plaintext: 'b2s=' })).CiphertextBlob;
    const again = await tc('ImportKeyMaterial', { KeyId, EncryptedKeyMaterial: wrapped[winners[0]!]!.encryptedKeyMaterial, ImportToken: p.ImportToken });
    expect(again.Error).toBeUndefined();
    expect((await tc('Decrypt', { CiphertextBlob: blob })).Plaintext).toBe('b2s=');
  });
});
