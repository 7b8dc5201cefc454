// Normalise a target private key (TAK) to PKCS#8 DER exactly as `openssl pkcs8 -topk8
// -nocrypt` writes it (SPEC §2: RFC 8017 / RFC 5915 keys carried in RFC 5208 PKCS#8),
// refusing every inconsistent key (issue 11.3).
import { ByokError, show } from '../errors.js';
import { bytesToBigInt, clean, concat, equalBytes, fromHex, type BytesInput } from '../lib/bytes.js';
import { DerReader, children, encodeTlv, isFramedSequence, readTlv, type Tlv } from '../lib/der.js';
import { readKeyInput, showLabel } from '../lib/key_input.js';
import { id_ecPublicKey, id_primeField, id_rsaEncryption, id_sm2p256v1 } from '../lib/oids.js';
import { secret } from '../lib/secrets.js';
import { CURVE_PARAMS, basePointMultiply, scalar, scalarToBytes, uncompressedPoint } from '../ec/params.js';
import { EC_SPECS, ecSpecForOid, isTargetKeySpec, type EcSpec, type TargetKeySpec } from './specs.js';

/** The result of {@link toPkcs8}. */
export interface Pkcs8Key {
  /** PKCS#8 PrivateKeyInfo DER. */
  pkcs8: Uint8Array;
  /** The key's spec, from its modulus size or curve. */
  spec: TargetKeySpec;
}

/** @internal The parsed target key, with the EC private scalar D kept for SM2PKE_SM4_ECB. */
export interface ParsedTargetKey extends Pkcs8Key {
  d?: Uint8Array;
  /** The EC public key the input carried (uncompressed, checked to be d·G), if it carried one. */
  publicKey?: Uint8Array;
  /** An RSA key's public half, to check a PKCS#8 v2 publicKey against. */
  rsa?: { n: bigint; e: bigint };
}

/** Options of {@link toPkcs8}. */
export interface ToPkcs8Options {
  /**
   * The spec to assume when the key itself cannot tell: a SEC1 ECPrivateKey with neither
   * curve parameters nor public key. When given, the key must match it.
   */
  spec?: TargetKeySpec;
}

const WHAT = 'the private key';
const CERTIFICATE_LABELS = ['CERTIFICATE', 'TRUSTED CERTIFICATE', 'X509 CERTIFICATE'];
const CODE = 'ERR_INVALID_PRIVATE_KEY';
const RSA_ALGORITHM_ID = fromHex('300d06092a864886f70d0101010500');
const VERSION_0 = fromHex('020100');
const VERSION_1 = fromHex('020101');

/**
 * Normalise a private key the user brings (PKCS#8, PKCS#1 RSAPrivateKey or SEC1
 * ECPrivateKey; PEM or DER, in any byte view) to PKCS#8 DER, and tell its spec. Refuses
 * any inconsistent key: an RSA key must satisfy n = p·q and e·d ≡ 1 (mod λ(n)) and
 * carry the right CRT values; an EC key's scalar must lie in [1, n−1] and its public
 * key, when present, must be d·G; explicit curve parameters must equal a supported curve's.
 *
 * @example
 * const { pkcs8, spec } = toPkcs8(pemFromOpenSsl); // spec: 'RSA_2048', 'EC_P256', ...
 */
export function toPkcs8(key: string | BytesInput, options: ToPkcs8Options = {}): Pkcs8Key {
  if (typeof options !== 'object' || options === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'toPkcs8 options must be an object');
  const { pkcs8, spec, d } = parseTargetKey(key, options.spec);
  clean(d);
  return { pkcs8, spec };
}

export function parseTargetKey(key: unknown, expected?: TargetKeySpec): ParsedTargetKey {
  if (expected !== undefined && !isTargetKeySpec(expected)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `unknown targetKeySpec ${show(expected)}`);
  }
  // `openssl pkcs12 -nodes` writes the certificates before the key: skip them.
  const { der, label, encrypted } = readKeyInput(key, WHAT, CODE, 'private-key-der', CERTIFICATE_LABELS);
  try {
    if (encrypted || label === 'ENCRYPTED PRIVATE KEY') throw encryptedKey();
    let kind: 'pkcs8' | 'pkcs1' | 'sec1';
    if (label === 'PRIVATE KEY') kind = 'pkcs8';
    else if (label === 'RSA PRIVATE KEY') kind = 'pkcs1';
    else if (label === 'EC PRIVATE KEY' || label === 'SM2 PRIVATE KEY') kind = 'sec1'; // OpenSSL 3 labels SEC1 SM2 keys so
    else if (label !== undefined && /PUBLIC KEY|CERTIFICATE/.test(label)) {
      throw new ByokError(CODE, `a private key was expected, but this is ${showLabel(label).startsWith('"') ? `a ${label.toLowerCase()}` : `PEM labelled ${showLabel(label)}`}: the target key to import is the PRIVATE key`);
    } else if (label !== undefined) {
      throw new ByokError(CODE, `${WHAT} has PEM label ${showLabel(label)}; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY`);
    } else kind = sniff(der);
    if (!isFramedSequence(der)) throw new ByokError(CODE, `${WHAT} is truncated, padded or not DER`);
    const parsed = kind === 'pkcs8' ? fromPkcs8(der, expected) : kind === 'pkcs1' ? fromPkcs1(der) : fromSec1(der, undefined, expected);
    if (expected !== undefined && parsed.spec !== expected) {
      clean(parsed.d, parsed.pkcs8);
      throw new ByokError('ERR_KEY_SPEC_MISMATCH', `${WHAT} is ${parsed.spec}, but targetKeySpec ${expected} was asked for`);
    }
    return parsed;
  } finally {
    clean(der);
  }
}

/**
 * @internal Whether DER bytes have the layout of a private key (PKCS#8, PKCS#1, SEC1, or an
 * encrypted PKCS#8), without checking the key: so that raw key material that is in fact a
 * private key is not wrapped as raw bytes by mistake.
 */
export function hasPrivateKeyLayout(der: Uint8Array): boolean {
  if (!isFramedSequence(der)) return false;
  try {
    sniff(der);
    return true;
  } catch (e) {
    return e instanceof ByokError && e.code === 'ERR_ENCRYPTED_PRIVATE_KEY';
  }
}

/**
 * @internal For raw key material: refuses bytes that are plainly a key file, not key bytes
 * (`hint` says what to pass instead), before they are wrapped as raw bytes by mistake.
 */
export function refuseKeyStructures(hint: string): (raw: Uint8Array) => void {
  return (raw) => {
    if (hasPrivateKeyLayout(raw)) {
      throw new ByokError('ERR_INVALID_KEY_MATERIAL', `keyMaterial is the DER of a private key, not raw key bytes: ${hint}`);
    }
    if (isPfx(raw)) {
      throw new ByokError('ERR_INVALID_KEY_MATERIAL', `keyMaterial is a PKCS#12 (.p12/.pfx) file, not raw key bytes: take the private key out of it (openssl pkcs12 -nocerts -nodes) and ${hint}`);
    }
    if (isStructuredDer(raw)) {
      throw new ByokError('ERR_INVALID_KEY_MATERIAL', `keyMaterial is DER (a public key, a certificate, or a private key with bytes after it), not raw key bytes: for a private key ${hint}`);
    }
  };
}

/**
 * DER that is plainly not raw key bytes: a SubjectPublicKeyInfo or certificate (a SEQUENCE
 * that opens with a SEQUENCE and ends with a BIT STRING), or a private key followed by line
 * ends, spaces or NULs (a file read with a trailing newline). Random key bytes match only
 * with odds below 2^-32: the outer tag and length, an inner SEQUENCE that tiles, a BIT STRING.
 */
function isStructuredDer(raw: Uint8Array): boolean {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d || raw[end - 1] === 0x20 || raw[end - 1] === 0x00)) end--;
  const der = raw.subarray(0, end);
  if (end < raw.length && hasPrivateKeyLayout(der)) return true;
  const outer = readTlv(der);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return false;
  const items = children(der, outer);
  if (!items || items.length < 2 || items[0]!.tag !== 0x30 || items[items.length - 1]!.tag !== 0x03) return false;
  return children(der, items[0]!) !== undefined;
}

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo SEQUENCE { contentType OID, … }, … } (RFC 7292 §4). */
function isPfx(der: Uint8Array): boolean {
  const outer = readTlv(der);
  const items = outer && outer.tag === 0x30 && outer.end === der.length ? children(der, outer) : undefined;
  if (!items || items.length < 2 || items[0]!.tag !== 0x02 || items[0]!.end - items[0]!.start !== 1 || der[items[0]!.start] !== 3 || items[1]!.tag !== 0x30) return false;
  return readTlv(der, items[1]!.start)?.tag === 0x06;
}

function sniff(der: Uint8Array): 'pkcs8' | 'pkcs1' | 'sec1' {
  const outer = readTlv(der);
  const kids = outer && outer.tag === 0x30 ? children(der, outer) : undefined;
  if (!kids || kids.length < 2) throw new ByokError(CODE, `${WHAT} is not PKCS#8, PKCS#1 or SEC1 DER (nor PEM)`);
  const [a, b] = kids as [typeof kids[0] & object, typeof kids[0] & object];
  const int = (t: typeof a) => (t.tag === 0x02 && t.end - t.start === 1 ? der[t.start] : undefined);
  if (a.tag === 0x30 && b.tag === 0x04 && kids.length === 2) throw encryptedKey(); // EncryptedPrivateKeyInfo
  if (a.tag === 0x30 && b.tag === 0x03) throw new ByokError(CODE, `a private key was expected, but this is a public key (SubjectPublicKeyInfo): the target key to import is the PRIVATE key`);
  if ((int(a) === 0 || int(a) === 1) && b.tag === 0x30 && kids[2]?.tag === 0x04) return 'pkcs8';
  if (int(a) === 0 && kids.length >= 9 && kids.slice(0, 9).every((t) => t.tag === 0x02)) return 'pkcs1';
  if (int(a) === 1 && b.tag === 0x04) return 'sec1';
  throw new ByokError(CODE, `${WHAT} is not PKCS#8, PKCS#1 or SEC1 DER (nor PEM)`);
}

const reader = (der: Uint8Array, structure: string) =>
  new DerReader(der, (what) => {
    throw new ByokError(CODE, `${WHAT} is not a valid ${structure}: expected ${what}`);
  });

// PrivateKeyInfo ::= SEQUENCE { version INTEGER (0|1), privateKeyAlgorithm AlgorithmIdentifier,
//   privateKey OCTET STRING, attributes [0] IMPLICIT Attributes OPTIONAL, publicKey [1] OPTIONAL }
// (RFC 5208 §5; v2 per RFC 5958 §2)
function fromPkcs8(der: Uint8Array, expected: TargetKeySpec | undefined): ParsedTargetKey {
  const r = reader(der, 'PKCS#8 PrivateKeyInfo');
  const { items } = r.sequence();
  const [version, algorithm, privateKey, ...rest] = items;
  if (r.small(der, version, 'version') > 1) throw new ByokError(CODE, `${WHAT}: unknown PKCS#8 version`);
  const alg = r.sequence(r.whole(der, algorithm, 0x30, 'the AlgorithmIdentifier SEQUENCE'));
  const oid = r.oid(alg.bytes, alg.items[0], 'the algorithm OBJECT IDENTIFIER');
  const inner = r.content(der, privateKey, 0x04, 'the privateKey OCTET STRING');
  // RFC 5958 §2: [0] attributes, then [1] publicKey (version 2 only), each at most once, in that order.
  const tags = rest.map((t) => t.tag);
  const ordered = tags.length === 0 || (tags.length === 1 && (tags[0] === 0xa0 || tags[0] === 0x81)) || (tags.length === 2 && tags[0] === 0xa0 && tags[1] === 0x81);
  if (!ordered) throw new ByokError(CODE, `${WHAT}: unexpected fields in PKCS#8 (only [0] attributes then [1] publicKey)`);
  const publicKeyTlv = rest.find((t) => t.tag === 0x81);
  if (publicKeyTlv && r.small(der, version, 'version') !== 1) throw new ByokError(CODE, `${WHAT}: a PKCS#8 publicKey field needs version 2 (RFC 5958 §2)`);
  const publicKeyBits = publicKeyTlv ? der.subarray(publicKeyTlv.start, publicKeyTlv.end) : undefined;
  if (publicKeyBits && (publicKeyBits.length < 2 || publicKeyBits[0] !== 0)) throw new ByokError(CODE, `${WHAT}: malformed PKCS#8 publicKey`);
  const attachedPublic = publicKeyBits?.subarray(1);
  if (oid === id_rsaEncryption) {
    const parsed = fromPkcs1(inner);
    if (attachedPublic) requireRsaPublic(attachedPublic, parsed);
    return parsed;
  }
  if (oid === id_ecPublicKey || oid === id_sm2p256v1) {
    const params = alg.items[1];
    // RFC 5480 §2.1.1: a named curve (or, from OpenSSL's -param_enc explicit, a specified one).
    const curveOid = oid === id_sm2p256v1 ? id_sm2p256v1 : params ? curveOfParameters(alg.bytes, params) : undefined;
    return fromSec1(inner, curveOid, expected, attachedPublic);
  }
  throw new ByokError(
    'ERR_UNSUPPORTED_PRIVATE_KEY',
    `${WHAT} has algorithm ${oid}; supported target keys are RSA (2048/3072/4096) and EC on P-256, P-384, P-521, secp256k1 or SM2`,
  );
}

/** PKCS#8 v2's publicKey of an RSA key must be the key's own RSAPublicKey (n, e). */
function requireRsaPublic(bits: Uint8Array, parsed: ParsedTargetKey): void {
  const r = reader(bits, 'RSAPublicKey');
  const { items } = r.sequence();
  const n = bytesToBigInt(r.unsigned(bits, items[0], 'modulus'));
  const e = bytesToBigInt(r.unsigned(bits, items[1], 'publicExponent'));
  if (items.length !== 2 || n !== parsed.rsa?.n || e !== parsed.rsa.e) {
    clean(parsed.pkcs8);
    throw new ByokError(CODE, `${WHAT}: its PKCS#8 publicKey does not belong to it`);
  }
}

const inconsistent = (what: string) =>
  new ByokError(CODE, `${WHAT} is inconsistent (${what}): it is corrupt, and a signer using it could leak its primes. Export it again from its source`);

// RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent, prime1,
//   prime2, exponent1, exponent2, coefficient, otherPrimeInfos OPTIONAL } (RFC 8017 A.1.2)
function fromPkcs1(der: Uint8Array): ParsedTargetKey {
  const r = reader(der, 'PKCS#1 RSAPrivateKey');
  const { items } = r.sequence();
  if (items.length < 9 || items.slice(0, 9).some((t) => t.tag !== 0x02)) throw new ByokError(CODE, `${WHAT} is not a valid PKCS#1 RSAPrivateKey`);
  // Version 0 is two-prime; multi-prime keys (version 1, otherPrimeInfos) are not importable.
  if (r.small(der, items[0], 'version') !== 0 || items.length !== 9) {
    throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is a multi-prime RSA key; KMS imports two-prime keys only`);
  }
  const [n, e, d, p, q, dP, dQ, qInv] = items.slice(1).map((t) => bytesToBigInt(r.unsigned(der, t, 'an RSA INTEGER'))) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  const bits = n.toString(2).length;
  const spec = `RSA_${bits}` as TargetKeySpec;
  if (!isTargetKeySpec(spec)) {
    throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is RSA-${bits}; target keys are RSA_2048, RSA_3072 or RSA_4096`);
  }
  // RFC 8017 §3.1 (e odd, 3 ≤ e < n) and §3.2 (the private key's relations).
  if (p <= 1n || q <= 1n || p % 2n === 0n || q % 2n === 0n || p === q) throw inconsistent('its primes are not two distinct odd numbers');
  if (p * q !== n) throw inconsistent('prime1 × prime2 ≠ modulus');
  if (e < 3n || e % 2n === 0n || e >= n) throw inconsistent('its public exponent is not odd and in [3, n)');
  // λ(n) = lcm(p−1, q−1), and x ≡ 1 (mod lcm(a, b)) exactly when x ≡ 1 (mod a) and (mod b):
  // two reductions instead of a gcd, which cost 0.25 ms of BigInt steps for RSA-4096.
  const ed = e * d;
  if (d <= 0n || d >= n || ed % (p - 1n) !== 1n || ed % (q - 1n) !== 1n) throw inconsistent('e·d ≢ 1 (mod λ(n))');
  if (dP !== d % (p - 1n)) throw inconsistent('exponent1 ≠ d mod (prime1 − 1)');
  if (dQ !== d % (q - 1n)) throw inconsistent('exponent2 ≠ d mod (prime2 − 1)');
  if (qInv >= p || (qInv * q) % p !== 1n) throw inconsistent('coefficient · prime2 ≢ 1 (mod prime1)');
  // PrivateKeyInfo { version 0, rsaEncryption + NULL, OCTET STRING RSAPrivateKey } (RFC 5208 §5).
  return { pkcs8: secret('pkcs8', encodeTlv(0x30, concat(VERSION_0, RSA_ALGORITHM_ID, encodeTlv(0x04, der)))), spec, rsa: { n, e } };
}

// ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
//   parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL } (RFC 5915 §3)
function fromSec1(der: Uint8Array, curveOid: string | undefined, expected: TargetKeySpec | undefined, attachedPublic?: Uint8Array): ParsedTargetKey {
  const r = reader(der, 'SEC1 ECPrivateKey');
  const { items } = r.sequence();
  if (r.small(der, items[0], 'version') !== 1) throw new ByokError(CODE, `${WHAT}: ECPrivateKey version must be 1 (RFC 5915 §3)`);
  const raw0 = r.content(der, items[1], 0x04, 'the privateKey OCTET STRING');
  let paramsTlv: Tlv | undefined;
  let pubTlv: Tlv | undefined;
  for (const t of items.slice(2)) {
    if (t.tag === 0xa0 && !paramsTlv && !pubTlv) paramsTlv = t;
    else if (t.tag === 0xa1 && !pubTlv) pubTlv = t;
    else throw new ByokError(CODE, `${WHAT} is not a valid SEC1 ECPrivateKey: unexpected field`);
  }
  // The curve: from PKCS#8's AlgorithmIdentifier, else the ECPrivateKey's [0] parameters.
  let oid = curveOid;
  if (paramsTlv) {
    const inner = der.subarray(paramsTlv.start, paramsTlv.end);
    const t = readTlv(inner);
    if (!t || t.end !== inner.length) throw new ByokError(CODE, `${WHAT}: malformed curve parameters`);
    const own = curveOfParameters(inner, t);
    if (oid !== undefined && own !== oid) throw new ByokError(CODE, `${WHAT} names two different curves`);
    oid = own;
  }
  let pub: Uint8Array | undefined;
  if (pubTlv) {
    const inner = der.subarray(pubTlv.start, pubTlv.end);
    const bits = r.content(inner, readTlv(inner), 0x03, 'the publicKey BIT STRING');
    if (bits[0] !== 0 || bits.length < 2) throw new ByokError(CODE, `${WHAT}: malformed public key`);
    pub = bits.subarray(1);
  }
  // PKCS#8 v2 may carry the public key outside the ECPrivateKey too: both must be d·G.
  const publics = [pub, attachedPublic].filter((p): p is Uint8Array => p !== undefined);
  let spec: EcSpec | undefined;
  if (oid !== undefined) {
    spec = ecSpecForOid(oid);
    if (!spec) throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is on curve ${oid}; target keys are on P-256, P-384, P-521, secp256k1 or SM2`);
  } else if (expected && expected in EC_SPECS) {
    spec = expected as EcSpec;
  } else if (publics.length > 0) {
    spec = curveOfKeyPair(publics[0]!, raw0);
  } else {
    throw new ByokError(
      'ERR_INVALID_PRIVATE_KEY',
      `${WHAT} is a SEC1 key with neither curve parameters nor public key: pass the spec (toPkcs8(key, { spec }) or targetKeySpec)`,
    );
  }
  const { curve } = EC_SPECS[spec];
  const size = CURVE_PARAMS[curve].size;
  let raw = raw0;
  while (raw.length > size && raw[0] === 0) raw = raw.subarray(1);
  if (raw.length > size) throw new ByokError(CODE, `${WHAT}: the private scalar is longer than ${size} bytes`);
  const dInt = scalar(curve, raw); // range-checked: [1, n−1]
  const d = secret('ec-scalar', scalarToBytes(curve, dInt));
  let publicKey: Uint8Array | undefined;
  try {
    let q: Uint8Array | undefined;
    for (const candidate of publics) {
      const point = uncompressedPoint(curve, candidate);
      if (!point) throw new ByokError(CODE, `${WHAT}: its public key is not a point on ${curve}`);
      // SEC 1 §3.2.1: Q = d·G, or the pair is corrupt.
      q ??= basePointMultiply(curve, dInt);
      if (!equalBytes(point, q)) throw new ByokError(CODE, `${WHAT}: its public key does not belong to its private scalar`);
    }
    if (pub) publicKey = q;
  } catch (e) {
    clean(d);
    throw e;
  }
  const pkcs8 = encodeEcPkcs8(spec, d, publicKey);
  return publicKey ? { pkcs8, spec, d, publicKey } : { pkcs8, spec, d };
}

/** PKCS#8 of an EC key as OpenSSL writes it: curve in the AlgorithmIdentifier, none inside (RFC 5915 §3). */
export function encodeEcPkcs8(spec: EcSpec, d: Uint8Array, pub?: Uint8Array): Uint8Array {
  const ecPrivateKey = encodeTlv(
    0x30,
    concat(VERSION_1, encodeTlv(0x04, d), pub ? encodeTlv(0xa1, encodeTlv(0x03, concat(new Uint8Array([0]), pub))) : new Uint8Array(0)),
  );
  const pkcs8 = secret('pkcs8', encodeTlv(0x30, concat(VERSION_0, ecAlgorithmId(spec), encodeTlv(0x04, ecPrivateKey))));
  clean(ecPrivateKey);
  return pkcs8;
}

/** SubjectPublicKeyInfo of an EC public point (RFC 5480 §2). */
export function encodeEcSpki(spec: EcSpec, pub: Uint8Array): Uint8Array {
  return encodeTlv(0x30, concat(ecAlgorithmId(spec), encodeTlv(0x03, concat(new Uint8Array([0]), pub))));
}

function ecAlgorithmId(spec: EcSpec): Uint8Array {
  return encodeTlv(0x30, concat(oidTlv(id_ecPublicKey), oidTlv(EC_SPECS[spec].oid)));
}

// ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, implicitCurve NULL,
//   specifiedCurve SpecifiedECDomain } (RFC 5480 §2.1.1, SEC 1 §C.2). implicitCurve is
// refused (RFC 5480: MUST NOT be used); explicit parameters must be a supported curve's.
function curveOfParameters(bytes: Uint8Array, t: Tlv): string {
  if (t.tag === 0x06) return reader(bytes, 'OBJECT IDENTIFIER').oid(bytes, t, 'a curve OBJECT IDENTIFIER');
  if (t.tag === 0x30) return explicitCurve(bytes.subarray(t.offset, t.end));
  throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} has implicit or unknown curve parameters; a named curve is required`);
}

// SpecifiedECDomain ::= SEQUENCE { version INTEGER (1..3), fieldID FieldID, curve Curve,
//   base ECPoint, order INTEGER, cofactor INTEGER OPTIONAL, hash OPTIONAL }
// FieldID ::= SEQUENCE { fieldType OID (prime-field), parameters INTEGER (p) }
// Curve ::= SEQUENCE { a FieldElement, b FieldElement, seed BIT STRING OPTIONAL } (SEC 1 §C.2)
/** The named curve whose every parameter (p, a, b, G, n, h) equals these explicit ones (`-param_enc explicit`). */
function explicitCurve(seq: Uint8Array): string {
  const r = reader(seq, 'SpecifiedECDomain (explicit curve parameters)');
  const { items } = r.sequence();
  const [version, fieldId, curveTlv, baseTlv, orderTlv, cofactorTlv] = items;
  const v = r.small(seq, version, 'version');
  if (v < 1 || v > 3) throw new ByokError(CODE, `${WHAT}: unknown explicit curve parameters version`);
  const field = r.sequence(r.whole(seq, fieldId, 0x30, 'fieldID'));
  const isPrime = r.oid(field.bytes, field.items[0], 'fieldType') === id_primeField;
  const p = isPrime ? bytesToBigInt(r.unsigned(field.bytes, field.items[1], 'prime')) : -1n;
  const curve = r.sequence(r.whole(seq, curveTlv, 0x30, 'curve'));
  if (curve.items.length < 2 || curve.items.length > 3) throw new ByokError(CODE, `${WHAT}: malformed explicit curve`);
  const a = bytesToBigInt(r.content(curve.bytes, curve.items[0], 0x04, 'a'));
  const b = bytesToBigInt(r.content(curve.bytes, curve.items[1], 0x04, 'b'));
  const base = r.content(seq, baseTlv, 0x04, 'base');
  const n = bytesToBigInt(r.unsigned(seq, orderTlv, 'order'));
  const h = cofactorTlv ? bytesToBigInt(r.unsigned(seq, cofactorTlv, 'cofactor')) : undefined;
  for (const spec of Object.keys(EC_SPECS) as EcSpec[]) {
    const name = EC_SPECS[spec].curve;
    const k = CURVE_PARAMS[name];
    if (k.p !== p || k.a !== a || k.b !== b || k.n !== n || h !== 1n) continue;
    const g = uncompressedPoint(name, base);
    if (g && bytesToBigInt(g.subarray(1, 1 + k.size)) === k.Gx && bytesToBigInt(g.subarray(1 + k.size)) === k.Gy) return EC_SPECS[spec].oid;
  }
  throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} uses explicit curve parameters that are not exactly those of P-256, P-384, P-521, secp256k1 or SM2`);
}

/**
 * The curve of a key that names none, from its public key: the curves the point lies on
 * (a compressed point of 32-byte curves often fits more than one), and of those the one
 * where it is d·G.
 */
function curveOfKeyPair(pub: Uint8Array, rawScalar: Uint8Array): EcSpec {
  const candidates = (Object.keys(EC_SPECS) as EcSpec[]).filter((spec) => uncompressedPoint(EC_SPECS[spec].curve, pub));
  if (candidates.length === 0) throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT}: its public key lies on none of P-256, P-384, P-521, secp256k1, SM2`);
  if (candidates.length === 1) return candidates[0]!;
  for (const spec of candidates) {
    const curve = EC_SPECS[spec].curve;
    let raw = rawScalar;
    while (raw.length > CURVE_PARAMS[curve].size && raw[0] === 0) raw = raw.subarray(1);
    const d = bytesToBigInt(raw);
    if (raw.length > CURVE_PARAMS[curve].size || d < 1n || d >= CURVE_PARAMS[curve].n) continue;
    if (equalBytes(uncompressedPoint(curve, pub)!, basePointMultiply(curve, d))) return spec;
  }
  throw new ByokError(CODE, `${WHAT}: its public key does not belong to its private scalar on any supported curve`);
}

function oidTlv(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const stack = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return encodeTlv(0x06, new Uint8Array(out));
}

function encryptedKey(): ByokError {
  return new ByokError(
    'ERR_ENCRYPTED_PRIVATE_KEY',
    `${WHAT} is encrypted: decrypt it first (openssl pkcs8 -in key.pem -out plain.pem, or openssl rsa / openssl ec)`,
  );
}
