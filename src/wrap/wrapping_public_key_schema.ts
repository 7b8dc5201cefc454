// The wrapping public key parsed with the @peculiar/asn1 schemas (RFC 5280 §4.1.2.7,
// RFC 8017 A.1.1, RFC 5480 §2): SM2 keys, and every key the DER fast path did not take,
// so that a refusal names its precise reason. Loaded on demand.
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { ByokError } from '../errors.js';
import { bytesToBigInt } from '../lib/bytes.js';
import { children, decodeOid, isFramedSequence, readTlv } from '../lib/der.js';
import { id_ecPublicKey, id_prime256v1, id_rsaEncryption, id_secp256k1, id_sm2, id_sm2p256v1 } from '../lib/oids.js';
import { MAX_EXPONENT, WHAT, checkRsaBits, isPositiveInteger, sm2Key, type RsaWrappingKey, type WrappingKey } from './wrapping_public_key.js';

const CODE = 'ERR_INVALID_PUBLIC_KEY';

export function parseSpkiWithSchemas(spki: Uint8Array): WrappingKey {
  let info: SubjectPublicKeyInfo;
  try {
    info = AsnConvert.parse(spki, SubjectPublicKeyInfo);
  } catch (cause) {
    throw new ByokError(CODE, `${WHAT} is not a valid SubjectPublicKeyInfo`, { cause });
  }
  // The BIT STRING holds whole octets: its unused-bits octet is 0 (X.690 §8.6.2.2).
  const fields = children(spki, readTlv(spki)!);
  if (fields?.length !== 2 || fields[1]!.tag !== 0x03 || spki[fields[1]!.start] !== 0) {
    throw new ByokError(CODE, `${WHAT} is not a valid SubjectPublicKeyInfo: its key BIT STRING must hold whole octets`);
  }
  const oid = info.algorithm.algorithm;
  const keyBits = new Uint8Array(info.subjectPublicKey);
  if (oid === id_rsaEncryption) return rsaKey(spki, keyBits);
  if (oid === id_ecPublicKey || oid === id_sm2) {
    const curve = namedCurve(info.algorithm.parameters);
    if (curve === id_sm2p256v1 || (curve === undefined && oid === id_sm2)) {
      return sm2Key(spki, keyBits);
    }
    const name = curve === id_prime256v1 ? 'P-256' : curve === id_secp256k1 ? 'secp256k1' : `curve ${curve ?? '(explicit parameters)'}`;
    throw new ByokError(
      'ERR_UNSUPPORTED_PUBLIC_KEY',
      `${WHAT} is an EC key on ${name}; KMS wrapping keys are RSA (2048/3072/4096) or SM2 (curve ${id_sm2p256v1})`,
    );
  }
  throw new ByokError(
    'ERR_UNSUPPORTED_PUBLIC_KEY',
    `${WHAT} has algorithm ${oid}; KMS wrapping keys are RSA (${id_rsaEncryption}) or SM2 (${id_ecPublicKey} on ${id_sm2p256v1})`,
  );
}

function rsaKey(spki: Uint8Array, keyBits: Uint8Array): RsaWrappingKey {
  let pub: RSAPublicKey;
  try {
    if (!isFramedSequence(keyBits)) throw new Error('RSAPublicKey framing');
    pub = AsnConvert.parse(keyBits, RSAPublicKey);
  } catch (cause) {
    throw new ByokError(CODE, `${WHAT}: the RSA public key inside the SubjectPublicKeyInfo is corrupt`, { cause });
  }
  // RFC 8017 A.1.1: RSAPublicKey is exactly { modulus, publicExponent }, positive INTEGERs
  // (the schema above ignores extra fields and signs).
  const ints = children(keyBits, readTlv(keyBits)!);
  if (!ints || ints.length !== 2 || !ints.every((t) => isPositiveInteger(keyBits, t))) {
    throw new ByokError(CODE, `${WHAT}: the RSA public key must be exactly two positive INTEGERs in minimal DER (modulus, exponent)`);
  }
  const n = bytesToBigInt(new Uint8Array(pub.modulus));
  const e = bytesToBigInt(new Uint8Array(pub.publicExponent));
  const bits = n.toString(2).length;
  checkRsaBits(bits);
  // RFC 8017 §3.1: e is odd, 3 <= e < n.
  if (e < 3n || e % 2n === 0n || e >= n || n % 2n === 0n) {
    throw new ByokError(CODE, `${WHAT}: the RSA public exponent or modulus is invalid`);
  }
  if (e > MAX_EXPONENT) {
    throw new ByokError('ERR_UNSUPPORTED_PUBLIC_KEY', `${WHAT} has a ${e.toString(2).length}-bit public exponent; WebCrypto takes at most 32 bits (KMS wrapping keys use 65537)`);
  }
  return { type: 'rsa', spki, n, e, bits, k: Math.ceil(bits / 8) };
}

function namedCurve(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return undefined;
  const p = new Uint8Array(parameters);
  const t = readTlv(p);
  if (!t || t.tag !== 0x06 || t.end !== p.length) return undefined;
  return decodeOid(p.subarray(t.start, t.end));
}

