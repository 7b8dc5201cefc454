// AWS KMS, API 2014-11-01 over JSON 1.1: POST /, X-Amz-Target TrentService.<Action>,
// JSON bodies with blobs in base64 and timestamps in epoch seconds, SigV4 for service kms,
// errors {"__type", "message"} with HTTP 400 (500 for internal errors) (SPEC §5). One row
// per action, reading like the API reference; docs/rules/aws.md says where each rule
// comes from.
import { toBase64 } from '../../lib/bytes.js';
import { amzDate } from '../../lib/cloud_signatures.js';
import { randomBytes } from '../../lib/random.js';
import { AWS_KMS_ACTIONS } from '../../client/models/aws.js';
import { fail, KmsError, type KeyState, type KmsErrorKind } from '../kms_error.js';
import type { MockKmsService } from '../kms.js';
import { requireAwsExpiry, type ImportType } from '../rules.js';
import { AWS_WINDOW_MS, verifySigV4 } from '../signatures.js';
import { KeyStore, type KeyRecord } from '../store.js';
import { nameMap, table } from '../tables.js';
import type { EncryptAlgorithm, SignAlgorithm } from '../asymmetric.js';
import { blobKeyId, blobMaterialId, type WrappingKeySpec } from '../kms_crypto.js';
import { handle, NoSuchHost, type ActionTable, type Dialect, type DialectContext } from '../wire/dialect.js';
import type { Params } from '../wire/params.js';

/** The account every key of the mock belongs to (the AWS docs' example account). */
export const AWS_ACCOUNT = '111122223333';
export const AWS_DEFAULT_REGION = 'us-east-1';
const TARGET_PREFIX = 'TrentService.';

/** kms.<region>.amazonaws.com (kms-fips too; China: .amazonaws.com.cn). */
export const AWS_HOST = /^kms(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
/** The commercial, China and GovCloud Regions (the SDK's partitions table, 2026); a host naming any
 * other Region does not exist. */
export const AWS_REGIONS = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1', 'us-east-1',
  'us-east-2', 'us-west-1', 'us-west-2', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1',
] as const;
const isAwsRegion = (region: string) => (AWS_REGIONS as readonly string[]).includes(region);
/** China Regions (cn-north-1, cn-northwest-1): SM2 keys and SM2PKE wrapping, SM4 symmetric keys, no RSA_AES_* wrapping. */
const isChina = (region: string) => region.startsWith('cn-');
const partition = (region: string) => (isChina(region) ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
export const awsArn = (k: KeyRecord) => `arn:${partition(k.region)}:kms:${k.region}:${AWS_ACCOUNT}:key/${k.keyId}`;
const aliasArn = (region: string, name: string) => `arn:${partition(region)}:kms:${region}:${AWS_ACCOUNT}:${name}`;
const seconds = (ms: number) => ms / 1000;

// ---- Key specs ("Supported cryptographic algorithms"; CreateKey KeySpec and KeyUsage) ----

const RSA_SIGNING = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'] as const;
const RSA_ENCRYPTION = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const;

interface KeySpecRow {
  /** The mock's material spec (rules.ts, target_key/specs.ts). */
  material: string;
  /** KeyUsage values CreateKey accepts for this spec. */
  usages: readonly string[];
  encryption?: readonly string[];
  signing?: readonly string[];
  mac?: readonly string[];
  agreement?: readonly string[];
  /** SM2 exists in China Regions only. */
  chinaOnly?: boolean;
}

export const AWS_KEY_SPECS: Readonly<Record<string, KeySpecRow>> = table({
  // AES-256-GCM; "in China Regions ... a 128-bit symmetric key that uses SM4 encryption" (CreateKey KeySpec).
  SYMMETRIC_DEFAULT: { material: 'AES_256', usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'] },
  HMAC_224: { material: 'HMAC_224', usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_224'] },
  HMAC_256: { material: 'HMAC_256', usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_256'] },
  HMAC_384: { material: 'HMAC_384', usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_384'] },
  HMAC_512: { material: 'HMAC_512', usages: ['GENERATE_VERIFY_MAC'], mac: ['HMAC_SHA_512'] },
  RSA_2048: { material: 'RSA_2048', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: RSA_ENCRYPTION, signing: RSA_SIGNING },
  RSA_3072: { material: 'RSA_3072', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: RSA_ENCRYPTION, signing: RSA_SIGNING },
  RSA_4096: { material: 'RSA_4096', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: RSA_ENCRYPTION, signing: RSA_SIGNING },
  ECC_NIST_P256: { material: 'EC_P256', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signing: ['ECDSA_SHA_256'], agreement: ['ECDH'] },
  ECC_NIST_P384: { material: 'EC_P384', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signing: ['ECDSA_SHA_384'], agreement: ['ECDH'] },
  ECC_NIST_P521: { material: 'EC_P521', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signing: ['ECDSA_SHA_512'], agreement: ['ECDH'] },
  ECC_SECG_P256K1: { material: 'EC_P256K', usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'] },
  SM2: { material: 'EC_SM2', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'], encryption: ['SM2PKE'], signing: ['SM2DSA'], agreement: ['ECDH'], chinaOnly: true },
});
/** Key specs of the API this mock does not implement (EdDSA, ML-DSA, ML-KEM): CreateKey says so. */
const UNIMPLEMENTED_SPECS = ['ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024'];
const KEY_USAGES = ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'];

const specOf = (k: KeyRecord) => AWS_KEY_SPECS[k.keySpec]!;
const isSymmetric = (k: KeyRecord) => k.keySpec === 'SYMMETRIC_DEFAULT';

// ---- Errors (SPEC §5; exception names from the API reference, real-KMS replies: HTTP 400) ----

const CODES: Record<KmsErrorKind, string> = {
  MissingParameter: 'ValidationException',
  // A value of the wrong JSON type, or a body that is not JSON: the JSON protocol's own error.
  MalformedParameter: 'SerializationException',
  InvalidParameter: 'ValidationException',
  UnknownParameter: 'ValidationException',
  UnknownAction: 'UnknownOperationException',
  NotImplemented: 'UnsupportedOperationException',
  UnsupportedVersion: 'UnknownOperationException',
  UnsupportedRegion: 'InvalidSignatureException',
  RequestTooLarge: 'ValidationException',
  KeyNotFound: 'NotFoundException',
  AliasNotFound: 'NotFoundException',
  AliasExists: 'AlreadyExistsException',
  KeyVersionNotFound: 'NotFoundException',
  InvalidState: 'KMSInvalidStateException',
  NotExternal: 'UnsupportedOperationException',
  TokenExpired: 'ExpiredImportTokenException',
  TokenInvalid: 'InvalidImportTokenException',
  // "KMS cannot decrypt the EncryptedKeyMaterial with the private key of the import token" (ImportKeyMaterial errors).
  DecryptMaterialFailed: 'InvalidCiphertextException',
  MaterialMismatch: 'IncorrectKeyMaterialException',
  InvalidCiphertext: 'InvalidCiphertextException',
  InvalidKeyUsage: 'InvalidKeyUsageException',
  UnsupportedOperation: 'UnsupportedOperationException',
  LimitExceeded: 'LimitExceededException',
  SignatureFailure: 'InvalidSignatureException',
  SignatureExpired: 'InvalidSignatureException',
  SignatureNonceUsed: 'InvalidSignatureException',
  AccessKeyNotFound: 'UnrecognizedClientException',
  Throttled: 'ThrottlingException',
  InternalError: 'KMSInternalException',
};

const awsError = (kind: KmsErrorKind, name: string, message: string) => new KmsError(kind, message, undefined, name);
/** Refusals AWS words without detail (KMSInvalidSignatureException, InvalidCiphertextException ...). */
const bare = (kind: KmsErrorKind, name: string): never => {
  throw awsError(kind, name, '');
};

/** Operations that answer DisabledException for a Disabled key ("Key states of AWS KMS keys", footnote 1). */
const DISABLED_NAMED = new Set(['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'Sign', 'Verify', 'GetPublicKey', 'RotateKeyOnDemand']);
const STATE_WORDS: Record<KeyState, string> = { Enabled: 'enabled', Disabled: 'disabled', PendingImport: 'pending import', PendingDeletion: 'pending deletion', Archived: 'unavailable' };

function stateError(action: string, key: KeyRecord): KmsError {
  const arn = awsArn(key);
  if (action === 'CancelKeyDeletion') return new KmsError('InvalidState', `${arn} is not pending deletion.`, key.state, 'KMSInvalidStateException');
  // A pending deletion is refused with KMSInvalidStateException (the table allows either; see docs/rules/aws.md).
  const name = key.state === 'Disabled' && DISABLED_NAMED.has(action) ? 'DisabledException' : 'KMSInvalidStateException';
  return new KmsError('InvalidState', `${arn} is ${STATE_WORDS[key.state]}.`, key.state, name);
}

// ---- Naming keys: key id, key ARN, alias name, alias ARN ----

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]*):(\d{12}):((?:key|alias)\/.+)$/;

/**
 * The key `ref` names in `region`: a key id, key ARN, alias name or alias ARN, nothing else
 * (DescribeKey KeyId; NotFoundException, InvalidArnException as the API reference lists them).
 * `key/<id>` is only the resource part of a key ARN: alone it is not a key id.
 */
export function resolveAwsKey(service: MockKmsService, region: string, ref: string): KeyRecord {
  let name = ref;
  if (ref.startsWith('arn:')) {
    const m = ARN.exec(ref);
    if (!m) throw awsError('InvalidParameter', 'InvalidArnException', `Invalid arn ${ref}`);
    // Another partition, Region or account holds no key of this store.
    if (m[1] !== partition(region) || m[2] !== region || m[3] !== AWS_ACCOUNT) fail('KeyNotFound', `Key '${ref}' does not exist`);
    const resource = m[4]!;
    name = resource.startsWith('key/') ? resource.slice(4) : resource;
    if (resource.startsWith('key/') && !UUID.test(name)) return fail('KeyNotFound', `Invalid keyId '${ref}'`);
  }
  if (name.startsWith('alias/')) {
    const alias = service.store.aliases.get(KeyStore.aliasKey('aws', region, name));
    if (!alias || !service.store.keys.has(alias.keyId)) return fail('AliasNotFound', `Alias ${aliasArn(region, name)} is not found.`);
    name = alias.keyId;
  }
  if (!UUID.test(name)) return fail('KeyNotFound', `Invalid keyId '${ref}'`);
  try {
    return service.key('aws', region, name);
  } catch {
    return fail('KeyNotFound', `Key '${`arn:${partition(region)}:kms:${region}:${AWS_ACCOUNT}:key/${name}`}' does not exist`);
  }
}

// ---- Replies ----

export function awsMetadata(k: KeyRecord): Record<string, unknown> {
  const spec = specOf(k);
  const m: Record<string, unknown> = {
    AWSAccountId: AWS_ACCOUNT,
    KeyId: k.keyId,
    Arn: awsArn(k),
    CreationDate: seconds(k.createdAt),
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: k.state,
    Origin: k.origin === 'EXTERNAL' ? 'EXTERNAL' : 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: k.keySpec,
    KeySpec: k.keySpec,
    MultiRegion: false,
  };
  if (k.state === 'PendingDeletion' && k.deletionDate !== undefined) m.DeletionDate = seconds(k.deletionDate);
  // ExpirationModel (and ValidTo) only while an EXTERNAL key holds its current material.
  if (k.origin === 'EXTERNAL' && k.bytes) {
    m.ExpirationModel = k.materialExpiresAt > 0 ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE';
    if (k.materialExpiresAt > 0) m.ValidTo = seconds(k.materialExpiresAt);
  }
  // Only the list of the key's own usage appears; the others are omitted, not empty.
  if (k.keyUsage === 'ENCRYPT_DECRYPT') m.EncryptionAlgorithms = spec.encryption;
  if (k.keyUsage === 'SIGN_VERIFY') m.SigningAlgorithms = spec.signing;
  if (k.keyUsage === 'GENERATE_VERIFY_MAC') m.MacAlgorithms = spec.mac;
  if (k.keyUsage === 'KEY_AGREEMENT') m.KeyAgreementAlgorithms = spec.agreement;
  const current = k.materials?.find((x) => x.state === 'CURRENT');
  if (current) m.CurrentKeyMaterialId = current.id;
  return m;
}

/**
 * EncryptionContext: a map of strings; the same pairs in any order are the same context
 * ("an exact, case-sensitive match for the keys and values ... Only the order of the pairs
 * can vary", Decrypt). A map without pairs is no context: `{}` and absent match each other.
 */
function encryptionContext(v: unknown, name = 'EncryptionContext'): string {
  if (v === undefined) return '';
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) fail('MalformedParameter', `${name} must be a map of strings`);
  const pairs = Object.entries(v as Record<string, string>);
  return pairs.length === 0 ? '' : JSON.stringify(pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function requireUsage(key: KeyRecord, usage: string, action: string): void {
  if (key.keyUsage !== usage) fail('InvalidKeyUsage', `${awsArn(key)} key usage is ${key.keyUsage} which is not valid for ${action}.`);
}

function requireAlgorithm(key: KeyRecord, algorithm: string, allowed: readonly string[] | undefined): void {
  if (!allowed?.includes(algorithm)) fail('InvalidKeyUsage', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
}

function dryRun(args: { bool(name: string): boolean | undefined }): void {
  if (args.bool('DryRun')) throw awsError('InvalidParameter', 'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
}

/** Recipient (Nitro Enclaves attestation) is part of the API, not of this mock. */
function noRecipient(args: { has(name: string): boolean }): void {
  if (args.has('Recipient')) fail('NotImplemented', "Recipient (Nitro Enclaves attestation) is not implemented by webcrypto-byok's mock KMS");
}

/** RSAES_OAEP capacity per modulus ("Algorithm ... cannot encrypt data larger than N bytes"). */
function requireRsaCapacity(key: KeyRecord, algorithm: string, length: number): void {
  if (!key.keySpec.startsWith('RSA_')) return;
  const k = Number(key.keySpec.slice(4)) / 8;
  const max = k - 2 * (algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2;
  if (length > max) fail('InvalidParameter', `Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${max} bytes.`);
}

/** Signing algorithm names: AWS's → the mock's (asymmetric.ts). */
const SIGNING: Readonly<Record<string, SignAlgorithm>> = table({
  RSASSA_PSS_SHA_256: 'RSA_PSS_SHA_256',
  RSASSA_PSS_SHA_384: 'RSA_PSS_SHA_384',
  RSASSA_PSS_SHA_512: 'RSA_PSS_SHA_512',
  RSASSA_PKCS1_V1_5_SHA_256: 'RSA_PKCS1_SHA_256',
  RSASSA_PKCS1_V1_5_SHA_384: 'RSA_PKCS1_SHA_384',
  RSASSA_PKCS1_V1_5_SHA_512: 'RSA_PKCS1_SHA_512',
  ECDSA_SHA_256: 'ECDSA_SHA_256',
  ECDSA_SHA_384: 'ECDSA_SHA_384',
  ECDSA_SHA_512: 'ECDSA_SHA_512',
  SM2DSA: 'SM2DSA',
});
const DIGEST_LENGTH: Readonly<Record<string, number>> = table({ SM2DSA: 32 });
const digestLength = (algorithm: string) => DIGEST_LENGTH[algorithm] ?? Number(algorithm.slice(-3)) / 8;

/** Sign/Verify input: MessageType RAW (default) or DIGEST of exactly the hash's length. */
function signingInput(algorithm: string, message: Uint8Array, type: string | undefined): { message?: Uint8Array; digest?: Uint8Array } {
  if (type === 'EXTERNAL_MU') fail('InvalidKeyUsage', `Message type EXTERNAL_MU is incompatible with signing algorithm ${algorithm}.`);
  if (type !== 'DIGEST') return { message };
  if (message.length !== digestLength(algorithm)) fail('InvalidParameter', `Digest is invalid length for algorithm ${algorithm}.`);
  return { digest: message };
}

function checkTags(v: unknown, existing: Record<string, string> = {}): Record<string, string> {
  if (!Array.isArray(v)) return fail('MalformedParameter', 'Tags must be a list of {TagKey, TagValue}');
  // Any TagKey of 1–128 characters but aws:… is a tag, "__proto__" too (TagResource).
  const out = nameMap<string>();
  v.forEach((t: { TagKey?: unknown; TagValue?: unknown }, i) => {
    if (typeof t !== 'object' || t === null || typeof t.TagKey !== 'string' || typeof t.TagValue !== 'string') fail('MalformedParameter', 'each tag needs a TagKey and a TagValue string');
    // TagKey 1..128, TagValue 0..256 (model); the paths as AWS spells them.
    if (t.TagKey.length < 1 || t.TagKey.length > 128) fail('InvalidParameter', `1 validation error detected: Value at 'tags.${i + 1}.member.tagKey' failed to satisfy constraint: Member must have length between 1 and 128`);
    if (t.TagValue.length > 256) fail('InvalidParameter', `1 validation error detected: Value at 'tags.${i + 1}.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`);
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw awsError('InvalidParameter', 'TagException', 'Tags beginning with aws: are reserved');
    if (Object.hasOwn(out, t.TagKey)) throw awsError('InvalidParameter', 'TagException', 'Duplicate tag keys');
    out[t.TagKey] = t.TagValue;
  });
  // "A KMS key can have up to 50 tags" (TagResource).
  if (new Set([...Object.keys(existing), ...Object.keys(out)]).size > 50) throw awsError('LimitExceeded', 'TagException', 'Too many tags');
  return out;
}

/** Pages of `items` after `marker` (the NextMarker a previous page gave); InvalidMarkerException for any other. */
function page<T>(items: T[], idOf: (item: T) => string, limit: number, marker: string | undefined) {
  let start = 0;
  if (marker !== undefined) {
    start = items.findIndex((x) => idOf(x) === marker);
    if (start < 0) throw awsError('InvalidParameter', 'InvalidMarkerException', 'The request was rejected because the marker that specifies where pagination should next begin is not valid.');
  }
  const slice = items.slice(start, start + limit);
  const next = items[start + limit];
  return { slice, more: next ? { NextMarker: idOf(next), Truncated: true } : { Truncated: false } };
}

// ---- Parameters shared by many rows (bounds from the API reference / botocore model) ----

const KEY_ID = { type: 'string', required: true, min: 1, max: 2048 } as const;
/** Where the API reference says "Specify the key ID or key ARN": an alias is not found. */
const KEY_ID_OR_ARN = { ...KEY_ID, pattern: /^(?!alias\/)(?!arn:[^:]*:kms:[^:]*:[^:]*:alias\/)/, code: 'NotFoundException' } as const;
const GRANT_TOKENS = { type: 'strings', max: 10, item: { max: 8192 } } as const;
const DRY_RUN = { type: 'boolean' } as const;
const CONTEXT = { type: 'json' } as const;
const ENCRYPTION_ALGORITHM = { type: 'string', values: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] } as const;
const SIGNING_ALGORITHM = { type: 'string', required: true, values: [...Object.keys(SIGNING), 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512'] } as const;
const MAC_ALGORITHM = { type: 'string', required: true, values: ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] } as const;
const MESSAGE = { type: 'base64', required: true, min: 1, max: 4096 } as const;
const CIPHERTEXT = { type: 'base64', min: 1, max: 6144 } as const;
const LIMIT = (max: number) => ({ type: 'integer', min: 1, max }) as const;
const MARKER = { type: 'string', min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ } as const;
const ALIAS_NAME = { type: 'string', required: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/ } as const;
const ALL: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'];
const USABLE: readonly KeyState[] = ['Enabled'];
const NOT_DELETING: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];
const keyOnly: Params = { KeyId: KEY_ID, GrantTokens: GRANT_TOKENS };

// ---- Import (GetParametersForImport, ImportKeyMaterial: SPEC §3, §5) ----

const WRAPPING_KEY_SPECS: Readonly<Record<string, WrappingKeySpec>> = table({ RSA_2048: 'RSA_2048', RSA_3072: 'RSA_3072', RSA_4096: 'RSA_4096', SM2: 'EC_SM2' });

/**
 * GetParametersForImport WrappingAlgorithm ("Select a wrapping algorithm"): RSAES_OAEP_* for
 * every material but RSA private keys; RSA_AES_KEY_WRAP_* for RSA and ECC material, not in
 * China; SM2PKE in China only; RSAES_PKCS1_V1_5 no longer since 2023-10-10; ECC_NIST_P521
 * material cannot be wrapped with RSAES_OAEP_* under RSA_2048.
 */
function requireWrapping(key: KeyRecord, region: string, algorithm: string, wrappingKeySpec: string): void {
  const refuse = (why: string): never => fail('UnsupportedOperation', `${why} (${awsArn(key)})`);
  const china = isChina(region);
  if (algorithm === 'RSAES_PKCS1_V1_5') refuse('KMS does not support the RSAES_PKCS1_V1_5 wrapping algorithm since October 10, 2023');
  if (wrappingKeySpec === 'SM2' ? !china : false) refuse('the SM2 wrapping key spec is available in China Regions only');
  if (algorithm === 'SM2PKE' && !china) refuse('the SM2PKE wrapping algorithm is available in China Regions only');
  if ((algorithm === 'SM2PKE') !== (wrappingKeySpec === 'SM2')) refuse(`the wrapping algorithm ${algorithm} does not work with the wrapping key spec ${wrappingKeySpec}`);
  const rsaAes = algorithm.startsWith('RSA_AES_KEY_WRAP_');
  if (rsaAes && china) refuse(`the ${algorithm} wrapping algorithm is not supported in China Regions`);
  const privateRsa = key.material.startsWith('RSA_');
  const privateEc = key.material.startsWith('EC_');
  if (privateRsa && !rsaAes) refuse(`RSA key material must be wrapped with an RSA_AES_KEY_WRAP_* algorithm, not ${algorithm}`);
  if (rsaAes && !privateRsa && !privateEc) refuse(`${algorithm} wraps RSA and ECC key material only; use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1 for ${key.keySpec}`);
  if (key.keySpec === 'ECC_NIST_P521' && wrappingKeySpec === 'RSA_2048' && algorithm.startsWith('RSAES_OAEP_')) {
    refuse('ECC_NIST_P521 key material cannot be wrapped with an RSAES_OAEP_SHA_* algorithm under an RSA_2048 wrapping key: use a larger wrapping key or RSA_AES_KEY_WRAP_SHA_*');
  }
}

/** Origin first (UnsupportedOperationException), then the state: imports in every state but PendingDeletion. */
function requireImportable(key: KeyRecord): void {
  if (key.origin !== 'EXTERNAL') fail('NotExternal', `${awsArn(key)} origin is AWS_KMS which is not valid for this operation.`);
  if (key.state === 'PendingDeletion') throw stateError('ImportKeyMaterial', key);
}

export const AWS_ACTIONS: ActionTable = {
  CreateKey: {
    params: {
      Policy: { type: 'string', min: 1, max: 131072 },
      Description: { type: 'string', max: 8192 },
      KeyUsage: { type: 'string', values: KEY_USAGES },
      CustomerMasterKeySpec: { type: 'string', values: [...Object.keys(AWS_KEY_SPECS)] },
      KeySpec: { type: 'string', values: [...Object.keys(AWS_KEY_SPECS), ...UNIMPLEMENTED_SPECS] },
      Origin: { type: 'string', values: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] },
      CustomKeyStoreId: { type: 'string', min: 1, max: 64 },
      BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
      Tags: { type: 'json' },
      MultiRegion: { type: 'boolean' },
      XksKeyId: { type: 'string', min: 1, max: 128 },
    },
    async run({ service, region, args }) {
      if (args.has('KeySpec') && args.has('CustomerMasterKeySpec')) fail('InvalidParameter', 'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
      const keySpec = args.optStr('KeySpec') ?? args.optStr('CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
      if (UNIMPLEMENTED_SPECS.includes(keySpec)) fail('NotImplemented', `KeySpec ${keySpec} is part of the API but not implemented by webcrypto-byok's mock KMS`);
      const spec = AWS_KEY_SPECS[keySpec]!;
      if (spec.chinaOnly && !isChina(region)) fail('UnsupportedOperation', `KeySpec ${keySpec} is available in China Regions only`);
      const usage = args.optStr('KeyUsage') ?? (keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : fail('InvalidParameter', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'));
      if (!spec.usages.includes(usage)) fail('InvalidParameter', `KeyUsage ${usage} is not compatible with KeySpec ${keySpec}`);
      const origin = args.optStr('Origin') ?? 'AWS_KMS';
      if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE' || args.has('CustomKeyStoreId')) fail('NotImplemented', "custom key stores are part of the API but not implemented by webcrypto-byok's mock KMS");
      if (args.bool('MultiRegion')) fail('NotImplemented', "multi-Region keys are part of the API but not implemented by webcrypto-byok's mock KMS");
      const tags = args.has('Tags') ? checkTags(args.json('Tags')) : undefined;
      const material = keySpec === 'SYMMETRIC_DEFAULT' && isChina(region) ? 'SM4' : spec.material;
      const k = await service.createKey({
        cloud: 'aws',
        region,
        description: args.optStr('Description') ?? '',
        keySpec,
        keyUsage: usage,
        material,
        origin: origin === 'EXTERNAL' ? 'EXTERNAL' : 'KMS',
        tags,
        multiMaterial: keySpec === 'SYMMETRIC_DEFAULT',
      });
      return { KeyMetadata: awsMetadata(k) };
    },
  },
  DescribeKey: {
    params: keyOnly,
    key: { param: 'KeyId', states: ALL },
    async run({ key }) {
      return { KeyMetadata: awsMetadata(key) };
    },
  },
  ListKeys: {
    params: { Limit: LIMIT(1000), Marker: MARKER },
    async run({ service, region, args }) {
      const keys = service.listKeys('aws', region);
      const { slice, more } = page(keys, (k) => k.keyId, args.optInt('Limit') ?? 100, args.optStr('Marker'));
      return { Keys: slice.map((k) => ({ KeyId: k.keyId, KeyArn: awsArn(k) })), ...more };
    },
  },
  UpdateKeyDescription: {
    params: { KeyId: KEY_ID, Description: { type: 'string', required: true, max: 8192 } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      key.description = args.str('Description');
      service.mutated();
      return {};
    },
  },
  GetParametersForImport: {
    params: {
      KeyId: KEY_ID_OR_ARN,
      WrappingAlgorithm: { type: 'string', required: true, values: ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'] },
      WrappingKeySpec: { type: 'string', required: true, values: Object.keys(WRAPPING_KEY_SPECS) },
    },
    key: { param: 'KeyId' },
    async run({ service, region, key, args }) {
      requireImportable(key);
      const algorithm = args.str('WrappingAlgorithm');
      requireWrapping(key, region, algorithm, args.str('WrappingKeySpec'));
      const p = await service.getParametersForImport(key, algorithm, WRAPPING_KEY_SPECS[args.str('WrappingKeySpec')]!);
      // The token is a blob on this wire: the bytes behind the service's base64 token.
      return { KeyId: awsArn(key), ImportToken: p.token, PublicKey: toBase64(p.publicKey), ParametersValidTo: seconds(p.expiresAt) };
    },
  },
  ImportKeyMaterial: {
    params: {
      KeyId: KEY_ID_OR_ARN,
      ImportToken: { type: 'base64', required: true, min: 1, max: 6144 },
      EncryptedKeyMaterial: { type: 'base64', required: true, min: 1, max: 6144 },
      // Epoch seconds on the wire; parse() hands them over in ms.
      ValidTo: { type: 'integer', min: 0 },
      ExpirationModel: { type: 'string', values: ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] },
      ImportType: { type: 'string', values: ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] },
      KeyMaterialDescription: { type: 'string', max: 256, pattern: /^[a-zA-Z0-9:/_\s.-]+$/ },
      KeyMaterialId: { type: 'string', min: 64, max: 64, pattern: /^[a-f0-9]+$/ },
    },
    key: { param: 'KeyId' },
    async run({ service, key, args }) {
      requireImportable(key);
      const expiresAt = requireAwsExpiry(args.optStr('ExpirationModel'), args.optInt('ValidTo'), service.now());
      // "For asymmetric keys or HMAC KMS keys with EXTERNAL origin, only one key material can be
      // associated": ImportType, KeyMaterialId and KeyMaterialDescription are for symmetric keys.
      if (!key.materials) {
        const only = ['ImportType', 'KeyMaterialId', 'KeyMaterialDescription'].find((p) => args.has(p));
        if (only) fail('InvalidParameter', `${only} is valid only for symmetric encryption keys; ${key.keySpec} keys keep the key material of their first import`);
      }
      const { keyMaterialId } = await service.importKeyMaterial(key, args.bytes('EncryptedKeyMaterial'), toBase64(args.bytes('ImportToken')), expiresAt, {
        importType: args.optStr('ImportType') as ImportType | undefined,
        keyMaterialId: args.optStr('KeyMaterialId'),
        description: args.optStr('KeyMaterialDescription'),
      });
      return keyMaterialId ? { KeyId: awsArn(key), KeyMaterialId: keyMaterialId } : { KeyId: awsArn(key) };
    },
  },
  DeleteImportedKeyMaterial: {
    params: { KeyId: KEY_ID_OR_ARN, KeyMaterialId: { type: 'string', min: 64, max: 64, pattern: /^[a-f0-9]+$/ } },
    key: { param: 'KeyId', states: ALL },
    async run({ service, key, args }) {
      if (key.origin !== 'EXTERNAL') fail('NotExternal', `${awsArn(key)} origin is AWS_KMS which is not valid for this operation.`);
      if (args.has('KeyMaterialId') && !key.materials) fail('InvalidParameter', `KeyMaterialId is valid only for symmetric encryption keys`);
      const id = await service.deleteKeyMaterial(key, args.optStr('KeyMaterialId'));
      return id ? { KeyId: awsArn(key), KeyMaterialId: id } : { KeyId: awsArn(key) };
    },
  },
  EnableKey: {
    params: { KeyId: KEY_ID_OR_ARN },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Enabled'));
      return {};
    },
  },
  DisableKey: {
    params: { KeyId: KEY_ID_OR_ARN },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Disabled'));
      return {};
    },
  },
  ScheduleKeyDeletion: {
    // The model allows 1..365; the API reference: "from 7 to 30 days ... default 30".
    params: { KeyId: KEY_ID_OR_ARN, PendingWindowInDays: { type: 'integer', min: 1, max: 365 } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      const days = args.optInt('PendingWindowInDays') ?? 30;
      if (days < 7 || days > 30) fail('InvalidParameter', `PendingWindowInDays should be between 7 and 30, but it is ${days}`);
      const date = await service.exclusive(key.keyId, async () => service.scheduleKeyDeletion(key, days));
      return { KeyId: awsArn(key), DeletionDate: seconds(date), KeyState: 'PendingDeletion', PendingWindowInDays: days };
    },
  },
  CancelKeyDeletion: {
    params: { KeyId: KEY_ID_OR_ARN },
    key: { param: 'KeyId', states: ['PendingDeletion'] },
    async run({ service, key }) {
      // "the KMS key is in the Disabled state" after CancelKeyDeletion (API reference).
      await service.exclusive(key.keyId, async () => service.cancelKeyDeletion(key, 'Disabled'));
      return { KeyId: awsArn(key) };
    },
  },
  RotateKeyOnDemand: {
    params: { KeyId: KEY_ID_OR_ARN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key }) {
      // Symmetric encryption keys only ("RotateKeyOnDemand"); others: UnsupportedOperationException, no text.
      if (!key.materials) bare('UnsupportedOperation', 'UnsupportedOperationException');
      await service.rotateKeyOnDemand(key, awsArn(key));
      return { KeyId: awsArn(key) };
    },
  },
  ListKeyRotations: {
    params: { KeyId: KEY_ID_OR_ARN, IncludeKeyMaterial: { type: 'string', values: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] }, Limit: LIMIT(1000), Marker: MARKER },
    key: { param: 'KeyId', states: ALL },
    async run({ key, args }) {
      if (!key.materials) return bare('UnsupportedOperation', 'UnsupportedOperationException');
      const all = args.optStr('IncludeKeyMaterial') === 'ALL_KEY_MATERIAL';
      // ROTATIONS_ONLY lists the materials that became current by a rotation; ALL_KEY_MATERIAL every one.
      const listed = key.materials.filter((m) => all || m.rotatedAt !== undefined);
      const { slice, more } = page(listed, (m) => m.id, args.optInt('Limit') ?? 100, args.optStr('Marker'));
      const external = key.origin === 'EXTERNAL';
      const Rotations = slice.map((m) => ({
        KeyId: key.keyId,
        KeyMaterialId: m.id,
        KeyMaterialState: m.state,
        ...(m.rotatedAt !== undefined ? { RotationDate: seconds(m.rotatedAt), RotationType: 'ON_DEMAND' } : {}),
        ...(external
          ? {
              ImportState: m.bytes ? 'IMPORTED' : 'PENDING_IMPORT',
              ...(m.description !== undefined ? { KeyMaterialDescription: m.description } : {}),
              ...(m.bytes ? { ExpirationModel: m.expiresAt > 0 ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : {}),
              ...(m.bytes && m.expiresAt > 0 ? { ValidTo: seconds(m.expiresAt) } : {}),
            }
          : {}),
      }));
      return { Rotations, ...more };
    },
  },
};

// ---- Using the key ----

Object.assign(AWS_ACTIONS, {
  Encrypt: {
    params: { KeyId: KEY_ID, Plaintext: { type: 'base64', required: true, min: 1, max: 4096 }, EncryptionContext: CONTEXT, GrantTokens: GRANT_TOKENS, EncryptionAlgorithm: ENCRYPTION_ALGORITHM, DryRun: DRY_RUN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
      const algorithm = args.optStr('EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
      requireAlgorithm(key, algorithm, specOf(key).encryption);
      const plaintext = args.bytes('Plaintext');
      const context = encryptionContext(args.json('EncryptionContext'));
      requireRsaCapacity(key, algorithm, plaintext.length);
      dryRun(args);
      const blob = isSymmetric(key) ? await service.encrypt(key, plaintext, context) : await service.asymmetricEncrypt(key, algorithm as EncryptAlgorithm, plaintext);
      return { CiphertextBlob: toBase64(blob), KeyId: awsArn(key), EncryptionAlgorithm: algorithm };
    },
  },
  Decrypt: {
    params: { CiphertextBlob: { ...CIPHERTEXT, required: true }, EncryptionContext: CONTEXT, GrantTokens: GRANT_TOKENS, KeyId: { ...KEY_ID, required: false }, EncryptionAlgorithm: ENCRYPTION_ALGORITHM, Recipient: { type: 'json' }, DryRun: DRY_RUN, DryRunModifiers: { type: 'strings', item: { values: ['IGNORE_CIPHERTEXT'] } } },
    async run({ service, region, args }) {
      noRecipient(args);
      const opened = await openCiphertext(service, region, 'Decrypt', args.bytes('CiphertextBlob'), args.optStr('KeyId'), args.optStr('EncryptionAlgorithm'), args.json('EncryptionContext'), () => dryRun(args));
      return { KeyId: awsArn(opened.key), Plaintext: toBase64(opened.plaintext), EncryptionAlgorithm: opened.algorithm, ...(opened.materialId ? { KeyMaterialId: opened.materialId } : {}) };
    },
  },
  ReEncrypt: {
    params: {
      CiphertextBlob: { ...CIPHERTEXT, required: true },
      SourceEncryptionContext: CONTEXT,
      SourceKeyId: { ...KEY_ID, required: false },
      DestinationKeyId: KEY_ID,
      DestinationEncryptionContext: CONTEXT,
      SourceEncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      DestinationEncryptionAlgorithm: ENCRYPTION_ALGORITHM,
      GrantTokens: GRANT_TOKENS,
      DryRun: DRY_RUN,
      DryRunModifiers: { type: 'strings', item: { values: ['IGNORE_CIPHERTEXT'] } },
    },
    // The destination key: the row's key (it must be Enabled); the source comes out of the ciphertext.
    key: { param: 'DestinationKeyId', states: USABLE },
    async run({ service, region, key, args }) {
      requireUsage(key, 'ENCRYPT_DECRYPT', 'ReEncrypt');
      const destinationAlgorithm = args.optStr('DestinationEncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT';
      requireAlgorithm(key, destinationAlgorithm, specOf(key).encryption);
      const destinationContext = encryptionContext(args.json('DestinationEncryptionContext'), 'DestinationEncryptionContext');
      const source = await openCiphertext(service, region, 'ReEncrypt', args.bytes('CiphertextBlob'), args.optStr('SourceKeyId'), args.optStr('SourceEncryptionAlgorithm'), args.json('SourceEncryptionContext'), () => {
        dryRun(args);
      });
      requireRsaCapacity(key, destinationAlgorithm, source.plaintext.length);
      const blob = isSymmetric(key) ? await service.encrypt(key, source.plaintext, destinationContext) : await service.asymmetricEncrypt(key, destinationAlgorithm as EncryptAlgorithm, source.plaintext);
      source.plaintext.fill(0);
      const destinationMaterial = blobMaterialId(blob);
      return {
        CiphertextBlob: toBase64(blob),
        SourceKeyId: awsArn(source.key),
        KeyId: awsArn(key),
        SourceEncryptionAlgorithm: source.algorithm,
        DestinationEncryptionAlgorithm: destinationAlgorithm,
        ...(source.materialId ? { SourceKeyMaterialId: source.materialId } : {}),
        ...(destinationMaterial ? { DestinationKeyMaterialId: destinationMaterial } : {}),
      };
    },
  },
  GenerateDataKey: dataKeyRow(true),
  GenerateDataKeyWithoutPlaintext: dataKeyRow(false),
  GenerateRandom: {
    params: { NumberOfBytes: { type: 'integer', min: 1, max: 1024 }, CustomKeyStoreId: { type: 'string', min: 1, max: 64 }, Recipient: { type: 'json' } },
    async run({ args }) {
      noRecipient(args);
      if (args.has('CustomKeyStoreId')) fail('NotImplemented', "custom key stores are part of the API but not implemented by webcrypto-byok's mock KMS");
      // Optional in the model, required by the service: "NumberOfBytes is required."
      const n = args.optInt('NumberOfBytes') ?? fail('InvalidParameter', 'NumberOfBytes is required.');
      return { Plaintext: toBase64(randomBytes(n)) };
    },
  },
  GetPublicKey: {
    params: keyOnly,
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key }) {
      // Asymmetric keys only: symmetric and HMAC keys have no public key.
      if (!key.material.startsWith('RSA_') && !key.material.startsWith('EC_')) fail('UnsupportedOperation', `${awsArn(key)} key spec ${key.keySpec} has no public key: GetPublicKey needs an asymmetric KMS key.`);
      const spec = specOf(key);
      const lists: Record<string, unknown> = {};
      if (key.keyUsage === 'ENCRYPT_DECRYPT') lists.EncryptionAlgorithms = spec.encryption;
      if (key.keyUsage === 'SIGN_VERIFY') lists.SigningAlgorithms = spec.signing;
      if (key.keyUsage === 'KEY_AGREEMENT') lists.KeyAgreementAlgorithms = spec.agreement;
      return { KeyId: awsArn(key), PublicKey: toBase64(await service.publicKey(key)), CustomerMasterKeySpec: key.keySpec, KeySpec: key.keySpec, KeyUsage: key.keyUsage, ...lists };
    },
  },
  Sign: {
    params: { KeyId: KEY_ID, Message: MESSAGE, MessageType: { type: 'string', values: ['RAW', 'DIGEST', 'EXTERNAL_MU'] }, GrantTokens: GRANT_TOKENS, SigningAlgorithm: SIGNING_ALGORITHM, DryRun: DRY_RUN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireUsage(key, 'SIGN_VERIFY', 'Sign');
      const algorithm = args.str('SigningAlgorithm');
      requireAlgorithm(key, algorithm, specOf(key).signing);
      const input = signingInput(algorithm, args.bytes('Message'), args.optStr('MessageType'));
      dryRun(args);
      const signature = await service.sign(key, SIGNING[algorithm]!, input);
      return { KeyId: awsArn(key), Signature: toBase64(signature), SigningAlgorithm: algorithm };
    },
  },
  Verify: {
    params: { KeyId: KEY_ID, Message: MESSAGE, MessageType: { type: 'string', values: ['RAW', 'DIGEST', 'EXTERNAL_MU'] }, Signature: { type: 'base64', required: true, min: 1, max: 6144 }, SigningAlgorithm: SIGNING_ALGORITHM, GrantTokens: GRANT_TOKENS, DryRun: DRY_RUN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireUsage(key, 'SIGN_VERIFY', 'Verify');
      const algorithm = args.str('SigningAlgorithm');
      requireAlgorithm(key, algorithm, specOf(key).signing);
      const input = signingInput(algorithm, args.bytes('Message'), args.optStr('MessageType'));
      dryRun(args);
      // A signature that does not verify is an error, never SignatureValid: false.
      if (!(await service.verify(key, SIGNING[algorithm]!, input, args.bytes('Signature')))) bare('InvalidParameter', 'KMSInvalidSignatureException');
      return { KeyId: awsArn(key), SignatureValid: true, SigningAlgorithm: algorithm };
    },
  },
  GenerateMac: {
    params: { Message: MESSAGE, KeyId: KEY_ID, MacAlgorithm: MAC_ALGORITHM, GrantTokens: GRANT_TOKENS, DryRun: DRY_RUN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireUsage(key, 'GENERATE_VERIFY_MAC', 'GenerateMac');
      const algorithm = args.str('MacAlgorithm');
      requireAlgorithm(key, algorithm, specOf(key).mac);
      dryRun(args);
      return { Mac: toBase64(await service.mac(key, algorithm, args.bytes('Message'))), MacAlgorithm: algorithm, KeyId: awsArn(key) };
    },
  },
  VerifyMac: {
    params: { Message: MESSAGE, KeyId: KEY_ID, MacAlgorithm: MAC_ALGORITHM, Mac: { type: 'base64', required: true, min: 1, max: 6144 }, GrantTokens: GRANT_TOKENS, DryRun: DRY_RUN },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      requireUsage(key, 'GENERATE_VERIFY_MAC', 'VerifyMac');
      const algorithm = args.str('MacAlgorithm');
      requireAlgorithm(key, algorithm, specOf(key).mac);
      dryRun(args);
      const mac = await service.mac(key, algorithm, args.bytes('Message'));
      const given = args.bytes('Mac');
      // Compared in full, whatever the lengths (no early exit on the first differing byte).
      let diff = mac.length ^ given.length;
      for (let i = 0; i < mac.length; i++) diff |= mac[i]! ^ (given[i] ?? 0);
      if (diff !== 0) bare('InvalidParameter', 'KMSInvalidMacException');
      return { KeyId: awsArn(key), MacValid: true, MacAlgorithm: algorithm };
    },
  },
} satisfies ActionTable);

function dataKeyRow(withPlaintext: boolean): ActionTable[string] {
  const action = withPlaintext ? 'GenerateDataKey' : 'GenerateDataKeyWithoutPlaintext';
  return {
    params: { KeyId: KEY_ID, EncryptionContext: CONTEXT, NumberOfBytes: { type: 'integer', min: 1, max: 1024 }, KeySpec: { type: 'string', values: ['AES_256', 'AES_128'] }, GrantTokens: GRANT_TOKENS, DryRun: DRY_RUN, ...(withPlaintext ? { Recipient: { type: 'json' } } : {}) },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      noRecipient(args);
      if (!isSymmetric(key)) fail('InvalidKeyUsage', `${awsArn(key)} key spec ${key.keySpec} is not valid for ${action}: it needs a symmetric encryption KMS key.`);
      requireUsage(key, 'ENCRYPT_DECRYPT', action);
      // "Use either the KeySpec or NumberOfBytes parameter (but not both) in every request."
      if (args.has('KeySpec') === args.has('NumberOfBytes')) fail('InvalidParameter', 'Please specify either number of bytes or key spec.');
      const n = args.optInt('NumberOfBytes') ?? (args.str('KeySpec') === 'AES_128' ? 16 : 32);
      const context = encryptionContext(args.json('EncryptionContext'));
      dryRun(args);
      const plaintext = randomBytes(n);
      const blob = await service.encrypt(key, plaintext, context);
      const reply = { CiphertextBlob: toBase64(blob), ...(withPlaintext ? { Plaintext: toBase64(plaintext) } : {}), KeyId: awsArn(key), KeyMaterialId: blobMaterialId(blob) };
      plaintext.fill(0);
      return reply;
    },
  };
}

/**
 * Decrypt's and ReEncrypt's source side. A symmetric ciphertext names its key (and
 * material); a KeyId given must name that key (IncorrectKeyException). Any other
 * ciphertext needs the asymmetric KeyId and its EncryptionAlgorithm.
 */
async function openCiphertext(service: MockKmsService, region: string, action: string, blob: Uint8Array, keyRef: string | undefined, algorithm: string | undefined, contextValue: unknown, beforeUse: () => void) {
  const named = keyRef === undefined ? undefined : resolveAwsKey(service, region, keyRef);
  const context = encryptionContext(contextValue, action === 'ReEncrypt' ? 'SourceEncryptionContext' : 'EncryptionContext');
  const blobKey = blobKeyId(blob);
  if (blobKey !== undefined) {
    // A ciphertext names its key by key id. An ARN, alias or other text there is no key reference
    // to resolve but a corrupt or forged blob: InvalidCiphertextException ("the specified ciphertext
    // ... is corrupted, missing, or otherwise invalid"). A key id this Region does not hold:
    // NotFoundException, which Decrypt lists too (API Reference: Decrypt, Errors).
    if (!UUID.test(blobKey)) bare('InvalidCiphertext', 'InvalidCiphertextException');
    const key = resolveAwsKey(service, region, blobKey);
    if (named && named.keyId !== key.keyId) throw awsError('InvalidParameter', 'IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    if ((algorithm ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') fail('InvalidKeyUsage', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
    if (key.state !== 'Enabled') throw stateError(action, key);
    beforeUse();
    try {
      const { plaintext } = await service.decrypt('aws', region, blob, context);
      return { key, plaintext, algorithm: 'SYMMETRIC_DEFAULT', materialId: blobMaterialId(blob) };
    } catch (e) {
      if (e instanceof KmsError && e.kind === 'InvalidCiphertext') bare('InvalidCiphertext', 'InvalidCiphertextException');
      throw e;
    }
  }
  // Not a ciphertext of a symmetric key: only an asymmetric key named in the request can open it.
  if (!named || isSymmetric(named)) return bare('InvalidCiphertext', 'InvalidCiphertextException');
  if (named.state !== 'Enabled') throw stateError(action, named);
  requireUsage(named, 'ENCRYPT_DECRYPT', action);
  const chosen = algorithm ?? 'SYMMETRIC_DEFAULT';
  requireAlgorithm(named, chosen, specOf(named).encryption);
  beforeUse();
  try {
    return { key: named, plaintext: await service.asymmetricDecrypt(named, chosen as EncryptAlgorithm, blob), algorithm: chosen, materialId: undefined };
  } catch (e) {
    if (e instanceof KmsError && e.kind === 'InvalidCiphertext') bare('InvalidCiphertext', 'InvalidCiphertextException');
    throw e;
  }
}

// ---- Aliases and tags ----

function requireAliasName(name: string): void {
  if (!name.startsWith('alias/')) fail('InvalidParameter', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  if (name.startsWith('alias/aws/')) throw awsError('InvalidParameter', 'InvalidAliasNameException', 'Alias names beginning with alias/aws/ are reserved for AWS managed keys.');
}

/** "The alias and its new target KMS key must be the same type ... and they must have the same key usage." */
const keyKind = (k: KeyRecord) => (k.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : k.keySpec.startsWith('HMAC_') ? 'HMAC' : 'asymmetric');

Object.assign(AWS_ACTIONS, {
  CreateAlias: {
    params: { AliasName: ALIAS_NAME, TargetKeyId: KEY_ID_OR_ARN },
    key: { param: 'TargetKeyId', states: NOT_DELETING },
    async run({ service, region, key, args }) {
      const name = args.str('AliasName');
      requireAliasName(name);
      if (service.aliases('aws', region).some((a) => a.name === name)) fail('AliasExists', `An alias with the name ${aliasArn(region, name)} already exists`);
      service.createAlias('aws', region, name, key);
      return {};
    },
  },
  UpdateAlias: {
    params: { AliasName: ALIAS_NAME, TargetKeyId: KEY_ID_OR_ARN },
    key: { param: 'TargetKeyId', states: NOT_DELETING },
    async run({ service, region, key, args }) {
      const name = args.str('AliasName');
      requireAliasName(name);
      const alias = service.aliases('aws', region).find((a) => a.name === name) ?? fail('AliasNotFound', `Alias ${aliasArn(region, name)} is not found.`);
      const current = service.store.keys.get(alias.keyId)!;
      if (keyKind(current) !== keyKind(key) || current.keyUsage !== key.keyUsage) {
        fail('InvalidParameter', `${awsArn(key)} is a ${keyKind(key)} ${key.keyUsage} key; the alias ${name} points to a ${keyKind(current)} ${current.keyUsage} key: both must be the same type and key usage`);
      }
      service.updateAlias(alias, key);
      return {};
    },
  },
  DeleteAlias: {
    params: { AliasName: ALIAS_NAME },
    async run({ service, region, args }) {
      const name = args.str('AliasName');
      requireAliasName(name);
      const alias = service.aliases('aws', region).find((a) => a.name === name) ?? fail('AliasNotFound', `Alias ${aliasArn(region, name)} is not found.`);
      service.deleteAlias(alias);
      return {};
    },
  },
  ListAliases: {
    params: { KeyId: { ...KEY_ID_OR_ARN, required: false }, Limit: LIMIT(100), Marker: MARKER },
    async run({ service, region, args }) {
      const keyId = args.has('KeyId') ? resolveAwsKey(service, region, args.str('KeyId')).keyId : undefined;
      const aliases = service.aliases('aws', region, keyId).sort((a, b) => (a.name < b.name ? -1 : 1));
      const { slice, more } = page(aliases, (a) => a.name, args.optInt('Limit') ?? 50, args.optStr('Marker'));
      return {
        Aliases: slice.map((a) => ({ AliasName: a.name, AliasArn: aliasArn(region, a.name), TargetKeyId: a.keyId, CreationDate: seconds(a.createdAt), LastUpdatedDate: seconds(a.createdAt) })),
        ...more,
      };
    },
  },
  TagResource: {
    params: { KeyId: KEY_ID_OR_ARN, Tags: { type: 'json', required: true } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      // An existing tag key takes the new value.
      Object.assign(key.tags, checkTags(args.json('Tags'), key.tags));
      service.mutated();
      return {};
    },
  },
  UntagResource: {
    params: { KeyId: KEY_ID_OR_ARN, TagKeys: { type: 'strings', required: true, item: { max: 128 } } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      for (const k of args.strings('TagKeys')!) delete key.tags[k];
      service.mutated();
      return {};
    },
  },
  ListResourceTags: {
    params: { KeyId: KEY_ID_OR_ARN, Limit: LIMIT(50), Marker: MARKER },
    key: { param: 'KeyId', states: ALL },
    async run({ key, args }) {
      const tags = Object.entries(key.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
      const { slice, more } = page(tags, (t) => t.TagKey, args.optInt('Limit') ?? 50, args.optStr('Marker'));
      return { Tags: slice, ...more };
    },
  },
} satisfies ActionTable);

// ---- The wire ----

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const STANDARD_MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * SigV4 as KMS checks it (SPEC §5): the access key, a 5-minute window on X-Amz-Date, the
 * scope (service kms, the endpoint's Region), then the signature. Returns the scope's Region.
 * A browser hides `host` and `content-length` from the handler: both are rebuilt from the
 * URL and the body, as the signer saw them.
 */
async function verifyAws(ctx: DialectContext, request: Request, url: URL, body: Uint8Array, text: string, hostRegion: string | undefined): Promise<string> {
  const credentials = ctx.credentials!;
  const auth = request.headers.get('authorization');
  if (auth === null) throw awsError('SignatureFailure', 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const m = SIGV4.exec(auth);
  if (!m) throw awsError('SignatureFailure', 'IncompleteSignatureException', "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in AWS4-HMAC-SHA256 form.");
  const [, id, , region, service, signed] = m as unknown as [string, string, string, string, string, string];
  if (!credentials.some((c) => c.id === id)) throw awsError('AccessKeyNotFound', 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  const stamp = request.headers.get('x-amz-date') ?? '';
  const at = AMZ_DATE.exec(stamp);
  if (!at) throw awsError('SignatureFailure', 'IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const signedAt = Date.UTC(+at[1]!, +at[2]! - 1, +at[3]!, +at[4]!, +at[5]!, +at[6]!);
  const now = ctx.now();
  if (signedAt < now - AWS_WINDOW_MS) throw awsError('SignatureExpired', 'InvalidSignatureException', `Signature expired: ${stamp} is now earlier than ${amzDate(now - AWS_WINDOW_MS)} (${amzDate(now)} - 5 min.)`);
  if (signedAt > now + AWS_WINDOW_MS) throw awsError('SignatureExpired', 'InvalidSignatureException', `Signature not yet current: ${stamp} is still later than ${amzDate(now + AWS_WINDOW_MS)} (${amzDate(now)} + 5 min.)`);
  if (service !== 'kms') throw awsError('SignatureFailure', 'InvalidSignatureException', "Credential should be scoped to correct service: 'kms'.");
  if (hostRegion !== undefined && region !== hostRegion) throw awsError('SignatureFailure', 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  if (!REGION.test(region)) throw awsError('SignatureFailure', 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  const headers = new Headers(request.headers);
  if (signed.split(';').includes('content-length') && !headers.has('content-length')) headers.set('content-length', String(body.length));
  try {
    await verifySigV4(credentials, { method: request.method, path: url.pathname, query: url.searchParams, host: url.host, headers, body: text }, now, 'kms');
  } catch (e) {
    if (e instanceof KmsError) throw awsError('SignatureFailure', 'InvalidSignatureException', STANDARD_MISMATCH);
    throw e;
  }
  return region;
}

/** The Region an unverified request names in its credential scope, if it is signed at all. */
function scopeRegion(auth: string | null): string | undefined {
  const region = auth ? SIGV4.exec(auth)?.[3] : undefined;
  return region && REGION.test(region) ? region : undefined;
}

/** Timestamp members arrive as epoch seconds (maybe fractional): handed to the rows in ms. */
const TIMESTAMPS: Readonly<Record<string, readonly string[]>> = table({ ImportKeyMaterial: ['ValidTo'] });

function dialectFor(ctx: DialectContext): Dialect {
  const reply = (status: number, body: Record<string, unknown> | undefined, extra: Record<string, string> = {}) =>
    new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      // Date: the SDK corrects its clock from it, as it does against AWS.
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': crypto.randomUUID(), date: new Date(ctx.now()).toUTCString(), ...extra },
    });
  return {
    cloud: 'aws',
    wire: 'json',
    table: AWS_ACTIONS,
    known: AWS_KMS_ACTIONS,
    async parse(c: DialectContext, request: Request, raw: Uint8Array) {
      const url = new URL(request.url);
      const target = request.headers.get('x-amz-target') ?? '';
      if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
        throw awsError('UnknownAction', 'UnknownOperationException', `the X-Amz-Target header must name TrentService.<Action> in a POST request`);
      }
      const action = target.slice(TARGET_PREFIX.length);
      const text = new TextDecoder().decode(raw);
      const hostRegion = AWS_HOST.exec(url.hostname)?.[1];
      if (hostRegion !== undefined && !isAwsRegion(hostRegion)) throw new NoSuchHost(url.hostname);
      const region = c.credentials ? await verifyAws(c, request, url, raw, text, hostRegion) : (hostRegion ?? scopeRegion(request.headers.get('authorization')) ?? AWS_DEFAULT_REGION);
      if (!isAwsRegion(region)) throw awsError('SignatureFailure', 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
      let args: unknown;
      try {
        args = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        fail('MalformedParameter', 'the request body is not valid JSON');
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) fail('MalformedParameter', 'the request body must be a JSON object');
      const body = args as Record<string, unknown>;
      for (const name of TIMESTAMPS[action] ?? []) {
        const v = body[name];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 8.64e12) fail('MalformedParameter', `${name} must be a timestamp in epoch seconds`);
        body[name] = Math.round(v * 1000);
      }
      return { action, region, raw: body };
    },
    stateError,
    resolveKey: resolveAwsKey,
    ok: (body) => reply(200, Object.keys(body).length === 0 ? undefined : body),
    error: (e) => {
      const name = e.code ?? CODES[e.kind];
      return reply(e.kind === 'InternalError' ? 500 : 400, { __type: name, message: e.message }, { 'x-amzn-errortype': name });
    },
  };
}

const dialects = new WeakMap<DialectContext, Dialect>();

export const handleAws = (ctx: DialectContext, request: Request) => {
  let dialect = dialects.get(ctx);
  if (!dialect) dialects.set(ctx, (dialect = dialectFor(ctx)));
  return handle(dialect, ctx, request);
};
