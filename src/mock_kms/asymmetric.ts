// Using a key's private half, as the clouds do with imported or generated asymmetric
// keys: GetPublicKey, Sign/Verify (RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA, SM2DSA) on a
// message or a digest, Encrypt/Decrypt (RSAES-OAEP, RSAES-PKCS1-v1_5, SM2), and HMAC.
// Loaded on demand by the service: it carries the curve arithmetic. Algorithm names are
// the mock's own; each dialect maps its cloud's names to them.
import { ecdsa } from '@noble/curves/abstract/weierstrass.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bigIntToBytes, bytesToBigInt, clean, concat, equalBytes, fromBase64Url, fromHex } from '../lib/bytes.js';
import { children, encodeTlv, readTlv } from '../lib/der.js';
import { modPow } from '../lib/bigint.js';
import { randomBytes, randomNonZeroBytes, subtle } from '../lib/random.js';
import { CURVE_PARAMS, curvePoint, publicPoint, randomScalar } from '../ec/curves.js';
import { EC_SPECS, type EcSpec } from '../target_key/specs.js';
import { encodeEcSpki } from '../target_key/to_pkcs8.js';
import { pkcs1v15EncryptWithPadding } from '../wrap/rsa.js';
import { sm2Decrypt, sm2Encrypt } from '../sm/sm2.js';
import { sm3 } from '../sm/sm3_sm4.js';
import { fail } from './kms_error.js';
import { pkcs1v15Decrypt, rsaDecryptPrimitive } from './kms_crypto.js';
import { table } from './tables.js';

export type SignAlgorithm =
  | 'RSA_PKCS1_SHA_256'
  | 'RSA_PKCS1_SHA_384'
  | 'RSA_PKCS1_SHA_512'
  | 'RSA_PSS_SHA_256'
  | 'RSA_PSS_SHA_384'
  | 'RSA_PSS_SHA_512'
  | 'ECDSA_SHA_256'
  | 'ECDSA_SHA_384'
  | 'ECDSA_SHA_512'
  | 'SM2DSA';
export type EncryptAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSAES_PKCS1_V1_5' | 'SM2PKE';

const isRsa = (spec: string) => spec.startsWith('RSA_');
const HASHES = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;
type HashName = keyof typeof HASHES;
const HASH_OF: Readonly<Record<string, HashName>> = table({ 256: 'SHA-256', 384: 'SHA-384', 512: 'SHA-512' });

/** The hash a signing algorithm digests with, and the digest's length. */
export function signingHash(algorithm: SignAlgorithm): { name: HashName | 'SM3'; length: number } {
  if (algorithm === 'SM2DSA') return { name: 'SM3', length: 32 };
  const name = HASH_OF[algorithm.slice(-3)]!;
  return { name, length: HASHES[name].outputLen };
}

/** The EC private scalar D from PKCS#8 as toPkcs8 writes it (no [0] inside: RFC 5915). */
function ecScalar(pkcs8: Uint8Array): Uint8Array {
  const outer = children(pkcs8, readTlv(pkcs8)!)!;
  const inner = pkcs8.subarray(outer[2]!.start, outer[2]!.end);
  const fields = children(inner, readTlv(inner)!)!;
  return inner.subarray(fields[1]!.start, fields[1]!.end);
}

async function rsaJwk(pkcs8: Uint8Array): Promise<JsonWebKey> {
  const key = await subtle().importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['decrypt']);
  return subtle().exportKey('jwk', key);
}

export async function publicKeyOf(pkcs8: Uint8Array, spec: string): Promise<Uint8Array> {
  if (isRsa(spec)) {
    const { n, e } = await rsaJwk(pkcs8);
    const pub = await subtle().importKey('jwk', { kty: 'RSA', n, e }, { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
    return new Uint8Array(await subtle().exportKey('spki', pub));
  }
  const ec = spec as EcSpec;
  return encodeEcSpki(ec, publicPoint(EC_SPECS[ec].curve, ecScalar(pkcs8)));
}

function fits(spec: string, algorithm: SignAlgorithm): boolean {
  if (isRsa(spec)) return algorithm.startsWith('RSA_');
  if (spec === 'EC_SM2') return algorithm === 'SM2DSA';
  return algorithm.startsWith('ECDSA_');
}

async function digestOf(algorithm: SignAlgorithm, input: { message?: Uint8Array; digest?: Uint8Array }, sm2Public?: Uint8Array): Promise<Uint8Array> {
  const hash = signingHash(algorithm);
  if (input.digest) {
    if (input.digest.length !== hash.length) fail('InvalidParameter', `the digest for ${algorithm} must be ${hash.length} bytes; got ${input.digest.length}`);
    return input.digest;
  }
  const message = input.message ?? new Uint8Array(0);
  // GB/T 32918.2 §6.1: e = SM3(Z_A ‖ M) with Z_A over the default ID.
  if (hash.name === 'SM3') return sm3(concat(sm2Z(sm2Public!), message));
  return new Uint8Array(await subtle().digest(hash.name, message as Uint8Array<ArrayBuffer>));
}

export async function sign(pkcs8: Uint8Array, spec: string, algorithm: SignAlgorithm, input: { message?: Uint8Array; digest?: Uint8Array }): Promise<Uint8Array> {
  if (!fits(spec, algorithm)) fail('InvalidKeyUsage', `${algorithm} does not fit a ${spec} key`);
  if (isRsa(spec)) {
    const jwk = await rsaJwk(pkcs8);
    const k = fromBase64Url(jwk.n!)!.length;
    const digest = await digestOf(algorithm, input);
    const em = algorithm.startsWith('RSA_PSS') ? await pssEncode(digest, algorithm, bitLength(jwk) - 1) : pkcs1Encode(digest, algorithm, k);
    const s = bigIntToBytes(rsaDecryptPrimitive(jwk, bytesToBigInt(em)), k);
    clean(em);
    return s;
  }
  const d = ecScalar(pkcs8);
  const curve = EC_SPECS[spec as EcSpec].curve;
  if (algorithm === 'SM2DSA') return sm2Sign(d, await digestOf(algorithm, input, publicPoint('SM2', d)));
  const digest = await digestOf(algorithm, input);
  return ecdsa(curvePoint(curve), HASHES[signingHash(algorithm).name as HashName]).sign(digest, d, { prehash: false, format: 'der' });
}

export async function verify(pkcs8: Uint8Array, spec: string, algorithm: SignAlgorithm, input: { message?: Uint8Array; digest?: Uint8Array }, signature: Uint8Array): Promise<boolean> {
  if (!fits(spec, algorithm)) fail('InvalidKeyUsage', `${algorithm} does not fit a ${spec} key`);
  if (isRsa(spec)) {
    const jwk = await rsaJwk(pkcs8);
    const nBytes = fromBase64Url(jwk.n!)!;
    const k = nBytes.length;
    if (signature.length !== k) return false;
    const digest = await digestOf(algorithm, input);
    const s = bytesToBigInt(signature);
    const n = bytesToBigInt(nBytes);
    if (s >= n) return false;
    const em = bigIntToBytes(modPow(s, bytesToBigInt(fromBase64Url(jwk.e!)!), n), k);
    if (algorithm.startsWith('RSA_PSS')) return pssVerify(digest, em, algorithm, bitLength(jwk) - 1);
    return equalBytes(em, pkcs1Encode(digest, algorithm, k));
  }
  const d = ecScalar(pkcs8);
  const curve = EC_SPECS[spec as EcSpec].curve;
  const pub = publicPoint(curve, d);
  try {
    if (algorithm === 'SM2DSA') return sm2Verify(pub, await digestOf(algorithm, input, pub), signature);
    return ecdsa(curvePoint(curve), HASHES[signingHash(algorithm).name as HashName]).verify(signature, await digestOf(algorithm, input), pub, { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}

// ---- RSASSA (RFC 8017 §8.2 PKCS1-v1_5, §8.1 PSS) over a digest ----

// EMSA-PKCS1-v1_5 DigestInfo prefixes (RFC 8017 §9.2 note 1).
const DIGEST_INFO: Readonly<Record<string, Uint8Array>> = table({
  256: fromHex('3031300d060960864801650304020105000420'),
  384: fromHex('3041300d060960864801650304020205000430'),
  512: fromHex('3051300d060960864801650304020305000440'),
});

function pkcs1Encode(digest: Uint8Array, algorithm: SignAlgorithm, k: number): Uint8Array {
  const t = concat(DIGEST_INFO[algorithm.slice(-3)]!, digest);
  return concat(new Uint8Array([0, 1]), new Uint8Array(k - t.length - 3).fill(0xff), new Uint8Array([0]), t);
}

function bitLength(jwk: JsonWebKey): number {
  return bytesToBigInt(fromBase64Url(jwk.n!)!).toString(2).length;
}

async function mgf1(hash: HashName, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let counter = 0, offset = 0; offset < length; counter++) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, counter);
    const h = new Uint8Array(await subtle().digest(hash, concat(seed, c) as Uint8Array<ArrayBuffer>));
    out.set(h.subarray(0, Math.min(h.length, length - offset)), offset);
    offset += h.length;
  }
  return out;
}

/** EMSA-PSS-ENCODE (RFC 8017 §9.1.1), salt length = hash length, MGF1 with the same hash. */
async function pssEncode(mHash: Uint8Array, algorithm: SignAlgorithm, emBits: number): Promise<Uint8Array> {
  const hash = signingHash(algorithm).name as HashName;
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = new Uint8Array(await subtle().digest(hash, concat(new Uint8Array(8), mHash, salt) as Uint8Array<ArrayBuffer>));
  const db = concat(new Uint8Array(emLen - 2 * hLen - 2), new Uint8Array([1]), salt);
  const mask = await mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return concat(db, h, new Uint8Array([0xbc]));
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with salt length = hash length. */
async function pssVerify(mHash: Uint8Array, emFull: Uint8Array, algorithm: SignAlgorithm, emBits: number): Promise<boolean> {
  const hash = signingHash(algorithm).name as HashName;
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const em = emFull.subarray(emFull.length - emLen);
  if (emFull.length > emLen && emFull[0] !== 0) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const db = em.slice(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if (db[0]! & ~(0xff >> (8 * emLen - emBits))) return false;
  const mask = await mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const ps = db.subarray(0, emLen - 2 * hLen - 2);
  if (ps.some((b) => b !== 0) || db[emLen - 2 * hLen - 2] !== 1) return false;
  const salt = db.subarray(db.length - hLen);
  const h2 = new Uint8Array(await subtle().digest(hash, concat(new Uint8Array(8), mHash, salt) as Uint8Array<ArrayBuffer>));
  return equalBytes(h, h2);
}

// ---- SM2 digital signature (GB/T 32918.2-2016 §6, §7) ----

const SM2_DEFAULT_ID = new TextEncoder().encode('1234567812345678');

/** Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5). */
export function sm2Z(publicKey: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  const { a, b, Gx, Gy } = CURVE_PARAMS.SM2;
  const entl = new Uint8Array([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const f = (v: bigint) => bigIntToBytes(v, 32);
  return sm3(concat(entl, id, f(a), f(b), f(Gx), f(Gy), publicKey.subarray(1, 33), publicKey.subarray(33, 65)));
}

function derSignature(r: bigint, s: bigint): Uint8Array {
  const int = (v: bigint) => {
    let b = bigIntToBytes(v, 32);
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    return encodeTlv(0x02, b[0]! & 0x80 ? concat(new Uint8Array([0]), b) : b);
  };
  return encodeTlv(0x30, concat(int(r), int(s)));
}

function sm2Sign(dBytes: Uint8Array, eBytes: Uint8Array): Uint8Array {
  const { n } = CURVE_PARAMS.SM2;
  const d = bytesToBigInt(dBytes);
  const e = bytesToBigInt(eBytes);
  const inv = modPow(1n + d, n - 2n, n);
  for (;;) {
    const kBytes = randomScalar('SM2');
    const k = bytesToBigInt(kBytes);
    clean(kBytes);
    const x1 = curvePoint('SM2').BASE.multiply(k).toAffine().x;
    const r = (e + x1) % n;
    if (r === 0n || r + k === n) continue;
    const s = (inv * ((((k - r * d) % n) + n) % n)) % n;
    if (s !== 0n) return derSignature(r, s);
  }
}

function sm2Verify(publicKey: Uint8Array, eBytes: Uint8Array, signature: Uint8Array): boolean {
  const { n } = CURVE_PARAMS.SM2;
  const outer = readTlv(signature);
  if (!outer || outer.tag !== 0x30 || outer.end !== signature.length) return false;
  const parts = children(signature, outer);
  if (!parts || parts.length !== 2 || parts.some((p) => p.tag !== 0x02)) return false;
  const [r, s] = parts.map((p) => bytesToBigInt(signature.subarray(p.start, p.end))) as [bigint, bigint];
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  const P = curvePoint('SM2');
  const point = P.BASE.multiply(s).add(P.fromBytes(publicKey).multiply(t)).toAffine();
  return (bytesToBigInt(eBytes) + point.x) % n === r;
}

// ---- Asymmetric encryption with the key's public half, decryption with its private half ----

export async function asymmetricEncrypt(pkcs8: Uint8Array, spec: string, algorithm: EncryptAlgorithm, plaintext: Uint8Array, layout: 'c1c3c2' | 'der' = 'c1c3c2'): Promise<Uint8Array> {
  if (isRsa(spec) && algorithm.startsWith('RSAES_')) {
    const jwk = await rsaJwk(pkcs8);
    const k = fromBase64Url(jwk.n!)!.length;
    if (algorithm === 'RSAES_PKCS1_V1_5') {
      if (plaintext.length > k - 11) fail('InvalidParameter', `RSAES_PKCS1_V1_5 with this key carries at most ${k - 11} bytes`);
      const key = { n: bytesToBigInt(fromBase64Url(jwk.n!)!), e: bytesToBigInt(fromBase64Url(jwk.e!)!), k };
      return pkcs1v15EncryptWithPadding(key, plaintext, randomNonZeroBytes(k - plaintext.length - 3));
    }
    const hash = algorithm === 'RSAES_OAEP_SHA_1' ? 'SHA-1' : 'SHA-256';
    const max = k - 2 * (hash === 'SHA-1' ? 20 : 32) - 2;
    if (plaintext.length > max) fail('InvalidParameter', `${algorithm} with this key carries at most ${max} bytes`);
    const pub = await subtle().importKey('jwk', { kty: 'RSA', n: jwk.n!, e: jwk.e! }, { name: 'RSA-OAEP', hash }, false, ['encrypt']);
    return new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, pub, plaintext as Uint8Array<ArrayBuffer>));
  }
  if (spec === 'EC_SM2' && algorithm === 'SM2PKE') return sm2Encrypt(publicPoint('SM2', ecScalar(pkcs8)), plaintext, layout);
  return fail('InvalidKeyUsage', `${algorithm} does not fit a ${spec} key`);
}

export async function asymmetricDecrypt(pkcs8: Uint8Array, spec: string, algorithm: EncryptAlgorithm, ciphertext: Uint8Array): Promise<Uint8Array> {
  const fitting = (isRsa(spec) && algorithm.startsWith('RSAES_')) || (spec === 'EC_SM2' && algorithm === 'SM2PKE');
  if (!fitting) return fail('InvalidKeyUsage', `${algorithm} does not fit a ${spec} key`);
  try {
    if (algorithm === 'RSAES_PKCS1_V1_5') return pkcs1v15Decrypt(await rsaJwk(pkcs8), ciphertext);
    if (algorithm === 'SM2PKE') return sm2Decrypt(ecScalar(pkcs8), ciphertext, ciphertext[0] === 0x30 ? 'der' : 'c1c3c2');
    const key = await subtle().importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, { name: 'RSA-OAEP', hash: algorithm === 'RSAES_OAEP_SHA_1' ? 'SHA-1' : 'SHA-256' }, false, ['decrypt']);
    return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, ciphertext as Uint8Array<ArrayBuffer>));
  } catch {
    return fail('InvalidCiphertext', 'the ciphertext could not be decrypted with this key');
  }
}

// ---- HMAC (AWS GenerateMac/VerifyMac): SHA-224 is not in WebCrypto, so all come from @noble/hashes ----

const MAC_HASHES = table({ HMAC_SHA_224: sha224, HMAC_SHA_256: sha256, HMAC_SHA_384: sha384, HMAC_SHA_512: sha512 });

export function hmacOf(key: Uint8Array, algorithm: string, message: Uint8Array): Uint8Array {
  const hash = MAC_HASHES[algorithm as keyof typeof MAC_HASHES];
  if (!hash) return fail('InvalidKeyUsage', `${algorithm} is not an HMAC algorithm`);
  return hmac(hash, key, message);
}
