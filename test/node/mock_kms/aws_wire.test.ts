// The AWS JSON 1.1 wire of the mock: SigV4 and its exceptions (UnrecognizedClientException,
// InvalidSignatureException, MissingAuthenticationTokenException, IncompleteSignatureException),
// the error body and status, the protocol errors, where it answers (regional and China
// hosts, base URLs), faults as ThrottlingException / KMSInternalException and the SDK's own
// retries, the Date header and the SDK's clock-skew correction, a browser's hidden headers,
// and stored state with several materials per key.
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { getResponse } from 'msw';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, DecryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeysCommand, KMSInternalException } from '@aws-sdk/client-kms';
import { createMockKms } from '../../../src/mock_kms/index.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { awsError, awsSdk, Sha256, wrapWithNode } from './aws_helpers.js';

const ENDPOINT = 'https://kms.us-east-1.amazonaws.com/';

let env: ReturnType<typeof startMockKms> | undefined;
afterEach(() => {
  env?.close();
  env = undefined;
});

/** A raw JSON 1.1 request, unsigned. */
async function raw(target: string | undefined, body: string, url = ENDPOINT, headers: Record<string, string> = {}) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}), ...headers }, body });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

describe('the JSON 1.1 wire', () => {
  it('errors are {__type, message} with HTTP 400, x-amzn-RequestId and a Date from the mock clock', async () => {
    env = startMockKms();
    const r = await raw('TrentService.DescribeKey', JSON.stringify({ KeyId: 'nope' }));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ __type: 'NotFoundException', message: "Invalid keyId 'nope'" });
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('date')).toBe(new Date(env.clock.now()).toUTCString());
  });

  it('protocol errors: UnknownOperationException, SerializationException, ValidationException; a known action not implemented', async () => {
    env = startMockKms();
    expect(await raw('TrentService.Frobnicate', '{}')).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await raw(undefined, '{}')).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await raw('Kinesis_20131202.ListStreams', '{}')).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
    expect(await raw('TrentService.DescribeKey', '{not json')).toMatchObject({ status: 400, body: { __type: 'SerializationException', message: 'the request body is not valid JSON' } });
    expect(await raw('TrentService.DescribeKey', '{"KeyId": 42}')).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await raw('TrentService.Encrypt', '{"KeyId": "k", "Plaintext": "***"}')).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await raw('TrentService.DescribeKey', '{}')).toMatchObject({ status: 400, body: { __type: 'ValidationException', message: 'the required parameter KeyId is missing' } });
    expect(await raw('TrentService.GenerateRandom', '{"NumberOfBytes": 1025}')).toMatchObject({ status: 400, body: { __type: 'ValidationException' } });
    expect(await raw('TrentService.ImportKeyMaterial', '{"KeyId":"k","ImportToken":"AA==","EncryptedKeyMaterial":"AA==","ValidTo":"tomorrow"}')).toMatchObject({ body: { __type: 'SerializationException', message: 'ValidTo must be a timestamp in epoch seconds' } });
    expect(await raw('TrentService.CreateGrant', '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnsupportedOperationException', message: "CreateGrant is part of the API but not implemented by webcrypto-byok's mock KMS" },
    });
    // Operations without output answer an empty body.
    const created = await raw('TrentService.CreateKey', '{}');
    const keyId = (created.body!.KeyMetadata as { KeyId: string }).KeyId;
    expect(await raw('TrentService.DisableKey', JSON.stringify({ KeyId: keyId }))).toMatchObject({ status: 200, body: undefined });
    // Timestamps are epoch seconds, fractional ones too.
    const meta = created.body!.KeyMetadata as { CreationDate: number };
    expect(meta.CreationDate).toBe(env.clock.now() / 1000);
  });

  it('a map or list member sent as JSON text (EncryptionContext, Tags, a Recipient) is SerializationException, not parsed', async () => {
    env = startMockKms();
    const keyId = ((await raw('TrentService.CreateKey', '{}')).body!.KeyMetadata as { KeyId: string }).KeyId;
    const plaintext = Buffer.from('p').toString('base64');
    const refusals = [
      ['Encrypt', { KeyId: keyId, Plaintext: plaintext, EncryptionContext: '{"a":"b"}' }],
      ['GenerateDataKey', { KeyId: keyId, NumberOfBytes: 16, EncryptionContext: '{}' }],
      ['TagResource', { KeyId: keyId, Tags: '[{"TagKey":"k","TagValue":"v"}]' }],
      ['CreateKey', { Tags: '[]' }],
      ['GenerateRandom', { NumberOfBytes: 8, Recipient: '{}' }],
    ] as const;
    for (const [action, body] of refusals) {
      expect(await raw(`TrentService.${action}`, JSON.stringify(body)), action).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    }
    // The same members as a map and a list are taken.
    expect(await raw('TrentService.Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { a: 'b' } }))).toMatchObject({ status: 200 });
    expect(await raw('TrentService.TagResource', JSON.stringify({ KeyId: keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] }))).toMatchObject({ status: 200 });
  });

  it('answers at every Region’s host (China: amazonaws.com.cn), each Region a separate store, and at base URLs by X-Amz-Target', async () => {
    const kms = createMockKms({ baseUrls: ['https://proxy.example/kms'] });
    const { setupServer } = await import('msw/node');
    const server = setupServer(...kms.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const create = (url: string) => raw('TrentService.CreateKey', '{}', url).then((r) => r.body!.KeyMetadata as { KeyId: string; Arn: string });
      const a = await create('https://kms.eu-west-1.amazonaws.com/');
      expect(a.Arn).toBe(`arn:aws:kms:eu-west-1:111122223333:key/${a.KeyId}`);
      const cn = await create('https://kms.cn-northwest-1.amazonaws.com.cn/');
      expect(cn.Arn).toBe(`arn:aws-cn:kms:cn-northwest-1:111122223333:key/${cn.KeyId}`);
      const fips = await create('https://kms-fips.us-west-2.amazonaws.com/');
      expect(fips.Arn).toMatch(/^arn:aws:kms:us-west-2:/);
      expect((await raw('TrentService.DescribeKey', JSON.stringify({ KeyId: a.KeyId }), 'https://kms.us-west-2.amazonaws.com/')).body!.__type).toBe('NotFoundException');
      // A base URL: the region of the credential scope (unsigned: us-east-1).
      const viaProxy = await create('https://proxy.example/kms');
      expect(viaProxy.Arn).toMatch(/^arn:aws:kms:us-east-1:/);
      const listed = await raw('TrentService.ListKeys', '{}', 'https://proxy.example/kms/');
      expect(listed.body).toEqual({ Keys: [{ KeyId: viaProxy.KeyId, KeyArn: viaProxy.Arn }], Truncated: false });
      // The SDK with a custom endpoint signs for its own region: the base URL follows the scope.
      const sdk = awsSdk({ region: 'eu-west-1', endpoint: 'https://proxy.example/kms' });
      expect((await sdk.send(new DescribeKeyCommand({ KeyId: a.KeyId }))).KeyMetadata!.Arn).toBe(a.Arn);
    } finally {
      server.close();
    }
  });
});

describe('SigV4 (SPEC §5): verified when credentials are configured', () => {
  const other = { id: 'AKIDSOMEONEELSE', secret: 'x'.repeat(40) };

  it('the SDK’s signature is accepted; an unknown access key is UnrecognizedClientException; a wrong secret InvalidSignatureException', async () => {
    env = startMockKms({ credentials: [CREDENTIAL] });
    await awsSdk().send(new ListKeysCommand({}));
    expect(await awsError(awsSdk({ credential: other }).send(new ListKeysCommand({})))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
      attempts: 1,
    });
    expect(await awsError(awsSdk({ credential: { id: CREDENTIAL.id, secret: 'wrong secret' } }).send(new ListKeysCommand({})))).toEqual({
      name: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      status: 400,
      attempts: 1,
    });
  });

  it('no Authorization: MissingAuthenticationTokenException; a malformed one: IncompleteSignatureException; a wrong scope: InvalidSignatureException', async () => {
    env = startMockKms({ credentials: [CREDENTIAL] });
    expect(await raw('TrentService.ListKeys', '{}')).toMatchObject({ status: 400, body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } });
    expect(await raw('TrentService.ListKeys', '{}', ENDPOINT, { authorization: 'AWS4-HMAC-SHA256 Credential=x' })).toMatchObject({ status: 400, body: { __type: 'IncompleteSignatureException' } });
    // Signed for eu-west-1, sent to us-east-1's endpoint.
    const signer = new SignatureV4({ service: 'kms', region: 'eu-west-1', credentials: { accessKeyId: CREDENTIAL.id, secretAccessKey: CREDENTIAL.secret }, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: 'kms.us-east-1.amazonaws.com', path: '/', headers: { host: 'kms.us-east-1.amazonaws.com', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    expect(await raw('TrentService.ListKeys', '{}', ENDPOINT, headers)).toMatchObject({ status: 400, body: { __type: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'eu-west-1'." } });
    // A body changed after signing.
    const ok = await new SignatureV4({ service: 'kms', region: 'us-east-1', credentials: { accessKeyId: CREDENTIAL.id, secretAccessKey: CREDENTIAL.secret }, sha256: Sha256 }).sign({
      method: 'POST',
      protocol: 'https:',
      hostname: 'kms.us-east-1.amazonaws.com',
      path: '/',
      headers: { host: 'kms.us-east-1.amazonaws.com', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{"Limit":1}',
    });
    const { host: _h, ...okHeaders } = ok.headers as Record<string, string>;
    expect((await raw('TrentService.ListKeys', '{"Limit":1}', ENDPOINT, okHeaders)).status).toBe(200);
    expect((await raw('TrentService.ListKeys', '{"Limit":2}', ENDPOINT, okHeaders)).body!.__type).toBe('InvalidSignatureException');
  });

  it('a request more than 5 minutes old (or ahead) is InvalidSignatureException “Signature expired”; the SDK heals from the Date header', async () => {
    env = startMockKms({ credentials: [CREDENTIAL] });
    env.clock.skew(5 * 60_000 + 1000); // the server runs ahead of the SDK
    const stale = await awsError(awsSdk().send(new ListKeysCommand({})));
    expect(stale).toMatchObject({ name: 'InvalidSignatureException', status: 400, attempts: 1 });
    const now = env.clock.now();
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    expect(stale.message).toBe(`Signature expired: ${stamp(now - 5 * 60_000 - 1000)} is now earlier than ${stamp(now - 5 * 60_000)} (${stamp(now)} - 5 min.)`);
    // With its default retries the SDK reads the Date header, corrects its clock and re-signs (as against AWS).
    const healing = awsSdk({ maxAttempts: 3 });
    const listed = await healing.send(new ListKeysCommand({}));
    expect(listed.$metadata.attempts).toBe(2);
    env.clock.skew(-2 * (5 * 60_000 + 1000)); // now the SDK is ahead
    expect((await awsError(awsSdk().send(new ListKeysCommand({})))).message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
  });

  it('a browser hides host and content-length from the handler: both are rebuilt from the URL and the body', async () => {
    const kms = createMockKms({ credentials: [CREDENTIAL] });
    const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials: { accessKeyId: CREDENTIAL.id, secretAccessKey: CREDENTIAL.secret }, sha256: Sha256 });
    const body = JSON.stringify({ Description: 'from a browser — ünïcode' });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: 'kms.us-east-1.amazonaws.com',
      path: '/',
      headers: { host: 'kms.us-east-1.amazonaws.com', 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(body)), 'x-amz-target': 'TrentService.CreateKey' },
      body,
    });
    expect(signed.headers.authorization).toContain('content-length;content-type;host');
    const { host: _host, 'content-length': _length, ...visible } = signed.headers as Record<string, string>;
    const request = new Request(ENDPOINT, { method: 'POST', headers: visible, body });
    expect(request.headers.has('content-length')).toBe(false);
    const response = await getResponse(kms.handlers, request);
    expect(response!.status).toBe(200);
    expect(((await response!.json()) as { KeyMetadata: { Description: string } }).KeyMetadata.Description).toBe('from a browser — ünïcode');
  });
});

describe('faults (SPEC §3): ThrottlingException and KMSInternalException, which the SDK retries', () => {
  it('throttled, then an internal error, then through: three attempts of one SDK call', async () => {
    // Each request draws for throttling, then (if not throttled) for an internal error.
    const draws = [0.1, 0.9, 0.1, 0.9, 0.9];
    env = startMockKms({ faults: { throttle: 0.5, internalError: 0.5 } }, { random: () => draws.shift() ?? 0.99 });
    const sdk = awsSdk({ maxAttempts: 3 });
    const out = await sdk.send(new ListKeysCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect(draws).toEqual([]);
  });

  it('maxAttempts 1 shows each: ThrottlingException (400) and KMSInternalException (500)', async () => {
    env = startMockKms({ faults: { throttle: 1 } });
    expect(await awsError(awsSdk().send(new ListKeysCommand({})))).toEqual({ name: 'ThrottlingException', message: 'the request was throttled: retry with exponential backoff', status: 400, attempts: 1 });
    env.kms.setFaults({ internalError: 1 });
    const e = await awsSdk().send(new ListKeysCommand({})).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KMSInternalException);
    expect(await awsError(awsSdk().send(new ListKeysCommand({})))).toEqual({ name: 'KMSInternalException', message: 'an internal error occurred: retry with exponential backoff', status: 500, attempts: 1 });
  });
});

describe('stored state', () => {
  it('keys with several materials survive a reload from storage, each material once in the stored text', async () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    env = startMockKms({ storage });
    const sdk = awsSdk();
    const keyId = (await sdk.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
    const material = randomBytes(32);
    const p = await sdk.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    await sdk.send(new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapWithNode('RSAES_OAEP_SHA_256', p.PublicKey!, material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    const blob = (await sdk.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([9, 9]) }))).CiphertextBlob!;
    const text = [...items.values()][0]!;
    expect(text.split(material.toString('base64')).length).toBe(2);
    env.close();
    env = startMockKms({ storage });
    const reloaded = await sdk.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(reloaded.Plaintext!)).toEqual(Buffer.from([9, 9]));
    expect(env.kms.storageError).toBeUndefined();
  });
});
