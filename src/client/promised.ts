// What each client method promises about its reply (issue 11.9, 12.4): the fields the
// cloud always returns, checked at run time before the reply is used, and made required
// in the reply's type. Everything else keeps the optionality of the cloud's SDK model.
import { ByokError } from '../errors.js';

type Leaf = 'string' | 'number' | 'boolean';
/** A reply shape: for each promised field, its JSON type or a nested shape. */
export type Shape = { readonly [field: string]: Leaf | Shape };

/** The TypeScript type a shape promises. */
export type Promised<S> = { -readonly [K in keyof S]-?: S[K] extends 'string' ? string : S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : Promised<S[K]> };

const KEY_METADATA = { KeyMetadata: { KeyId: 'string', KeyState: 'string' } } as const;
const IMPORT_PARAMETERS = { KeyId: 'string', ImportToken: 'string', PublicKey: 'string' } as const;

// Tencent API 2019-01-18: every reply carries RequestId (the envelope is checked apart).
export const TENCENT_PROMISES = {
  CreateKey: { KeyId: 'string', KeyState: 'string' },
  GetParametersForImport: { ...IMPORT_PARAMETERS, ParametersValidTo: 'number' },
  DescribeKey: KEY_METADATA,
  ListKeys: { TotalCount: 'number' },
  ScheduleKeyDeletion: { KeyId: 'string', DeletionDate: 'number' },
  Encrypt: { CiphertextBlob: 'string', KeyId: 'string' },
  Decrypt: { KeyId: 'string', Plaintext: 'string' },
  GetPublicKey: { KeyId: 'string', PublicKey: 'string', PublicKeyPem: 'string' },
  GenerateDataKey: { KeyId: 'string', Plaintext: 'string', CiphertextBlob: 'string' },
  GenerateRandom: { Plaintext: 'string' },
  SignByAsymmetricKey: { Signature: 'string' },
  VerifyByAsymmetricKey: { SignatureValid: 'boolean' },
  AsymmetricRsaDecrypt: { KeyId: 'string', Plaintext: 'string' },
  AsymmetricSm2Decrypt: { KeyId: 'string', Plaintext: 'string' },
} as const satisfies Record<string, Shape>;

// Alibaba 2016-01-20: flat replies with RequestId.
export const ALIYUN_PROMISES = {
  CreateKey: KEY_METADATA,
  GetParametersForImport: { ...IMPORT_PARAMETERS, TokenExpireTime: 'string' },
  DescribeKey: KEY_METADATA,
  ListKeys: { TotalCount: 'number', PageNumber: 'number', PageSize: 'number' },
  Encrypt: { CiphertextBlob: 'string', KeyId: 'string' },
  Decrypt: { KeyId: 'string', Plaintext: 'string' },
  GetPublicKey: { KeyId: 'string', PublicKey: 'string' },
  GenerateDataKey: { KeyId: 'string', Plaintext: 'string', CiphertextBlob: 'string' },
  AsymmetricSign: { KeyId: 'string', Value: 'string' },
  AsymmetricVerify: { KeyId: 'string', Value: 'boolean' },
  AsymmetricEncrypt: { KeyId: 'string', CiphertextBlob: 'string' },
  AsymmetricDecrypt: { KeyId: 'string', Plaintext: 'string' },
} as const satisfies Record<string, Shape>;

// AWS KMS 2014-11-01 (JSON 1.1): RequestId comes from the x-amzn-RequestId header.
export const AWS_PROMISES = {
  CreateKey: { KeyMetadata: { KeyId: 'string', Arn: 'string', KeyState: 'string' } },
  GetParametersForImport: { ...IMPORT_PARAMETERS, ParametersValidTo: 'number' },
  DescribeKey: { KeyMetadata: { KeyId: 'string', Arn: 'string', KeyState: 'string' } },
  ImportKeyMaterial: {},
  Encrypt: { CiphertextBlob: 'string', KeyId: 'string' },
  Decrypt: { KeyId: 'string', Plaintext: 'string' },
  GetPublicKey: { KeyId: 'string', PublicKey: 'string' },
  GenerateDataKey: { KeyId: 'string', Plaintext: 'string', CiphertextBlob: 'string' },
  GenerateRandom: { Plaintext: 'string' },
  Sign: { KeyId: 'string', Signature: 'string' },
  Verify: { KeyId: 'string', SignatureValid: 'boolean' },
  ScheduleKeyDeletion: { KeyId: 'string', DeletionDate: 'number' },
  CancelKeyDeletion: { KeyId: 'string' },
} as const satisfies Record<string, Shape>;

/** Throws ERR_NETWORK naming the first promised field that is missing or of the wrong type. */
export function checkPromised(reply: Record<string, unknown>, shape: Shape | undefined, action: string, status: number, path = ''): void {
  if (!shape) return;
  for (const [field, want] of Object.entries(shape)) {
    const value = reply[field];
    const name = path + field;
    const ok = typeof want === 'string' ? typeof value === want && (want !== 'number' || Number.isFinite(value)) : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!ok) {
      throw new ByokError('ERR_NETWORK', `the ${action} reply has no valid ${name} (${typeof want === 'string' ? want : 'object'} expected): it is not what the KMS API returns`, { status });
    }
    if (typeof want !== 'string') checkPromised(value as Record<string, unknown>, want, action, status, `${name}.`);
  }
}
