// Verifying the clouds' request signatures (SPEC §3 "Signatures"): who signed, whether
// the signature matches (lib/cloud_signatures.ts computes it), and whether it is fresh.
import { equalBytes } from '../lib/bytes.js';
import { acs3Signature, rpcSignature, sha256Hex, tc3Signature, type Acs3Input, type Tc3Input } from '../lib/cloud_signatures.js';
import { fail } from './kms_error.js';

/** An access key the mocked KMS accepts signatures from. */
export interface Credential {
  /** Tencent SecretId / Alibaba AccessKeyId. */
  id: string;
  /** Tencent SecretKey / Alibaba AccessKeySecret. */
  secret: string;
}

export const SIGNATURE_FRESHNESS_MS = 5 * 60 * 1000;

const utf8 = (s: string) => new TextEncoder().encode(s);

function credentialFor(credentials: Credential[], id: string): Credential {
  return credentials.find((c) => c.id === id) ?? fail('AccessKeyNotFound', `unknown access key id ${id}`);
}

function requireFresh(signedAtMs: number, now: number): void {
  if (!Number.isFinite(signedAtMs) || Math.abs(now - signedAtMs) > SIGNATURE_FRESHNESS_MS) {
    fail('SignatureExpired', 'the request signature is more than 5 minutes away from the server time');
  }
}

// ---- Tencent Cloud API 3.0: TC3-HMAC-SHA256 ----

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
