// Tencent Cloud KMS, API 2019-01-18 over API 3.0: POST JSON, the action in X-TC-Action,
// TC3-HMAC-SHA256, HTTP 200 envelopes {"Response": {…, "RequestId"}} with the error codes
// of tencentcloud-sdk-go kms/v20190118/errors.go (SPEC §3, §5). The wire lives here; the
// actions, one row each, read like the API reference in tencent/*_actions.ts, and every
// rule they enforce is listed with its source in docs/rules/tencent.md.
import { TENCENT_KMS_ACTIONS } from '../../client/models/tencent.js';
import { fail, type KmsErrorKind } from '../kms_error.js';
import { verifyTc3 } from '../signatures.js';
import { handle, type ActionTable, type Dialect, type DialectContext } from '../wire/dialect.js';
import { ASYMMETRIC_ACTIONS } from './tencent/asymmetric_actions.js';
import { stateError } from './tencent/common.js';
import { DATA_ACTIONS } from './tencent/data_actions.js';
import { IMPORT_ACTIONS } from './tencent/import_actions.js';
import { KEY_ACTIONS } from './tencent/key_actions.js';
import { SERVICE_ACTIONS, TENCENT_REGIONS } from './tencent/service_actions.js';

export { pem, TENCENT_KEY_USAGES, TENCENT_STATE, tencentMetadata } from './tencent/common.js';
export { TENCENT_REGIONS } from './tencent/service_actions.js';

export const TENCENT_VERSION = '2019-01-18';

/** The cloud's code for each refusal kind, where a row names none of its own (errors.go, API 3.0 common errors). */
const CODES: Record<KmsErrorKind, string> = {
  MissingParameter: 'MissingParameter',
  MalformedParameter: 'InvalidParameter',
  InvalidParameter: 'InvalidParameterValue',
  UnknownParameter: 'UnknownParameter',
  UnknownAction: 'InvalidAction',
  NotImplemented: 'UnsupportedOperation',
  UnsupportedVersion: 'NoSuchVersion',
  UnsupportedRegion: 'UnsupportedRegion',
  RequestTooLarge: 'RequestSizeLimitExceeded',
  KeyNotFound: 'ResourceUnavailable.CmkNotFound',
  AliasNotFound: 'ResourceUnavailable.CmkNotFound',
  AliasExists: 'InvalidParameterValue.AliasAlreadyExists',
  KeyVersionNotFound: 'ResourceUnavailable.CmkNotFound',
  InvalidState: 'ResourceUnavailable.CmkStateNotSupport',
  NotExternal: 'UnsupportedOperation.NotExternalCmk',
  TokenExpired: 'ResourceUnavailable.TokenExpired',
  // errors.go has no import-token code: a token of another key is a bad value (docs/rules/tencent.md).
  TokenInvalid: 'InvalidParameterValue',
  DecryptMaterialFailed: 'InvalidParameter.DecryptMaterialError',
  MaterialMismatch: 'InvalidParameterValue.MaterialNotMatch',
  InvalidCiphertext: 'InvalidParameterValue.InvalidCiphertext',
  InvalidKeyUsage: 'InvalidParameterValue.InvalidKeyUsage',
  UnsupportedOperation: 'UnsupportedOperation',
  LimitExceeded: 'LimitExceeded.CmkLimitExceeded',
  SignatureFailure: 'AuthFailure.SignatureFailure',
  SignatureExpired: 'AuthFailure.SignatureExpire',
  SignatureNonceUsed: 'AuthFailure.SignatureFailure',
  AccessKeyNotFound: 'AuthFailure.SecretIdNotFound',
  Throttled: 'RequestLimitExceeded',
  InternalError: 'InternalError',
};

/** Every implemented action of API 2019-01-18; the rest of TENCENT_KMS_ACTIONS answers "not implemented". */
export const TENCENT_ACTIONS: ActionTable = { ...KEY_ACTIONS, ...IMPORT_ACTIONS, ...DATA_ACTIONS, ...ASYMMETRIC_ACTIONS, ...SERVICE_ACTIONS };

function envelope(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ Response: { ...body, RequestId: crypto.randomUUID() } }), { status: 200, headers: { 'content-type': 'application/json' } });
}

export const TENCENT_DIALECT: Dialect = {
  cloud: 'tencent',
  wire: 'json',
  table: TENCENT_ACTIONS,
  known: TENCENT_KMS_ACTIONS,
  strict: true,
  async parse(ctx: DialectContext, request: Request, raw: Uint8Array) {
    const url = new URL(request.url);
    const action = request.headers.get('x-tc-action');
    if (!action) fail('MissingParameter', 'the X-TC-Action header is missing');
    const body = new TextDecoder().decode(raw);
    if (ctx.credentials) {
      await verifyTc3(ctx.credentials, { method: request.method, host: url.hostname, path: url.pathname, query: url.search.slice(1), headers: request.headers, body }, ctx.now());
    }
    const version = request.headers.get('x-tc-version');
    if (version !== TENCENT_VERSION) fail('UnsupportedVersion', `the API version ${version ?? '(none)'} does not exist; KMS is ${TENCENT_VERSION}`);
    const region = request.headers.get('x-tc-region');
    if (!region) fail('MissingParameter', 'the X-TC-Region header (Region) is missing');
    if (!(TENCENT_REGIONS as readonly string[]).includes(region)) fail('UnsupportedRegion', `KMS does not serve the region ${region}`);
    let args: unknown;
    try {
      args = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      fail('MalformedParameter', 'the request body is not valid JSON');
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) fail('MalformedParameter', 'the request body must be a JSON object');
    return { action, region, raw: args as Record<string, unknown> };
  },
  stateError,
  resolveKey: (service, region, ref) => service.key('tencent', region, ref),
  ok: envelope,
  error: (e) => envelope({ Error: { Code: e.code ?? CODES[e.kind], Message: e.message } }),
};

export const handleTencent = (ctx: DialectContext, request: Request) => handle(TENCENT_DIALECT, ctx, request);
