// The KMS side of the cryptography: wrapping key pairs, real unwrapping of every
// algorithm of SPEC §2, and use of the imported material (so a test can prove which
// material landed). Runs on WebCrypto where it can, like the library; the SM and curve
// code loads only when an SM key or algorithm is used.
import { ByokError } from '../errors.js';
import { bigIntToBytes, bytesToBigInt, clean, concat, equalBytes, fromBase64Url, fromHex, toHex } from '../lib/bytes.js';
import { randomBytes, subtle } from '../lib/random.js';
import { aesEcbDecrypt, pkcs7Unpad } from '../wrap/aes_ecb.js';
import { aesKwpUnwrap } from '../wrap/aes_key_wrap.js';
import { encodeEcPkcs8, encodeEcSpki, parseTargetKey } from '../target_key/to_pkcs8.js';
import { isTargetKeySpec } from '../target_key/specs.js';
import { fail } from './kms_error.js';
import type { ImportParameters, KeyRecord } from './store.js';
import { generateRsaWrappingKey } from './wrapping_keys.js';

export type WrappingKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096' | 'EC_SM2';

/** A fresh wrapping key pair for one GetParametersForImport call. */
export async function createWrappingKey(spec: WrappingKeySpec): Promise<{ publicKey: Uint8Array; privateKey: JsonWebKey | Uint8Array }> {
  if (spec === 'EC_SM2') {
    const { publicPoint, randomScalar } = await import('../ec/curves.js');
    const d = randomScalar('SM2');
    return { publicKey: encodeEcSpki('EC_SM2', publicPoint('SM2', d)), privateKey: d };
  }
  return generateRsaWrappingKey(spec);
}

const bad = (): never => fail('DecryptMaterialFailed', "the key material could not be decrypted with this import token's wrapping key and algorithm");

/** Unwrap EncryptedKeyMaterial with the private half of the token's wrapping key (SPEC §3). */
export async function unwrapMaterial(params: ImportParameters, wrapped: Uint8Array, key: KeyRecord): Promise<Uint8Array> {
  const algorithm = params.wrappingAlgorithm;
  const privateKey = params.privateKey;
  if (!privateKey) return bad();
  const rsa = privateKey as JsonWebKey;
  const k = rsa.n ? (fromBase64Url(rsa.n) ?? bad()).length : 0;
  // AWS imports a private key (PKCS#8 DER) with the plain algorithms too ("Select a wrapping algorithm").
  const material = async (raw: Uint8Array) => (isTargetKeySpec(key.material) ? await targetKeyMaterial(raw, key) : raw);
  try {
    switch (algorithm) {
      case 'RSAES_OAEP_SHA_256':
      case 'RSAES_OAEP_SHA_1':
        return await material(await oaepDecrypt(rsa, algorithm.endsWith('256') ? 'SHA-256' : 'SHA-1', wrapped));
      case 'RSAES_PKCS1_V1_5':
        return await material(pkcs1v15Decrypt(rsa, wrapped));
      case 'SM2PKE': {
        const { sm2Decrypt } = await import('../sm/sm2.js');
        return await material(sm2Decrypt(privateKey as Uint8Array, wrapped));
      }
      case 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD': {
        if (wrapped.length <= k) bad();
        const esk = await oaepDecrypt(rsa, 'SHA-256', wrapped.subarray(0, k));
        if (esk.length !== 32) bad();
        const padded = await aesEcbDecrypt(esk, wrapped.subarray(k));
        clean(esk);
        const pkcs8 = pkcs7Unpad(padded).slice();
        clean(padded);
        return await targetKeyMaterial(pkcs8, key);
      }
      case 'RSA_AES_KEY_WRAP_SHA_256':
      case 'RSA_AES_KEY_WRAP_SHA_1': {
        const target = await unwrapRsaAes(params.privateKey as JsonWebKey, algorithm.endsWith('256') ? 'SHA-256' : 'SHA-1', wrapped);
        // Raw bytes for a symmetric (or HMAC) key, PKCS#8 of the key's own spec for an asymmetric one.
        return await material(target);
      }
      case 'SM2PKE_SM4_ECB': {
        if (wrapped.length !== 113 + 32) bad();
        const [{ sm2Decrypt }, { sm4EcbDecrypt }, { publicPoint }] = await Promise.all([import('../sm/sm2.js'), import('../sm/sm3_sm4.js'), import('../ec/curves.js')]);
        const esk = sm2Decrypt(privateKey as Uint8Array, wrapped.subarray(0, 113));
        if (esk.length !== 16) bad();
        const d = sm4EcbDecrypt(esk, wrapped.subarray(113));
        clean(esk);
        const pkcs8 = encodeEcPkcs8('EC_SM2', d, publicPoint('SM2', d));
        clean(d);
        return await targetKeyMaterial(pkcs8, key);
      }
      default:
        return bad();
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'KmsError') throw e;
    return bad();
  }
}

/**
 * OAEP(ESK) ‖ AES-KWP_ESK(target) (SPEC §5), any modulus size: the target, or
 * DecryptMaterialFailed when either layer does not open or the ESK is not 32 bytes.
 */
export async function unwrapRsaAes(jwk: JsonWebKey, hash: 'SHA-256' | 'SHA-1', wrapped: Uint8Array): Promise<Uint8Array> {
  const k = (fromBase64Url(jwk.n ?? '') ?? bad()).length;
  // At least the OAEP block and two semiblocks of key wrap (RFC 5649 §4.2).
  if (wrapped.length < k + 16) bad();
  let esk: Uint8Array | undefined;
  try {
    esk = await oaepDecrypt(jwk, hash, wrapped.subarray(0, k));
    if (esk.length !== 32) bad();
    return aesKwpUnwrap(esk, wrapped.subarray(k));
  } catch (e) {
    if (e instanceof Error && e.name === 'KmsError') throw e;
    return bad();
  } finally {
    clean(esk);
  }
}

/** The TAK must be a private key of the key's own spec (SPEC §3 "TAK must match its spec"). */
export async function targetKeyMaterial(pkcs8: Uint8Array, key: KeyRecord): Promise<Uint8Array> {
  // AWS: material that unwraps but is not what the key takes is IncorrectKeyMaterialException.
  const code = key.cloud === 'aws' ? 'IncorrectKeyMaterialException' : undefined;
  if (!isTargetKeySpec(key.material)) fail('DecryptMaterialFailed', `key ${key.keyId} (${key.keySpec}) does not take a private key`, undefined, code);
  try {
    const parsed = parseTargetKey(pkcs8, key.material);
    parsed.d?.fill(0);
    return parsed.pkcs8;
  } catch (e) {
    const detail = e instanceof ByokError ? e.message : 'not a private key';
    return fail('DecryptMaterialFailed', `the imported private key does not fit ${key.keySpec}: ${detail}`, undefined, code);
  } finally {
    clean(pkcs8);
  }
}

export async function oaepDecrypt(jwk: JsonWebKey, hash: 'SHA-256' | 'SHA-1', data: Uint8Array): Promise<Uint8Array> {
  const { alg: _alg, key_ops: _ops, ...rest } = jwk;
  const key = await subtle().importKey('jwk', rest, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
  return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, data as Uint8Array<ArrayBuffer>));
}

type RsaPrivate = { n: bigint; d: bigint; p: bigint; q: bigint; dp: bigint; dq: bigint; qi: bigint };
/** A key's numbers, read once per JWK object (a wrapping or imported key is used more than once). */
const privateNumbers = new WeakMap<JsonWebKey, RsaPrivate>();

function rsaPrivate(jwk: JsonWebKey): RsaPrivate {
  const known = privateNumbers.get(jwk);
  if (known) return known;
  const big = (v: string | undefined) => bytesToBigInt(fromBase64Url(v ?? '') ?? bad());
  const k = { n: big(jwk.n), d: big(jwk.d), p: big(jwk.p), q: big(jwk.q), dp: big(jwk.dp), dq: big(jwk.dq), qi: big(jwk.qi) };
  privateNumbers.set(jwk, k);
  return k;
}

/**
 * base^exponent mod modulus with a 5-bit sliding window (HAC 14.85): about a quarter
 * fewer multiplications than square-and-multiply for the CRT's 1024-bit exponents. Not
 * constant-time, like lib/bigint's: the mock's own throwaway keys only.
 */
function modPowWindow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const w = 5;
  const b = base % modulus;
  const b2 = (b * b) % modulus;
  const odd = [b];
  for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * b2) % modulus);
  const bits = exponent.toString(2);
  let r = 1n;
  for (let i = 0; i < bits.length; ) {
    if (bits[i] === '0') {
      r = (r * r) % modulus;
      i++;
      continue;
    }
    let j = Math.min(i + w, bits.length);
    while (bits[j - 1] === '0') j--;
    for (let k = i; k < j; k++) r = (r * r) % modulus;
    r = (r * odd[(parseInt(bits.slice(i, j), 2) - 1) >> 1]!) % modulus;
    i = j;
  }
  return r;
}

/** RSADP with the CRT (RFC 8017 §5.1.2 step 2b). The mock's own secret: timing is no concern here. */
export function rsaDecryptPrimitive(jwk: JsonWebKey, c: bigint): bigint {
  const k = rsaPrivate(jwk);
  if (c >= k.n) bad();
  const m1 = modPowWindow(c, k.dp, k.p);
  const m2 = modPowWindow(c, k.dq, k.q);
  const h = ((((m1 - m2) % k.p) + k.p) % k.p) * k.qi % k.p;
  return m2 + h * k.q;
}

/** RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2), strict about the padding. */
export function pkcs1v15Decrypt(jwk: JsonWebKey, ciphertext: Uint8Array): Uint8Array {
  const n = bytesToBigInt(fromBase64Url(jwk.n ?? '') ?? bad());
  const k = Math.ceil(n.toString(2).length / 8);
  if (ciphertext.length !== k) bad();
  const em = bigIntToBytes(rsaDecryptPrimitive(jwk, bytesToBigInt(ciphertext)), k);
  const sep = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || sep < 10) {
    clean(em);
    bad();
  }
  const m = em.slice(sep + 1);
  clean(em);
  return m;
}

// ---- Using the imported material ----

const MAGIC = new TextEncoder().encode('mkms1');
/** Blobs of keys with several materials (AWS) also name the material: "mkms2". */
const MAGIC2 = new TextEncoder().encode('mkms2');
const MATERIAL_ID_BYTES = 32;

/**
 * Encrypt with the key's material: AES-GCM (128 or 256 by material length). The blob
 * names its key, and the key id is authenticated data, so a ciphertext of one key never
 * decrypts under another even when both hold the same material (SPEC §3 "Binding").
 * Layout: "mkms1" ‖ len(keyId) ‖ keyId ‖ 12-byte IV ‖ ciphertext ‖ 16-byte tag. A key
 * with several materials (AWS) writes "mkms2" and the 32-byte KeyMaterialId after the
 * key id (authenticated too): Decrypt then finds the material, current or not.
 */
export async function encryptWithMaterial(key: KeyRecord, plaintext: Uint8Array, context: string): Promise<Uint8Array> {
  const id = new TextEncoder().encode(key.keyId);
  const current = key.materials?.find((m) => m.state === 'CURRENT');
  const materialId = current ? fromHex(current.id) : undefined;
  const iv = randomBytes(12);
  const aes = await subtle().importKey('raw', key.bytes as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt']);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad(id, context, materialId) }, aes, plaintext as Uint8Array<ArrayBuffer>);
  return materialId ? concat(MAGIC2, new Uint8Array([id.length]), id, materialId, iv, new Uint8Array(ct)) : concat(MAGIC, new Uint8Array([id.length]), id, iv, new Uint8Array(ct));
}

/** The key id a blob names, or undefined when it is no blob of this mock. */
export function blobKeyId(blob: Uint8Array): string | undefined {
  const v2 = blob.length >= MAGIC2.length && equalBytes(blob.subarray(0, MAGIC2.length), MAGIC2);
  if (blob.length < MAGIC.length + 1 || !(v2 || equalBytes(blob.subarray(0, MAGIC.length), MAGIC))) return undefined;
  const len = blob[MAGIC.length]!;
  if (blob.length < MAGIC.length + 1 + len + (v2 ? MATERIAL_ID_BYTES : 0) + 12 + 16) return undefined;
  return new TextDecoder().decode(blob.subarray(MAGIC.length + 1, MAGIC.length + 1 + len));
}

/** The KeyMaterialId a blob names (mkms2), or undefined. */
export function blobMaterialId(blob: Uint8Array): string | undefined {
  if (blobKeyId(blob) === undefined || !equalBytes(blob.subarray(0, MAGIC2.length), MAGIC2)) return undefined;
  const start = MAGIC2.length + 1 + blob[MAGIC2.length]!;
  return toHex(blob.subarray(start, start + MATERIAL_ID_BYTES));
}

export async function decryptWithMaterial(key: KeyRecord, blob: Uint8Array, context: string): Promise<Uint8Array> {
  const id = new TextEncoder().encode(key.keyId);
  const materialId = blobMaterialId(blob);
  const invalid = () => fail('InvalidCiphertext', 'the ciphertext is invalid for this key (or the encryption context differs)');
  // A key with several materials decrypts with the one the blob names; a plain blob with the key's bytes.
  if ((materialId !== undefined) !== (key.materials !== undefined)) return invalid();
  const bytes = materialId === undefined ? key.bytes : key.materials!.find((m) => m.id === materialId)?.bytes;
  if (!bytes) return invalid();
  const offset = MAGIC.length + 1 + id.length + (materialId === undefined ? 0 : MATERIAL_ID_BYTES);
  try {
    const aes = await subtle().importKey('raw', bytes as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt']);
    const iv = blob.slice(offset, offset + 12);
    const additionalData = aad(id, context, materialId === undefined ? undefined : fromHex(materialId));
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv, additionalData }, aes, blob.slice(offset + 12)));
  } catch {
    return invalid();
  }
}

function aad(id: Uint8Array, context: string, materialId?: Uint8Array): Uint8Array<ArrayBuffer> {
  const text = new TextEncoder().encode(context);
  return (materialId ? concat(id, materialId, text) : concat(id, text)) as Uint8Array<ArrayBuffer>;
}
