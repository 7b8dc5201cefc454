// Tencent Cloud KMS, API 2019-01-18 over API 3.0: POST JSON, the action in X-TC-Action,
// TC3-HMAC-SHA256, HTTP 200 envelopes {"Response": {…, "RequestId"}} with the error codes
// of tencentcloud-sdk-go kms/v20190118/errors.go (SPEC §3, §5). One row per action; the
// rows read like the API reference: parameters with their bounds, the key states allowed.
import { toBase64 } from '../../lib/bytes.js';
import { TENCENT_KMS_ACTIONS } from '../../client/models/tencent.js';
import { fail, KmsError, type KeyState, type KmsErrorKind } from '../kms_error.js';
import { requireExternalOrigin, requireImportState } from '../rules.js';
import { verifyTc3 } from '../signatures.js';
import type { KeyRecord } from '../store.js';
import { handle, type ActionTable, type Dialect, type DialectContext } from '../wire/dialect.js';
import type { Params } from '../wire/params.js';

export const TENCENT_VERSION = '2019-01-18';

/** Regions where Tencent Cloud KMS answers (X-TC-Region); GetRegions lists them. */
export const TENCENT_REGIONS = [
  'ap-guangzhou', 'ap-shanghai', 'ap-nanjing', 'ap-beijing', 'ap-chengdu', 'ap-chongqing', 'ap-hongkong', 'ap-singapore',
  'ap-jakarta', 'ap-bangkok', 'ap-seoul', 'ap-tokyo', 'ap-mumbai', 'na-siliconvalley', 'na-ashburn', 'eu-frankfurt', 'sa-saopaulo',
  'ap-shanghai-fsi', 'ap-shenzhen-fsi', 'ap-beijing-fsi',
] as const;

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
  // errors.go has no import-token code: a token of another key is a bad value (docs/rules.md).
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

/** Tencent spells pending deletion PendingDelete. */
export const TENCENT_STATE: Record<KeyState, string> = { Enabled: 'Enabled', Disabled: 'Disabled', PendingImport: 'PendingImport', PendingDeletion: 'PendingDelete', Archived: 'Archived' };

/** KeyUsage → the key it makes (mock material spec). ENCRYPT_DECRYPT keys take 128- or 256-bit material (seed 000: 16 bytes; SPEC: 256 bits). */
export const TENCENT_KEY_USAGES: Record<string, string> = {
  ENCRYPT_DECRYPT: 'AES_ANY',
  ASYMMETRIC_DECRYPT_RSA_2048: 'RSA_2048',
  ASYMMETRIC_DECRYPT_SM2: 'EC_SM2',
  ASYMMETRIC_SIGN_VERIFY_SM2: 'EC_SM2',
  ASYMMETRIC_SIGN_VERIFY_ECC: 'EC_P256',
  ASYMMETRIC_SIGN_VERIFY_RSA_2048: 'RSA_2048',
  ASYMMETRIC_SIGN_VERIFY_ECDSA384: 'EC_P384',
};

const sec = (ms: number) => Math.floor(ms / 1000);
const CREATOR_UIN = 100000000001;

/** The documented code for a key in the wrong state, per action (errors.go, client.go). */
function stateError(action: string, key: KeyRecord): KmsError {
  const s = key.state;
  const code =
    action === 'ScheduleKeyDeletion' && s === 'Enabled'
      ? 'ResourceUnavailable.CmkShouldBeDisabled'
      : action === 'CancelKeyDeletion'
        ? 'ResourceUnavailable.CmkNotPendingDelete'
        : action === 'Encrypt' && s === 'Archived'
          ? 'ResourceUnavailable.CmkArchived'
          : action === 'GenerateDataKey' && s === 'PendingDeletion'
            ? 'ResourceUnavailable.KeyPendingDelete'
            : ['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey'].includes(action) && s === 'Disabled'
              ? 'ResourceUnavailable.CmkDisabled'
              : 'ResourceUnavailable.CmkStateNotSupport';
  return new KmsError('InvalidState', `the key ${key.keyId} is ${TENCENT_STATE[s]}: ${action} is not allowed in that state`, s, code);
}

export function tencentMetadata(k: KeyRecord) {
  return {
    KeyId: k.keyId,
    Alias: k.alias ?? '',
    CreateTime: sec(k.createdAt),
    Description: k.description,
    KeyState: TENCENT_STATE[k.state],
    KeyUsage: k.keyUsage,
    // KeyMetadata.Type is the compliance type: 2 FIPS 140-2, 4 Chinese SM standards (not CreateKey's Type).
    Type: k.material === 'EC_SM2' ? 4 : 2,
    CreatorUin: CREATOR_UIN,
    KeyRotationEnabled: false,
    Owner: 'user',
    NextRotateTime: 0,
    DeletionDate: k.deletionDate ? sec(k.deletionDate) : 0,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'TENCENT_KMS',
    ValidTo: sec(k.materialExpiresAt),
    ResourceId: `creatorUin/${CREATOR_UIN}/${k.keyId}`,
  };
}

// ---- Parameters shared by many rows ----

const KEY_ID = { type: 'string', required: true, min: 1, max: 128 } as const;
const MEMBER_ACCOUNT = { type: 'json' } as const;
const keyOnly: Params = { KeyId: KEY_ID, MemberAccount: MEMBER_ACCOUNT };
const ALIAS = { type: 'string', required: true, min: 1, max: 60, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, code: 'InvalidParameterValue.InvalidAlias' } as const;
const ENCRYPTION_CONTEXT = { type: 'string', max: 1024 } as const;
const ALL: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion', 'Archived'];
const USABLE: readonly KeyState[] = ['Enabled'];

export const TENCENT_ACTIONS: ActionTable = {
  CreateKey: {
    params: {
      Alias: ALIAS,
      Description: { type: 'string', max: 1024 },
      KeyUsage: { type: 'string', values: Object.keys(TENCENT_KEY_USAGES), code: 'InvalidParameterValue.InvalidKeyUsage' },
      Type: { type: 'integer', min: 1, max: 2, code: 'InvalidParameterValue.InvalidType' },
      Tags: { type: 'json' },
      HsmClusterId: { type: 'string', max: 128 },
    },
    async run({ service, region, args }) {
      const alias = args.str('Alias');
      if (alias.startsWith('kms-')) fail('InvalidParameter', 'the kms- alias prefix is reserved for cloud products', undefined, 'InvalidParameterValue.InvalidAlias');
      if (service.listKeys('tencent', region).some((k) => k.alias === alias)) fail('AliasExists', `the alias ${alias} is already used in ${region}`);
      const type = args.optInt('Type') ?? 1;
      const keyUsage = args.optStr('KeyUsage') ?? 'ENCRYPT_DECRYPT';
      // Seed 000: external (Type 2) key material is imported into symmetric keys only.
      if (type === 2 && keyUsage !== 'ENCRYPT_DECRYPT') fail('UnsupportedOperation', 'Tencent Cloud KMS imports external key material into symmetric (ENCRYPT_DECRYPT) keys only');
      const tags = tagsOf(args.json('Tags'));
      const k = await service.createKey({ cloud: 'tencent', region, alias, description: args.optStr('Description') ?? '', keySpec: 'SYMMETRIC', keyUsage, material: TENCENT_KEY_USAGES[keyUsage]!, origin: type === 2 ? 'EXTERNAL' : 'KMS', tags });
      const m = tencentMetadata(k);
      return { KeyId: m.KeyId, Alias: m.Alias, CreateTime: m.CreateTime, Description: m.Description, KeyState: m.KeyState, KeyUsage: m.KeyUsage, TagCode: 0, TagMsg: '' };
    },
  },
  GetParametersForImport: {
    params: {
      KeyId: KEY_ID,
      WrappingAlgorithm: { type: 'string', required: true, values: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] },
      WrappingKeySpec: { type: 'string', required: true, values: ['RSA_2048'] },
    },
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      // Origin first, then state (SPEC §3): imports only in Enabled and PendingImport.
      requireExternalOrigin(key);
      requireImportState(key);
      const p = await service.getParametersForImport(key, args.str('WrappingAlgorithm'), 'RSA_2048');
      return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), ParametersValidTo: sec(p.expiresAt) };
    },
  },
  ImportKeyMaterial: {
    params: {
      EncryptedKeyMaterial: { type: 'base64', required: true, max: 8192 },
      ImportToken: { type: 'string', required: true, max: 4096 },
      KeyId: KEY_ID,
      // SPEC §5: 0 = never, else a future unix time ≤ 2147443200.
      ValidTo: { type: 'integer', min: 0, max: 2147443200 },
    },
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      const expiresAt = expiry(args.optInt('ValidTo'), service.now());
      await service.importKeyMaterial(key, args.bytes('EncryptedKeyMaterial'), args.str('ImportToken'), expiresAt);
      return {};
    },
  },
  DeleteImportedKeyMaterial: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId' },
    async run({ service, key }) {
      requireExternalOrigin(key);
      requireImportState(key);
      await service.deleteKeyMaterial(key);
      return {};
    },
  },
  DescribeKey: {
    params: keyOnly,
    key: { param: 'KeyId', states: ALL },
    async run({ key }) {
      return { KeyMetadata: tencentMetadata(key) };
    },
  },
  ListKeys: {
    params: { Offset: { type: 'integer', min: 0 }, Limit: { type: 'integer', min: 1, max: 200 }, Role: { type: 'integer', min: 0, max: 1 }, HsmClusterId: { type: 'string', max: 128 } },
    async run({ service, region, args }) {
      // ListKeys lists keys that are Enabled, Disabled or PendingImport (API reference).
      const keys = service.listKeys('tencent', region).filter((k) => k.state !== 'PendingDeletion' && k.state !== 'Archived');
      const offset = args.optInt('Offset') ?? 0;
      return { Keys: keys.slice(offset, offset + (args.optInt('Limit') ?? 10)).map((k) => ({ KeyId: k.keyId })), TotalCount: keys.length };
    },
  },
  EnableKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Enabled'));
      return {};
    },
  },
  DisableKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Disabled'));
      return {};
    },
  },
  ScheduleKeyDeletion: {
    params: { KeyId: KEY_ID, PendingWindowInDays: { type: 'integer', required: true, min: 7, max: 30, code: 'InvalidParameter.InvalidPendingWindowInDays' } },
    // The key must be disabled first (or still awaiting its material).
    key: { param: 'KeyId', states: ['Disabled', 'PendingImport'] },
    async run({ service, key, args }) {
      const date = await service.exclusive(key.keyId, async () => service.scheduleKeyDeletion(key, args.int('PendingWindowInDays')));
      return { KeyId: key.keyId, DeletionDate: sec(date) };
    },
  },
  CancelKeyDeletion: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['PendingDeletion'] },
    async run({ service, key }) {
      // Cancelling returns the key to Disabled (API reference).
      await service.exclusive(key.keyId, async () => service.cancelKeyDeletion(key, 'Disabled'));
      return { KeyId: key.keyId };
    },
  },
  Encrypt: {
    params: { KeyId: KEY_ID, Plaintext: { type: 'base64', required: true, min: 1, max: 4096, code: 'InvalidParameterValue.InvalidPlaintext' }, EncryptionContext: ENCRYPTION_CONTEXT },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireSymmetric(key, 'Encrypt');
      const blob = await service.encrypt(key, args.bytes('Plaintext'), args.optStr('EncryptionContext') ?? '');
      return { CiphertextBlob: toBase64(blob), KeyId: key.keyId };
    },
  },
  Decrypt: {
    params: { CiphertextBlob: { type: 'base64', required: true, max: 8192, code: 'InvalidParameterValue.InvalidCiphertext' }, EncryptionContext: ENCRYPTION_CONTEXT, EncryptionPublicKey: { type: 'string', max: 4096 }, EncryptionAlgorithm: { type: 'string', max: 64 } },
    async run({ service, region, args }) {
      const { key, plaintext } = await service.decrypt('tencent', region, args.bytes('CiphertextBlob'), args.optStr('EncryptionContext') ?? '', (k) => {
        if (k.state !== 'Enabled' && k.state !== 'Archived') throw stateError('Decrypt', k);
      });
      return { KeyId: key.keyId, Plaintext: toBase64(plaintext) };
    },
  },
  GetPublicKey: {
    params: keyOnly,
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key }) {
      if (!key.material.startsWith('RSA_') && !key.material.startsWith('EC_')) fail('InvalidKeyUsage', `the key ${key.keyId} is symmetric: it has no public key`);
      const der = toBase64(await service.publicKey(key));
      return { KeyId: key.keyId, PublicKey: der, PublicKeyPem: pem(der) };
    },
  },
};

export function pem(der: string): string {
  return `-----BEGIN PUBLIC KEY-----\n${der.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PUBLIC KEY-----\n`;
}

function requireSymmetric(key: KeyRecord, action: string): void {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') fail('InvalidKeyUsage', `${action} needs an ENCRYPT_DECRYPT key; ${key.keyId} is ${key.keyUsage}`);
}

/** ImportKeyMaterial's ValidTo: 0 or absent = never; a past time is refused with the key unchanged. */
function expiry(validTo: number | undefined, now: number): number {
  if (!validTo) return 0;
  if (validTo * 1000 <= now) fail('InvalidParameter', 'ValidTo is in the past: give a future unix time, or 0 for material that never expires');
  return validTo * 1000;
}

function tagsOf(v: unknown): Record<string, string> {
  if (v === undefined) return {};
  if (!Array.isArray(v) || v.length > 50) fail('InvalidParameter', 'Tags must be a list of at most 50 {TagKey, TagValue}');
  const out: Record<string, string> = {};
  for (const t of v as { TagKey?: unknown; TagValue?: unknown }[]) {
    if (typeof t?.TagKey !== 'string' || t.TagKey === '' || (t.TagValue !== undefined && typeof t.TagValue !== 'string')) fail('InvalidParameter', 'each tag needs a TagKey and a string TagValue');
    if (Object.hasOwn(out, t.TagKey)) fail('InvalidParameter', `the tag key ${t.TagKey} is given twice`, undefined, 'InvalidParameterValue.TagKeysDuplicated');
    out[t.TagKey] = (t.TagValue as string | undefined) ?? '';
  }
  return out;
}

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
