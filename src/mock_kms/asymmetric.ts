// Using an imported private key (Alibaba asymmetric BYOK): GetPublicKey, AsymmetricSign /
// AsymmetricVerify on a SHA-256 digest, AsymmetricDecrypt. Proves which key landed.
import { ecdsa } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bigIntToBytes, bytesToBigInt, concat, equalBytes, fromBase64Url, fromHex } from '../lib/bytes.js';
import { subtle } from '../lib/random.js';
import { children, readTlv } from '../lib/der.js';
import { modPow } from '../lib/bigint.js';
import { curvePoint, publicPoint } from '../ec/curves.js';
import { EC_SPECS, type EcSpec } from '../target_key/specs.js';
import { encodeEcSpki } from '../target_key/to_pkcs8.js';
import { sm2Decrypt } from '../sm/sm2.js';
import { fail } from './kms_error.js';
import { rsaDecryptPrimitive } from './kms_crypto.js';

const isRsa = (spec: string) => spec.startsWith('RSA_');

/** The EC private scalar D from PKCS#8 as OpenSSL writes it (no [0] inside: RFC 5915 via toPkcs8). */
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

// EMSA-PKCS1-v1_5 DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO = fromHex('3031300d060960864801650304020105000420');

function curveEcdsa(spec: string) {
  if (spec !== 'EC_P256' && spec !== 'EC_P256K') return fail('UnsupportedOperation', `signing is not supported for ${spec} keys in this mock`);
  return ecdsa(curvePoint(EC_SPECS[spec].curve), sha256);
}

function checkAlgorithm(spec: string, algorithm: string): void {
  const ok = isRsa(spec) ? algorithm === 'RSA_PKCS1_SHA_256' : algorithm === 'ECDSA_SHA_256';
  if (!ok) fail('InvalidParameter', `algorithm ${algorithm} does not fit a ${spec} key (RSA_PKCS1_SHA_256 or ECDSA_SHA_256)`);
}

/** Sign a SHA-256 digest: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) or ECDSA (DER signature). */
export async function signDigest(pkcs8: Uint8Array, spec: string, algorithm: string, digest: Uint8Array): Promise<Uint8Array> {
  checkAlgorithm(spec, algorithm);
  if (digest.length !== 32) fail('InvalidParameter', 'Digest must be a base64 SHA-256 digest (32 bytes)');
  if (isRsa(spec)) {
    const jwk = await rsaJwk(pkcs8);
    const n = fromBase64Url(jwk.n!)!;
    const t = concat(SHA256_DIGEST_INFO, digest);
    const em = concat(new Uint8Array([0, 1]), new Uint8Array(n.length - t.length - 3).fill(0xff), new Uint8Array([0]), t);
    return bigIntToBytes(rsaDecryptPrimitive(jwk, bytesToBigInt(em)), n.length);
  }
  return curveEcdsa(spec).sign(digest, ecScalar(pkcs8), { prehash: false, format: 'der' });
}

export async function verifyDigest(pkcs8: Uint8Array, spec: string, algorithm: string, digest: Uint8Array, signature: Uint8Array): Promise<boolean> {
  checkAlgorithm(spec, algorithm);
  if (isRsa(spec)) {
    const jwk = await rsaJwk(pkcs8);
    const n = bytesToBigInt(fromBase64Url(jwk.n!)!);
    const e = bytesToBigInt(fromBase64Url(jwk.e!)!);
    const k = fromBase64Url(jwk.n!)!.length;
    if (signature.length !== k) return false;
    const em = bigIntToBytes(modPow(bytesToBigInt(signature), e, n), k);
    const t = concat(SHA256_DIGEST_INFO, digest);
    const expected = concat(new Uint8Array([0, 1]), new Uint8Array(k - t.length - 3).fill(0xff), new Uint8Array([0]), t);
    return equalBytes(em, expected);
  }
  const ec = spec as EcSpec;
  try {
    return curveEcdsa(spec).verify(signature, digest, publicPoint(EC_SPECS[ec].curve, ecScalar(pkcs8)), { prehash: false, format: 'der' });
  } catch {
    return false;
  }
}

/** AsymmetricDecrypt: RSAES_OAEP_SHA_256 (RSA keys) or SM2PKE (EC_SM2 keys, C1‖C3‖C2). */
export async function asymmetricDecrypt(pkcs8: Uint8Array, spec: string, algorithm: string, ciphertext: Uint8Array): Promise<Uint8Array> {
  try {
    if (isRsa(spec) && (algorithm === 'RSAES_OAEP_SHA_256' || algorithm === 'RSAES_OAEP_SHA_1')) {
      const key = await subtle().importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, { name: 'RSA-OAEP', hash: algorithm.endsWith('256') ? 'SHA-256' : 'SHA-1' }, false, ['decrypt']);
      return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, ciphertext as Uint8Array<ArrayBuffer>));
    }
    if (spec === 'EC_SM2' && algorithm === 'SM2PKE') return sm2Decrypt(ecScalar(pkcs8), ciphertext);
  } catch {
    return fail('InvalidCiphertext', 'the ciphertext could not be decrypted with this key');
  }
  return fail('InvalidParameter', `algorithm ${algorithm} does not fit a ${spec} key`);
}
