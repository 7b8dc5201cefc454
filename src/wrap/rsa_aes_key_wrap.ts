// The RSA+AES key wrap family (SPEC §5): OAEP(ESK) ‖ AES-KWP_ESK(target), ESK a fresh
// 32-byte AES key used once. AWS RSA_AES_KEY_WRAP_SHA_1/_256, Google RSA_OAEP_*_AES_256
// (and RSA_OAEP_*_SHA256: OAEP of the target alone), HashiCorp Vault transit import, Azure
// CKM_RSA_AES_KEY_WRAP (createAzureByok). Loaded on demand, with the AES core.
import { ByokError } from '../errors.js';
import { clean, concat } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { secret } from '../lib/secrets.js';
import { parseTargetKey, refuseKeyStructures } from '../target_key/to_pkcs8.js';
import { isPemInput } from '../lib/key_input.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import { aesKwpWrap } from './aes_key_wrap.js';
import { readSymmetricMaterial, type MaterialLengths } from './key_material.js';
import { rsaOaepEncryptWith, rsaOaepPublicKey, rsaWrappingKey, type OaepHash } from './rsa.js';
import type { RsaAesAlgorithm } from './wrap_key_material.js';

interface Scheme {
  /** OAEP's hash, and MGF1's (SPEC §5: MGF1 with the same hash, empty label). */
  hash: OaepHash;
  /** Google: the modulus size is part of the name, and another size is refused. */
  modulusBits?: 3072 | 4096;
  /** False for Google's RSA_OAEP_*_SHA256: OAEP of the (symmetric) target itself, no ESK. */
  keyWrap: boolean;
}

const SCHEMES: Record<RsaAesAlgorithm, Scheme> = {
  RSA_AES_KEY_WRAP_SHA_256: { hash: 'SHA-256', keyWrap: true },
  RSA_AES_KEY_WRAP_SHA_1: { hash: 'SHA-1', keyWrap: true },
  RSA_OAEP_3072_SHA1_AES_256: { hash: 'SHA-1', modulusBits: 3072, keyWrap: true },
  RSA_OAEP_4096_SHA1_AES_256: { hash: 'SHA-1', modulusBits: 4096, keyWrap: true },
  RSA_OAEP_3072_SHA256_AES_256: { hash: 'SHA-256', modulusBits: 3072, keyWrap: true },
  RSA_OAEP_4096_SHA256_AES_256: { hash: 'SHA-256', modulusBits: 4096, keyWrap: true },
  RSA_OAEP_3072_SHA256: { hash: 'SHA-256', modulusBits: 3072, keyWrap: false },
  RSA_OAEP_4096_SHA256: { hash: 'SHA-256', modulusBits: 4096, keyWrap: false },
};

/** Raw targets (AES and HMAC keys), API.md: 16–1024 bytes, wrapped exactly as given. */
export const RAW_TARGET_LENGTHS: MaterialLengths = [[16, 1024]];

/** What was wrapped: raw bytes, or a private key as PKCS#8 DER. */
export type WrappedTarget = { kind: 'raw'; length: number } | { kind: 'private'; spec: TargetKeySpec };

/** Internal seam: where the ESK comes from. Tests pass a recorder, never the public API. */
export interface RsaAesDeps {
  ephemeralKey(length: number): Uint8Array;
}

const DEFAULT_DEPS: RsaAesDeps = { ephemeralKey: randomBytes };

export interface RsaAesOptions {
  /** The name errors give the operation (the algorithm, or createAzureByok's enc). */
  name?: string;
  /** Raw target lengths accepted (Azure: AES keys only). */
  rawLengths?: MaterialLengths;
  deps?: RsaAesDeps;
}

/**
 * OAEP(ESK) ‖ AES-KWP_ESK(target): bytes = modulus length + 8·ceil(len/8) + 8 (RFC 5649
 * §4.1). For RSA_OAEP_*_SHA256 only the modulus length: OAEP of the target itself.
 */
export async function wrapRsaAes(
  publicKey: unknown,
  algorithm: RsaAesAlgorithm,
  keyMaterial: unknown,
  targetKeySpec: TargetKeySpec | undefined,
  options: RsaAesOptions = {},
): Promise<{ bytes: Uint8Array; target: WrappedTarget }> {
  const scheme = SCHEMES[algorithm];
  const name = options.name ?? algorithm;
  // The wrapping key first: nothing secret exists yet if it is the wrong one.
  const wrapping = await rsaWrappingKey(publicKey, name);
  if (scheme.modulusBits !== undefined && wrapping.bits !== scheme.modulusBits) {
    const other = algorithm.replace(String(scheme.modulusBits), String(wrapping.bits));
    throw new ByokError(
      'ERR_UNSUPPORTED_PUBLIC_KEY',
      `${algorithm} needs an RSA-${scheme.modulusBits} wrapping key (the size is part of the name); this one is RSA-${wrapping.bits}` +
        (other in SCHEMES ? `: create the import job with ${other}` : ''),
    );
  }
  const readTargetNow = () => readTarget(keyMaterial, targetKeySpec, algorithm, scheme, name, options.rawLengths ?? RAW_TARGET_LENGTHS);
  if (!scheme.keyWrap) {
    // Google RSA_OAEP_{3072,4096}_SHA256: RSAES-OAEP of the key itself (RFC 8017 §7.1).
    const { bytes: target, described } = readTargetNow();
    try {
      const key = await rsaOaepPublicKey(wrapping, scheme.hash, target.length, name);
      return { bytes: await rsaOaepEncryptWith(key, target), target: described };
    } finally {
      clean(target);
    }
  }
  const key = await rsaOaepPublicKey(wrapping, scheme.hash, 32, name);
  let esk: Uint8Array | undefined;
  let target: Uint8Array | undefined;
  try {
    esk = secret('esk', (options.deps ?? DEFAULT_DEPS).ephemeralKey(32));
    // WebCrypto takes its copy of the ESK at once and encrypts off the main thread, while
    // the target is read and wrapped here. Its rejection is observed below, or dropped when
    // this fails first.
    const cipherEsk = rsaOaepEncryptWith(key, esk);
    cipherEsk.catch(() => undefined);
    const read = readTargetNow();
    target = read.bytes;
    // RFC 5649 §4.1: the target under AES-256 key wrap with padding, the ESK as KEK.
    const cipherTarget = aesKwpWrap(esk, target);
    return { bytes: concat(await cipherEsk, cipherTarget), target: read.described };
  } finally {
    clean(esk, target);
  }
}

/** @internal The target of `algorithm` read and checked as wrapRsaAes reads it, for a check before any wrapping key exists. */
export function rsaAesTarget(keyMaterial: unknown, targetKeySpec: TargetKeySpec | undefined, algorithm: RsaAesAlgorithm): Uint8Array {
  return readTarget(keyMaterial, targetKeySpec, algorithm, SCHEMES[algorithm], algorithm, RAW_TARGET_LENGTHS).bytes;
}

/**
 * API.md's target rules: with a targetKeySpec, or PEM text, a private key normalised to
 * PKCS#8 and checked; otherwise raw bytes, wrapped exactly — unless they are the DER of a
 * private key, which is refused rather than wrapped as raw bytes by mistake.
 */
function readTarget(
  keyMaterial: unknown,
  targetKeySpec: TargetKeySpec | undefined,
  algorithm: RsaAesAlgorithm,
  scheme: Scheme,
  name: string,
  rawLengths: MaterialLengths,
): { bytes: Uint8Array; described: WrappedTarget } {
  const privateKeyHint = scheme.keyWrap
    ? 'pass targetKeySpec (e.g. RSA_2048, EC_P256) to wrap it as PKCS#8'
    : `${algorithm} wraps symmetric keys only: import a private key with ${algorithm}_AES_256 and its targetKeySpec`;
  if (targetKeySpec !== undefined || isPemInput(keyMaterial)) {
    if (!scheme.keyWrap) {
      throw new ByokError('ERR_KEY_SPEC_MISMATCH', `${algorithm} wraps raw symmetric key material only (OAEP of the key itself): import a private key with ${algorithm}_AES_256`);
    }
    const parsed = parseTargetKey(keyMaterial, targetKeySpec);
    clean(parsed.d);
    if (parsed.spec === 'EC_SM2') {
      clean(parsed.pkcs8);
      throw new ByokError('ERR_KEY_SPEC_MISMATCH', `EC_SM2 target keys are imported with SM2PKE_SM4_ECB, not ${name}`);
    }
    return { bytes: parsed.pkcs8, described: { kind: 'private', spec: parsed.spec } };
  }
  const bytes = readSymmetricMaterial(keyMaterial, name, rawLengths, refuseKeyStructures(privateKeyHint));
  return { bytes, described: { kind: 'raw', length: bytes.length } };
}
