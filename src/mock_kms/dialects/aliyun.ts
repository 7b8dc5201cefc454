// Alibaba Cloud KMS 2016-01-20, RPC style: arguments in the query (kms20160120) or a form
// body (pop-core), the action in Action and/or x-acs-action; signed with RPC HMAC-SHA1 or
// ACS3-HMAC-SHA256; flat JSON on success, HTTP 4xx/5xx {Code, Message, RequestId} on
// error, state refusals as in "Impact of key states on API operations" (SPEC §3, §5).
import { toBase64 } from '../../lib/bytes.js';
import { ALIYUN_KMS_ACTIONS } from '../../client/models/aliyun.js';
import { fail, KmsError, type KeyState, type KmsErrorKind } from '../kms_error.js';
import type { MockKmsService } from '../kms.js';
import { verifyAcs3, verifyRpcSignature } from '../signatures.js';
import type { KeyRecord } from '../store.js';
import type { EncryptAlgorithm, SignAlgorithm } from '../asymmetric.js';
import { handle, type ActionTable, type Dialect, type DialectContext } from '../wire/dialect.js';
import { pem } from './tencent.js';

export const ALIYUN_VERSION = '2016-01-20';
export const ALIYUN_DEFAULT_REGION = 'cn-hangzhou';
const ACCOUNT = '1234567890123456';

const CODES: Record<KmsErrorKind, [string, number]> = {
  MissingParameter: ['MissingParameter', 400],
  MalformedParameter: ['InvalidParameter', 400],
  InvalidParameter: ['InvalidParameter', 400],
  UnknownParameter: ['InvalidParameter', 400],
  UnknownAction: ['InvalidApi.NotFound', 404],
  NotImplemented: ['UnsupportedOperation', 400],
  UnsupportedVersion: ['InvalidVersion', 400],
  UnsupportedRegion: ['InvalidRegionId', 400],
  RequestTooLarge: ['InvalidParameter', 400],
  KeyNotFound: ['Forbidden.KeyNotFound', 404],
  AliasNotFound: ['Forbidden.AliasNotFound', 404],
  AliasExists: ['AliasAlreadyExists', 400],
  KeyVersionNotFound: ['Forbidden.KeyVersionNotFound', 404],
  InvalidState: ['Rejected.StateModifiedFailed', 409],
  NotExternal: ['Unsupported.Origin', 400],
  TokenExpired: ['ExpiredImportToken', 400],
  TokenInvalid: ['InvalidImportToken', 400],
  DecryptMaterialFailed: ['InvalidKeyMaterial', 400],
  MaterialMismatch: ['InvalidKeyMaterial', 400],
  InvalidCiphertext: ['InvalidCiphertext', 400],
  InvalidKeyUsage: ['UnsupportedOperation', 400],
  UnsupportedOperation: ['UnsupportedOperation', 400],
  LimitExceeded: ['Rejected.LimitExceeded', 400],
  SignatureFailure: ['SignatureDoesNotMatch', 400],
  SignatureExpired: ['InvalidTimeStamp.Expired', 400],
  SignatureNonceUsed: ['SignatureNonceUsed', 400],
  AccessKeyNotFound: ['InvalidAccessKeyId.NotFound', 404],
  Throttled: ['Throttling', 400],
  InternalError: ['InternalFailure', 500],
};

/** Actions refused with the key's state in the code (Rejected.Disabled, ...); the rest say StateModifiedFailed. */
const STATE_NAMED = new Set(['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'CreateKeyVersion', 'UpdateRotationPolicy', 'AsymmetricEncrypt', 'AsymmetricDecrypt', 'AsymmetricSign', 'AsymmetricVerify', 'GetPublicKey', 'ReEncrypt', 'ExportDataKey']);
/** Actions that refuse only PendingDeletion, naming it. */
const PENDING_DELETION_NAMED = new Set(['UpdateKeyDescription', 'TagResource', 'UntagResource', 'UpdateAlias']);

function stateError(action: string, key: KeyRecord): KmsError {
  const named = STATE_NAMED.has(action) || (PENDING_DELETION_NAMED.has(action) && key.state === 'PendingDeletion');
  const code = named ? `Rejected.${key.state}` : 'Rejected.StateModifiedFailed';
  return new KmsError('InvalidState', `the key ${key.keyId} is ${key.state}: ${action} is not allowed in that state`, key.state, code);
}

/** KeySpec → the key it makes (mock material spec), and the usages it allows (first = default). */
export const ALIYUN_KEY_SPECS: Record<string, { material: string; usages: readonly string[] }> = {
  Aliyun_AES_256: { material: 'AES_256', usages: ['ENCRYPT/DECRYPT'] },
  Aliyun_AES_128: { material: 'AES_128', usages: ['ENCRYPT/DECRYPT'] },
  Aliyun_SM4: { material: 'SM4', usages: ['ENCRYPT/DECRYPT'] },
  RSA_2048: { material: 'RSA_2048', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  RSA_3072: { material: 'RSA_3072', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  RSA_4096: { material: 'RSA_4096', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
  EC_P256: { material: 'EC_P256', usages: ['SIGN/VERIFY'] },
  EC_P256K: { material: 'EC_P256K', usages: ['SIGN/VERIFY'] },
  EC_SM2: { material: 'EC_SM2', usages: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] },
};

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const aliyunArn = (k: KeyRecord) => `acs:kms:${k.region}:${ACCOUNT}:key/${k.keyId}`;
const primaryVersion = (k: KeyRecord) => k.versions[k.versions.length - 1]!;

export function aliyunMetadata(k: KeyRecord) {
  return {
    KeyId: k.keyId,
    Arn: aliyunArn(k),
    CreationDate: isoSeconds(k.createdAt),
    Creator: ACCOUNT,
    Description: k.description,
    KeyState: k.state,
    KeyUsage: k.keyUsage,
    KeySpec: k.keySpec,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'Aliyun_KMS',
    ProtectionLevel: 'SOFTWARE',
    PrimaryKeyVersion: primaryVersion(k),
    AutomaticRotation: 'Disabled',
    MaterialExpireTime: k.materialExpiresAt ? isoSeconds(k.materialExpiresAt) : '',
    DeleteDate: k.deletionDate ? isoSeconds(k.deletionDate) : '',
  };
}

// ---- Parameters shared by many rows ----

const KEY_ID = { type: 'string', required: true, min: 1, max: 256 } as const;
const ALL: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'];
const USABLE: readonly KeyState[] = ['Enabled'];
const NOT_DELETING: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];
const PAGE = { PageNumber: { type: 'integer', min: 1 }, PageSize: { type: 'integer', min: 1, max: 100 } } as const;

export const ALIYUN_ACTIONS: ActionTable = {
  CreateKey: {
    params: {
      KeySpec: { type: 'string', values: Object.keys(ALIYUN_KEY_SPECS) },
      KeyUsage: { type: 'string', values: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'] },
      Origin: { type: 'string', values: ['Aliyun_KMS', 'EXTERNAL'] },
      Description: { type: 'string', max: 8192 },
      ProtectionLevel: { type: 'string', values: ['SOFTWARE', 'HSM'] },
      EnableAutomaticRotation: { type: 'boolean' },
      RotationInterval: { type: 'string', pattern: /^\d+[dhms]$/ },
      DKMSInstanceId: { type: 'string', max: 128 },
    },
    async run({ service, region, args }) {
      const keySpec = args.optStr('KeySpec') ?? 'Aliyun_AES_256';
      const spec = ALIYUN_KEY_SPECS[keySpec]!;
      const keyUsage = args.optStr('KeyUsage') ?? spec.usages[0]!;
      if (!spec.usages.includes(keyUsage)) fail('InvalidParameter', `KeyUsage ${keyUsage} does not fit KeySpec ${keySpec} (${spec.usages.join(' or ')})`);
      const origin = args.optStr('Origin') === 'EXTERNAL' ? 'EXTERNAL' : 'KMS';
      const k = await service.createKey({ cloud: 'aliyun', region, description: args.optStr('Description') ?? '', keySpec, keyUsage, material: spec.material, origin });
      return { KeyMetadata: aliyunMetadata(k) };
    },
  },
  GetParametersForImport: {
    params: {
      KeyId: KEY_ID,
      WrappingAlgorithm: { type: 'string', required: true, values: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE', 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'SM2PKE_SM4_ECB'] },
      WrappingKeySpec: { type: 'string', required: true, values: ['RSA_2048', 'EC_SM2'] },
    },
    key: { param: 'KeyId', states: ALL },
    async run({ service, key, args }) {
      const algorithm = args.str('WrappingAlgorithm');
      const wrappingKeySpec = args.str('WrappingKeySpec') as 'RSA_2048' | 'EC_SM2';
      const asymmetric = !key.material.startsWith('AES_') && key.material !== 'SM4';
      // Seed 001 / 004: symmetric keys take the four plain algorithms, private keys the two hybrids.
      const allowed = asymmetric ? (key.material === 'EC_SM2' ? ['SM2PKE_SM4_ECB'] : ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD']) : ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'];
      if (!allowed.includes(algorithm)) fail('InvalidParameter', `WrappingAlgorithm ${algorithm} does not import into a ${key.keySpec} key; use ${allowed.join(' or ')}`);
      if (wrappingKeySpec !== (algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048')) fail('InvalidParameter', `WrappingKeySpec must be ${algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048'} for ${algorithm}`);
      const p = await service.getParametersForImport(key, algorithm, wrappingKeySpec);
      return { KeyId: p.keyId, ImportToken: p.token, PublicKey: toBase64(p.publicKey), TokenExpireTime: isoSeconds(p.expiresAt) };
    },
  },
  ImportKeyMaterial: {
    params: {
      KeyId: KEY_ID,
      EncryptedKeyMaterial: { type: 'base64', required: true, max: 8192 },
      ImportToken: { type: 'string', required: true, max: 4096 },
      // Unix seconds; 0 or absent = never. A time beyond 2^31 − 1 is refused, the key unchanged (issue 11.13).
      KeyMaterialExpireUnix: { type: 'integer', min: 0, max: 2147483647 },
    },
    // No `states`: the service checks the origin first, then the state (all but PendingDeletion).
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      const seconds = args.optInt('KeyMaterialExpireUnix');
      if (seconds && seconds * 1000 <= service.now()) fail('InvalidParameter', 'KeyMaterialExpireUnix is in the past: give a future unix time, or 0 for material that never expires');
      await service.importKeyMaterial(key, args.bytes('EncryptedKeyMaterial'), args.str('ImportToken'), seconds ? seconds * 1000 : 0);
      return {};
    },
  },
  DeleteKeyMaterial: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ALL },
    async run({ service, key }) {
      await service.deleteKeyMaterial(key);
      return {};
    },
  },
  DescribeKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ALL },
    async run({ key }) {
      return { KeyMetadata: aliyunMetadata(key) };
    },
  },
  ListKeys: {
    params: { ...PAGE, Filters: { type: 'json', max: 4096 } },
    async run({ service, region, args }) {
      const page = args.optInt('PageNumber') ?? 1;
      const size = args.optInt('PageSize') ?? 10;
      const keys = service.listKeys('aliyun', region);
      return {
        Keys: { Key: keys.slice((page - 1) * size, page * size).map((k) => ({ KeyId: k.keyId, KeyArn: aliyunArn(k) })) },
        TotalCount: keys.length,
        PageNumber: page,
        PageSize: size,
      };
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
    // 7–366 days in the current reference (7–30 in 2021's); required, though SDK 1.2.0 marks it optional.
    params: { KeyId: KEY_ID, PendingWindowInDays: { type: 'integer', required: true, min: 7, max: 366 } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      await service.exclusive(key.keyId, async () => service.scheduleKeyDeletion(key, args.int('PendingWindowInDays')));
      return {};
    },
  },
  CancelKeyDeletion: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['PendingDeletion'] },
    async run({ service, key }) {
      // Alibaba returns a cancelled key to Enabled (API reference).
      await service.exclusive(key.keyId, async () => service.cancelKeyDeletion(key, 'Enabled'));
      return {};
    },
  },
  Encrypt: {
    params: { KeyId: KEY_ID, Plaintext: { type: 'string', required: true, min: 1, max: 6144 }, EncryptionContext: { type: 'json', max: 8192 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireSymmetric(key, 'Encrypt');
      const blob = await service.encrypt(key, new TextEncoder().encode(args.str('Plaintext')), context(args.json('EncryptionContext')));
      return { CiphertextBlob: toBase64(blob), KeyId: key.keyId, KeyVersionId: primaryVersion(key) };
    },
  },
  Decrypt: {
    params: { CiphertextBlob: { type: 'base64', required: true, max: 8192 }, EncryptionContext: { type: 'json', max: 8192 } },
    async run({ service, region, args }) {
      const { key, plaintext } = await service.decrypt('aliyun', region, args.bytes('CiphertextBlob'), context(args.json('EncryptionContext')), (k) => {
        if (k.state !== 'Enabled') throw stateError('Decrypt', k);
      });
      return { KeyId: key.keyId, KeyVersionId: primaryVersion(key), Plaintext: new TextDecoder().decode(plaintext) };
    },
  },
  GetPublicKey: {
    params: { KeyId: KEY_ID, KeyVersionId: { type: 'string', required: true, max: 128 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      if (key.material.startsWith('AES_') || key.material === 'SM4') fail('InvalidKeyUsage', `the key ${key.keyId} is symmetric: it has no public key`);
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), PublicKey: pem(toBase64(await service.publicKey(key))) };
    },
  },
  ListKeyVersions: {
    params: { KeyId: KEY_ID, ...PAGE },
    key: { param: 'KeyId', states: ALL },
    async run({ key, args }) {
      const page = args.optInt('PageNumber') ?? 1;
      const size = args.optInt('PageSize') ?? 10;
      const versions = key.versions.map((id) => ({ KeyId: key.keyId, KeyVersionId: id, CreationDate: isoSeconds(key.createdAt) }));
      return { KeyVersions: { KeyVersion: versions.slice((page - 1) * size, page * size) }, TotalCount: versions.length, PageNumber: page, PageSize: size };
    },
  },
  DescribeKeyVersion: {
    params: { KeyId: KEY_ID, KeyVersionId: { type: 'string', required: true, max: 128 } },
    key: { param: 'KeyId', states: ALL },
    async run({ key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      return { KeyVersion: { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), CreationDate: isoSeconds(key.createdAt) } };
    },
  },
};

// Algorithms per key spec ("Key specs and algorithms"): signing takes a digest, Verify answers Value true/false.
const SIGN_ALGORITHMS: Record<string, readonly string[]> = {
  RSA: ['RSA_PSS_SHA_256', 'RSA_PKCS1_SHA_256'],
  EC_P256: ['ECDSA_SHA_256'],
  EC_P256K: ['ECDSA_SHA_256'],
  EC_SM2: ['SM2DSA'],
};
const ENCRYPT_ALGORITHMS: Record<string, readonly string[]> = { RSA: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'], EC_SM2: ['SM2PKE'] };
const family = (k: KeyRecord) => (k.material.startsWith('RSA_') ? 'RSA' : k.material);

function requireAlgorithm(key: KeyRecord, usage: 'SIGN/VERIFY' | 'ENCRYPT/DECRYPT', algorithm: string): void {
  const table = usage === 'SIGN/VERIFY' ? SIGN_ALGORITHMS : ENCRYPT_ALGORITHMS;
  const allowed = table[family(key)] ?? [];
  if (key.keyUsage !== usage) fail('InvalidKeyUsage', `the key ${key.keyId} is for ${key.keyUsage}, not ${usage}`);
  if (!allowed.includes(algorithm)) fail('InvalidParameter', `Algorithm ${algorithm} does not fit a ${key.keySpec} key (${allowed.join(', ')})`);
}

const VERSIONED = { KeyId: KEY_ID, KeyVersionId: { type: 'string', required: true, max: 128 } } as const;
const ALGORITHM = { type: 'string', required: true, max: 64 } as const;

Object.assign(ALIYUN_ACTIONS, {
  AsymmetricSign: {
    params: { ...VERSIONED, Algorithm: ALGORITHM, Digest: { type: 'base64', required: true, max: 64 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'SIGN/VERIFY', args.str('Algorithm'));
      const sig = await service.sign(key, args.str('Algorithm') as SignAlgorithm, { digest: args.bytes('Digest') });
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Value: toBase64(sig) };
    },
  },
  AsymmetricVerify: {
    params: { ...VERSIONED, Algorithm: ALGORITHM, Digest: { type: 'base64', required: true, max: 64 }, Value: { type: 'base64', required: true, max: 1024 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'SIGN/VERIFY', args.str('Algorithm'));
      const ok = await service.verify(key, args.str('Algorithm') as SignAlgorithm, { digest: args.bytes('Digest') }, args.bytes('Value'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Value: ok };
    },
  },
  AsymmetricEncrypt: {
    params: { ...VERSIONED, Algorithm: ALGORITHM, Plaintext: { type: 'base64', required: true, min: 1, max: 6047 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'ENCRYPT/DECRYPT', args.str('Algorithm'));
      const ct = await service.asymmetricEncrypt(key, args.str('Algorithm') as EncryptAlgorithm, args.bytes('Plaintext'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), CiphertextBlob: toBase64(ct) };
    },
  },
  AsymmetricDecrypt: {
    params: { ...VERSIONED, Algorithm: ALGORITHM, CiphertextBlob: { type: 'base64', required: true, max: 6144 + 97 } },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireVersion(key, args.str('KeyVersionId'));
      requireAlgorithm(key, 'ENCRYPT/DECRYPT', args.str('Algorithm'));
      const pt = await service.asymmetricDecrypt(key, args.str('Algorithm') as EncryptAlgorithm, args.bytes('CiphertextBlob'));
      return { KeyId: key.keyId, KeyVersionId: args.str('KeyVersionId'), Plaintext: toBase64(pt) };
    },
  },
} satisfies ActionTable);

function requireVersion(key: KeyRecord, id: string): void {
  if (!key.versions.includes(id)) fail('KeyVersionNotFound', `the key ${key.keyId} has no version ${id}`);
}

function requireSymmetric(key: KeyRecord, action: string): void {
  if (key.keyUsage !== 'ENCRYPT/DECRYPT' || !(key.material.startsWith('AES_') || key.material === 'SM4')) fail('InvalidKeyUsage', `${action} needs a symmetric ENCRYPT/DECRYPT key; ${key.keyId} is ${key.keySpec} ${key.keyUsage}`);
}

/** EncryptionContext as a canonical string: the same pairs in any order are the same context (API reference). */
export function context(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    return fail('InvalidParameter', 'EncryptionContext must be a JSON object of string values');
  }
  return JSON.stringify(Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))));
}

function respond(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ ...body, RequestId: crypto.randomUUID() }), { status, headers: { 'content-type': 'application/json' } });
}

const HOST = /^kms(?:-vpc)?\.([a-z0-9-]+)\.aliyuncs\.com$/;

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
    const region = HOST.exec(url.hostname)?.[1] ?? params.get('RegionId') ?? ALIYUN_DEFAULT_REGION;
    // SDK 1.2.0 flattens a map argument: EncryptionContext.k=v. The service takes one JSON string.
    const args: Record<string, unknown> = Object.fromEntries(params);
    const flat = [...params].filter(([k]) => k.startsWith('EncryptionContext.'));
    if (flat.length > 0 && !params.has('EncryptionContext')) args.EncryptionContext = JSON.stringify(Object.fromEntries(flat.map(([k, v]) => [k.slice(18), v])));
    return { action, region, raw: args };
  },
  stateError,
  resolveKey: (service: MockKmsService, region: string, ref: string) => service.resolve('aliyun', region, ref),
  ok: (body) => respond(200, body),
  error: (e) => {
    const [code, status] = CODES[e.kind];
    return respond(e.kind === 'InvalidState' ? 409 : status, { Code: e.code ?? code, Message: e.message });
  },
};

export const handleAliyun = (ctx: DialectContext, request: Request) => handle(ALIYUN_DIALECT, ctx, request);
