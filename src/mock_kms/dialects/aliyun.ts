// Alibaba Cloud KMS 2016-01-20, RPC style: arguments in the query (kms20160120) or a
// form body (pop-core), action in Action and/or x-acs-action; flat JSON on success,
// HTTP 4xx/5xx {Code, Message, RequestId} on error (SPEC §3).
import { toBase64 } from '../../lib/bytes.js';
import { KmsError, fail, type KeyState, type KmsErrorKind } from '../kms_error.js';
import { MockKmsService } from '../kms.js';
import type { KeyRecord } from '../store.js';
import { verifyAcs3, verifyRpcSignature } from '../signatures.js';
import { base64Arg, injectFaults, int, isoSeconds, optInt, optStr, str, type Args, type DialectContext } from './common.js';

const CODES: Record<KmsErrorKind, [string, number]> = {
  MissingParameter: ['MissingParameter', 400],
  InvalidParameter: ['InvalidParameter', 400],
  UnknownAction: ['InvalidApi.NotFound', 404],
  KeyNotFound: ['Forbidden.KeyNotFound', 404],
  InvalidState: ['Rejected.StateModifiedFailed', 409],
  NotExternal: ['Unsupported.Origin', 400],
  TokenExpired: ['ExpiredImportToken', 400],
  TokenInvalid: ['InvalidImportToken', 400],
  DecryptMaterialFailed: ['InvalidKeyMaterial', 400],
  MaterialMismatch: ['InvalidKeyMaterial', 400],
  InvalidCiphertext: ['InvalidCiphertext', 400],
  UnsupportedOperation: ['UnsupportedOperation', 400],
  SignatureFailure: ['SignatureDoesNotMatch', 400],
  SignatureExpired: ['InvalidTimeStamp.Expired', 400],
  AccessKeyNotFound: ['InvalidAccessKeyId.NotFound', 404],
  Throttled: ['Throttling', 400],
  InternalError: ['InternalFailure', 500],
};

/** A refusal for the key's state names that state, as Alibaba does (Rejected.Disabled, Rejected.PendingImport). */
function codeOf(e: KmsError): [string, number] {
  if (e.kind === 'InvalidState' && (e.state === 'Disabled' || e.state === 'PendingImport')) return [`Rejected.${e.state}`, 409];
  return CODES[e.kind];
}

const STATE: Record<KeyState, string> = { Enabled: 'Enabled', Disabled: 'Disabled', PendingImport: 'PendingImport', PendingDeletion: 'PendingDeletion' };
const arn = (k: KeyRecord) => `acs:kms:cn-hangzhou:0:key/${k.keyId}`;
const KEY_VERSION = 'v1';

function metadata(k: KeyRecord) {
  return {
    KeyId: k.keyId,
    Arn: arn(k),
    CreationDate: isoSeconds(k.createdAt),
    Creator: '0',
    Description: k.description,
    KeyState: STATE[k.state],
    KeyUsage: k.keyUsage,
    KeySpec: k.keySpec,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'Aliyun_KMS',
    ProtectionLevel: 'SOFTWARE',
    PrimaryKeyVersion: KEY_VERSION,
    AutomaticRotation: 'Disabled',
    MaterialExpireTime: k.materialExpiresAt ? isoSeconds(k.materialExpiresAt) : '',
    DeleteDate: k.deletionDate ? isoSeconds(k.deletionDate) : '',
  };
}

type Action = (ctx: DialectContext, args: Args) => Promise<Record<string, unknown>>;
const utf8 = new TextEncoder();

const ACTIONS: Record<string, Action> = {
  async CreateKey({ service }, a) {
    const keySpec = optStr(a, 'KeySpec') ?? 'Aliyun_AES_256';
    if (!MockKmsService.isAliyunSpec(keySpec)) fail('InvalidParameter', `KeySpec ${keySpec} is not supported`);
    const symmetric = keySpec.startsWith('Aliyun_');
    const keyUsage = optStr(a, 'KeyUsage') ?? (symmetric ? 'ENCRYPT/DECRYPT' : 'SIGN/VERIFY');
    if (!['ENCRYPT/DECRYPT', 'SIGN/VERIFY'].includes(keyUsage) || (symmetric && keyUsage !== 'ENCRYPT/DECRYPT')) {
      fail('InvalidParameter', `KeyUsage ${keyUsage} does not fit ${keySpec}`);
    }
    const origin = optStr(a, 'Origin') ?? 'Aliyun_KMS';
    if (origin !== 'Aliyun_KMS' && origin !== 'EXTERNAL') fail('InvalidParameter', 'Origin must be Aliyun_KMS or EXTERNAL');
    const k = await service.createKey({ cloud: 'aliyun', description: optStr(a, 'Description') ?? '', keySpec, keyUsage, origin: origin === 'EXTERNAL' ? 'EXTERNAL' : 'KMS' });
    return { KeyMetadata: metadata(k) };
  },
  async GetParametersForImport({ service }, a) {
    const p = await service.getParametersForImport('aliyun', str(a, 'KeyId'), str(a, 'WrappingAlgorithm'), str(a, 'WrappingKeySpec'));
    return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), TokenExpireTime: isoSeconds(p.expiresAt) };
  },
  async ImportKeyMaterial({ service }, a) {
    await service.importKeyMaterial('aliyun', str(a, 'KeyId'), base64Arg(a, 'EncryptedKeyMaterial'), str(a, 'ImportToken'), optInt(a, 'KeyMaterialExpireUnix'));
    return {};
  },
  async DeleteKeyMaterial({ service }, a) {
    await service.deleteKeyMaterial('aliyun', str(a, 'KeyId'));
    return {};
  },
  async DescribeKey({ service }, a) {
    return { KeyMetadata: metadata(service.key('aliyun', str(a, 'KeyId'))) };
  },
  async ListKeys({ service }, a) {
    const page = optInt(a, 'PageNumber') ?? 1;
    const size = optInt(a, 'PageSize') ?? 10;
    if (page < 1 || size < 1 || size > 100) fail('InvalidParameter', 'PageNumber must be ≥ 1 and PageSize 1–100');
    const keys = service.listKeys('aliyun');
    return {
      Keys: { Key: keys.slice((page - 1) * size, page * size).map((k) => ({ KeyId: k.keyId, KeyArn: arn(k) })) },
      TotalCount: keys.length,
      PageNumber: page,
      PageSize: size,
    };
  },
  async EnableKey({ service }, a) {
    await service.setEnabled('aliyun', str(a, 'KeyId'), true);
    return {};
  },
  async DisableKey({ service }, a) {
    await service.setEnabled('aliyun', str(a, 'KeyId'), false);
    return {};
  },
  async ScheduleKeyDeletion({ service }, a) {
    await service.scheduleKeyDeletion('aliyun', str(a, 'KeyId'), int(a, 'PendingWindowInDays'));
    return {};
  },
  async CancelKeyDeletion({ service }, a) {
    await service.cancelKeyDeletion('aliyun', str(a, 'KeyId'));
    return {};
  },
  async Encrypt({ service }, a) {
    const keyId = str(a, 'KeyId');
    const blob = await service.encrypt('aliyun', keyId, utf8.encode(str(a, 'Plaintext')), optStr(a, 'EncryptionContext') ?? '');
    return { CiphertextBlob: toBase64(blob), KeyId: keyId, KeyVersionId: KEY_VERSION };
  },
  async Decrypt({ service }, a) {
    const { keyId, plaintext } = await service.decrypt('aliyun', base64Arg(a, 'CiphertextBlob'), optStr(a, 'EncryptionContext') ?? '');
    return { KeyId: keyId, KeyVersionId: KEY_VERSION, Plaintext: new TextDecoder().decode(plaintext) };
  },
  async GetPublicKey({ service }, a) {
    const keyId = str(a, 'KeyId');
    const der = toBase64(await service.getPublicKey('aliyun', keyId));
    const pem = `-----BEGIN PUBLIC KEY-----\n${der.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
    return { KeyId: keyId, KeyVersionId: KEY_VERSION, PublicKey: pem };
  },
  async AsymmetricSign({ service }, a) {
    const keyId = str(a, 'KeyId');
    const sig = await service.sign('aliyun', keyId, str(a, 'Algorithm'), base64Arg(a, 'Digest', 64));
    return { KeyId: keyId, KeyVersionId: KEY_VERSION, Value: toBase64(sig) };
  },
  async AsymmetricVerify({ service }, a) {
    const keyId = str(a, 'KeyId');
    const ok = await service.verify('aliyun', keyId, str(a, 'Algorithm'), base64Arg(a, 'Digest', 64), base64Arg(a, 'Value', 1024));
    return { KeyId: keyId, KeyVersionId: KEY_VERSION, Value: ok };
  },
  async AsymmetricDecrypt({ service }, a) {
    const keyId = str(a, 'KeyId');
    const pt = await service.asymmetricDecrypt('aliyun', keyId, str(a, 'Algorithm'), base64Arg(a, 'CiphertextBlob', 1024));
    return { KeyId: keyId, KeyVersionId: KEY_VERSION, Plaintext: toBase64(pt) };
  },
};

function respond(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ ...body, RequestId: crypto.randomUUID() }), { status, headers: { 'content-type': 'application/json' } });
}

export async function handleAliyun(ctx: DialectContext, request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const raw = new Uint8Array(await request.arrayBuffer());
    const params = new Map<string, string>(url.searchParams);
    const contentType = request.headers.get('content-type') ?? '';
    if (raw.length > 0 && contentType.includes('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(new TextDecoder().decode(raw))) params.set(k, v);
    }
    const action = request.headers.get('x-acs-action') ?? params.get('Action');
    if (!action) fail('MissingParameter', 'missing Action');
    if (ctx.credentials) {
      const auth = request.headers.get('authorization') ?? '';
      if (auth.startsWith('ACS3-HMAC-SHA256')) {
        await verifyAcs3(ctx.credentials, { method: request.method, path: url.pathname, query: url.searchParams, host: url.host, headers: request.headers, body: raw }, ctx.now());
      } else {
        await verifyRpcSignature(ctx.credentials, request.method, params, ctx.now());
      }
    }
    const run = ACTIONS[action];
    if (!run || !Object.hasOwn(ACTIONS, action)) return fail('UnknownAction', `Specified api ${action} is not found`);
    await injectFaults(ctx);
    return respond(200, await run(ctx, Object.fromEntries(params)));
  } catch (e) {
    const error = e instanceof KmsError ? e : new KmsError('InternalError', 'an internal error occurred');
    const [code, status] = codeOf(error);
    return respond(status, { Code: code, Message: error.message });
  }
}
