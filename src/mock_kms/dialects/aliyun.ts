// Alibaba Cloud KMS 2016-01-20, RPC style: arguments in the query (kms20160120) or a form
// body (pop-core), the action in Action and/or x-acs-action; signed with RPC HMAC-SHA1 or
// ACS3-HMAC-SHA256; flat JSON on success, HTTP 4xx/5xx {Code, Message, RequestId} on
// error, state refusals as in "Impact of key states on API operations" (SPEC §3, §5).
// The actions are the rows of ./aliyun/*.ts, one file per part of the API reference;
// docs/rules/aliyun.md lists each rule they enforce and its source.
import { ALIYUN_KMS_ACTIONS } from '../../client/models/aliyun.js';
import { fail } from '../kms_error.js';
import { verifyAcs3, verifyRpcSignature } from '../signatures.js';
import { handle, NoSuchHost, type ActionTable, type Dialect, type DialectContext } from '../wire/dialect.js';
import { ALIAS_ROWS } from './aliyun/aliases.js';
import { ASYMMETRIC_ROWS } from './aliyun/asymmetric.js';
import { ALIYUN_DEFAULT_REGION, ALIYUN_VERSION, CODES, resolveAliyunKey, stateError } from './aliyun/common.js';
import { IMPORT_ROWS } from './aliyun/import.js';
import { LIFECYCLE_ROWS } from './aliyun/lifecycle.js';
import { ALIYUN_REGIONS, SERVICE_ROWS } from './aliyun/service.js';
import { SYMMETRIC_ROWS } from './aliyun/symmetric.js';
import { TAG_ROWS } from './aliyun/tags.js';
import { VERSION_ROWS } from './aliyun/versions.js';

export { ALIYUN_DEFAULT_REGION, ALIYUN_KEY_SPECS, ALIYUN_VERSION, aliyunArn, aliyunMetadata, context } from './aliyun/common.js';
export { ALIYUN_REGIONS } from './aliyun/service.js';

const isAliyunRegion = (region: string) => (ALIYUN_REGIONS as readonly string[]).includes(region);

/** Every action this dialect answers; the API's other actions (secrets) answer "not implemented". */
export const ALIYUN_ACTIONS: ActionTable = {
  ...LIFECYCLE_ROWS,
  ...IMPORT_ROWS,
  ...ALIAS_ROWS,
  ...TAG_ROWS,
  ...SYMMETRIC_ROWS,
  ...ASYMMETRIC_ROWS,
  ...VERSION_ROWS,
  ...SERVICE_ROWS,
};

function respond(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ ...body, RequestId: crypto.randomUUID() }), { status, headers: { 'content-type': 'application/json' } });
}

const HOST = /^kms(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com$/;
/** SDK 1.2.0 flattens a map argument (`EncryptionContext.k=v`); the service takes one JSON string. */
const MAP_ARGUMENTS = ['EncryptionContext', 'SourceEncryptionContext', 'DestinationEncryptionContext'];

export const ALIYUN_DIALECT: Dialect = {
  cloud: 'aliyun',
  wire: 'rpc',
  table: ALIYUN_ACTIONS,
  known: ALIYUN_KMS_ACTIONS,
  async parse(ctx: DialectContext, request: Request, raw: Uint8Array) {
    const url = new URL(request.url);
    const params = new Map<string, string>(url.searchParams);
    if (raw.length > 0 && (request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(new TextDecoder().decode(raw))) params.set(k, v);
    }
    const action = request.headers.get('x-acs-action') ?? params.get('Action');
    if (!action) fail('MissingParameter', 'the Action parameter is missing');
    if (ctx.credentials) {
      const auth = request.headers.get('authorization') ?? '';
      if (auth.startsWith('ACS3-HMAC-SHA256')) {
        await verifyAcs3(ctx.credentials, { method: request.method, path: url.pathname, query: url.searchParams, host: url.host, headers: request.headers, body: raw }, ctx.now(), ctx.nonces);
      } else {
        await verifyRpcSignature(ctx.credentials, request.method, params, ctx.now(), ctx.nonces);
      }
    }
    const version = request.headers.get('x-acs-version') ?? params.get('Version');
    if (version !== ALIYUN_VERSION) fail('UnsupportedVersion', `the API version ${version ?? '(none)'} is not KMS's ${ALIYUN_VERSION}`);
    const hostRegion = HOST.exec(url.hostname)?.[1];
    if (hostRegion !== undefined && !isAliyunRegion(hostRegion)) throw new NoSuchHost(url.hostname);
    const region = hostRegion ?? params.get('RegionId') ?? ALIYUN_DEFAULT_REGION;
    if (!isAliyunRegion(region)) fail('UnsupportedRegion', `The specified RegionId ${region} does not exist or KMS is not available there.`);
    const args: Record<string, unknown> = Object.fromEntries(params);
    for (const name of MAP_ARGUMENTS) {
      const flat = [...params].filter(([k]) => k.startsWith(`${name}.`));
      if (flat.length > 0 && !params.has(name)) args[name] = JSON.stringify(Object.fromEntries(flat.map(([k, v]) => [k.slice(name.length + 1), v])));
    }
    return { action, region, raw: args };
  },
  stateError,
  resolveKey: resolveAliyunKey,
  ok: (body) => respond(200, body),
  error: (e) => {
    const [code, status] = CODES[e.kind];
    return respond(e.kind === 'InvalidState' ? 409 : status, { Code: e.code ?? code, Message: e.message });
  },
};

export const handleAliyun = (ctx: DialectContext, request: Request) => handle(ALIYUN_DIALECT, ctx, request);
