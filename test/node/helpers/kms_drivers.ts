// One face over the three official clients, so each SPEC §3 rule is tested in every
// dialect with the same steps, asserting that cloud's own error code.
import { aliyunPopClient, aliyunTeaClient, tencentClient } from './mock_kms.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type Rule =
  | 'KeyNotFound'
  | 'TokenExpired'
  | 'TokenInvalid'
  | 'DecryptMaterial'
  | 'MaterialMismatch'
  | 'KeyLength'
  | 'ExpiryInPast'
  | 'NotExternal'
  | 'StateDisabled'
  | 'StatePendingImport'
  | 'EnableWhilePendingImport'
  | 'ImportWhileDisabled'
  | 'ScheduleWhileEnabled'
  | 'StatePendingDeletion'
  | 'DeletionWindow'
  | 'InvalidCiphertext'
  | 'MissingParameter'
  | 'MalformedParameter'
  | 'InvalidParameter'
  | 'UnknownAction'
  | 'SignatureFailure'
  | 'SignatureExpired'
  | 'Throttled'
  | 'InternalError';

export interface Driver {
  name: string;
  cloud: 'tencent' | 'aliyun';
  codes: Record<Rule, string>;
  createKey(opts?: { external?: boolean; spec?: string; usage?: string }): Promise<string>;
  getParameters(keyId: string, algorithm: string, wrappingKeySpec?: string): Promise<{ publicKey: string; token: string }>;
  importMaterial(keyId: string, encrypted: string, token: string, expirySeconds?: number): Promise<void>;
  deleteMaterial(keyId: string): Promise<void>;
  state(keyId: string): Promise<string>;
  expiry(keyId: string): Promise<number>;
  enable(keyId: string): Promise<void>;
  disable(keyId: string): Promise<void>;
  scheduleDeletion(keyId: string, days: number): Promise<void>;
  cancelDeletion(keyId: string): Promise<void>;
  encrypt(keyId: string, plaintext: Uint8Array): Promise<string>;
  decrypt(blob: string): Promise<Uint8Array>;
  listKeyIds(): Promise<string[]>;
  call(action: string, args: Record<string, unknown>): Promise<unknown>;
}

/** The error code a client surfaced, or 'no error'. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const err = e as { code?: string; data?: { Code?: string } };
    return err.code ?? err.data?.Code ?? `unknown: ${String(e)}`;
  }
}

export const TENCENT_CODES: Record<Rule, string> = {
  KeyNotFound: 'ResourceUnavailable.CmkNotFound',
  TokenExpired: 'ResourceUnavailable.TokenExpired',
  // errors.go has no import-token code; the mock answers a bad value (docs/rules/tencent.md).
  TokenInvalid: 'InvalidParameterValue',
  DecryptMaterial: 'InvalidParameter.DecryptMaterialError',
  MaterialMismatch: 'InvalidParameterValue.MaterialNotMatch',
  KeyLength: 'InvalidParameter.DecryptMaterialError',
  ExpiryInPast: 'InvalidParameterValue',
  NotExternal: 'UnsupportedOperation.NotExternalCmk',
  StateDisabled: 'ResourceUnavailable.CmkDisabled',
  StatePendingImport: 'ResourceUnavailable.CmkStateNotSupport',
  EnableWhilePendingImport: 'ResourceUnavailable.CmkStateNotSupport',
  ImportWhileDisabled: 'ResourceUnavailable.CmkStateNotSupport',
  ScheduleWhileEnabled: 'ResourceUnavailable.CmkShouldBeDisabled',
  StatePendingDeletion: 'ResourceUnavailable.CmkStateNotSupport',
  DeletionWindow: 'InvalidParameter.InvalidPendingWindowInDays',
  InvalidCiphertext: 'InvalidParameterValue.InvalidCiphertext',
  MissingParameter: 'MissingParameter',
  // API 3.0: a malformed value is InvalidParameter, a bad value InvalidParameterValue.
  MalformedParameter: 'InvalidParameter',
  InvalidParameter: 'InvalidParameterValue',
  UnknownAction: 'InvalidAction',
  SignatureFailure: 'AuthFailure.SignatureFailure',
  SignatureExpired: 'AuthFailure.SignatureExpire',
  Throttled: 'RequestLimitExceeded',
  InternalError: 'InternalError',
};

export const ALIYUN_CODES: Record<Rule, string> = {
  KeyNotFound: 'Forbidden.KeyNotFound',
  TokenExpired: 'ExpiredImportToken',
  TokenInvalid: 'InvalidImportToken',
  DecryptMaterial: 'InvalidKeyMaterial',
  MaterialMismatch: 'InvalidKeyMaterial',
  KeyLength: 'InvalidKeyMaterial',
  ExpiryInPast: 'InvalidParameter',
  NotExternal: 'Unsupported.Origin',
  StateDisabled: 'Rejected.Disabled',
  StatePendingImport: 'Rejected.PendingImport',
  EnableWhilePendingImport: 'Rejected.StateModifiedFailed',
  ImportWhileDisabled: 'no error',
  ScheduleWhileEnabled: 'no error',
  StatePendingDeletion: 'Rejected.StateModifiedFailed',
  DeletionWindow: 'InvalidParameter',
  InvalidCiphertext: 'InvalidCiphertext',
  MissingParameter: 'MissingParameter',
  MalformedParameter: 'InvalidParameter',
  InvalidParameter: 'InvalidParameter',
  UnknownAction: 'InvalidApi.NotFound',
  SignatureFailure: 'SignatureDoesNotMatch',
  SignatureExpired: 'InvalidTimeStamp.Expired',
  Throttled: 'Throttling',
  InternalError: 'InternalFailure',
};

export function tencentDriver(credential?: { id: string; secret: string }): Driver {
  const c = tencentClient(credential);
  const meta = async (keyId: string) => (await c.DescribeKey({ KeyId: keyId })).KeyMetadata;
  return {
    name: 'tencentcloud-sdk-nodejs',
    cloud: 'tencent',
    codes: TENCENT_CODES,
    async createKey({ external = true } = {}) {
      return (await c.CreateKey({ Alias: `k${Math.floor(performance.now() * 1000)}`, Type: external ? 2 : 1 })).KeyId;
    },
    async getParameters(keyId, algorithm, wrappingKeySpec) {
      const r = await c.GetParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec ?? (algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048') });
      return { publicKey: r.PublicKey, token: r.ImportToken };
    },
    async importMaterial(keyId, encrypted, token, expirySeconds) {
      await c.ImportKeyMaterial({ KeyId: keyId, EncryptedKeyMaterial: encrypted, ImportToken: token, ...(expirySeconds !== undefined ? { ValidTo: expirySeconds } : {}) });
    },
    async deleteMaterial(keyId) {
      await c.DeleteImportedKeyMaterial({ KeyId: keyId });
    },
    async state(keyId) {
      return (await meta(keyId)).KeyState;
    },
    async expiry(keyId) {
      return (await meta(keyId)).ValidTo;
    },
    enable: async (keyId) => void (await c.EnableKey({ KeyId: keyId })),
    disable: async (keyId) => void (await c.DisableKey({ KeyId: keyId })),
    scheduleDeletion: async (keyId, days) => void (await c.ScheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: days })),
    cancelDeletion: async (keyId) => void (await c.CancelKeyDeletion({ KeyId: keyId })),
    async encrypt(keyId, plaintext) {
      return (await c.Encrypt({ KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64') })).CiphertextBlob;
    },
    async decrypt(blob) {
      return new Uint8Array(Buffer.from((await c.Decrypt({ CiphertextBlob: blob })).Plaintext, 'base64'));
    },
    async listKeyIds() {
      return (await c.ListKeys({ Offset: 0, Limit: 200 })).Keys.map((k: { KeyId: string }) => k.KeyId);
    },
    call: (action, args) => c.request(action, args),
  };
}

function aliyunCommon(name: string, call: (action: string, args: Record<string, unknown>) => Promise<Record<string, any>>): Driver {
  const meta = async (keyId: string) => (await call('DescribeKey', { KeyId: keyId })).KeyMetadata;
  return {
    name,
    cloud: 'aliyun',
    codes: ALIYUN_CODES,
    async createKey({ external = true, spec = 'Aliyun_AES_256', usage = spec.startsWith('Aliyun_') ? 'ENCRYPT/DECRYPT' : 'SIGN/VERIFY' } = {}) {
      return (await call('CreateKey', { KeySpec: spec, KeyUsage: usage, Origin: external ? 'EXTERNAL' : 'Aliyun_KMS' })).KeyMetadata.KeyId;
    },
    async getParameters(keyId, algorithm, wrappingKeySpec) {
      const r = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec ?? (algorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048') });
      return { publicKey: r.PublicKey, token: r.ImportToken };
    },
    async importMaterial(keyId, encrypted, token, expirySeconds) {
      await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: encrypted, ImportToken: token, ...(expirySeconds !== undefined ? { KeyMaterialExpireUnix: expirySeconds } : {}) });
    },
    deleteMaterial: async (keyId) => void (await call('DeleteKeyMaterial', { KeyId: keyId })),
    state: async (keyId) => (await meta(keyId)).KeyState,
    async expiry(keyId) {
      const t = (await meta(keyId)).MaterialExpireTime;
      return t ? Date.parse(t) / 1000 : 0;
    },
    enable: async (keyId) => void (await call('EnableKey', { KeyId: keyId })),
    disable: async (keyId) => void (await call('DisableKey', { KeyId: keyId })),
    scheduleDeletion: async (keyId, days) => void (await call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days })),
    cancelDeletion: async (keyId) => void (await call('CancelKeyDeletion', { KeyId: keyId })),
    // Alibaba's Plaintext is text: send the bytes as base64 text, read them back the same way.
    encrypt: async (keyId, plaintext) => (await call('Encrypt', { KeyId: keyId, Plaintext: Buffer.from(plaintext).toString('base64') })).CiphertextBlob,
    decrypt: async (blob) => new Uint8Array(Buffer.from((await call('Decrypt', { CiphertextBlob: blob })).Plaintext, 'base64')),
    listKeyIds: async () => (await call('ListKeys', { PageNumber: 1, PageSize: 100 })).Keys.Key.map((k: { KeyId: string }) => k.KeyId),
    call,
  };
}

/** @alicloud/pop-core: POST form body. */
export function aliyunPopDriver(credential?: { id: string; secret: string }): Driver {
  const c = aliyunPopClient(credential);
  return aliyunCommon('@alicloud/pop-core', (action, args) => c.request(action, stringify(args), { method: 'POST', formatParams: false }));
}

/** @alicloud/kms20160120: arguments in the query, through the generic doRequest of its RPC client. */
export function aliyunTeaDriver(credential?: { id: string; secret: string }): Driver {
  const c = aliyunTeaClient(credential);
  const { RuntimeOptions } = require('@alicloud/tea-util');
  return aliyunCommon('@alicloud/kms20160120', async (action, args) => {
    try {
      return await c.doRequest(action, 'HTTPS', 'POST', '2016-01-20', 'AK', stringify(args), null, new RuntimeOptions({ autoretry: false }));
    } catch (e) {
      // The tea client appends "Error" to the code; the body's own Code is the cloud's.
      throw Object.assign(e as object, { code: (e as { data?: { Code?: string } }).data?.Code ?? (e as { code?: string }).code });
    }
  });
}

function stringify(args: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
}
