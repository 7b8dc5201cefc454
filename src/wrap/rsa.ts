// RSA encryption of wrapped material: RSAES-OAEP on WebCrypto, RSAES-PKCS1-v1_5 on
// BigInt (WebCrypto has no PKCS#1 v1.5 encryption; SPEC §2).
import { ByokError } from '../errors.js';
import { bigIntToBytes, bytesToBigInt, clean, concat, toArrayBuffer } from '../lib/bytes.js';
import { modPow } from '../lib/bigint.js';
import { randomNonZeroBytes, subtle } from '../lib/random.js';
import { secret } from '../lib/secrets.js';
import { parseWrappingPublicKey, type RsaWrappingKey } from './wrapping_public_key.js';

export type OaepHash = 'SHA-256' | 'SHA-1';
const HASH_LEN: Record<OaepHash, number> = { 'SHA-256': 32, 'SHA-1': 20 };

/** The wrapping key as RSA, or the precise reason it is not one this algorithm can use. */
export async function rsaWrappingKey(publicKey: unknown, algorithm: string): Promise<RsaWrappingKey> {
  const key = await parseWrappingPublicKey(publicKey);
  if (key.type !== 'rsa') {
    throw new ByokError(
      'ERR_UNSUPPORTED_PUBLIC_KEY',
      `${algorithm} needs an RSA wrapping key, but an SM2 key was given: ask GetParametersForImport for WrappingKeySpec RSA_2048`,
    );
  }
  return key;
}

/**
 * RSAES-OAEP (RFC 8017 §7.1) with MGF1 on the same hash and an empty label. The key is
 * read off its DER first (cheap, and it checks n odd, e odd and > 1: issue 11.4); the
 * @peculiar schemas load only to explain a key the fast path did not take (SPEC §4).
 */
export async function rsaOaepEncrypt(publicKey: unknown, hash: OaepHash, message: Uint8Array, algorithm: string): Promise<Uint8Array> {
  const wrapping = await rsaWrappingKey(publicKey, algorithm);
  return rsaOaepEncryptWith(await rsaOaepPublicKey(wrapping, hash, message.length, algorithm), message);
}

/** The wrapping key as a WebCrypto RSA-OAEP key, once the message length is known to fit. */
export async function rsaOaepPublicKey(wrapping: RsaWrappingKey, hash: OaepHash, messageLength: number, algorithm: string): Promise<CryptoKey> {
  // RFC 8017 §7.1.1 step 1b: mLen <= k - 2hLen - 2.
  const max = wrapping.k - 2 * HASH_LEN[hash] - 2;
  if (messageLength > max) {
    throw new ByokError('ERR_MESSAGE_TOO_LONG', `${algorithm} with RSA-${wrapping.bits} carries at most ${max} bytes; got ${messageLength}`);
  }
  try {
    return await subtle().importKey('spki', toArrayBuffer(wrapping.spki), { name: 'RSA-OAEP', hash }, false, ['encrypt']);
  } catch (cause) {
    throw new ByokError('ERR_INVALID_PUBLIC_KEY', 'the wrapping public key was refused by WebCrypto', { cause });
  }
}

/**
 * Starts the encryption at once: WebCrypto copies `message` when called (its copy is out of
 * reach: SECURITY.md), so the caller may overwrite it, or run other work while it runs.
 */
export async function rsaOaepEncryptWith(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  try {
    return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, key, message as Uint8Array<ArrayBuffer>));
  } catch (cause) {
    throw new ByokError('ERR_OPERATION_FAILED', 'RSA-OAEP encryption failed', { cause });
  }
}

/** RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1) with fresh non-zero random padding. */
export async function rsaPkcs1v15Encrypt(publicKey: unknown, message: Uint8Array, algorithm: string): Promise<Uint8Array> {
  const key = await rsaWrappingKey(publicKey, algorithm);
  const psLength = key.k - message.length - 3;
  // Step 1: mLen <= k - 11, i.e. at least 8 padding bytes.
  if (psLength < 8) {
    throw new ByokError('ERR_MESSAGE_TOO_LONG', `${algorithm} with RSA-${key.bits} carries at most ${key.k - 11} bytes; got ${message.length}`);
  }
  return pkcs1v15EncryptWithPadding(key, message, randomNonZeroBytes(psLength));
}

/**
 * The deterministic core, with the padding string PS given: the seam through which
 * known-answer tests inject a published vector's PS. PS must be non-zero bytes.
 */
export function pkcs1v15EncryptWithPadding(key: { n: bigint; e: bigint; k: number }, message: Uint8Array, ps: Uint8Array): Uint8Array {
  if (ps.length !== key.k - message.length - 3 || ps.length < 8 || ps.includes(0)) {
    throw new ByokError('ERR_OPERATION_FAILED', 'invalid PKCS#1 v1.5 padding string');
  }
  // Step 2b: EM = 0x00 || 0x02 || PS || 0x00 || M.
  const em = secret('pkcs1-block', concat(new Uint8Array([0, 2]), ps, new Uint8Array([0]), message));
  secret('pkcs1-block', ps);
  // The integer m and the hex text it is built from cannot be overwritten (SECURITY.md).
  const m = bytesToBigInt(em);
  clean(em, ps);
  // Step 3: RSAEP c = m^e mod n (RFC 8017 §5.1.1), I2OSP to k bytes (step 3c).
  return bigIntToBytes(modPow(m, key.e, key.n), key.k);
}
