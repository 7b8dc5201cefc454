// Verifying the clouds' request signatures (SPEC §3 "Signatures", issue 11.12): who signed,
// whether the signature matches (lib/cloud_signatures.ts computes it), whether it is fresh
// by each cloud's own window, that its scope and signed headers are exactly what the
// cloud requires, and that an Alibaba nonce is used once.
import { equalBytes } from '../lib/bytes.js';
import { acs3Signature, rpcSignature, sha256Hex, sigV4Signature, tc3Signature, type Acs3Input, type SigV4Input, type Tc3Input } from '../lib/cloud_signatures.js';
import { fail } from './kms_error.js';

/** An access key the mocked KMS accepts signatures from. */
export interface Credential {
  /** Tencent SecretId / Alibaba AccessKeyId / AWS access key id. */
  id: string;
  /** Tencent SecretKey / Alibaba AccessKeySecret / AWS secret access key. */
  secret: string;
}

/** Tencent API 3.0 and AWS SigV4: 5 minutes either way (SPEC §5). */
export const TENCENT_WINDOW_MS = 5 * 60 * 1000;
export const AWS_WINDOW_MS = 5 * 60 * 1000;
/** Alibaba RPC and ACS3: 15 minutes (SPEC §5). */
export const ALIYUN_WINDOW_MS = 15 * 60 * 1000;

const utf8 = (s: string) => new TextEncoder().encode(s);
const same = (a: string, b: string) => equalBytes(utf8(a), utf8(b));

function credentialFor(credentials: Credential[], id: string): Credential {
  return credentials.find((c) => c.id === id) ?? fail('AccessKeyNotFound', `the access key id ${id} does not exist`);
}

function requireFresh(signedAtMs: number, now: number, windowMs: number): void {
  if (!Number.isFinite(signedAtMs) || Math.abs(now - signedAtMs) > windowMs) {
    fail('SignatureExpired', `the request time is more than ${windowMs / 60000} minutes away from the server's`);
  }
}

/** A nonce is accepted once within the window it could be replayed in. */
function requireNewNonce(nonces: Map<string, number>, nonce: string, now: number, windowMs: number): void {
  for (const [n, until] of nonces) if (until <= now) nonces.delete(n);
  if (nonces.has(nonce)) fail('SignatureNonceUsed', 'the SignatureNonce has been used already');
  nonces.set(nonce, now + 2 * windowMs);
}

// ---- Tencent Cloud API 3.0: TC3-HMAC-SHA256 ----

const TC3_RE = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function verifyTc3(credentials: Credential[], input: Tc3Input, now: number): Promise<void> {
  const m = TC3_RE.exec(input.headers.get('authorization') ?? '');
  if (!m) return fail('SignatureFailure', 'the Authorization header is missing or is not TC3-HMAC-SHA256');
  const [, id, date, service, signed, signature] = m as unknown as [string, string, string, string, string, string];
  const timestamp = Number(input.headers.get('x-tc-timestamp'));
  requireFresh(timestamp * 1000, now, TENCENT_WINDOW_MS);
  // The credential scope is exactly <UTC date of X-TC-Timestamp>/kms/tc3_request.
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) fail('SignatureFailure', 'the credential scope date is not the UTC date of X-TC-Timestamp');
  if (service !== 'kms') fail('SignatureFailure', `the credential scope names the service ${service}, not kms`);
  const headers = signed.split(';');
  if (!headers.includes('content-type') || !headers.includes('host')) fail('SignatureFailure', 'SignedHeaders must include content-type and host');
  const { secret } = credentialFor(credentials, id);
  const expected = await tc3Signature(secret, input, headers, timestamp, service);
  if (!same(expected, signature)) fail('SignatureFailure', 'the request signature does not match');
}

// ---- Alibaba RPC, legacy: SignatureMethod=HMAC-SHA1, SignatureVersion=1.0 ----

export async function verifyRpcSignature(credentials: Credential[], method: string, params: Map<string, string>, now: number, nonces: Map<string, number>): Promise<void> {
  const id = params.get('AccessKeyId');
  const signature = params.get('Signature');
  if (!id || !signature) return fail('SignatureFailure', 'the request is not signed (AccessKeyId and Signature are required)');
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') fail('SignatureFailure', 'SignatureMethod must be HMAC-SHA1');
  requireFresh(Date.parse(params.get('Timestamp') ?? ''), now, ALIYUN_WINDOW_MS);
  const { secret } = credentialFor(credentials, id);
  const expected = await rpcSignature(secret, method, params);
  if (!same(expected, signature)) fail('SignatureFailure', 'the request signature does not match');
  const nonce = params.get('SignatureNonce');
  if (!nonce) fail('MissingParameter', 'SignatureNonce is required');
  requireNewNonce(nonces, nonce, now, ALIYUN_WINDOW_MS);
}

// ---- Alibaba ACS3-HMAC-SHA256 (V3 signature) ----

const ACS3_RE = /^ACS3-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

export async function verifyAcs3(credentials: Credential[], input: Acs3Input, now: number, nonces: Map<string, number>): Promise<void> {
  const m = ACS3_RE.exec(input.headers.get('authorization') ?? '');
  if (!m) return fail('SignatureFailure', 'the Authorization header is not ACS3-HMAC-SHA256');
  const [, id, signed, signature] = m as unknown as [string, string, string, string];
  requireFresh(Date.parse(input.headers.get('x-acs-date') ?? ''), now, ALIYUN_WINDOW_MS);
  // SignedHeaders: exactly host, content-type when sent, and every x-acs-* header sent, sorted.
  const wanted = ['host', ...[...input.headers.keys()].filter((h) => h.startsWith('x-acs-') || h === 'content-type')].sort();
  if (signed !== [...new Set(wanted)].join(';')) fail('SignatureFailure', 'SignedHeaders must list host, content-type and every x-acs-* header, sorted');
  // The body must be what the signer hashed.
  if (input.headers.get('x-acs-content-sha256') !== (await sha256Hex(input.body))) fail('SignatureFailure', 'x-acs-content-sha256 does not match the body');
  const { secret } = credentialFor(credentials, id);
  const expected = await acs3Signature(secret, input, signed.split(';'));
  if (!same(expected, signature)) fail('SignatureFailure', 'the request signature does not match');
  const nonce = input.headers.get('x-acs-signature-nonce');
  if (!nonce) fail('MissingParameter', 'x-acs-signature-nonce is required');
  requireNewNonce(nonces, nonce, now, ALIYUN_WINDOW_MS);
}

// ---- AWS Signature Version 4 ----

const SIGV4_RE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Verifies SigV4 for `service`; returns the region of the credential scope. */
export async function verifySigV4(credentials: Credential[], input: SigV4Input, now: number, service: string): Promise<string> {
  const m = SIGV4_RE.exec(input.headers.get('authorization') ?? '');
  if (!m) return fail('SignatureFailure', 'the Authorization header is missing or is not AWS4-HMAC-SHA256');
  const [, id, date, region, scopeService, signed, signature] = m as unknown as [string, string, string, string, string, string, string];
  const amzDate = input.headers.get('x-amz-date') ?? '';
  const at = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!at) return fail('SignatureFailure', 'X-Amz-Date is missing or malformed');
  requireFresh(Date.UTC(+at[1]!, +at[2]! - 1, +at[3]!, +at[4]!, +at[5]!, +at[6]!), now, AWS_WINDOW_MS);
  if (amzDate.slice(0, 8) !== date) fail('SignatureFailure', 'the credential scope date is not the date of X-Amz-Date');
  if (scopeService !== service) fail('SignatureFailure', `the credential scope names the service ${scopeService}, not ${service}`);
  const headers = signed.split(';');
  if (!headers.includes('host')) fail('SignatureFailure', 'SignedHeaders must include host');
  const { secret } = credentialFor(credentials, id);
  const expected = await sigV4Signature(secret, input, headers, amzDate, region, service);
  if (!same(expected, signature)) fail('SignatureFailure', 'the request signature does not match');
  return region;
}
