// The clouds as data: each cloud, the key types it imports, the wrapping algorithms it
// offers for each, and the files its console (or API) takes. Both modes render from this
// table only, so a cloud is added by adding a row (plus, for a new kind of file, one
// entry in files.ts's FILE_MAKERS): AWS, Google Cloud KMS, Azure .byok and Vault came so.
import type { KmsRequest, TargetKeySpec, WrappingAlgorithm } from '../src/index.js';

/** Azure's one transfer algorithm: createAzureByok, not wrapKeyMaterial, makes its .byok file. */
export const AZURE_BYOK = 'CKM_RSA_AES_KEY_WRAP';
/** A way to wrap that a cloud offers: one of the library's WrappingAlgorithms, or Azure's .byok transfer. */
export type Algorithm = WrappingAlgorithm | typeof AZURE_BYOK;

/** Symmetric (AES, HMAC) material in bytes: the lengths a key type takes. */
export type Lengths = readonly number[] | { min: number; max: number };

/**
 * What is wrapped: raw symmetric material (`bits` is what the page generates; `bytes` the
 * lengths the cloud takes, by default exactly bits/8), or a private key of a target spec.
 */
export type Target = { kind: 'symmetric'; bits: number; bytes?: Lengths } | { kind: 'private-key'; spec: TargetKeySpec };

/** The lengths in bytes a symmetric target takes. */
export const targetLengths = (t: Extract<Target, { kind: 'symmetric' }>): Lengths => t.bytes ?? [t.bits / 8];
export const fitsLengths = (n: number, lengths: Lengths): boolean => (Array.isArray(lengths) ? (lengths as readonly number[]).includes(n) : n >= (lengths as { min: number }).min && n <= (lengths as { max: number }).max);
export const describeLengths = (lengths: Lengths): string =>
  Array.isArray(lengths) ? (lengths as readonly number[]).map((n) => `${n * 8}`).join(', ').replace(/, (\d+)$/, ' or $1') + ' bits' : `${(lengths as { min: number }).min}–${(lengths as { max: number }).max} bytes`;

/** CreateKey arguments for an external key, in the cloud's own (typed) field names; Tencent's Alias is added per key. */
export type CreateKeyArgs =
  | { cloud: 'tencent'; args: Omit<KmsRequest<'tencent', 'CreateKey'>, 'Alias'> }
  | { cloud: 'aliyun'; args: KmsRequest<'aliyun', 'CreateKey'> }
  | { cloud: 'aws'; args: KmsRequest<'aws', 'CreateKey'> };

/** How the mocked KMS proves the imported material works. */
export type KeyUse = 'encrypt-decrypt' | 'sign-verify' | 'sm2-decrypt' | 'mac';

export interface KeyTypeRow {
  /** Unique within the cloud (the demo's own name for the row). */
  id: string;
  /** The spec as the cloud reports it in DescribeKey (Tencent reports none: SYMMETRIC), or names it in its import request. */
  spec: string;
  label: string;
  target: Target;
  /** The wrapping algorithms the cloud offers for this key type; the first is the default. */
  algorithms: Algorithm[];
  /** For the mocked KMS: CreateKey arguments for an external key of this type, and how to use it. */
  createKey?: CreateKeyArgs;
  use?: KeyUse;
}

/** A file the console takes or the user should keep: what it holds, how it is encoded. */
export interface ConsoleFile {
  name: string;
  /** What the console (or its documentation) calls it. */
  label: string;
  /** The wrapped bytes, the token as given, the material, the .byok file (Azure), or the import request's body. */
  of: 'wrapped' | 'token' | 'material' | 'byok' | 'request';
  /** base64 text, raw bytes (a token: its base64 decoded), the text as given, a private key as PKCS#8 PEM / DER, or JSON. */
  as: 'base64' | 'binary' | 'text' | 'pem' | 'der' | 'json';
}

/** What an import request's body is built from. */
export interface RequestContext {
  keyType: KeyTypeRow;
  algorithm: Algorithm;
  /** The wrapped bytes, base64. */
  wrapped: string;
  /** The second box's value (import token, import job, kid), trimmed; '' when empty. */
  token: string;
  /** Azure: the fields createAzureByok returned. */
  azure?: { keyHsm: string; kty: string; crv?: string };
}

export interface CloudRow {
  id: string;
  name: string;
  /** The mocked KMS's dialect for this cloud (createKmsClient's `cloud`), if it speaks it. */
  mock?: 'tencent' | 'aliyun' | 'aws';
  keyTypes: KeyTypeRow[];
  /** The wrapping key for an algorithm: GetParametersForImport's WrappingKeySpec (what the mock mode sends by default), or its kind in words. */
  wrappingKeySpec: (algorithm: Algorithm) => string;
  /** When the cloud lets the person choose the wrapping key's size (AWS), the WrappingKeySpecs offered; otherwise the choice is hidden. */
  wrappingKeySpecs?: readonly string[];
  offline: {
    /** Where the console shows the wrapping public key and token, in the user's words. */
    parameters: string;
    /** The public key box: what the cloud calls the key, and the files it comes as. */
    publicKey: { noun: string; label: string; file: string };
    /** The second box (import token, import job name, KEK kid); none for Vault. `missing` is said when it is empty. */
    token?: { label: string; file: string; required?: boolean; missing: string };
    /** What the result box shows: the wrapped bytes as base64, or the .byok file (Azure). */
    output: { label: string; of: 'wrapped' | 'byok' };
    /** The body of the API's import request, when the cloud has one worth giving (null: not without the token). */
    request?: { label: string; build: (c: RequestContext) => object | null };
    /** Files for the console's import dialog (or API), and copies of the material to keep. */
    upload: ConsoleFile[];
    keep: { symmetric: ConsoleFile[]; 'private-key': ConsoleFile[] };
    /** Where these names and steps come from. */
    source: string;
  };
}

const RSA_SYMMETRIC: WrappingAlgorithm[] = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'];
const sm2OrRsa = (a: Algorithm) => (a.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048');

/** Google's import methods (SPEC §5): RSA+AES key wrap first, the default; OAEP alone wraps symmetric keys only. */
const GOOGLE_METHODS: WrappingAlgorithm[] = [
  'RSA_OAEP_3072_SHA256_AES_256',
  'RSA_OAEP_4096_SHA256_AES_256',
  'RSA_OAEP_3072_SHA1_AES_256',
  'RSA_OAEP_4096_SHA1_AES_256',
  'RSA_OAEP_3072_SHA256',
  'RSA_OAEP_4096_SHA256',
];
/** Vault transit import: RSA+AES key wrap, hash_function SHA256 (its default) or SHA1. */
const VAULT_ALGORITHMS: WrappingAlgorithm[] = ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'];

const PRIVATE_KEY_FILES: ConsoleFile[] = [
  { name: 'private_key_pkcs8.pem', label: 'the private key (PKCS#8 PEM): keep it to re-import the same material', of: 'material', as: 'pem' },
  { name: 'private_key_pkcs8.der', label: 'the same key as PKCS#8 DER', of: 'material', as: 'der' },
];
/** Copies of symmetric material to keep, for the clouds whose docs name none. */
const KEY_MATERIAL_FILES: ConsoleFile[] = [
  { name: 'key_material.bin', label: 'the key material, raw binary: keep it to import the same key again', of: 'material', as: 'binary' },
  { name: 'key_material.base64', label: 'the same, base64', of: 'material', as: 'base64' },
];
/** The wrapping public key box of the clouds whose API calls it so (Tencent, Alibaba, AWS). */
const WRAPPING_PUBLIC_KEY = { noun: 'wrapping public key', label: 'Wrapping public key (base64 DER, or PEM)', file: '…or its file (.bin DER, .pem, base64 .txt):' };
const IMPORT_TOKEN = { label: 'Import token', file: '…or the token file:', missing: "no import token was given: add the console's own token file" };

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
      publicKey: WRAPPING_PUBLIC_KEY,
      token: IMPORT_TOKEN,
      output: { label: 'EncryptedKeyMaterial (base64)', of: 'wrapped' },
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
      publicKey: WRAPPING_PUBLIC_KEY,
      token: IMPORT_TOKEN,
      output: { label: 'EncryptedKeyMaterial (base64)', of: 'wrapped' },
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
    mock: 'aws',
    // SPEC §5 and the API reference's GetParametersForImport: RSAES_OAEP_* for every
    // material but RSA private keys, RSA_AES_KEY_WRAP_* for RSA and ECC private keys only
    // (RSAES_PKCS1_V1_5 refused since 2023-10-10); ECC keys also wrapped whole under
    // RSAES_OAEP_* (not P-521 under an RSA_2048 wrapping key: the page shows that refusal). HMAC material: AWS "Importing key material" step 3 (as the mock's
    // rules.ts); the page generates the hash's length (224 bits for HMAC_224, ...).
    keyTypes: [
      {
        id: 'SYMMETRIC_DEFAULT',
        spec: 'SYMMETRIC_DEFAULT',
        label: 'SYMMETRIC_DEFAULT (256-bit material)',
        target: { kind: 'symmetric', bits: 256 },
        algorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
        createKey: { cloud: 'aws', args: { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'EXTERNAL' } },
        use: 'encrypt-decrypt',
      },
      ...(
        [
          ['HMAC_224', 224, 28, 64],
          ['HMAC_256', 256, 32, 64],
          ['HMAC_384', 384, 48, 128],
          ['HMAC_512', 512, 64, 128],
        ] as const
      ).map(
        ([spec, bits, min, max]): KeyTypeRow => ({
          id: spec,
          spec,
          label: `${spec} (HMAC key, ${min}–${max} bytes of material)`,
          target: { kind: 'symmetric', bits, bytes: { min, max } },
          algorithms: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
          createKey: { cloud: 'aws', args: { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' } },
          use: 'mac',
        }),
      ),
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
          algorithms: spec.startsWith('EC_') ? ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'] : ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'],
          createKey: { cloud: 'aws', args: { KeySpec: awsSpec, KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' } },
          use: 'sign-verify',
        }),
      ),
    ],
    // The person picks the wrapping key's size when downloading (console) or in WrappingKeySpec (API).
    wrappingKeySpec: () => 'RSA_2048',
    wrappingKeySpecs: ['RSA_2048', 'RSA_3072', 'RSA_4096'],
    offline: {
      parameters: 'The console\'s "Download wrapping public key and import token" gives WrappingPublicKey.bin (DER) and ImportToken.bin; GetParametersForImport gives both base64.',
      publicKey: WRAPPING_PUBLIC_KEY,
      token: IMPORT_TOKEN,
      output: { label: 'EncryptedKeyMaterial (base64)', of: 'wrapped' },
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
  {
    id: 'google',
    name: 'Google Cloud KMS',
    // SPEC §5: an import job's publicKey.pem; the import method fixes the job's RSA size
    // (3072 or 4096, in the name) and the hash; RSA_OAEP_*_SHA256 (no AES) is OAEP of a
    // symmetric key alone. cryptoKeyVersions.import takes { algorithm (the new version's
    // CryptoKeyVersionAlgorithm), importJob, wrappedKey (base64) }; gcloud kms keys versions
    // import --wrapped-key-file takes the raw bytes.
    keyTypes: [
      ...(
        [
          ['GOOGLE_SYMMETRIC_ENCRYPTION', 'symmetric encryption, 256-bit material', 256],
          ['AES_256_GCM', 'raw encryption, 256-bit material', 256],
          ['AES_128_GCM', 'raw encryption, 128-bit material', 128],
          ['HMAC_SHA256', 'MAC signing, 256-bit material', 256],
          ['HMAC_SHA512', 'MAC signing, 512-bit material', 512],
        ] as const
      ).map(
        ([spec, words, bits]): KeyTypeRow => ({
          id: spec,
          spec,
          label: `${spec} (${words})`,
          target: { kind: 'symmetric', bits },
          algorithms: GOOGLE_METHODS,
        }),
      ),
      ...(
        [
          ['RSA_SIGN_PKCS1_2048_SHA256', 'RSA_2048'],
          ['RSA_SIGN_PSS_3072_SHA256', 'RSA_3072'],
          ['RSA_DECRYPT_OAEP_4096_SHA256', 'RSA_4096'],
          ['EC_SIGN_P256_SHA256', 'EC_P256'],
          ['EC_SIGN_P384_SHA384', 'EC_P384'],
          ['EC_SIGN_SECP256K1_SHA256', 'EC_P256K'],
        ] as const
      ).map(
        ([spec, target]): KeyTypeRow => ({
          id: spec,
          spec,
          label: `${spec} (asymmetric: bring a private key)`,
          target: { kind: 'private-key', spec: target },
          algorithms: GOOGLE_METHODS.filter((m) => m.endsWith('_AES_256')),
        }),
      ),
    ],
    wrappingKeySpec: (a) => `an RSA-${a.match(/_(3072|4096)_/)?.[1] ?? '?'} import job key (the size is in the method's name)`,
    offline: {
      parameters: 'Create an import job with the import method chosen here (gcloud kms import-jobs create --import-method …); once ACTIVE, its publicKey.pem is the wrapping key.',
      publicKey: { noun: "import job's public key", label: 'Import job public key (publicKey.pem, or base64 DER)', file: '…or its file (.pem):' },
      token: { label: 'Import job name (projects/…/importJobs/…)', file: '…or a file holding it:', missing: 'no import job name was given: the request body for cryptoKeyVersions:import is left out' },
      output: { label: 'wrappedKey (base64)', of: 'wrapped' },
      request: {
        label: 'Request body for POST https://cloudkms.googleapis.com/v1/{cryptoKey}/cryptoKeyVersions:import',
        build: (c) => (c.token ? { algorithm: c.keyType.spec, importJob: c.token, wrappedKey: c.wrapped } : null),
      },
      upload: [
        { name: 'wrapped_key.bin', label: 'the wrapped key, raw binary, for gcloud kms keys versions import --wrapped-key-file', of: 'wrapped', as: 'binary' },
        { name: 'wrapped_key.base64', label: 'the same, base64 (the API\'s wrappedKey)', of: 'wrapped', as: 'base64' },
        { name: 'import_request.json', label: 'the body of cryptoKeyVersions:import: algorithm, importJob, wrappedKey', of: 'request', as: 'json' },
      ],
      keep: { symmetric: KEY_MATERIAL_FILES, 'private-key': PRIVATE_KEY_FILES },
      source: 'Names as in Google Cloud KMS "Importing a key version" and the cryptoKeyVersions.import reference (SPEC §5).',
    },
  },
  {
    id: 'azure',
    name: 'Azure Key Vault / Managed HSM',
    // SPEC §5: a KEK (RSA-HSM 2048/3072/4096, key_ops import); the .byok transfer blob
    // (createAzureByok: CKM_RSA_AES_KEY_WRAP = OAEP-SHA-1 + KWP) for az keyvault key import
    // --byok-file; the REST import carries key_hsm (base64url of the .byok), kty and crv.
    // RSA and EC private keys (Key Vault Premium and Managed HSM); AES keys (oct-HSM) on
    // Managed HSM only.
    keyTypes: [
      ...(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).map(
        (spec): KeyTypeRow => ({
          id: `RSA-HSM_${spec.slice(4)}`,
          spec: 'RSA-HSM',
          label: `RSA-HSM ${spec.slice(4)} (bring an RSA private key)`,
          target: { kind: 'private-key', spec },
          algorithms: [AZURE_BYOK],
        }),
      ),
      ...(
        [
          ['P-256', 'EC_P256'],
          ['P-256K', 'EC_P256K'],
          ['P-384', 'EC_P384'],
          ['P-521', 'EC_P521'],
        ] as const
      ).map(
        ([crv, spec]): KeyTypeRow => ({
          id: `EC-HSM_${crv}`,
          spec: 'EC-HSM',
          label: `EC-HSM ${crv} (bring an EC private key)`,
          target: { kind: 'private-key', spec },
          algorithms: [AZURE_BYOK],
        }),
      ),
      ...([128, 192, 256] as const).map(
        (bits): KeyTypeRow => ({
          id: `oct-HSM_${bits}`,
          spec: 'oct-HSM',
          label: `oct-HSM AES-${bits} (Managed HSM only, ${bits}-bit material)`,
          target: { kind: 'symmetric', bits },
          algorithms: [AZURE_BYOK],
        }),
      ),
    ],
    wrappingKeySpec: () => 'the KEK, an RSA-HSM key of 2048, 3072 or 4096 bits with key_ops ["import"]',
    offline: {
      parameters: 'Create a KEK (az keyvault key create --kty RSA-HSM --size 4096 --ops import), download its public key (az keyvault key download --encoding PEM), and copy its kid.',
      publicKey: { noun: "KEK's public key", label: 'KEK public key (PEM, or base64 DER)', file: '…or its file (.pem):' },
      token: { label: 'KEK key identifier (kid: https://…/keys/<name>/<version>)', file: '…or a file holding it:', required: true, missing: "Paste the KEK's key identifier (kid) first: the .byok file names the KEK by it." },
      output: { label: 'The .byok file (JSON)', of: 'byok' },
      request: {
        label: 'Request body for PUT https://<vault>.vault.azure.net/keys/<name>?api-version=7.4 (Managed HSM: <hsm>.managedhsm.azure.net)',
        build: (c) => (c.azure ? { key: { kty: c.azure.kty, ...(c.azure.crv ? { crv: c.azure.crv } : {}), key_hsm: c.azure.keyHsm } } : null),
      },
      upload: [
        { name: 'KeyTransferPackage.byok', label: 'the key transfer blob, for az keyvault key import --byok-file', of: 'byok', as: 'text' },
        { name: 'import_request.json', label: 'the body of the REST import: key_hsm, kty (and crv)', of: 'request', as: 'json' },
      ],
      keep: { symmetric: KEY_MATERIAL_FILES, 'private-key': PRIVATE_KEY_FILES },
      source: 'Names as in Azure Key Vault "Bring your own key specification" and the keys import reference (SPEC §5).',
    },
  },
  {
    id: 'vault',
    name: 'HashiCorp Vault transit',
    // SPEC §5: GET transit/wrapping_key is an RSA-4096 public key (PEM); POST
    // transit/keys/:name/import takes ciphertext = base64 of OAEP(ESK) ‖ KWP_ESK(target) with
    // hash_function (default SHA256), and the key's type; private keys as PKCS#8.
    keyTypes: [
      ...(
        [
          ['aes256-gcm96', 256],
          ['aes128-gcm96', 128],
        ] as const
      ).map(
        ([type, bits]): KeyTypeRow => ({ id: type, spec: type, label: `${type} (${bits}-bit material)`, target: { kind: 'symmetric', bits }, algorithms: VAULT_ALGORITHMS }),
      ),
      ...(
        [
          ['rsa-2048', 'RSA_2048'],
          ['rsa-3072', 'RSA_3072'],
          ['rsa-4096', 'RSA_4096'],
          ['ecdsa-p256', 'EC_P256'],
          ['ecdsa-p384', 'EC_P384'],
          ['ecdsa-p521', 'EC_P521'],
        ] as const
      ).map(
        ([type, spec]): KeyTypeRow => ({ id: type, spec: type, label: `${type} (bring a private key)`, target: { kind: 'private-key', spec }, algorithms: VAULT_ALGORITHMS }),
      ),
    ],
    wrappingKeySpec: () => "Vault's transit wrapping key, RSA-4096",
    offline: {
      parameters: 'vault read transit/wrapping_key (GET /v1/transit/wrapping_key) gives public_key, an RSA-4096 key in PEM.',
      publicKey: { noun: 'wrapping_key', label: 'wrapping_key public_key (PEM, or base64 DER)', file: '…or its file (.pem):' },
      output: { label: 'ciphertext (base64)', of: 'wrapped' },
      request: {
        label: 'Request body for POST /v1/transit/keys/<name>/import',
        build: (c) => ({ ciphertext: c.wrapped, hash_function: c.algorithm === 'RSA_AES_KEY_WRAP_SHA_1' ? 'SHA1' : 'SHA256', type: c.keyType.spec }),
      },
      upload: [
        { name: 'ciphertext.base64', label: 'ciphertext (base64), for vault write transit/keys/<name>/import ciphertext=@ciphertext.base64', of: 'wrapped', as: 'base64' },
        { name: 'import_request.json', label: 'the body of the import: ciphertext, hash_function, type', of: 'request', as: 'json' },
      ],
      keep: { symmetric: KEY_MATERIAL_FILES, 'private-key': PRIVATE_KEY_FILES },
      source: 'Names as in the Vault transit secrets engine API, "Import key" and "Get wrapping key" (SPEC §5).',
    },
  },
];

export function cloudRow(id: string): CloudRow {
  const row = CLOUDS.find((c) => c.id === id);
  if (!row) throw new Error(`no cloud ${id}`);
  return row;
}

/** The row's algorithms that are the library's WrappingAlgorithms (all but Azure's .byok): what a KMS API takes. */
export function wrappingAlgorithms(row: KeyTypeRow): WrappingAlgorithm[] {
  return row.algorithms.filter((a): a is WrappingAlgorithm => a !== AZURE_BYOK);
}

export function keyTypeRow(cloud: CloudRow, id: string): KeyTypeRow {
  return cloud.keyTypes.find((k) => k.id === id) ?? cloud.keyTypes[0]!;
}
