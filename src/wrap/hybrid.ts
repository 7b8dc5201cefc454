// Asymmetric BYOK (SPEC §2, seed 004): Cipher(ESK) ‖ Cipher(TAK). The ephemeral
// symmetric key (ESK) is used once and every copy this code holds is overwritten,
// on success and on failure; it is never returned.
import { ByokError } from '../errors.js';
import { clean, concat } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { secret } from '../lib/secrets.js';
import { parseTargetKey, type ParsedTargetKey } from '../target_key/to_pkcs8.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import { aesEcbEncrypt, pkcs7Pad } from './aes_ecb.js';
import { rsaOaepEncrypt } from './rsa.js';

type HybridAlgorithm = 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' | 'SM2PKE_SM4_ECB';

/** The target private key of a hybrid algorithm, parsed and checked against the algorithm (the caller cleans `d` and `pkcs8`). */
export function hybridTarget(keyMaterial: unknown, targetKeySpec: TargetKeySpec | undefined, algorithm: HybridAlgorithm): ParsedTargetKey {
  const target = parseTargetKey(keyMaterial, targetKeySpec);
  const rsa = algorithm === 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD';
  if (rsa ? target.spec === 'EC_SM2' : target.spec !== 'EC_SM2') {
    clean(target.d, target.pkcs8);
    throw new ByokError(
      'ERR_KEY_SPEC_MISMATCH',
      rsa ? `EC_SM2 target keys are imported with SM2PKE_SM4_ECB, not ${algorithm}` : `SM2PKE_SM4_ECB imports EC_SM2 target keys only; this key is ${target.spec}`,
    );
  }
  return target;
}

/** Internal seam: where the ESK comes from. Tests pass a recorder to prove it is zeroed. */
export interface HybridDeps {
  ephemeralKey(length: number): Uint8Array;
}

const DEFAULT_DEPS: HybridDeps = { ephemeralKey: randomBytes };

export async function wrapTargetKey(
  publicKey: unknown,
  algorithm: HybridAlgorithm,
  keyMaterial: unknown,
  targetKeySpec: TargetKeySpec | undefined,
  sm2Layout: 'c1c3c2' | 'der',
  deps: HybridDeps = DEFAULT_DEPS,
): Promise<Uint8Array> {
  const target = hybridTarget(keyMaterial, targetKeySpec, algorithm);
  const rsa = algorithm === 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD';
  let esk: Uint8Array | undefined;
  let plaintext: Uint8Array | undefined;
  try {
    if (rsa) {
      // ESK: 32-byte AES-256 key → RSA-OAEP-SHA-256; TAK: PKCS#8 → AES-256-ECB, PKCS#7 padding.
      esk = secret('esk', deps.ephemeralKey(32));
      const cipherEsk = await rsaOaepEncrypt(publicKey, 'SHA-256', esk, algorithm);
      plaintext = secret('padded-plaintext', pkcs7Pad(target.pkcs8));
      return concat(cipherEsk, await aesEcbEncrypt(esk, plaintext));
    }
    // ESK: 16-byte SM4 key → SM2 (C1‖C3‖C2); TAK: the raw 32-byte scalar D → SM4-ECB, no padding.
    const [{ sm2WrappingKey }, { sm2Encrypt }, { sm4EcbEncrypt }] = await Promise.all([
      import('../sm/sm2_wrap.js'),
      import('../sm/sm2.js'),
      import('../sm/sm3_sm4.js'),
    ]);
    const key = await sm2WrappingKey(publicKey, algorithm);
    esk = secret('esk', deps.ephemeralKey(16));
    const cipherEsk = sm2Encrypt(key.point, esk, sm2Layout);
    return concat(cipherEsk, sm4EcbEncrypt(esk, target.d!));
  } finally {
    clean(esk, plaintext, target.d, target.pkcs8);
  }
}
