// The clouds' request signatures, computed with WebCrypto HMAC: Tencent TC3-HMAC-SHA256,
// Alibaba RPC HMAC-SHA1 (legacy) and ACS3-HMAC-SHA256. Shared by the KMS client (signing)
// and the mocked KMS (verifying).
import { toBase64, toHex } from './bytes.js';
import { subtle } from './random.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

export async function hmac(hash: 'SHA-256' | 'SHA-1', key: Uint8Array | string, data: string): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', (typeof key === 'string' ? utf8(key) : key) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, utf8(data)));
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', (typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>)));
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


// ---- AWS Signature Version 4 (AWS4-HMAC-SHA256), as AWS KMS wants it (SPEC §5) ----

/** RFC 3986 percent-encoding, every byte but the unreserved characters (SigV4 "UriEncode"). */
function awsUriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export interface SigV4Input {
  method: string;
  /** The URL path, as sent (already percent-encoded by URL). */
  path: string;
  query: URLSearchParams;
  host: string;
  headers: Headers;
  body: string;
}

/**
 * The SigV4 signature over a request: canonical request, string to sign with the
 * credential scope `<yyyymmdd>/<region>/<service>/aws4_request`, and the key chain
 * kDate → kRegion → kService → kSigning. `amzDate` is X-Amz-Date (yyyymmddThhmmssZ).
 */
export async function sigV4Signature(secret: string, input: SigV4Input, signedHeaders: string[], amzDate: string, region: string, service: string): Promise<string> {
  const query = [...input.query]
    .map(([k, v]) => [awsUriEncode(k), awsUriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerValue = (h: string) => (h === 'host' ? input.host : (input.headers.get(h) ?? '')).trim().replace(/\s+/g, ' ');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(h)}\n`).join('');
  const path = input.path === '' ? '/' : input.path;
  const canonicalRequest = [input.method, path, query, canonicalHeaders, signedHeaders.join(';'), await sha256Hex(input.body)].join('\n');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonicalRequest)].join('\n');
  const kDate = await hmac('SHA-256', 'AWS4' + secret, date);
  const kRegion = await hmac('SHA-256', kDate, region);
  const kService = await hmac('SHA-256', kRegion, service);
  const kSigning = await hmac('SHA-256', kService, 'aws4_request');
  return toHex(await hmac('SHA-256', kSigning, stringToSign));
}

/** X-Amz-Date for a time in ms: yyyymmddThhmmssZ. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
