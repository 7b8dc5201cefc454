// Issue 11.7–11.11: a client that cannot be led astray. Each server here is hostile or
// broken (redirects, hangs, garbage, huge or partial replies); every outcome is a
// ByokError with the HTTP status, no secret leaves for another host, and every wait
// (timeout, backoff) is bounded and abortable.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ByokError, createKmsClient, generateKeyMaterial, importKeyMaterial, type ImportStep } from '../../../src/index.js';
import { runImport } from '../../../src/client/import_flow.js';
import { CREDENTIAL } from '../helpers/mock_kms.js';
import { createMockKms } from '../../../src/mock_kms/index.js';

const HOST = 'https://kms.example.test/';
const EVIL = 'https://evil.example.test/';
const seenByEvil: Request[] = [];
const server = setupServer(
  http.all(EVIL, ({ request }) => {
    seenByEvil.push(request);
    return HttpResponse.json({ Response: { KeyId: 'stolen', RequestId: 'x' } });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seenByEvil.length = 0;
});
afterAll(() => server.close());

const CLOUDS = ['tencent', 'aliyun'] as const;
const reply = (f: () => Response | Promise<Response>) => server.use(http.all(HOST, f));

async function failure(p: Promise<unknown>): Promise<ByokError> {
  const e = await p.then(
    () => new Error('resolved'),
    (x: unknown) => x,
  );
  if (!(e instanceof ByokError)) throw new Error(`not a ByokError: ${String(e)}`);
  return e;
}

describe('11.7 redirects are never followed', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it.each(CLOUDS)(`%s: HTTP ${status} is a ByokError and the other host sees nothing`, async (cloud) => {
      reply(() => new Response(null, { status, headers: { location: EVIL } }));
      const client = createKmsClient({ cloud, endpoint: HOST, credentials: CREDENTIAL });
      const e = await failure(client.request('CreateKey', { Description: 'x' }));
      expect(e.code).toBe('ERR_NETWORK');
      expect(e.status).toBe(status);
      expect(e.message).toMatch(/redirect/);
      expect(seenByEvil).toHaveLength(0);
    });
  }

  it('the request asks fetch not to follow (redirect: manual), whatever fetch is given', async () => {
    const inits: RequestInit[] = [];
    const client = createKmsClient({ cloud: 'tencent', fetch: (async (_u: unknown, init: RequestInit) => (inits.push(init), HttpResponse.json({ Response: { KeyId: 'k', KeyState: 'Enabled', RequestId: 'r' } }))) as typeof fetch });
    await client.createKey({ Alias: 'a' });
    expect(inits[0]!.redirect).toBe('manual');
  });

  it('a browser-style opaque redirect (status 0) is refused too', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null, text: async () => '' } as unknown as Response;
    const client = createKmsClient({ cloud: 'aliyun', fetch: (async () => opaque) as typeof fetch });
    expect((await failure(client.listKeys({}))).message).toMatch(/redirect/);
  });
});

describe('11.8 timeouts and abort signals', () => {
  it.each(CLOUDS)('%s: a server that never answers times out after timeoutMs', async (cloud) => {
    reply(() => new Promise<Response>(() => {}));
    const client = createKmsClient({ cloud, endpoint: HOST, timeoutMs: 30 });
    const e = await failure(client.listKeys({}));
    expect(e.code).toBe('ERR_TIMEOUT');
    expect(e.message).toContain('30 ms');
  });

  it('a reply whose body never ends times out too', async () => {
    reply(() => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"Response":')) }), { status: 200 }));
    const client = createKmsClient({ cloud: 'tencent', endpoint: HOST, timeoutMs: 30 });
    expect((await failure(client.listKeys({}))).code).toBe('ERR_TIMEOUT');
  });

  it('a fetch that ignores the signal is still cut off', async () => {
    const client = createKmsClient({ cloud: 'tencent', timeoutMs: 30, fetch: (() => new Promise(() => {})) as typeof fetch });
    expect((await failure(client.listKeys({}))).code).toBe('ERR_TIMEOUT');
  });

  it('every method takes { signal } last; an aborted signal sends nothing', async () => {
    let sent = 0;
    reply(() => (sent++, HttpResponse.json({ Response: { RequestId: 'r' } })));
    const client = createKmsClient({ cloud: 'tencent', endpoint: HOST });
    const signal = AbortSignal.abort();
    for (const call of [
      () => client.createKey({ Alias: 'a' }, { signal }),
      () => client.describeKey({ KeyId: 'k' }, { signal }),
      () => client.getParametersForImport({ KeyId: 'k', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }, { signal }),
      () => client.request('ListKeys', {}, { signal }),
    ]) {
      expect((await failure(call())).code).toBe('ERR_ABORTED');
    }
    expect(sent).toBe(0);
  });

  it('aborting in flight rejects at once with ERR_ABORTED', async () => {
    reply(() => new Promise<Response>(() => {}));
    const client = createKmsClient({ cloud: 'aliyun', endpoint: HOST });
    const controller = new AbortController();
    const pending = client.describeKey({ KeyId: 'k' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    expect((await failure(pending)).code).toBe('ERR_ABORTED');
  });

  it('importKeyMaterial stops at once when its signal fires during a backoff wait', async () => {
    const kms = createMockKms({ faults: { throttle: 1 }, baseUrls: [HOST] });
    server.use(...kms.handlers);
    const client = createKmsClient({ cloud: 'tencent', endpoint: HOST });
    const controller = new AbortController();
    const steps: ImportStep[] = [];
    const pending = importKeyMaterial({
      client,
      keyId: 'k',
      keyMaterial: generateKeyMaterial(),
      wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      signal: controller.signal,
      onProgress: (step) => {
        steps.push(step);
        if (step === 'retry') controller.abort();
      },
    });
    expect((await failure(pending)).code).toBe('ERR_ABORTED');
    expect(steps).toEqual(['parameters', 'retry']);
  });
});

describe('11.9 replies are validated before use', () => {
  const bodies: [string, () => Response][] = [
    ['not JSON', () => new Response('oops', { status: 200 })],
    ['HTML', () => new Response('<!doctype html><html><body>Login</body></html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['null', () => new Response('null', { status: 200 })],
    ['an array', () => new Response('[]', { status: 200 })],
    ['{}', () => HttpResponse.json({})],
    ['an empty body', () => new Response('', { status: 200 })],
    ['10 MB of JSON', () => new Response(`{"a":"${'x'.repeat(10 * 1024 * 1024)}"}`, { status: 200 })],
  ];
  for (const [what, body] of bodies) {
    it.each(CLOUDS)(`%s: ${what} is ERR_NETWORK with the HTTP status`, async (cloud) => {
      reply(body);
      const client = createKmsClient({ cloud, endpoint: HOST });
      const e = await failure(client.getParametersForImport({ KeyId: 'k', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
      expect(e.code).toBe('ERR_NETWORK');
      expect(e.status).toBe(200);
    });
  }

  it('a reply without the fields the method promises is ERR_NETWORK, naming the field', async () => {
    reply(() => HttpResponse.json({ Response: { KeyId: 'k', ImportToken: 't', RequestId: 'r' } }));
    const tencent = createKmsClient({ cloud: 'tencent', endpoint: HOST });
    const e = await failure(tencent.getParametersForImport({ KeyId: 'k', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    expect(e.message).toContain('PublicKey');
    reply(() => HttpResponse.json({ KeyMetadata: { KeyId: 'k', KeyState: 7 }, RequestId: 'r' }));
    const aliyun = createKmsClient({ cloud: 'aliyun', endpoint: HOST });
    expect((await failure(aliyun.describeKey({ KeyId: 'k' }))).message).toContain('KeyMetadata.KeyState');
  });

  it('Alibaba: HTTP 200 carrying Code and Message is an error', async () => {
    reply(() => HttpResponse.json({ Code: 'Forbidden.KeyNotFound', Message: 'no', RequestId: 'r-1' }));
    const client = createKmsClient({ cloud: 'aliyun', endpoint: HOST });
    expect(await failure(client.describeKey({ KeyId: 'k' }))).toMatchObject({ code: 'ERR_KMS', kmsCode: 'Forbidden.KeyNotFound', requestId: 'r-1', status: 200 });
  });

  it('an error status without the cloud\'s error shape is ERR_NETWORK', async () => {
    reply(() => new Response('Bad Gateway', { status: 502 }));
    const client = createKmsClient({ cloud: 'aliyun', endpoint: HOST });
    expect(await failure(client.describeKey({ KeyId: 'k' }))).toMatchObject({ code: 'ERR_NETWORK', status: 502 });
  });
});

describe('11.10 backoff options are validated and bounded', () => {
  const client = createKmsClient({ cloud: 'tencent', endpoint: HOST });
  const base = { client, keyId: 'k', keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' as const };
  const bad: [string, Record<string, unknown>][] = [
    ['maxRetries as a string', { maxRetries: '3' }],
    ['baseDelayMs as a string', { baseDelayMs: '100' }],
    ['maxDelayMs as a string', { maxDelayMs: '20000' }],
    ['NaN', { baseDelayMs: Number.NaN }],
    ['Infinity', { maxDelayMs: Number.POSITIVE_INFINITY }],
    ['a negative delay', { baseDelayMs: -1 }],
    ['a fractional retry count', { maxRetries: 1.5 }],
    ['retry as a number', 5 as unknown as Record<string, unknown>],
  ];
  for (const [what, retry] of bad) {
    it(`${what}: ERR_INVALID_ARGUMENT before any request`, async () => {
      let sent = 0;
      reply(() => (sent++, HttpResponse.json({})));
      expect((await failure(importKeyMaterial({ ...base, retry } as Parameters<typeof importKeyMaterial>[0]))).code).toBe('ERR_INVALID_ARGUMENT');
      expect(sent).toBe(0);
    });
  }

  it('maxDelayMs caps each wait (default 20000)', async () => {
    const kms = createMockKms({ faults: { throttle: 1 }, baseUrls: [HOST] });
    server.use(...kms.handlers);
    const slept: number[] = [];
    await runImport({ ...base, retry: { maxRetries: 8, baseDelayMs: 1000, maxDelayMs: 5000 } }, { sleep: async (ms) => void slept.push(ms) }).catch(() => undefined);
    expect(slept).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000]);
    slept.length = 0;
    await runImport({ ...base, retry: { maxRetries: 6, baseDelayMs: 5000 } }, { sleep: async (ms) => void slept.push(ms) }).catch(() => undefined);
    expect(slept).toEqual([5000, 10000, 20000, 20000, 20000, 20000]);
  });
});

describe('11.11 credentials are checked before any request', () => {
  const bad: [string, { id: string; secret: string }][] = [
    ['a non-ASCII secret', { id: 'AKID', secret: 'sécret' }],
    ['a secret with a newline', { id: 'AKID', secret: 'sec\nret' }],
    ['an id with a control character', { id: 'AK\u0000ID', secret: 'secret' }],
    ['an empty id', { id: '', secret: 'secret' }],
    ['an empty secret', { id: 'AKID', secret: '' }],
    ['a secret that is not a string', { id: 'AKID', secret: 42 as unknown as string }],
  ];
  for (const [what, credentials] of bad) {
    it.each(CLOUDS)(`%s: ${what}`, (cloud) => {
      let error: unknown;
      try {
        createKmsClient({ cloud, credentials });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ByokError);
      expect((error as ByokError).code).toBe('ERR_INVALID_ARGUMENT');
      if (String(credentials.secret).length > 2) expect((error as ByokError).message).not.toContain(String(credentials.secret).slice(1));
    });
  }
});
