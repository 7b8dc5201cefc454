// Tencent Cloud API 3.0 (KMS 2019-01-18): POST JSON, action in X-TC-Action, HTTP 200
// envelopes {"Response":{...,"RequestId"}} with the cloud's error codes (SPEC §3).
import { toBase64 } from '../../lib/bytes.js';
import { KmsError, fail, type KeyState, type KmsErrorKind } from '../kms_error.js';
import type { KeyRecord } from '../store.js';
import { verifyTc3 } from '../signatures.js';
import { base64Arg, injectFaults, int, optInt, optStr, str, type Args, type DialectContext } from './common.js';

const CODES: Record<KmsErrorKind, string> = {
  MissingParameter: 'MissingParameter',
  InvalidParameter: 'InvalidParameterValue',
  UnknownAction: 'InvalidAction',
  KeyNotFound: 'ResourceUnavailable.CmkNotFound',
  InvalidState: 'ResourceUnavailable.CmkStateNotSupport',
  NotExternal: 'UnsupportedOperation.NotExternalCmk',
  TokenExpired: 'ResourceUnavailable.TokenExpired',
  TokenInvalid: 'InvalidParameterValue.InvalidImportToken',
  DecryptMaterialFailed: 'InvalidParameter.DecryptMaterialError',
  MaterialMismatch: 'InvalidParameterValue.MaterialNotMatch',
  InvalidCiphertext: 'InvalidParameter.DecryptError',
  UnsupportedOperation: 'UnsupportedOperation',
  SignatureFailure: 'AuthFailure.SignatureFailure',
  SignatureExpired: 'AuthFailure.SignatureExpire',
  AccessKeyNotFound: 'AuthFailure.SecretIdNotFound',
  Throttled: 'RequestLimitExceeded',
  InternalError: 'InternalError',
};

const STATE: Record<KeyState, string> = { Enabled: 'Enabled', Disabled: 'Disabled', PendingImport: 'PendingImport', PendingDeletion: 'PendingDelete' };
const sec = (ms: number) => Math.floor(ms / 1000);

function metadata(k: KeyRecord) {
  return {
    KeyId: k.keyId,
    Alias: k.alias ?? '',
    CreateTime: sec(k.createdAt),
    Description: k.description,
    KeyState: STATE[k.state],
    KeyUsage: k.keyUsage,
    Type: k.origin === 'EXTERNAL' ? 2 : 1,
    CreatorUin: 0,
    KeyRotationEnabled: false,
    Owner: 'user',
    NextRotateTime: 0,
    DeletionDate: k.deletionDate ? sec(k.deletionDate) : 0,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'TENCENT_KMS',
    ValidTo: sec(k.materialExpiresAt),
    ResourceId: `qcs::kms:ap-guangzhou:uin/0:key/creatorUin/0/${k.keyId}`,
  };
}

type Action = (ctx: DialectContext, args: Args) => Promise<Record<string, unknown>>;

const ACTIONS: Record<string, Action> = {
  async CreateKey({ service }, a) {
    const type = optInt(a, 'Type') ?? 1;
    if (type !== 1 && type !== 2) fail('InvalidParameter', 'Type must be 1 (KMS) or 2 (EXTERNAL)');
    const keyUsage = optStr(a, 'KeyUsage') ?? 'ENCRYPT_DECRYPT';
    if (keyUsage !== 'ENCRYPT_DECRYPT' && type === 2) fail('UnsupportedOperation', 'Tencent Cloud KMS imports external key material into symmetric (ENCRYPT_DECRYPT) keys only');
    if (keyUsage !== 'ENCRYPT_DECRYPT') fail('UnsupportedOperation', 'this mock creates ENCRYPT_DECRYPT keys only');
    const k = await service.createKey({ cloud: 'tencent', alias: str(a, 'Alias'), description: optStr(a, 'Description') ?? '', keySpec: 'SYMMETRIC', keyUsage, origin: type === 2 ? 'EXTERNAL' : 'KMS' });
    const m = metadata(k);
    return { KeyId: m.KeyId, Alias: m.Alias, CreateTime: m.CreateTime, Description: m.Description, KeyState: m.KeyState, KeyUsage: m.KeyUsage };
  },
  async GetParametersForImport({ service }, a) {
    const p = await service.getParametersForImport('tencent', str(a, 'KeyId'), str(a, 'WrappingAlgorithm'), str(a, 'WrappingKeySpec'));
    return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), ParametersValidTo: sec(p.expiresAt) };
  },
  async ImportKeyMaterial({ service }, a) {
    await service.importKeyMaterial('tencent', str(a, 'KeyId'), base64Arg(a, 'EncryptedKeyMaterial'), str(a, 'ImportToken'), optInt(a, 'ValidTo'));
    return {};
  },
  async DeleteImportedKeyMaterial({ service }, a) {
    await service.deleteKeyMaterial('tencent', str(a, 'KeyId'));
    return {};
  },
  async DescribeKey({ service }, a) {
    return { KeyMetadata: metadata(service.key('tencent', str(a, 'KeyId'))) };
  },
  async ListKeys({ service }, a) {
    const offset = optInt(a, 'Offset') ?? 0;
    const limit = optInt(a, 'Limit') ?? 10;
    if (offset < 0 || limit < 1 || limit > 1000) fail('InvalidParameter', 'Offset must be ≥ 0 and Limit 1–1000');
    const keys = service.listKeys('tencent');
    return { Keys: keys.slice(offset, offset + limit).map((k) => ({ KeyId: k.keyId })), TotalCount: keys.length };
  },
  async EnableKey({ service }, a) {
    await service.setEnabled('tencent', str(a, 'KeyId'), true);
    return {};
  },
  async DisableKey({ service }, a) {
    await service.setEnabled('tencent', str(a, 'KeyId'), false);
    return {};
  },
  async ScheduleKeyDeletion({ service }, a) {
    const keyId = str(a, 'KeyId');
    const date = await service.scheduleKeyDeletion('tencent', keyId, int(a, 'PendingWindowInDays'));
    return { KeyId: keyId, DeletionDate: sec(date) };
  },
  async CancelKeyDeletion({ service }, a) {
    const keyId = str(a, 'KeyId');
    await service.cancelKeyDeletion('tencent', keyId);
    return { KeyId: keyId };
  },
  async Encrypt({ service }, a) {
    const keyId = str(a, 'KeyId');
    const blob = await service.encrypt('tencent', keyId, base64Arg(a, 'Plaintext', 4096), optStr(a, 'EncryptionContext') ?? '');
    return { CiphertextBlob: toBase64(blob), KeyId: keyId };
  },
  async Decrypt({ service }, a) {
    const { keyId, plaintext } = await service.decrypt('tencent', base64Arg(a, 'CiphertextBlob'), optStr(a, 'EncryptionContext') ?? '');
    return { KeyId: keyId, Plaintext: toBase64(plaintext) };
  },
  async GetPublicKey({ service }, a) {
    const keyId = str(a, 'KeyId');
    return { KeyId: keyId, PublicKey: toBase64(await service.getPublicKey('tencent', keyId)) };
  },
};

function envelope(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ Response: { ...body, RequestId: crypto.randomUUID() } }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

export async function handleTencent(ctx: DialectContext, request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const action = request.headers.get('x-tc-action');
    if (!action) fail('MissingParameter', 'missing X-TC-Action header');
    const body = await request.text();
    if (ctx.credentials) {
      await verifyTc3(ctx.credentials, { method: request.method, host: url.hostname, path: url.pathname, query: url.search.slice(1), headers: request.headers, body }, ctx.now());
    }
    let args: unknown;
    try {
      args = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      fail('InvalidParameter', 'the request body is not valid JSON');
    }
    if (typeof args !== 'object' || args === null || Array.isArray(args)) fail('InvalidParameter', 'the request body must be a JSON object');
    const run = ACTIONS[action];
    if (!run || !Object.hasOwn(ACTIONS, action)) return fail('UnknownAction', `the action ${action} does not exist`);
    await injectFaults(ctx);
    return envelope(await run(ctx, args as Args));
  } catch (e) {
    const error = e instanceof KmsError ? e : new KmsError('InternalError', 'an internal error occurred');
    return envelope({ Error: { Code: CODES[error.kind], Message: error.message } });
  }
}
