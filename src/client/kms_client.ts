// createKmsClient: the import APIs of each cloud over fetch, with the cloud's field
// names, optional request signing (TC3-HMAC-SHA256 / ACS3-HMAC-SHA256) and errors as
// ByokError carrying the cloud's code and request id (SPEC §3 "Wire formats").
import { ByokError } from '../errors.js';
import { toHex } from '../lib/bytes.js';
import { acs3Signature, sha256Hex, tc3Signature } from '../lib/cloud_signatures.js';
import { randomBytes } from '../lib/random.js';

/** The two clouds: Tencent Cloud KMS (API 3.0) and Alibaba Cloud KMS (2016-01-20). */
export type Cloud = 'tencent' | 'aliyun';

/** Options of {@link createKmsClient}. */
export interface KmsClientOptions {
  /** Which cloud's wire format to speak. */
  cloud: Cloud;
  /** Default: the cloud's public endpoint. In a browser, point it at your own backend (which adds real credentials). */
  endpoint?: string;
  /** Tencent X-TC-Region (default ap-guangzhou); Alibaba region for the default endpoint (default cn-hangzhou). */
  region?: string;
  /** When given, requests are signed here: TC3-HMAC-SHA256 (Tencent) or ACS3-HMAC-SHA256 (Alibaba). */
  credentials?: { id: string; secret: string };
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

/** Arguments of an action, with the cloud's own field names. */
export type Params = Record<string, string | number | boolean | undefined>;
/** A successful reply, with the cloud's own field names. */
export type Reply = Record<string, unknown> & { RequestId?: string };

/** Operation names as this client exposes them, mapped to each cloud's action. */
const ACTIONS = {
  createKey: { tencent: 'CreateKey', aliyun: 'CreateKey' },
  getParametersForImport: { tencent: 'GetParametersForImport', aliyun: 'GetParametersForImport' },
  importKeyMaterial: { tencent: 'ImportKeyMaterial', aliyun: 'ImportKeyMaterial' },
  deleteKeyMaterial: { tencent: 'DeleteImportedKeyMaterial', aliyun: 'DeleteKeyMaterial' },
  describeKey: { tencent: 'DescribeKey', aliyun: 'DescribeKey' },
  listKeys: { tencent: 'ListKeys', aliyun: 'ListKeys' },
  enableKey: { tencent: 'EnableKey', aliyun: 'EnableKey' },
  disableKey: { tencent: 'DisableKey', aliyun: 'DisableKey' },
  scheduleKeyDeletion: { tencent: 'ScheduleKeyDeletion', aliyun: 'ScheduleKeyDeletion' },
  cancelKeyDeletion: { tencent: 'CancelKeyDeletion', aliyun: 'CancelKeyDeletion' },
  encrypt: { tencent: 'Encrypt', aliyun: 'Encrypt' },
  decrypt: { tencent: 'Decrypt', aliyun: 'Decrypt' },
  getPublicKey: { tencent: 'GetPublicKey', aliyun: 'GetPublicKey' },
} as const;

/** What GetParametersForImport returns. */
export interface GetParametersForImportResult extends Reply {
  KeyId: string;
  /** The wrapping public key: base64 DER SubjectPublicKeyInfo. */
  PublicKey: string;
  /** The import token, valid 24 hours with this public key. */
  ImportToken: string;
  /** Tencent: unix seconds. */
  ParametersValidTo?: number;
  /** Alibaba: ISO 8601. */
  TokenExpireTime?: string;
}

/**
 * A client for one cloud's KMS import APIs. Arguments and results use the cloud's own
 * field names (Tencent `ValidTo`, Alibaba `KeyMaterialExpireUnix`, ...).
 */
export interface KmsClient {
  /** The cloud this client speaks to. */
  readonly cloud: Cloud;
  /** CreateKey (Tencent: `Alias`, `Type: 2` for external; Alibaba: `KeySpec`, `Origin: 'EXTERNAL'`). */
  createKey(params: Params): Promise<Reply>;
  /** GetParametersForImport: a wrapping public key and an import token. */
  getParametersForImport(params: { KeyId: string; WrappingAlgorithm: string; WrappingKeySpec: string }): Promise<GetParametersForImportResult>;
  /** ImportKeyMaterial (Tencent `ValidTo`, Alibaba `KeyMaterialExpireUnix`: unix seconds, 0 = never). */
  importKeyMaterial(params: { KeyId: string; EncryptedKeyMaterial: string; ImportToken: string; ValidTo?: number; KeyMaterialExpireUnix?: number }): Promise<Reply>;
  /** Tencent DeleteImportedKeyMaterial / Alibaba DeleteKeyMaterial. */
  deleteKeyMaterial(params: { KeyId: string }): Promise<Reply>;
  /** DescribeKey: `KeyMetadata` with the cloud's fields (`KeyState`, ...). */
  describeKey(params: { KeyId: string }): Promise<Reply & { KeyMetadata: Record<string, unknown> & { KeyId: string; KeyState: string } }>;
  /** ListKeys (Tencent `Offset`/`Limit`, Alibaba `PageNumber`/`PageSize`). */
  listKeys(params?: Params): Promise<Reply>;
  /** EnableKey. */
  enableKey(params: { KeyId: string }): Promise<Reply>;
  /** DisableKey. */
  disableKey(params: { KeyId: string }): Promise<Reply>;
  /** ScheduleKeyDeletion, 7–30 days. */
  scheduleKeyDeletion(params: { KeyId: string; PendingWindowInDays: number }): Promise<Reply>;
  /** CancelKeyDeletion. */
  cancelKeyDeletion(params: { KeyId: string }): Promise<Reply>;
  /** Encrypt (Tencent: base64 `Plaintext`; Alibaba: text). */
  encrypt(params: { KeyId: string; Plaintext: string; EncryptionContext?: string }): Promise<Reply & { CiphertextBlob: string }>;
  /** Decrypt. */
  decrypt(params: { CiphertextBlob: string; EncryptionContext?: string }): Promise<Reply & { Plaintext: string }>;
  /** GetPublicKey of an asymmetric key. */
  getPublicKey(params: { KeyId: string; KeyVersionId?: string }): Promise<Reply & { PublicKey: string }>;
  /** Any other action of the cloud's KMS API, with its own arguments. */
  request(action: string, params?: Params): Promise<Reply>;
}

/** @internal The clock and nonce a request is signed with (tests fix them). */
export interface ClientSeams {
  now?: () => number;
  nonce?: () => string;
}

export const TENCENT_VERSION = '2019-01-18';
export const ALIYUN_VERSION = '2016-01-20';

/**
 * A client for one cloud's KMS, over `fetch`.
 *
 * @example
 * const kms = createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
 * const { KeyId } = await kms.createKey({ Alias: 'byok', Type: 2 });
 */
export function createKmsClient(options: KmsClientOptions): KmsClient {
  return createKmsClientWith(options, {});
}

/** @internal createKmsClient with its clock and nonce injected (tests only). */
export function createKmsClientWith(options: KmsClientOptions, seams: ClientSeams): KmsClient {
  if (typeof options !== 'object' || options === null || (options.cloud !== 'tencent' && options.cloud !== 'aliyun')) {
    throw new ByokError('ERR_INVALID_ARGUMENT', "createKmsClient needs { cloud: 'tencent' | 'aliyun' }");
  }
  const { cloud } = options;
  const region = options.region ?? (cloud === 'tencent' ? 'ap-guangzhou' : 'cn-hangzhou');
  const endpoint = options.endpoint ?? (cloud === 'tencent' ? 'https://kms.tencentcloudapi.com/' : `https://kms.${region}.aliyuncs.com/`);
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const now = seams.now ?? (() => Date.now());
  const nonce = seams.nonce ?? (() => toHex(randomBytes(16)));
  const send = cloud === 'tencent' ? tencentRequest : aliyunRequest;
  const request = (action: string, params: Params = {}) =>
    send({ endpoint, region, credentials: options.credentials, fetch: doFetch, now, nonce }, action, params);
  const client = { cloud, request } as KmsClient & Record<string, unknown>;
  for (const [name, actions] of Object.entries(ACTIONS)) {
    client[name] = (params: Params = {}) => request(actions[cloud], params);
  }
  return client;
}

interface Transport {
  endpoint: string;
  region: string;
  credentials: { id: string; secret: string } | undefined;
  fetch: typeof fetch;
  now: () => number;
  nonce: () => string;
}

function absolute(endpoint: string): URL {
  const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  return new URL(endpoint, base);
}

async function call(t: Transport, url: URL, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await t.fetch(url.href, init);
  } catch (cause) {
    throw new ByokError('ERR_NETWORK', `the KMS endpoint ${url.origin} could not be reached`, { cause });
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch (cause) {
    throw new ByokError('ERR_NETWORK', `the KMS endpoint answered HTTP ${response.status} with something that is not the KMS API's JSON`, {
      cause,
      status: response.status,
    });
  }
}

function kmsError(code: string, message: string, requestId: string | undefined, status: number): ByokError {
  return new ByokError('ERR_KMS', `${code}: ${message}`, { kmsCode: code, status, ...(requestId ? { requestId } : {}) });
}

/** Tencent Cloud API 3.0: POST JSON, X-TC-* headers, HTTP 200 envelopes. */
async function tencentRequest(t: Transport, action: string, params: Params): Promise<Reply> {
  const url = absolute(t.endpoint);
  const body = JSON.stringify(params);
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
    const signature = await tc3Signature(
      t.credentials.secret,
      { method: 'POST', host: url.hostname, path: url.pathname, query: url.search.slice(1), headers: new Headers(headers), body },
      signed,
      timestamp,
      'kms',
    );
    headers.authorization = `TC3-HMAC-SHA256 Credential=${t.credentials.id}/${date}/kms/tc3_request, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  }
  const { status, body: reply } = await call(t, url, { method: 'POST', headers, body });
  const response = (reply as { Response?: Reply & { Error?: { Code: string; Message: string } } }).Response;
  if (!response || typeof response !== 'object') {
    throw new ByokError('ERR_NETWORK', `the endpoint answered HTTP ${status} without a Tencent Cloud API envelope`, { status });
  }
  if (response.Error) throw kmsError(response.Error.Code, response.Error.Message, response.RequestId, status);
  return response;
}

/** Alibaba RPC (2016-01-20) with ACS3-HMAC-SHA256: arguments in the query, action in x-acs-action. */
async function aliyunRequest(t: Transport, action: string, params: Params): Promise<Reply> {
  const url = absolute(t.endpoint);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = {
    'x-acs-action': action,
    'x-acs-version': ALIYUN_VERSION,
    'x-acs-date': new Date(t.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': t.nonce(),
    'x-acs-content-sha256': await sha256Hex(''),
    accept: 'application/json',
  };
  if (t.credentials) {
    const signed = ['host', ...Object.keys(headers).filter((h) => h.startsWith('x-acs-')).sort()];
    const signature = await acs3Signature(
      t.credentials.secret,
      { method: 'POST', path: url.pathname, query: url.searchParams, host: url.host, headers: new Headers(headers), body: new Uint8Array(0) },
      signed,
    );
    headers.authorization = `ACS3-HMAC-SHA256 Credential=${t.credentials.id},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  }
  const { status, body } = await call(t, url, { method: 'POST', headers });
  const reply = body as Reply & { Code?: string; Message?: string };
  if (status >= 400) {
    throw kmsError(String(reply.Code ?? `HTTP${status}`), String(reply.Message ?? ''), reply.RequestId, status);
  }
  return reply;
}
