// The three wire formats the client speaks (SPEC §3 "Wire formats", §5 AWS): how a
// request is built and signed, and how a reply becomes a result or a ByokError.
import { ByokError, show } from '../errors.js';
import { acs3Signature, amzDate, sha256Hex, sigV4Signature, tc3Signature } from '../lib/cloud_signatures.js';
import { checkPromised, type Shape } from './promised.js';
import { exchange, jsonObject, type Exchange } from './transport.js';

/** The clouds whose KMS wire format the client speaks: Tencent Cloud API 3.0, Alibaba Cloud RPC 2016-01-20, AWS JSON 1.1. */
export type Cloud = 'tencent' | 'aliyun' | 'aws';
export type Credentials = { id: string; secret: string; sessionToken?: string };

export const TENCENT_VERSION = '2019-01-18';
export const ALIYUN_VERSION = '2016-01-20';
export const AWS_TARGET_PREFIX = 'TrentService';

export interface Transport {
  cloud: Cloud;
  url: URL;
  region: string;
  credentials: Credentials | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
  nonce: () => string;
  promises: Record<string, Shape>;
}

export type Reply = Record<string, unknown> & { RequestId?: string };

function kmsError(code: string, message: string, requestId: unknown, status: number): ByokError {
  return new ByokError('ERR_KMS', `${code}: ${message}`, { kmsCode: code, status, ...(typeof requestId === 'string' ? { requestId } : {}) });
}

function notTheApi(t: Transport, status: number, what: string): ByokError {
  return new ByokError('ERR_NETWORK', `the endpoint ${t.url.origin} answered HTTP ${status} ${what}: it does not look like the ${t.cloud} KMS API`, { status });
}

/** The arguments as JSON text; values JSON cannot carry (a BigInt, a cycle) are the caller's mistake. */
function toJson(action: string, value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `the arguments of ${action} cannot be sent as JSON (a BigInt or a circular reference?): pass strings, numbers, booleans, lists and plain objects`, { cause });
  }
}

export function send(t: Transport, action: string, params: object, signal: AbortSignal | undefined): Promise<Reply> {
  return t.cloud === 'tencent' ? tencent(t, action, params, signal) : t.cloud === 'aliyun' ? aliyun(t, action, params, signal) : aws(t, action, params, signal);
}

/** Tencent Cloud API 3.0: POST JSON, X-TC-* headers, HTTP 200 envelopes {Response: {…}}. */
async function tencent(t: Transport, action: string, params: object, signal: AbortSignal | undefined): Promise<Reply> {
  const body = toJson(action, params);
  const timestamp = Math.floor(t.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-tc-action': action,
    'x-tc-version': TENCENT_VERSION,
    'x-tc-region': t.region,
    'x-tc-timestamp': String(timestamp),
  };
  if (t.credentials) {
    const signed = ['content-type', 'host'];
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const input = { method: 'POST', host: t.url.hostname, path: t.url.pathname, query: t.url.search.slice(1), headers: new Headers(headers), body };
    const signature = await tc3Signature(t.credentials.secret, input, signed, timestamp, 'kms');
    headers.authorization = `TC3-HMAC-SHA256 Credential=${t.credentials.id}/${date}/kms/tc3_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
    if (t.credentials.sessionToken) headers['x-tc-token'] = t.credentials.sessionToken;
  }
  const x = await exchange(t.fetch, t.url, { method: 'POST', headers, body }, t.timeoutMs, signal);
  const envelope = jsonObject(x, t.url).Response;
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) throw notTheApi(t, x.status, 'without a Tencent Cloud API envelope ({"Response": …})');
  const response = envelope as Reply & { Error?: { Code?: unknown; Message?: unknown } };
  if (response.Error !== undefined) {
    const { Code, Message } = response.Error ?? {};
    if (typeof Code !== 'string') throw notTheApi(t, x.status, 'with a malformed Error');
    throw kmsError(Code, typeof Message === 'string' ? Message : '', response.RequestId, x.status);
  }
  if (x.status !== 200) throw notTheApi(t, x.status, 'outside the API 3.0 envelope (it always answers HTTP 200)');
  if (typeof response.RequestId !== 'string') throw notTheApi(t, x.status, 'without a RequestId');
  checkPromised(response, t.promises[action], action, x.status);
  return response;
}

/** Alibaba RPC (2016-01-20) signed with ACS3-HMAC-SHA256: arguments in the query, action in x-acs-action. */
async function aliyun(t: Transport, action: string, params: object, signal: AbortSignal | undefined): Promise<Reply> {
  const url = new URL(t.url);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (typeof v === 'symbol' || typeof v === 'function') throw new ByokError('ERR_INVALID_ARGUMENT', `the argument ${show(k)} of ${action} is a ${typeof v}: pass a string, number, boolean, list or plain object`);
    url.searchParams.set(k, typeof v === 'object' ? toJson(action, v) : String(v));
  }
  const headers: Record<string, string> = {
    'x-acs-action': action,
    'x-acs-version': ALIYUN_VERSION,
    'x-acs-date': new Date(t.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': t.nonce(),
    'x-acs-content-sha256': await sha256Hex(''),
    accept: 'application/json',
  };
  if (t.credentials?.sessionToken) headers['x-acs-security-token'] = t.credentials.sessionToken;
  if (t.credentials) {
    const signed = ['host', ...Object.keys(headers).filter((h) => h.startsWith('x-acs-')).sort()];
    const input = { method: 'POST', path: url.pathname, query: url.searchParams, host: url.host, headers: new Headers(headers), body: new Uint8Array(0) };
    const signature = await acs3Signature(t.credentials.secret, input, signed);
    headers.authorization = `ACS3-HMAC-SHA256 Credential=${t.credentials.id},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  }
  const x = await exchange(t.fetch, url, { method: 'POST', headers }, t.timeoutMs, signal);
  const error = (reply: Reply) => {
    const { Code, Message } = reply as { Code?: unknown; Message?: unknown };
    return typeof Code === 'string' && typeof Message === 'string' ? kmsError(Code, Message, reply.RequestId, x.status) : undefined;
  };
  if (x.status >= 400) {
    let reply: Reply;
    try {
      reply = jsonObject(x, url);
    } catch {
      throw notTheApi(t, x.status, 'with an error page');
    }
    throw error(reply) ?? notTheApi(t, x.status, 'without an error Code and Message');
  }
  const reply = jsonObject(x, url);
  // An HTTP 200 carrying Code and Message is an error too (issue 11.9).
  const e = error(reply);
  if (e) throw e;
  if (typeof reply.RequestId !== 'string') throw notTheApi(t, x.status, 'without a RequestId');
  checkPromised(reply, t.promises[action], action, x.status);
  return reply;
}

/** AWS JSON 1.1: POST to /, X-Amz-Target TrentService.<Action>, SigV4 for service kms. */
async function aws(t: Transport, action: string, params: object, signal: AbortSignal | undefined): Promise<Reply> {
  const body = toJson(action, params);
  const date = amzDate(t.now());
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `${AWS_TARGET_PREFIX}.${action}`,
    'x-amz-date': date,
  };
  if (t.credentials?.sessionToken) headers['x-amz-security-token'] = t.credentials.sessionToken;
  if (t.credentials) {
    const signed = ['content-type', 'host', ...Object.keys(headers).filter((h) => h.startsWith('x-amz-')).sort()];
    const input = { method: 'POST', path: t.url.pathname, query: t.url.searchParams, host: t.url.host, headers: new Headers(headers), body };
    const signature = await sigV4Signature(t.credentials.secret, input, signed, date, t.region, 'kms');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${t.credentials.id}/${date.slice(0, 8)}/${t.region}/kms/aws4_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  }
  const x: Exchange = await exchange(t.fetch, t.url, { method: 'POST', headers, body }, t.timeoutMs, signal);
  const requestId = x.headers.get('x-amzn-requestid') ?? undefined;
  if (x.status >= 400) {
    let reply: Record<string, unknown> | undefined;
    try {
      reply = jsonObject(x, t.url);
    } catch {
      reply = undefined;
    }
    // The error name: "__type" (maybe namespaced, "com.amazonaws.kms#NotFoundException") or the x-amzn-ErrorType header.
    const type = (typeof reply?.__type === 'string' ? reply.__type : x.headers.get('x-amzn-errortype') ?? '').split(':')[0]!.split('#').pop()!;
    if (!type) throw notTheApi(t, x.status, 'without an error __type');
    const message = reply?.message ?? reply?.Message;
    throw kmsError(type, typeof message === 'string' ? message : '', requestId, x.status);
  }
  const reply: Reply = x.text.trim() === '' ? {} : jsonObject(x, t.url);
  checkPromised(reply, t.promises[action], action, x.status);
  if (requestId) reply.RequestId = requestId;
  return reply;
}
