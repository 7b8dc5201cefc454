// wrapKeyMaterial: SPEC §2, one branch per WrappingAlgorithm.
import { ByokError, show } from '../errors.js';
import { clean, isBytesInput, toBase64, type BytesInput } from '../lib/bytes.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import { readSymmetricMaterial } from './key_material.js';
import { rsaOaepEncrypt, rsaPkcs1v15Encrypt } from './rsa.js';

/** The wrapping algorithms of SPEC §2, named as the KMS APIs name them. */
export type WrappingAlgorithm =
  | 'RSAES_OAEP_SHA_256'
  | 'RSAES_OAEP_SHA_1'
  | 'RSAES_PKCS1_V1_5'
  | 'SM2PKE'
  | 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD'
  | 'SM2PKE_SM4_ECB';

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
];

/** Options of {@link wrapKeyMaterial}. */
export interface WrapKeyMaterialOptions {
  /** What GetParametersForImport returned as PublicKey: base64 DER SPKI, a PEM string, or DER bytes (any view, read exactly). */
  publicKey: string | BytesInput;
  /** The WrappingAlgorithm given to GetParametersForImport. */
  wrappingAlgorithm: WrappingAlgorithm;
  /**
   * Symmetric algorithms: the raw key bytes (16 or 32), or them as base64/hex text.
   * The two hybrid (…_ECB…) algorithms: a private key as PKCS#8, PKCS#1 or SEC1, PEM or DER.
   */
  keyMaterial: BytesInput | string;
  /** Hybrid algorithms: the key spec the KMS key was created with; the private key must match it. */
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
  if (!WRAPPING_ALGORITHMS.includes(algorithm)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `unknown wrappingAlgorithm ${show(algorithm)}; expected one of ${WRAPPING_ALGORITHMS.join(', ')}`);
  }
  if (sm2Ciphertext !== 'c1c3c2' && sm2Ciphertext !== 'der') {
    throw new ByokError('ERR_INVALID_ARGUMENT', `sm2Ciphertext must be 'c1c3c2' or 'der'`);
  }
  if (typeof publicKey !== 'string' && !isBytesInput(publicKey)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'publicKey must be a string (base64 DER or PEM) or bytes (DER)');
  }
  let bytes: Uint8Array;
  if (algorithm === 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' || algorithm === 'SM2PKE_SM4_ECB') {
    const { wrapTargetKey } = await import('./hybrid.js');
    bytes = await wrapTargetKey(publicKey, algorithm, keyMaterial, targetKeySpec, sm2Ciphertext);
  } else {
    if (targetKeySpec !== undefined) {
      throw new ByokError('ERR_INVALID_ARGUMENT', `targetKeySpec applies to the hybrid algorithms only, not to ${algorithm}`);
    }
    const material = readSymmetricMaterial(keyMaterial, algorithm);
    try {
      bytes = await wrapSymmetric(publicKey, algorithm, material, sm2Ciphertext);
    } finally {
      clean(material);
    }
  }
  return { encryptedKeyMaterial: toBase64(bytes), bytes };
}

async function wrapSymmetric(publicKey: unknown, algorithm: WrappingAlgorithm, material: Uint8Array, layout: 'c1c3c2' | 'der'): Promise<Uint8Array> {
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
