// createKmsClient: each cloud's KMS API over fetch, with the cloud's own field names and
// replies typed from the cloud's SDK models (src/client/models/, generated), optional
// request signing (TC3-HMAC-SHA256, ACS3-HMAC-SHA256, SigV4), and errors as ByokError
// carrying the cloud's code and request id (SPEC §3 "Wire formats", §5 AWS).
import { ByokError } from '../errors.js';
import { toHex } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { send, type Cloud, type Reply, type Transport } from './clouds.js';
import { ALIYUN_KMS_ACTIONS, type AliyunKmsApi } from './models/aliyun.js';
import { AWS_KMS_ACTIONS, type AwsKmsApi } from './models/aws.js';
import { TENCENT_KMS_ACTIONS, type TencentKmsApi } from './models/tencent.js';
import { ALIYUN_PROMISES, AWS_PROMISES, TENCENT_PROMISES, type Promised } from './promised.js';
import { checkSignal, type CallOptions } from './transport.js';

export type { Cloud } from './clouds.js';
export type { CallOptions } from './transport.js';

/** Options of {@link createKmsClient}. */
export interface KmsClientOptions<C extends Cloud = Cloud> {
  /** Which cloud's wire format to speak: Tencent Cloud API 3.0, Alibaba RPC 2016-01-20, or AWS JSON 1.1. */
  cloud: C;
  /** Default: the cloud's public endpoint. In a browser, point it at your own backend (which adds real credentials). */
  endpoint?: string;
  /** Tencent X-TC-Region (default ap-guangzhou); Alibaba and AWS region of the default endpoint and of SigV4 (default cn-hangzhou / us-east-1). */
  region?: string;
  /** When given, requests are signed here: TC3-HMAC-SHA256, ACS3-HMAC-SHA256 or SigV4. Printable ASCII only. */
  credentials?: { id: string; secret: string; sessionToken?: string };
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Give up on a request after this many ms (default 30000): ERR_TIMEOUT. */
  timeoutMs?: number;
}

interface Apis {
  tencent: TencentKmsApi;
  aliyun: AliyunKmsApi;
  aws: AwsKmsApi;
}
interface PromiseTables {
  tencent: typeof TENCENT_PROMISES;
  aliyun: typeof ALIYUN_PROMISES;
  aws: typeof AWS_PROMISES;
}

/** An action of a cloud's KMS API, e.g. `'DescribeKey'`. */
export type KmsAction<C extends Cloud> = keyof Apis[C] & string;
/** The arguments of an action, with the cloud's field names (from its SDK's model). */
export type KmsRequest<C extends Cloud, A extends KmsAction<C>> = Apis[C][A] extends { request: infer R } ? R : never;
/**
 * The reply of an action: the cloud SDK model's fields, with those the cloud always
 * returns (checked before the reply is handed over) made required, and the request id.
 */
export type KmsReply<C extends Cloud, A extends KmsAction<C>> = (Apis[C][A] extends { response: infer R } ? R : never) &
  (A extends keyof PromiseTables[C] ? Promised<PromiseTables[C][A]> : unknown) &
  (C extends 'aws' ? { RequestId?: string } : { RequestId: string });

type Method<C extends Cloud, A extends KmsAction<C>> = {} extends KmsRequest<C, A>
  ? (params?: KmsRequest<C, A>, options?: CallOptions) => Promise<KmsReply<C, A>>
  : (params: KmsRequest<C, A>, options?: CallOptions) => Promise<KmsReply<C, A>>;

/** One method per action of the cloud's API, named in camelCase: `describeKey`, `listKeyDetail`, `getParametersForImport`, ... */
export type KmsMethods<C extends Cloud> = { [A in KmsAction<C> as Uncapitalize<A>]: Method<C, A> };

/** The action that deletes imported material, named differently by each cloud. */
type DeleteMaterialAction<C extends Cloud> = C extends 'aliyun' ? 'DeleteKeyMaterial' : 'DeleteImportedKeyMaterial' & KmsAction<C>;

/**
 * A client for one cloud's KMS. Every action of the cloud's API is a method (camelCase)
 * taking the cloud's own field names and an optional `{ signal }`; replies are typed.
 */
export type KmsClientFor<C extends Cloud> = C extends Cloud ? ClientOf<C> : never;

type ClientOf<C extends Cloud> = KmsMethods<C> & {
  /** The cloud this client speaks to. */
  readonly cloud: C;
  /** Tencent DeleteImportedKeyMaterial / Alibaba DeleteKeyMaterial / AWS DeleteImportedKeyMaterial, under one name. */
  deleteKeyMaterial: Method<C, DeleteMaterialAction<C> & KmsAction<C>>;
  /** Any action by name, e.g. one newer than this library's models. */
  request<A extends KmsAction<C>>(action: A, params?: KmsRequest<C, A>, options?: CallOptions): Promise<KmsReply<C, A>>;
  request(action: string, params?: Record<string, unknown>, options?: CallOptions): Promise<Reply>;
};

/** A client of any cloud, as {@link importKeyMaterial} takes it. */
export type KmsClient = KmsClientFor<'tencent'> | KmsClientFor<'aliyun'> | KmsClientFor<'aws'>;

/** @internal The clock and nonce a request is signed with (tests fix them). */
export interface ClientSeams {
  now?: () => number;
  nonce?: () => string;
}

const CLOUDS: Record<Cloud, { actions: readonly string[]; promises: Transport['promises']; region: string; endpoint: (region: string) => string; deleteMaterial: string }> = {
  tencent: { actions: TENCENT_KMS_ACTIONS, promises: TENCENT_PROMISES, region: 'ap-guangzhou', endpoint: () => 'https://kms.tencentcloudapi.com/', deleteMaterial: 'DeleteImportedKeyMaterial' },
  aliyun: { actions: ALIYUN_KMS_ACTIONS, promises: ALIYUN_PROMISES, region: 'cn-hangzhou', endpoint: (r) => `https://kms.${r}.aliyuncs.com/`, deleteMaterial: 'DeleteKeyMaterial' },
  // China regions (cn-north-1, cn-northwest-1) are served under amazonaws.com.cn.
  aws: { actions: AWS_KMS_ACTIONS, promises: AWS_PROMISES, region: 'us-east-1', endpoint: (r) => `https://kms.${r}.amazonaws.com${r.startsWith('cn-') ? '.cn' : ''}/`, deleteMaterial: 'DeleteImportedKeyMaterial' },
};

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A client for one cloud's KMS, over `fetch`. Redirects are refused, every request times
 * out (timeoutMs), every method takes `{ signal }` last, and every reply is checked.
 *
 * @example
 * const kms = createKmsClient({ cloud: 'tencent', endpoint: '/api/kms' });
 * const { KeyId } = await kms.createKey({ Alias: 'byok', Type: 2 });
 * const { KeyMetadata } = await kms.describeKey({ KeyId });
 * if (KeyMetadata.KeyState === 'PendingImport') showImportButton();
 */
export function createKmsClient<C extends Cloud>(options: KmsClientOptions<C>): KmsClientFor<C> {
  return createKmsClientWith(options, {});
}

/** @internal createKmsClient with its clock and nonce injected (tests only). */
export function createKmsClientWith<C extends Cloud>(options: KmsClientOptions<C>, seams: ClientSeams): KmsClientFor<C> {
  if (typeof options !== 'object' || options === null || !Object.hasOwn(CLOUDS, options.cloud as string)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', "createKmsClient needs { cloud: 'tencent' | 'aliyun' | 'aws' }");
  }
  const { cloud } = options;
  const spec = CLOUDS[cloud];
  const region = options.region ?? spec.region;
  if (typeof region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(region)) throw new ByokError('ERR_INVALID_ARGUMENT', 'region must be a region id such as ap-guangzhou, cn-hangzhou or us-east-1');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ByokError('ERR_INVALID_ARGUMENT', 'timeoutMs must be a positive number of milliseconds');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new ByokError('ERR_INVALID_ARGUMENT', 'fetch must be a function');
  if (options.credentials !== undefined) checkCredentials(options.credentials);
  const transport: Transport = {
    cloud,
    url: endpointUrl(options.endpoint ?? spec.endpoint(region)),
    region,
    credentials: options.credentials,
    fetch: options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
    timeoutMs,
    now: seams.now ?? (() => Date.now()),
    nonce: seams.nonce ?? (() => toHex(randomBytes(16))),
    promises: spec.promises,
  };
  const request = (action: unknown, params: unknown = {}, callOptions: CallOptions = {}) => {
    if (typeof action !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,127}$/.test(action)) throw new ByokError('ERR_INVALID_ARGUMENT', 'the action must be an API action name such as DescribeKey');
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ByokError('ERR_INVALID_ARGUMENT', `the ${action} arguments must be an object`);
    if (typeof callOptions !== 'object' || callOptions === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'the last argument must be { signal }');
    return send(transport, action, params, checkSignal(callOptions.signal, `the ${action} { signal }`));
  };
  // Methods are plain functions closing over `request`, so they survive destructuring.
  const call =
    (action: string) =>
    (params?: unknown, callOptions?: CallOptions): Promise<Reply> => {
      try {
        return request(action, params, callOptions);
      } catch (e) {
        return Promise.reject(e);
      }
    };
  const client: Record<string, unknown> = { cloud, request: (a: unknown, p?: unknown, o?: CallOptions) => call(a as string)(p, o) };
  for (const action of spec.actions) client[action[0]!.toLowerCase() + action.slice(1)] = call(action);
  client.deleteKeyMaterial = call(spec.deleteMaterial);
  return Object.freeze(client) as unknown as KmsClientFor<C>;
}

function endpointUrl(endpoint: unknown): URL {
  if (typeof endpoint !== 'string' || endpoint === '') throw new ByokError('ERR_INVALID_ARGUMENT', 'endpoint must be a URL or a path such as /api/kms');
  let url: URL;
  try {
    url = new URL(endpoint, typeof location === 'undefined' ? 'http://localhost/' : location.href);
  } catch (cause) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'endpoint must be a URL or a path such as /api/kms', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ByokError('ERR_INVALID_ARGUMENT', 'endpoint must be an http(s) URL');
  if (url.username || url.password) throw new ByokError('ERR_INVALID_ARGUMENT', 'endpoint must not carry a user name or password');
  return url;
}

/** Printable ASCII only (issue 11.11): anything else cannot be a cloud access key and would break signing. */
function checkCredentials(credentials: unknown): void {
  const c = credentials as Record<string, unknown>;
  if (typeof c !== 'object' || c === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'credentials must be { id, secret }');
  for (const field of ['id', 'secret', 'sessionToken'] as const) {
    const v = c[field];
    if (field === 'sessionToken' && v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw new ByokError('ERR_INVALID_ARGUMENT', `credentials.${field} must be a non-empty string`);
    // Never echo the value: only say what is wrong with it.
    if (!/^[\x21-\x7e]+$/.test(v)) throw new ByokError('ERR_INVALID_ARGUMENT', `credentials.${field} contains a space, a control character or a non-ASCII character: copy the access key again`);
  }
}
