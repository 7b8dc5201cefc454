// wrapKeyMaterial: SPEC §2 and §5, one branch per family of WrappingAlgorithm.
import { ByokError, show } from '../errors.js';
import { clean, isBytesInput, release, snapshot, toBase64, type BytesInput } from '../lib/bytes.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import { isPemInput } from '../lib/key_input.js';
import { parseTargetKey, refuseKeyStructures } from '../target_key/to_pkcs8.js';
import { readSymmetricMaterial } from './key_material.js';
import { rsaOaepEncrypt, rsaPkcs1v15Encrypt } from './rsa.js';

/**
 * The wrapping algorithms, named as the KMS APIs name them: Tencent and Alibaba (SPEC §2);
 * the RSA+AES key wrap family (SPEC §5) under AWS's names (also HashiCorp Vault transit
 * import and Oracle) and Google Cloud KMS's import methods.
 */
export type WrappingAlgorithm =
  | 'RSAES_OAEP_SHA_256'
  | 'RSAES_OAEP_SHA_1'
  | 'RSAES_PKCS1_V1_5'
  | 'SM2PKE'
  | 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'
  | 'SM2PKE_SM4_ECB'
  | RsaAesAlgorithm;

/**
 * RSA-OAEP of a fresh 32-byte AES key, then AES key wrap with padding (RFC 5649) of the
 * target: AWS `RSA_AES_KEY_WRAP_SHA_256`/`_SHA_1` (also Vault transit import: SHA-256),
 * Google `RSA_OAEP_{3072,4096}_{SHA1,SHA256}_AES_256`; and Google's `RSA_OAEP_{3072,4096}_SHA256`,
 * RSA-OAEP of a symmetric target alone. The Google names fix the wrapping key's size.
 */
export type RsaAesAlgorithm =
  | 'RSA_AES_KEY_WRAP_SHA_256'
  | 'RSA_AES_KEY_WRAP_SHA_1'
  | 'RSA_OAEP_3072_SHA1_AES_256'
  | 'RSA_OAEP_4096_SHA1_AES_256'
  | 'RSA_OAEP_3072_SHA256_AES_256'
  | 'RSA_OAEP_4096_SHA256_AES_256'
  | 'RSA_OAEP_3072_SHA256'
  | 'RSA_OAEP_4096_SHA256';

const RSA_AES_ALGORITHMS: readonly RsaAesAlgorithm[] = [
  'RSA_AES_KEY_WRAP_SHA_256',
  'RSA_AES_KEY_WRAP_SHA_1',
  'RSA_OAEP_3072_SHA1_AES_256',
  'RSA_OAEP_4096_SHA1_AES_256',
  'RSA_OAEP_3072_SHA256_AES_256',
  'RSA_OAEP_4096_SHA256_AES_256',
  'RSA_OAEP_3072_SHA256',
  'RSA_OAEP_4096_SHA256',
];

/**
 * @internal The AES key wrap code, a chunk of its own fetched only for these algorithms. The
 * promise is kept: a repeated import() of a loaded module still costs ~0.1 ms in Chromium.
 */
export function loadRsaAesKeyWrap(): Promise<typeof import('./rsa_aes_key_wrap.js')> {
  rsaAesKeyWrap ??= import('./rsa_aes_key_wrap.js');
  return rsaAesKeyWrap;
}
let rsaAesKeyWrap: Promise<typeof import('./rsa_aes_key_wrap.js')> | undefined;

const isRsaAes = (algorithm: WrappingAlgorithm): algorithm is RsaAesAlgorithm => (RSA_AES_ALGORITHMS as readonly string[]).includes(algorithm);

/**
 * Every {@link WrappingAlgorithm}, e.g. to fill a select box.
 *
 * @example
 * for (const a of WRAPPING_ALGORITHMS) select.add(new Option(a, a));
 */
export const WRAPPING_ALGORITHMS: readonly WrappingAlgorithm[] = [
  'RSAES_OAEP_SHA_256',
  'RSAES_OAEP_SHA_1',
  'RSAES_PKCS1_V1_5',
  'SM2PKE',
  'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD',
  'SM2PKE_SM4_ECB',
  ...RSA_AES_ALGORITHMS,
];

/** Options of {@link wrapKeyMaterial}. */
export interface WrapKeyMaterialOptions {
  /** What GetParametersForImport returned as PublicKey: base64 DER SPKI, a PEM string, or DER bytes (any view, read exactly). */
  publicKey: string | BytesInput;
  /** The WrappingAlgorithm given to GetParametersForImport. */
  wrappingAlgorithm: WrappingAlgorithm;
  /**
   * RSAES_* and SM2PKE: the raw key bytes (16 or 32 for AES and SM4 keys; 28–128 for AWS HMAC keys; Tencent
   * and Alibaba take 16 or 32), or them as base64/hex text.
   * RSAES_OAEP_SHA_* and SM2PKE also take an ECC or SM2 private key (AWS imports one wrapped
   * whole) when `targetKeySpec` is given or the text is PEM: its PKCS#8 must fit the block.
   * The two hybrid (…_ECB…) algorithms: a private key as PKCS#8, PKCS#1 or SEC1, PEM or DER.
   * The RSA+AES key wrap family ({@link RsaAesAlgorithm}): a private key when `targetKeySpec`
   * is given or the text is PEM (wrapped as PKCS#8 DER); otherwise raw AES or HMAC key bytes,
   * 16–1024, wrapped exactly (DER of a private key is refused: pass `targetKeySpec`).
   */
  keyMaterial: BytesInput | string;
  /** Private-key targets: the key spec the KMS key was created with; the private key must match it. */
  targetKeySpec?: TargetKeySpec;
  /** Layout of every SM2 ciphertext produced: C1‖C3‖C2 with C1 = 0x04‖x‖y (default), or GM/T 0009 DER. */
  sm2Ciphertext?: 'c1c3c2' | 'der';
}

/** The result of {@link wrapKeyMaterial}. */
export interface WrappedKeyMaterial {
  /** Base64, ready for ImportKeyMaterial's EncryptedKeyMaterial. */
  encryptedKeyMaterial: string;
  /** The same bytes, raw. */
  bytes: Uint8Array;
}

/**
 * Wrap key material locally with the KMS wrapping public key, for ImportKeyMaterial.
 *
 * @example
 * const { PublicKey, ImportToken } = await kms.getParametersForImport({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
 * const material = generateKeyMaterial();
 * const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
 */
export async function wrapKeyMaterial(options: WrapKeyMaterialOptions): Promise<WrappedKeyMaterial> {
  if (typeof options !== 'object' || options === null) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'wrapKeyMaterial expects an options object');
  }
  const { publicKey, wrappingAlgorithm: algorithm, keyMaterial, targetKeySpec, sm2Ciphertext = 'c1c3c2' } = options;
  requireAlgorithm(algorithm);
  if (sm2Ciphertext !== 'c1c3c2' && sm2Ciphertext !== 'der') {
    throw new ByokError('ERR_INVALID_ARGUMENT', `sm2Ciphertext must be 'c1c3c2' or 'der'`);
  }
  if (typeof publicKey !== 'string' && !isBytesInput(publicKey)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'publicKey must be a string (base64 DER or PEM) or bytes (DER)');
  }
  // Both inputs as they are now: later writes into the caller's buffers are never wrapped.
  const wrappingKey = snapshot(publicKey);
  const material = snapshot(keyMaterial);
  let bytes: Uint8Array;
  try {
    bytes = await wrapWith(wrappingKey, algorithm, material, targetKeySpec, sm2Ciphertext);
  } finally {
    release(material, keyMaterial);
    release(wrappingKey, publicKey);
  }
  return { encryptedKeyMaterial: toBase64(bytes), bytes };
}

/** What to pass instead when raw material under a one-block algorithm is a key file. */
const WHOLE_KEY_HINT: Record<OneBlockAlgorithm, string> = {
  RSAES_OAEP_SHA_256: 'for an ECC key (AWS) pass targetKeySpec, e.g. EC_P256, to wrap it whole as PKCS#8',
  RSAES_OAEP_SHA_1: 'for an ECC key (AWS) pass targetKeySpec, e.g. EC_P256, to wrap it whole as PKCS#8',
  RSAES_PKCS1_V1_5: 'a private key goes under RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_256 or a hybrid algorithm',
  SM2PKE: 'for an SM2 key pass targetKeySpec EC_SM2 to wrap it whole as PKCS#8',
};

async function wrapWith(publicKey: unknown, algorithm: WrappingAlgorithm, keyMaterial: unknown, targetKeySpec: TargetKeySpec | undefined, sm2Ciphertext: 'c1c3c2' | 'der'): Promise<Uint8Array> {
  if (isRsaAes(algorithm)) {
    const { wrapRsaAes } = await loadRsaAesKeyWrap();
    return (await wrapRsaAes(publicKey, algorithm, keyMaterial, targetKeySpec)).bytes;
  }
  if (isHybrid(algorithm)) {
    const { wrapTargetKey } = await import('./hybrid.js');
    return wrapTargetKey(publicKey, algorithm, keyMaterial, targetKeySpec, sm2Ciphertext);
  }
  // One block: raw symmetric material, or (AWS) an ECC/SM2 private key's PKCS#8 whole.
  const block = oneBlockTarget(algorithm, keyMaterial, targetKeySpec);
  try {
    return await wrapSymmetric(publicKey, algorithm, block, sm2Ciphertext);
  } finally {
    clean(block);
  }
}

function requireAlgorithm(algorithm: unknown): asserts algorithm is WrappingAlgorithm {
  if (!WRAPPING_ALGORITHMS.includes(algorithm as WrappingAlgorithm)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `unknown wrappingAlgorithm ${show(algorithm)}; expected one of ${WRAPPING_ALGORITHMS.join(', ')}`);
  }
}

type OneBlockAlgorithm = 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' | 'RSAES_PKCS1_V1_5' | 'SM2PKE';
type HybridAlgorithm = 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' | 'SM2PKE_SM4_ECB';
const isHybrid = (algorithm: WrappingAlgorithm): algorithm is HybridAlgorithm => algorithm === 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' || algorithm === 'SM2PKE_SM4_ECB';

/**
 * @internal What {@link wrapKeyMaterial} checks of the material alone, before any wrapping
 * key exists: importKeyMaterial runs it before asking the KMS for an import token, so bad
 * material costs no request and spends no token.
 */
export async function checkKeyMaterial(algorithm: WrappingAlgorithm, keyMaterial: unknown, targetKeySpec: TargetKeySpec | undefined): Promise<void> {
  requireAlgorithm(algorithm);
  if (isRsaAes(algorithm)) {
    const { rsaAesTarget } = await loadRsaAesKeyWrap();
    clean(rsaAesTarget(keyMaterial, targetKeySpec, algorithm));
  } else if (isHybrid(algorithm)) {
    const { hybridTarget } = await import('./hybrid.js');
    const target = hybridTarget(keyMaterial, targetKeySpec, algorithm);
    clean(target.d, target.pkcs8);
  } else {
    clean(oneBlockTarget(algorithm, keyMaterial, targetKeySpec));
  }
}

/**
 * What a one-block algorithm encrypts: raw symmetric material (a key file given as raw
 * bytes is refused), or with a targetKeySpec or PEM text an ECC or SM2 private key's PKCS#8
 * whole — AWS "Importing key material": ECC key material under RSAES_OAEP_SHA_* (SM2PKE in
 * China Regions). An RSA private key never fits one block.
 */
function oneBlockTarget(algorithm: OneBlockAlgorithm, keyMaterial: unknown, targetKeySpec: TargetKeySpec | undefined): Uint8Array {
  if (targetKeySpec === undefined && !isPemInput(keyMaterial)) {
    return readSymmetricMaterial(keyMaterial, algorithm, undefined, refuseKeyStructures(WHOLE_KEY_HINT[algorithm]));
  }
  if (algorithm === 'RSAES_PKCS1_V1_5') {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'RSAES_PKCS1_V1_5 wraps raw symmetric key material only: a private key goes under RSAES_OAEP_SHA_256, RSA_AES_KEY_WRAP_SHA_256 or a hybrid algorithm, as the KMS documents');
  }
  const parsed = parseTargetKey(keyMaterial, targetKeySpec);
  clean(parsed.d);
  if (parsed.spec.startsWith('RSA_')) {
    clean(parsed.pkcs8);
    throw new ByokError('ERR_KEY_SPEC_MISMATCH', `an ${parsed.spec} private key is too long for one ${algorithm} block: wrap it with RSA_AES_KEY_WRAP_SHA_256 (AWS) or RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD (Alibaba)`);
  }
  return parsed.pkcs8;
}

async function wrapSymmetric(publicKey: unknown, algorithm: OneBlockAlgorithm, material: Uint8Array, layout: 'c1c3c2' | 'der'): Promise<Uint8Array> {
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_256':
      return rsaOaepEncrypt(publicKey, 'SHA-256', material, algorithm);
    case 'RSAES_OAEP_SHA_1':
      return rsaOaepEncrypt(publicKey, 'SHA-1', material, algorithm);
    case 'RSAES_PKCS1_V1_5':
      return rsaPkcs1v15Encrypt(publicKey, material, algorithm);
    default: {
      const { sm2WrapSymmetric } = await import('../sm/sm2_wrap.js');
      return sm2WrapSymmetric(publicKey, material, layout);
    }
  }
}
