// createKmsClient and importKeyMaterial: signatures equal the official SDKs', flows run
// against the mocked KMS (which verifies them), and the backoff follows seed 003.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { ByokError, createKmsClient, generateKeyMaterial, importKeyMaterial, type ImportStep, type KmsClient, type RetryDetail } from '../../../src/index.js';
import { runImport as importWithDeps, backoffDelay } from '../../../src/client/import_flow.js';
import { createKmsClientWith } from '../../../src/client/kms_client.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { fixture } from '../helpers/openssl.js';

const require = createRequire(import.meta.url);

function capture() {
  const requests: Request[] = [];
  const f = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const ok = { KeyId: 'k-1', ImportToken: 't', PublicKey: 'p', ParametersValidTo: 1, TokenExpireTime: 't', RequestId: 'r' };
    return new Response(JSON.stringify({ Response: ok, ...ok }), { status: 200 });
  };
  return { requests, fetch: f as typeof fetch };
}

describe('signature headers equal those the official SDKs compute for the same request', () => {
  const at = Date.UTC(2026, 10, 22, 12, 0, 0);

  it('Tencent TC3-HMAC-SHA256 = tencentcloud-sdk-nodejs Sign.sign3', async () => {
    const { requests, fetch } = capture();
    const client = createKmsClientWith({ cloud: 'tencent', credentials: CREDENTIAL, fetch }, { now: () => at });
    const payload = { KeyId: 'k-1', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' };
    await client.getParametersForImport(payload);
    const sent = requests[0]!;
    const Sign = require('tencentcloud-sdk-nodejs/tencentcloud/common/sign.js').default;
    const expected = Sign.sign3({
      method: 'POST',
      url: 'https://kms.tencentcloudapi.com/',
      payload,
      timestamp: at / 1000,
      service: 'kms',
      secretId: CREDENTIAL.id,
      secretKey: CREDENTIAL.secret,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(sent.headers.get('authorization')).toBe(expected);
    expect(sent.headers.get('x-tc-action')).toBe('GetParametersForImport');
    expect(sent.headers.get('x-tc-timestamp')).toBe(String(at / 1000));
  });

  it('Alibaba ACS3-HMAC-SHA256 = @alicloud/openapi-util getAuthorization', async () => {
    const { requests, fetch } = capture();
    const client = createKmsClientWith({ cloud: 'aliyun', credentials: CREDENTIAL, fetch }, { now: () => at, nonce: () => 'fixed-nonce' });
    await client.importKeyMaterial({ KeyId: 'k-1', EncryptedKeyMaterial: 'AAAA+/==', ImportToken: 'tok en!*', KeyMaterialExpireUnix: 0 });
    const sent = requests[0]!;
    const url = new URL(sent.url);
    const OpenApiUtil = require('@alicloud/openapi-util').default;
    const headers: Record<string, string> = { host: url.host };
    sent.headers.forEach((v, k) => {
      if (k.startsWith('x-acs-')) headers[k] = v;
    });
    const expected = OpenApiUtil.getAuthorization(
      { pathname: url.pathname, method: 'POST', query: Object.fromEntries(url.searchParams), headers },
      'ACS3-HMAC-SHA256',
      headers['x-acs-content-sha256'],
      CREDENTIAL.id,
      CREDENTIAL.secret,
    );
    expect(sent.headers.get('authorization')).toBe(expected);
    expect(url.searchParams.get('ImportToken')).toBe('tok en!*');
  });
});

describe('against the mocked KMS with signatures verified', () => {
  let env: ReturnType<typeof startMockKms>;
  beforeAll(() => {
    env = startMockKms({ credentials: [CREDENTIAL] });
  });
  afterAll(() => env.close());

  it.each(['tencent', 'aliyun'] as const)('%s: create → importKeyMaterial → describe → encrypt/decrypt', async (cloud) => {
    const client = createKmsClient({ cloud, credentials: CREDENTIAL });
    const keyId = client.cloud === 'tencent' ? (await client.createKey({ Alias: 'c', Type: 2 })).KeyId : (await client.createKey({ Origin: 'EXTERNAL', KeySpec: 'Aliyun_AES_256' })).KeyMetadata.KeyId;
    const steps: ImportStep[] = [];
    await importKeyMaterial({ client, keyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', onProgress: (s) => steps.push(s) });
    expect(steps).toEqual(['parameters', 'wrap', 'import', 'done']);
    expect((await client.describeKey({ KeyId: keyId })).KeyMetadata.KeyState).toBe('Enabled');
    const { CiphertextBlob } = await client.encrypt({ KeyId: keyId, Plaintext: 'aGVsbG8=' });
    expect((await client.decrypt({ CiphertextBlob })).Plaintext).toBe('aGVsbG8=');
  });

  it('an asymmetric import (Alibaba EC_P256, hybrid algorithm)', async () => {
    const client = createKmsClient({ cloud: 'aliyun', credentials: CREDENTIAL });
    const keyId = (await client.createKey({ Origin: 'EXTERNAL', KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' })).KeyMetadata.KeyId;
    await importKeyMaterial({ client, keyId, keyMaterial: fixture('p256').pem, wrappingAlgorithm: 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', targetKeySpec: 'EC_P256' });
    const { KeyVersions } = await client.listKeyVersions({ KeyId: keyId });
    const KeyVersionId = KeyVersions?.KeyVersion?.[0]?.KeyVersionId ?? '';
    expect((await client.getPublicKey({ KeyId: keyId, KeyVersionId })).PublicKey.trim()).toBe(fixture('p256').pubPem.trim());
  });

  it('errors carry the cloud\'s code, request id and status', async () => {
    const client = createKmsClient({ cloud: 'aliyun', credentials: CREDENTIAL });
    const e = (await client.describeKey({ KeyId: 'nope' }).catch((x: unknown) => x)) as ByokError;
    expect(e).toBeInstanceOf(ByokError);
    expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'Forbidden.KeyNotFound', status: 404 });
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const wrongSecret = createKmsClient({ cloud: 'tencent', credentials: { id: CREDENTIAL.id, secret: 'nope' } });
    await expect(wrongSecret.listKeys()).rejects.toMatchObject({ kmsCode: 'AuthFailure.SignatureFailure' });
  });

  it('an expired token gets fresh parameters: Tencent (replaced pair) and Alibaba (24 h passed)', async () => {
    for (const cloud of ['tencent', 'aliyun'] as const) {
      const client = createKmsClient({ cloud, credentials: CREDENTIAL });
      const keyId = client.cloud === 'tencent' ? (await client.createKey({ Alias: 'r', Type: 2 })).KeyId : (await client.createKey({ Origin: 'EXTERNAL' })).KeyMetadata.KeyId;
      const steps: ImportStep[] = [];
      let spoiled = false;
      // Spoil the first token just before it is used: a newer pair (Tencent) or 24 h passing (Alibaba).
      const spoiling = {
        ...client,
        async importKeyMaterial(p: Parameters<typeof client.importKeyMaterial>[0]) {
          if (!spoiled) {
            spoiled = true;
            if (cloud === 'tencent') await client.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_2048' });
            else env.clock.advance(24 * 3600 * 1000 + 1000);
          }
          return (client.importKeyMaterial as (x: typeof p) => Promise<unknown>)(p);
        },
      } as KmsClient;
      await importKeyMaterial({ client: spoiling, keyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_PKCS1_V1_5', onProgress: (s) => steps.push(s) });
      expect(steps, cloud).toEqual(['parameters', 'wrap', 'import', 'refresh-parameters', 'wrap', 'import', 'done']);
      expect((await client.describeKey({ KeyId: keyId })).KeyMetadata.KeyState).toBe('Enabled');
    }
  });
});

describe('backoff (seed 003): 2^n × base delay, throttling and internal errors only', () => {
  it('the schedule is 100, 200, 400, 800, 1600 ms by default', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100))).toEqual([100, 200, 400, 800, 1600]);
  });

  it('retries throttling then internal errors with a fake clock, then succeeds', async () => {
    // Each request draws for throttling, then for an internal error: fail, fail, then pass.
    const draws = [0.1, 0.9, 0.1, 0.9, 0.9, 0.9, 0.9];
    const env = startMockKms({ faults: { throttle: 0.5, internalError: 0.5 } }, { random: () => draws.shift() ?? 0.99 });
    try {
      const client = createKmsClient({ cloud: 'aliyun' });
      const keyId = ((await client.createKey({ Origin: 'EXTERNAL' })).KeyMetadata as { KeyId: string }).KeyId; // draws 0.1: throttled!
      void keyId;
    } catch (e) {
      expect((e as ByokError).kmsCode).toBe('Throttling'); // the client alone does not retry
    } finally {
      env.close();
    }
    const draws2 = [0.9, 0.9, 0.1, 0.9, 0.1, 0.9, 0.9, 0.9, 0.9];
    const env2 = startMockKms({ faults: { throttle: 0.5, internalError: 0.5 } }, { random: () => draws2.shift() ?? 0.99 });
    try {
      const client = createKmsClient({ cloud: 'tencent' });
      const { KeyId } = (await client.createKey({ Alias: 'b', Type: 2 })) as { KeyId: string }; // 0.9, 0.9
      const slept: number[] = [];
      const retries: RetryDetail[] = [];
      await importWithDeps(
        { client, keyId: KeyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_1', retry: { baseDelayMs: 50 }, onProgress: (s, d) => s === 'retry' && retries.push(d!) },
        { sleep: async (ms) => void slept.push(ms) },
      );
      // GetParametersForImport: 0.1 → throttled; 0.9, 0.1 → internal error; 0.9, 0.9 → ok. Import: ok.
      expect(slept).toEqual([50, 100]);
      expect(retries.map((r) => [r.operation, r.attempt, r.kmsCode])).toEqual([
        ['GetParametersForImport', 1, 'RequestLimitExceeded'],
        ['GetParametersForImport', 2, 'InternalError'],
      ]);
    } finally {
      env2.close();
    }
  });

  it('gives up after maxRetries and surfaces the last error', async () => {
    const env = startMockKms();
    const client = createKmsClient({ cloud: 'tencent' });
    const { KeyId } = (await client.createKey({ Alias: 'g', Type: 2 })) as { KeyId: string };
    env.close();
    const always = startMockKms({ faults: { throttle: 1 } });
    try {
      const slept: number[] = [];
      const e = await importWithDeps({ client, keyId: KeyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', retry: { maxRetries: 3 } }, { sleep: async (ms) => void slept.push(ms) }).catch((x) => x);
      expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'RequestLimitExceeded' });
      expect(slept).toEqual([100, 200, 400]);
    } finally {
      always.close();
    }
  });

  it('stops at once on any other error', async () => {
    const env = startMockKms();
    try {
      const client = createKmsClient({ cloud: 'aliyun' });
      const slept: number[] = [];
      const e = await importWithDeps({ client, keyId: 'no-such-key', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' }, { sleep: async (ms) => void slept.push(ms) }).catch((x) => x);
      expect(e).toMatchObject({ kmsCode: 'Forbidden.KeyNotFound' });
      expect(slept).toEqual([]);
    } finally {
      env.close();
    }
  });
});

describe('transport failures', () => {
  it('an unreachable endpoint and a non-API answer are ERR_NETWORK', async () => {
    const down = createKmsClient({ cloud: 'tencent', fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    await expect(down.listKeys()).rejects.toMatchObject({ code: 'ERR_NETWORK' });
    const html = createKmsClient({ cloud: 'aliyun', fetch: (async () => new Response('<html>502</html>', { status: 502 })) as typeof fetch });
    await expect(html.listKeys()).rejects.toMatchObject({ code: 'ERR_NETWORK', status: 502 });
  });

  it('refuses bad options', async () => {
    expect(() => createKmsClient({ cloud: 'gcp' as 'tencent' })).toThrow(ByokError);
    const client = {} as KmsClient;
    await expect(importKeyMaterial({ client, keyId: 'k', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
});
