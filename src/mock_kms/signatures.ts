// Request signatures the clouds require, verified with WebCrypto HMAC (SPEC §3
// "Signatures"): Tencent TC3-HMAC-SHA256; Alibaba legacy RPC HMAC-SHA1 and ACS3-HMAC-SHA256.
import { equalBytes, toBase64, toHex } from '../lib/bytes.js';
import { subtle } from '../lib/random.js';
import { fail } from './kms_error.js';

export interface Credential {
  id: string;
  secret: string;
}

export const SIGNATURE_FRESHNESS_MS = 5 * 60 * 1000;

const utf8 = (s: string) => new TextEncoder().encode(s);

export async function hmac(hash: 'SHA-256' | 'SHA-1', key: Uint8Array | string, data: string): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', (typeof key === 'string' ? utf8(key) : key) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, utf8(data)));
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', (typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>)));
}

function credentialFor(credentials: Credential[], id: string): Credential {
  return credentials.find((c) => c.id === id) ?? fail('AccessKeyNotFound', `unknown access key id ${id}`);
}

function requireFresh(signedAtMs: number, now: number): void {
  if (!Number.isFinite(signedAtMs) || Math.abs(now - signedAtMs) > SIGNATURE_FRESHNESS_MS) {
    fail('SignatureExpired', 'the request signature is more than 5 minutes away from the server time');
  }
}

/** Alibaba's percent-encoding (RFC 3986 unreserved kept; !'()* encoded too). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// ---- Tencent Cloud API 3.0: TC3-HMAC-SHA256 ----

export interface Tc3Input {
  method: string;
  host: string;
  path: string;
  query: string;
  headers: Headers;
  body: string;
}

export async function tc3Signature(secret: string, input: Tc3Input, signedHeaders: string[], timestamp: number, service: string): Promise<string> {
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(h === 'host' ? input.host : (input.headers.get(h) ?? '')).trim().toLowerCase()}\n`).join('');
  const canonicalRequest = [input.method, input.path, input.query, canonicalHeaders, signedHeaders.join(';'), await sha256Hex(input.body)].join('\n');
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), scope, await sha256Hex(canonicalRequest)].join('\n');
  const kDate = await hmac('SHA-256', 'TC3' + secret, date);
  const kService = await hmac('SHA-256', kDate, service);
  const kSigning = await hmac('SHA-256', kService, 'tc3_request');
  return toHex(await hmac('SHA-256', kSigning, stringToSign));
}

const TC3_RE = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function verifyTc3(credentials: Credential[], input: Tc3Input, now: number): Promise<void> {
  const m = TC3_RE.exec(input.headers.get('authorization') ?? '');
  if (!m) return fail('SignatureFailure', 'missing or malformed TC3-HMAC-SHA256 Authorization header');
  const [, id, date, service, signed, signature] = m as unknown as [string, string, string, string, string, string];
  const timestamp = Number(input.headers.get('x-tc-timestamp'));
  requireFresh(timestamp * 1000, now);
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) fail('SignatureFailure', 'the credential scope date does not match X-TC-Timestamp');
  const { secret } = credentialFor(credentials, id);
  const expected = await tc3Signature(secret, input, signed.split(';'), timestamp, service);
  if (!equalBytes(utf8(expected), utf8(signature))) fail('SignatureFailure', 'the request signature does not match');
}

// ---- Alibaba RPC, legacy: SignatureMethod=HMAC-SHA1, SignatureVersion=1.0 ----

export async function rpcSignature(secret: string, method: string, params: Map<string, string>): Promise<string> {
  const canonical = [...params]
    .filter(([k]) => k !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return toBase64(await hmac('SHA-1', secret + '&', stringToSign));
}

export async function verifyRpcSignature(credentials: Credential[], method: string, params: Map<string, string>, now: number): Promise<void> {
  const id = params.get('AccessKeyId');
  const signature = params.get('Signature');
  if (!id || !signature) return fail('SignatureFailure', 'the request is not signed (AccessKeyId and Signature are required)');
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') fail('SignatureFailure', 'SignatureMethod must be HMAC-SHA1');
  requireFresh(Date.parse(params.get('Timestamp') ?? ''), now);
  const { secret } = credentialFor(credentials, id);
  const expected = await rpcSignature(secret, method, params);
  if (!equalBytes(utf8(expected), utf8(signature))) fail('SignatureFailure', 'the request signature does not match');
}

// ---- Alibaba ACS3-HMAC-SHA256 (V3 signature) ----

export interface Acs3Input {
  method: string;
  path: string;
  query: URLSearchParams;
  host: string;
  headers: Headers;
  body: Uint8Array;
}

export async function acs3Signature(secret: string, input: Acs3Input, signedHeaders: string[]): Promise<string> {
  const query = [...input.query]
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  const headers = signedHeaders.map((h) => `${h}:${(h === 'host' ? input.host : (input.headers.get(h) ?? '')).trim()}\n`).join('');
  const payloadHash = input.headers.get('x-acs-content-sha256') ?? (await sha256Hex(input.body));
  const canonicalRequest = [input.method, input.path, query, headers, signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${await sha256Hex(canonicalRequest)}`;
  return toHex(await hmac('SHA-256', secret, stringToSign));
}

const ACS3_RE = /^ACS3-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function verifyAcs3(credentials: Credential[], input: Acs3Input, now: number): Promise<void> {
  const m = ACS3_RE.exec(input.headers.get('authorization') ?? '');
  if (!m) return fail('SignatureFailure', 'malformed ACS3-HMAC-SHA256 Authorization header');
  const [, id, signed, signature] = m as unknown as [string, string, string, string];
  requireFresh(Date.parse(input.headers.get('x-acs-date') ?? ''), now);
  // The body must be what the signer hashed.
  if (input.headers.has('x-acs-content-sha256') && input.headers.get('x-acs-content-sha256') !== (await sha256Hex(input.body))) {
    fail('SignatureFailure', 'x-acs-content-sha256 does not match the body');
  }
  const { secret } = credentialFor(credentials, id);
  const expected = await acs3Signature(secret, input, signed.split(';'));
  if (!equalBytes(utf8(expected), utf8(signature))) fail('SignatureFailure', 'the request signature does not match');
}
