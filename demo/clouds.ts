// The clouds as data: each cloud, the key types it imports, the wrapping algorithms it
// offers for each, and the files its console's import dialog takes. Both modes render
// from this table only, so a cloud (Google Cloud, Azure .byok, Vault) is added by adding
// a row (plus, for a new kind of file, one entry in files.ts's FILE_MAKERS); AWS came so.
import type { KmsRequest, TargetKeySpec, WrappingAlgorithm } from '../src/index.js';

/** What is wrapped: raw symmetric material of `bits`, or a private key of a target spec. */
export type Target = { kind: 'symmetric'; bits: 128 | 256 } | { kind: 'private-key'; spec: TargetKeySpec };

/** CreateKey arguments for an external key, in the cloud's own (typed) field names; Tencent's Alias is added per key. */
export type CreateKeyArgs = { cloud: 'tencent'; args: Omit<KmsRequest<'tencent', 'CreateKey'>, 'Alias'> } | { cloud: 'aliyun'; args: KmsRequest<'aliyun', 'CreateKey'> };

/** How the mocked KMS proves the imported material works. */
export type KeyUse = 'encrypt-decrypt' | 'sign-verify' | 'sm2-decrypt';

export interface KeyTypeRow {
  /** Unique within the cloud (the demo's own name for the row). */
  id: string;
  /** The spec as the cloud reports it in DescribeKey (Tencent reports none: SYMMETRIC). */
  spec: string;
  label: string;
  target: Target;
  /** The wrapping algorithms the cloud offers for this key type; the first is the default. */
  algorithms: WrappingAlgorithm[];
  /** For the mocked KMS: CreateKey arguments for an external key of this type, and how to use it. */
  createKey?: CreateKeyArgs;
  use?: KeyUse;
}

/** A file the console takes or the user should keep: what it holds, how it is encoded. */
export interface ConsoleFile {
  name: string;
  /** What the console (or its documentation) calls it. */
  label: string;
  of: 'wrapped' | 'token' | 'material';
  /** base64 text, raw bytes (a token: its base64 decoded), the text as given, or a private key as PKCS#8 PEM / DER. */
  as: 'base64' | 'binary' | 'text' | 'pem' | 'der';
}

export interface CloudRow {
  id: string;
  name: string;
  /** The mocked KMS's dialect for this cloud (createKmsClient's `cloud`), if it speaks it. */
  mock?: 'tencent' | 'aliyun';
  keyTypes: KeyTypeRow[];
  /** GetParametersForImport's WrappingKeySpec for an algorithm (what the mock mode sends, the offline mode shows). */
  wrappingKeySpec: (algorithm: WrappingAlgorithm) => string;
  offline: {
    /** Where the console shows the wrapping public key and token, in the user's words. */
    parameters: string;
    /** Files for the console's import dialog (or API), and copies of the material to keep. */
    upload: ConsoleFile[];
    keep: { symmetric: ConsoleFile[]; 'private-key': ConsoleFile[] };
    /** Where these names and steps come from. */
    source: string;
  };
}

const RSA_SYMMETRIC: WrappingAlgorithm[] = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'];
const sm2OrRsa = (a: WrappingAlgorithm) => (a.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048');

const PRIVATE_KEY_FILES: ConsoleFile[] = [
  { name: 'private_key_pkcs8.pem', label: 'the private key (PKCS#8 PEM): keep it to re-import the same material', of: 'material', as: 'pem' },
  { name: 'private_key_pkcs8.der', label: 'the same key as PKCS#8 DER', of: 'material', as: 'der' },
];

export const CLOUDS: CloudRow[] = [
  {
    id: 'tencent',
    name: 'Tencent Cloud KMS',
    mock: 'tencent',
    // Tencent imports into symmetric (ENCRYPT_DECRYPT) keys only; GetParametersForImport takes
    // RSAES_PKCS1_V1_5 / RSAES_OAEP_SHA_1 / RSAES_OAEP_SHA_256 with RSA_2048 (seed 000 step 2;
    // tencentcloud-sdk kms_models GetParametersForImportRequest). Material: 256 bits in FIPS
    // regions, 128 bits in SM-CRYPTO regions (seed 000 step 3).
    keyTypes: [
      {
        id: 'SYMMETRIC_256',
        spec: 'SYMMETRIC',
        label: 'Symmetric, FIPS region (256-bit material)',
        target: { kind: 'symmetric', bits: 256 },
        algorithms: RSA_SYMMETRIC,
        createKey: { cloud: 'tencent', args: { Type: 2, KeyUsage: 'ENCRYPT_DECRYPT' } },
        use: 'encrypt-decrypt',
      },
      {
        id: 'SYMMETRIC_128',
        spec: 'SYMMETRIC',
        label: 'Symmetric, SM-CRYPTO region (128-bit material)',
        target: { kind: 'symmetric', bits: 128 },
        algorithms: RSA_SYMMETRIC,
        createKey: { cloud: 'tencent', args: { Type: 2, KeyUsage: 'ENCRYPT_DECRYPT' } },
        use: 'encrypt-decrypt',
      },
    ],
    wrappingKeySpec: () => 'RSA_2048',
    offline: {
      parameters: 'GetParametersForImport (console or TCCLI) returns PublicKey (base64) and ImportToken.',
      upload: [
        { name: 'encrypted_material.base64', label: 'EncryptedKeyMaterial (base64), for ImportKeyMaterial', of: 'wrapped', as: 'base64' },
        { name: 'encrypted_key_material.bin', label: 'the same, raw binary', of: 'wrapped', as: 'binary' },
        { name: 'import_token.txt', label: 'ImportToken, as GetParametersForImport gave it', of: 'token', as: 'text' },
      ],
      keep: {
        symmetric: [
          { name: 'raw_material.bin', label: 'the key material, raw binary: keep it to re-import after expiry or deletion', of: 'material', as: 'binary' },
          { name: 'raw_material.base64', label: 'the same, base64', of: 'material', as: 'base64' },
        ],
        'private-key': PRIVATE_KEY_FILES,
      },
      source: 'File names as in Tencent Cloud "Importing external key material" (seed 000), steps 3–4.',
    },
  },
  {
    id: 'aliyun',
    name: 'Alibaba Cloud KMS',
    mock: 'aliyun',
    // Symmetric: Aliyun_AES_256 with the RSA algorithms and an RSA_2048 wrapping key (seed 001);
    // Aliyun_SM4 (SM-CRYPTO) with SM2PKE and an EC_SM2 wrapping key (SPEC §2). Asymmetric:
    // RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD, or SM2PKE_SM4_ECB for EC_SM2 (seed 004).
    keyTypes: [
      {
        id: 'Aliyun_AES_256',
        spec: 'Aliyun_AES_256',
        label: 'Aliyun_AES_256 (symmetric, 256-bit material)',
        target: { kind: 'symmetric', bits: 256 },
        algorithms: RSA_SYMMETRIC,
        createKey: { cloud: 'aliyun', args: { KeySpec: 'Aliyun_AES_256', KeyUsage: 'ENCRYPT/DECRYPT', Origin: 'EXTERNAL' } },
        use: 'encrypt-decrypt',
      },
      {
        id: 'Aliyun_SM4',
        spec: 'Aliyun_SM4',
        label: 'Aliyun_SM4 (symmetric, 128-bit material)',
        target: { kind: 'symmetric', bits: 128 },
        algorithms: ['SM2PKE'],
        createKey: { cloud: 'aliyun', args: { KeySpec: 'Aliyun_SM4', KeyUsage: 'ENCRYPT/DECRYPT', Origin: 'EXTERNAL' } },
        use: 'encrypt-decrypt',
      },
      ...(['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_P256', 'EC_P256K'] as const).map(
        (spec): KeyTypeRow => ({
          id: spec,
          spec,
          label: `${spec}${spec === 'EC_P256K' ? ' (secp256k1)' : ''} (asymmetric: bring a private key)`,
          target: { kind: 'private-key', spec },
          algorithms: ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'],
          createKey: { cloud: 'aliyun', args: { KeySpec: spec, KeyUsage: 'SIGN/VERIFY', Origin: 'EXTERNAL' } },
          use: 'sign-verify',
        }),
      ),
      {
        id: 'EC_SM2',
        spec: 'EC_SM2',
        label: 'EC_SM2 (asymmetric: bring an SM2 private key)',
        target: { kind: 'private-key', spec: 'EC_SM2' },
        algorithms: ['SM2PKE_SM4_ECB'],
        createKey: { cloud: 'aliyun', args: { KeySpec: 'EC_SM2', KeyUsage: 'ENCRYPT/DECRYPT', Origin: 'EXTERNAL' } },
        use: 'sm2-decrypt',
      },
    ],
    wrappingKeySpec: sm2OrRsa,
    offline: {
      parameters: 'The console\'s "Obtain Parameters for Import" gives a public key (base64 text, or a DER .bin / PEM file) and a token file.',
      upload: [
        { name: 'EncryptedKeyMaterial_base64.txt', label: '"Encrypted Key Material" / "Wrapped Key Material" (base64 text)', of: 'wrapped', as: 'base64' },
        { name: 'EncryptedKeyMaterial.bin', label: 'the same, raw binary', of: 'wrapped', as: 'binary' },
        { name: 'ImportToken.txt', label: '"Import Token", as the console gave it', of: 'token', as: 'text' },
      ],
      keep: {
        symmetric: [
          { name: 'KeyMaterial.bin', label: 'the key material, raw binary: keep it to re-import after expiry or deletion', of: 'material', as: 'binary' },
          { name: 'KeyMaterial_base64.txt', label: 'the same, base64', of: 'material', as: 'base64' },
        ],
        'private-key': PRIVATE_KEY_FILES,
      },
      source: 'File names as in Alibaba Cloud "Import key material" (seeds 001 and 004), steps 3–4.',
    },
  },
  {
    id: 'aws',
    name: 'AWS KMS',
    // Offline only (the mocked KMS does not speak AWS yet). SPEC §5: symmetric material with
    // RSAES_OAEP_* or RSA_AES_KEY_WRAP_* (RSAES_PKCS1_V1_5 refused since 2023-10-10); RSA
    // private keys need RSA_AES_KEY_WRAP_*. AWS also takes ECC keys under RSAES_OAEP_*, which
    // this library wraps for symmetric material only, so ECC rows offer RSA_AES_KEY_WRAP_*.
    // HMAC keys (variable-length material) are not in the table yet.
    keyTypes: [
      {
        id: 'SYMMETRIC_DEFAULT',
        spec: 'SYMMETRIC_DEFAULT',
        label: 'SYMMETRIC_DEFAULT (256-bit material)',
        target: { kind: 'symmetric', bits: 256 },
        algorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'],
      },
      ...(
        [
          ['RSA_2048', 'RSA_2048'],
          ['RSA_3072', 'RSA_3072'],
          ['RSA_4096', 'RSA_4096'],
          ['ECC_NIST_P256', 'EC_P256'],
          ['ECC_NIST_P384', 'EC_P384'],
          ['ECC_NIST_P521', 'EC_P521'],
          ['ECC_SECG_P256K1', 'EC_P256K'],
        ] as const
      ).map(
        ([awsSpec, spec]): KeyTypeRow => ({
          id: awsSpec,
          spec: awsSpec,
          label: `${awsSpec} (asymmetric: bring a private key)`,
          target: { kind: 'private-key', spec },
          algorithms: ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'],
        }),
      ),
    ],
    wrappingKeySpec: () => 'RSA_2048, RSA_3072 or RSA_4096, as chosen when downloading',
    offline: {
      parameters: 'The console\'s "Download wrapping public key and import token" gives WrappingPublicKey.bin (DER) and ImportToken.bin; GetParametersForImport gives both base64.',
      upload: [
        { name: 'EncryptedKeyMaterial.bin', label: '"Wrapped key material" (raw binary), also for aws kms import-key-material fileb://', of: 'wrapped', as: 'binary' },
        { name: 'EncryptedKeyMaterial_base64.txt', label: 'the same, base64 (the API\'s EncryptedKeyMaterial)', of: 'wrapped', as: 'base64' },
        { name: 'ImportToken.bin', label: '"Import token" (raw binary, the base64 above decoded)', of: 'token', as: 'binary' },
      ],
      keep: {
        symmetric: [
          { name: 'PlaintextKeyMaterial.bin', label: 'the key material, raw binary: keep it to re-import after expiry or deletion', of: 'material', as: 'binary' },
          { name: 'PlaintextKeyMaterial_base64.txt', label: 'the same, base64', of: 'material', as: 'base64' },
        ],
        'private-key': PRIVATE_KEY_FILES,
      },
      source: 'File names as in the AWS KMS Developer Guide, "Importing key material" steps 2–4 (SPEC §5).',
    },
  },
];

export function cloudRow(id: string): CloudRow {
  const row = CLOUDS.find((c) => c.id === id);
  if (!row) throw new Error(`no cloud ${id}`);
  return row;
}

export function keyTypeRow(cloud: CloudRow, id: string): KeyTypeRow {
  return cloud.keyTypes.find((k) => k.id === id) ?? cloud.keyTypes[0]!;
}
