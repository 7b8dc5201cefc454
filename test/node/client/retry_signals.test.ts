// Which failures importKeyMaterial retries (seed 003 and each cloud's throttling families,
// HTTP 429/503 from a gateway), and that a `signal` that is not an AbortSignal is refused
// before any request leaves.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByokError, createKmsClient, generateKeyMaterial, importKeyMaterial } from '../../../src/index.js';
import { retryableCode, runImport } from '../../../src/client/import_flow.js';

const SPKI = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

type Cloud = 'tencent' | 'aliyun' | 'aws';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server whose first `failures` replies are `failure`, then answers like the cloud. */
function flakyServer(cloud: Cloud, failure: () => Response, failures = 2) {
  let calls = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls++;
    if (calls <= failures) return failure();
    const action = request.headers.get('x-tc-action') ?? request.headers.get('x-acs-action') ?? request.headers.get('x-amz-target')?.split('.')[1];
    const params = action === 'GetParametersForImport';
    if (cloud === 'tencent') return json(200, { Response: params ? { KeyId: 'k', ImportToken: 't', PublicKey: SPKI, ParametersValidTo: 4e9, RequestId: 'r' } : { RequestId: 'r' } });
    if (cloud === 'aliyun') return json(200, params ? { KeyId: 'k', ImportToken: 't', PublicKey: SPKI, TokenExpireTime: '2099-01-01T00:00:00Z', RequestId: 'r' } : { RequestId: 'r' });
    return json(200, params ? { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', ImportToken: 'dA==', PublicKey: SPKI, ParametersValidTo: 4e9 } : { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', KeyMaterialId: 'a'.repeat(64) });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls: () => calls };
}

const tencentError = (code: string) => () => json(200, { Response: { Error: { Code: code, Message: 'slow down' }, RequestId: 'r' } });
const aliyunError = (code: string, status: number) => () => json(status, { Code: code, Message: 'QPS Limit Exceeded', RequestId: 'r', HttpStatus: status });
const awsError = (type: string, status: number) => () => json(status, { __type: type, message: 'try later' });
const gateway = (status: number) => () => new Response('<html>busy</html>', { status, headers: { 'content-type': 'text/html' } });

async function importThrough(cloud: Cloud, failure: () => Response) {
  const server = flakyServer(cloud, failure);
  const client = createKmsClient({ cloud, fetch: server.fetch });
  const retries: string[] = [];
  const slept: number[] = [];
  const outcome = await runImport(
    { client, keyId: 'k', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', onProgress: (s, d) => s === 'retry' && retries.push(d!.kmsCode) },
    { sleep: async (ms) => void slept.push(ms) },
  ).then(
    () => 'imported',
    (e: ByokError) => `${e.code} ${e.kmsCode ?? ''}`.trim(),
  );
  return { outcome, retries, slept, calls: server.calls() };
}

describe('importKeyMaterial retries throttling and "later" answers, and nothing else', () => {
  const retried: [string, Cloud, () => Response, string][] = [
    ['Tencent RequestLimitExceeded', 'tencent', tencentError('RequestLimitExceeded'), 'RequestLimitExceeded'],
    ['Tencent RequestLimitExceeded.UinLimitExceeded', 'tencent', tencentError('RequestLimitExceeded.UinLimitExceeded'), 'RequestLimitExceeded.UinLimitExceeded'],
    ['Tencent InternalError', 'tencent', tencentError('InternalError'), 'InternalError'],
    ['Alibaba Throttling (429)', 'aliyun', aliyunError('Throttling', 429), 'Throttling'],
    ['Alibaba Throttling.User (429)', 'aliyun', aliyunError('Throttling.User', 429), 'Throttling.User'],
    ['Alibaba Rejected.Throttling', 'aliyun', aliyunError('Rejected.Throttling', 400), 'Rejected.Throttling'],
    ['Alibaba ServiceUnavailable (503)', 'aliyun', aliyunError('ServiceUnavailable', 503), 'ServiceUnavailable'],
    ['AWS ThrottlingException', 'aws', awsError('ThrottlingException', 400), 'ThrottlingException'],
    ['AWS DependencyTimeoutException', 'aws', awsError('DependencyTimeoutException', 503), 'DependencyTimeoutException'],
    ['AWS KMSInternalException', 'aws', awsError('KMSInternalException', 500), 'KMSInternalException'],
    ['a gateway answering HTTP 503 in HTML', 'aliyun', gateway(503), 'HTTP 503'],
    ['a gateway answering HTTP 429 in HTML', 'tencent', gateway(429), 'HTTP 429'],
  ];
  for (const [what, cloud, failure, code] of retried) {
    it(`retries ${what}`, async () => {
      const r = await importThrough(cloud, failure);
      expect(r).toEqual({ outcome: 'imported', retries: [code, code], slept: [100, 200], calls: 4 });
    });
  }

  const final: [string, Cloud, () => Response, string][] = [
    ['Tencent InvalidParameter', 'tencent', tencentError('InvalidParameter'), 'ERR_KMS InvalidParameter'],
    ['Alibaba Forbidden.KeyNotFound', 'aliyun', aliyunError('Forbidden.KeyNotFound', 404), 'ERR_KMS Forbidden.KeyNotFound'],
    ['a code that only starts like a throttling one', 'aliyun', aliyunError('ThrottlingPolicyInvalid', 400), 'ERR_KMS ThrottlingPolicyInvalid'],
    ['AWS NotFoundException', 'aws', awsError('NotFoundException', 400), 'ERR_KMS NotFoundException'],
    ['a gateway answering HTTP 502', 'tencent', gateway(502), 'ERR_NETWORK'],
  ];
  for (const [what, cloud, failure, outcome] of final) {
    it(`stops at once on ${what}`, async () => {
      expect(await importThrough(cloud, failure)).toEqual({ outcome, retries: [], slept: [], calls: 1 });
    });
  }

  it('retryableCode ignores anything that is not a ByokError', () => {
    expect(retryableCode(new Error('Throttling'))).toBeUndefined();
    expect(retryableCode(new ByokError('ERR_TIMEOUT', 'slow'))).toBeUndefined();
  });
});

describe('a signal that is not an AbortSignal is refused before any request', () => {
  const notSignals: [string, unknown][] = [
    ['a string', 'abort'],
    ['a plain object with aborted', { aborted: false }],
    ['an AbortController (not its signal)', new AbortController()],
    ['null', null],
  ];
  for (const [what, signal] of notSignals) {
    it(`client method given ${what}`, async () => {
      const server = flakyServer('tencent', gateway(503), 0);
      const client = createKmsClient({ cloud: 'tencent', fetch: server.fetch });
      const e = await client.describeKey({ KeyId: 'k' }, { signal: signal as AbortSignal }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ByokError);
      expect(e).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('must be an AbortSignal') });
      expect(server.calls()).toBe(0);
    });
    it(`importKeyMaterial given ${what}`, async () => {
      const server = flakyServer('aliyun', gateway(503), 0);
      const client = createKmsClient({ cloud: 'aliyun', fetch: server.fetch });
      const e = await importKeyMaterial({ client, keyId: 'k', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256', signal: signal as AbortSignal }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('must be an AbortSignal') });
      expect(server.calls()).toBe(0);
    });
  }

  it('a real signal still works (AbortSignal.timeout and a controller)', async () => {
    const server = flakyServer('tencent', gateway(503), 0);
    const client = createKmsClient({ cloud: 'tencent', fetch: server.fetch });
    const args = { KeyId: 'k', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' };
    await expect(client.getParametersForImport(args, { signal: new AbortController().signal })).resolves.toMatchObject({ ImportToken: 't' });
    await expect(client.getParametersForImport(args, { signal: AbortSignal.timeout(60_000) })).resolves.toMatchObject({ ImportToken: 't' });
    expect(server.calls()).toBe(2);
  });
});
