// Type-level tests of the generated wire models, checked by `npm run typecheck` (never run):
// documented fields read without casts, and a wrong name, wrong wire type or missing
// required member is a compile error. Each `@ts-expect-error` fails the typecheck if the
// line below it ever compiles.
import type {
  ALIYUN_KMS_ACTIONS,
  AliyunKmsAction,
  AliyunKmsApi,
  DescribeKeyResponse as AliyunDescribeKeyResponse,
  EncryptRequest as AliyunEncryptRequest,
  ListKeysResponse as AliyunListKeysResponse,
} from '../../src/client/models/aliyun.js';
import type {
  AWS_KMS_ACTIONS,
  AwsKmsAction,
  AwsKmsApi,
  DescribeKeyResponse as AwsDescribeKeyResponse,
  ImportKeyMaterialRequest as AwsImportKeyMaterialRequest,
  KeyState as AwsKeyState,
  ListRetirableGrantsResponse as AwsListRetirableGrantsResponse,
} from '../../src/client/models/aws.js';
import type {
  DescribeKeyResponse as TencentDescribeKeyResponse,
  GetParametersForImportResponse as TencentGetParametersForImportResponse,
  ImportKeyMaterialRequest as TencentImportKeyMaterialRequest,
  TENCENT_KMS_ACTIONS,
  TencentKmsAction,
  TencentKmsApi,
} from '../../src/client/models/tencent.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

// The runtime arrays name exactly the actions of the type maps.
export type ActionLists = [
  Expect<Equal<(typeof TENCENT_KMS_ACTIONS)[number], TencentKmsAction>>,
  Expect<Equal<(typeof ALIYUN_KMS_ACTIONS)[number], AliyunKmsAction>>,
  Expect<Equal<(typeof AWS_KMS_ACTIONS)[number], AwsKmsAction>>,
  Expect<Equal<TencentKmsApi['DescribeKey']['response'], TencentDescribeKeyResponse>>,
  Expect<Equal<AliyunKmsApi['DescribeKey']['response'], AliyunDescribeKeyResponse>>,
  Expect<Equal<AwsKmsApi['DescribeKey']['response'], AwsDescribeKeyResponse>>,
];
// @ts-expect-error not an action
export type NotAnAction = AwsKmsApi['DescribeKeys'];

// Tencent: optional or required as the SDK marks each field.
type TencentKeyMetadata = NonNullable<TencentDescribeKeyResponse['KeyMetadata']>;
export type TencentReads = [
  Expect<Equal<TencentKeyMetadata['KeyState'], string | undefined>>,
  Expect<Equal<TencentKeyMetadata['ValidTo'], number | undefined>>,
  Expect<Equal<TencentGetParametersForImportResponse['PublicKey'], string>>,
];
// @ts-expect-error not a field of Tencent's KeyMetadata
export type TencentWrongField = TencentKeyMetadata['NotAField'];
// @ts-expect-error RequestId is the client's, not the model's
export type TencentRequestId = TencentDescribeKeyResponse['RequestId'];
declare const tencentReply: TencentDescribeKeyResponse;
export const tencentState: string | undefined = tencentReply.KeyMetadata?.KeyState;
// @ts-expect-error not a field of Tencent's KeyMetadata
export const tencentWrong = tencentReply.KeyMetadata?.NotAField;
// @ts-expect-error ImportToken is required
export const tencentImport: TencentImportKeyMaterialRequest = { KeyId: 'k', EncryptedKeyMaterial: 'AAAA' };

// Alibaba: wire names (PascalCase), list wrappers kept, EncryptionContext a JSON string.
declare const aliyunReply: AliyunDescribeKeyResponse;
export const aliyunState: string = aliyunReply.KeyMetadata.KeyState;
// @ts-expect-error the SDK's JS-facing name, not the wire name
export const aliyunCamel = aliyunReply.keyMetadata;
// @ts-expect-error not a field of Alibaba's KeyMetadata
export type AliyunWrongField = AliyunDescribeKeyResponse['KeyMetadata']['NotAField'];
export type AliyunKeyId = Expect<Equal<AliyunListKeysResponse['Keys']['Key'][number]['KeyId'], string>>;
// @ts-expect-error the list sits one level down, under Key
export type AliyunFlattenedList = AliyunListKeysResponse['Keys'][number];
export const aliyunEncrypt: AliyunEncryptRequest = { KeyId: 'k', Plaintext: 'aGk=', EncryptionContext: '{"a":"b"}' };
// @ts-expect-error EncryptionContext goes over the wire as a JSON string, not a map
export const aliyunEncryptMap: AliyunEncryptRequest = { KeyId: 'k', Plaintext: 'aGk=', EncryptionContext: { a: 'b' } };

// AWS: enums as literal unions, blobs as base64 strings, timestamps as epoch seconds.
declare const awsReply: AwsDescribeKeyResponse;
export const awsState: AwsKeyState | undefined = awsReply.KeyMetadata?.KeyState;
export type AwsReads = [
  Expect<Equal<NonNullable<AwsDescribeKeyResponse['KeyMetadata']>['KeyId'], string>>,
  Expect<Equal<NonNullable<AwsDescribeKeyResponse['KeyMetadata']>['CreationDate'], number | undefined>>,
  Expect<Equal<NonNullable<AwsListRetirableGrantsResponse['Grants']>[number]['GrantId'], string | undefined>>,
];
// @ts-expect-error not a field of AWS's KeyMetadata
export const awsWrong = awsReply.KeyMetadata?.NotAField;
// @ts-expect-error not a key state
export const awsBadState: AwsKeyState = 'Archived';
export const awsImport: AwsImportKeyMaterialRequest = {
  KeyId: 'k',
  ImportToken: 'AAAA',
  EncryptedKeyMaterial: 'AAAA',
  ExpirationModel: 'KEY_MATERIAL_EXPIRES',
  ValidTo: 1_900_000_000,
};
export const awsImportBlob: AwsImportKeyMaterialRequest = {
  KeyId: 'k',
  ImportToken: 'AAAA',
  // @ts-expect-error a blob is base64 text on the wire, not bytes
  EncryptedKeyMaterial: new Uint8Array(4),
};
export const awsImportDate: AwsImportKeyMaterialRequest = {
  KeyId: 'k',
  ImportToken: 'AAAA',
  EncryptedKeyMaterial: 'AAAA',
  // @ts-expect-error a timestamp is epoch seconds on the wire, not a Date
  ValidTo: new Date(),
};
