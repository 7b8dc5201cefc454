// Normalise a target private key (TAK) to PKCS#8 DER exactly as `openssl pkcs8 -topk8
// -nocrypt` writes it (SPEC §2: RFC 8017 / RFC 5915 keys carried in RFC 5208 PKCS#8).
import { AsnConvert } from '@peculiar/asn1-schema';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RSAPrivateKey } from '@peculiar/asn1-rsa';
import { ECPrivateKey, ECParameters } from '@peculiar/asn1-ecc';
import { ByokError } from '../errors.js';
import { bytesToBigInt, concat, equalBytes, fromHex } from '../lib/bytes.js';
import { children, encodeTlv, isFramedSequence, readTlv } from '../lib/der.js';
import { readKeyInput } from '../lib/key_input.js';
import { id_ecPublicKey, id_rsaEncryption, id_sm2p256v1 } from '../lib/oids.js';
import { CURVE_PARAMS, curvePoint, publicPoint, scalar, scalarToBytes } from '../ec/curves.js';
import { EC_SPECS, ecSpecForOid, isTargetKeySpec, type EcSpec, type TargetKeySpec } from './specs.js';

export interface Pkcs8Key {
  /** PKCS#8 PrivateKeyInfo DER. */
  pkcs8: Uint8Array;
  spec: TargetKeySpec;
}

/** The parsed target key, with the EC private scalar D (32 bytes) kept for SM2PKE_SM4_ECB. */
export interface ParsedTargetKey extends Pkcs8Key {
  d?: Uint8Array;
}

export interface ToPkcs8Options {
  /**
   * The spec to assume when the key itself cannot tell: a SEC1 ECPrivateKey with neither
   * curve parameters nor public key. When given, the key must match it.
   */
  spec?: TargetKeySpec;
}

const WHAT = 'the private key';
const CODE = 'ERR_INVALID_PRIVATE_KEY';
const RSA_ALGORITHM_ID = fromHex('300d06092a864886f70d0101010500');
const VERSION_0 = fromHex('020100');
const VERSION_1 = fromHex('020101');

/**
 * Normalise a private key the user brings (PKCS#8, PKCS#1 RSAPrivateKey or SEC1
 * ECPrivateKey; PEM or DER) to PKCS#8 DER, and tell its spec.
 *
 * @example
 * const { pkcs8, spec } = toPkcs8(pemFromOpenSsl); // spec: 'RSA_2048', 'EC_P256', ...
 */
export function toPkcs8(key: string | Uint8Array, options: ToPkcs8Options = {}): Pkcs8Key {
  const { pkcs8, spec, d } = parseTargetKey(key, options.spec);
  d?.fill(0);
  return { pkcs8, spec };
}

export function parseTargetKey(key: unknown, expected?: TargetKeySpec): ParsedTargetKey {
  if (expected !== undefined && !isTargetKeySpec(expected)) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `unknown targetKeySpec ${JSON.stringify(expected)}`);
  }
  const { der, label, encrypted } = readKeyInput(key, WHAT, CODE);
  if (encrypted || label === 'ENCRYPTED PRIVATE KEY') throw encryptedKey();
  let kind: 'pkcs8' | 'pkcs1' | 'sec1';
  if (label === 'PRIVATE KEY') kind = 'pkcs8';
  else if (label === 'RSA PRIVATE KEY') kind = 'pkcs1';
  else if (label === 'EC PRIVATE KEY' || label === 'SM2 PRIVATE KEY') kind = 'sec1'; // OpenSSL 3 labels SEC1 SM2 keys so
  else if (label !== undefined && /PUBLIC KEY|CERTIFICATE/.test(label)) {
    throw new ByokError(CODE, `${WHAT} is a ${label.toLowerCase()}: the target key to import is a PRIVATE key`);
  } else if (label !== undefined) {
    throw new ByokError(CODE, `${WHAT} has PEM label "${label}"; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY`);
  } else kind = sniff(der);
  if (!isFramedSequence(der)) throw new ByokError(CODE, `${WHAT} is truncated, padded or not DER`);
  const parsed = kind === 'pkcs8' ? fromPkcs8(der, expected) : kind === 'pkcs1' ? fromPkcs1(der) : fromSec1(der, undefined, expected);
  if (expected !== undefined && parsed.spec !== expected) {
    parsed.d?.fill(0);
    throw new ByokError('ERR_KEY_SPEC_MISMATCH', `${WHAT} is ${parsed.spec}, but targetKeySpec ${expected} was asked for`);
  }
  return parsed;
}

function sniff(der: Uint8Array): 'pkcs8' | 'pkcs1' | 'sec1' {
  const outer = readTlv(der);
  const kids = outer && outer.tag === 0x30 ? children(der, outer) : undefined;
  if (!kids || kids.length < 2) throw new ByokError(CODE, `${WHAT} is not PKCS#8, PKCS#1 or SEC1 DER (nor PEM)`);
  const [a, b] = kids as [typeof kids[0] & object, typeof kids[0] & object];
  const int = (t: typeof a) => (t.tag === 0x02 && t.end - t.start === 1 ? der[t.start] : undefined);
  if (a.tag === 0x30 && b.tag === 0x04 && kids.length === 2) throw encryptedKey(); // EncryptedPrivateKeyInfo
  if (a.tag === 0x30 && b.tag === 0x03) throw new ByokError(CODE, `${WHAT} is a public key (SubjectPublicKeyInfo): the target key to import is a PRIVATE key`);
  if ((int(a) === 0 || int(a) === 1) && b.tag === 0x30 && kids[2]?.tag === 0x04) return 'pkcs8';
  if (int(a) === 0 && kids.length >= 9 && kids.slice(0, 9).every((t) => t.tag === 0x02)) return 'pkcs1';
  if (int(a) === 1 && b.tag === 0x04) return 'sec1';
  throw new ByokError(CODE, `${WHAT} is not PKCS#8, PKCS#1 or SEC1 DER (nor PEM)`);
}

function fromPkcs8(der: Uint8Array, expected: TargetKeySpec | undefined): ParsedTargetKey {
  let info: PrivateKeyInfo;
  try {
    info = AsnConvert.parse(der, PrivateKeyInfo);
  } catch (cause) {
    throw new ByokError(CODE, `${WHAT} is not a valid PKCS#8 PrivateKeyInfo`, { cause });
  }
  const oid = info.privateKeyAlgorithm.algorithm;
  const inner = new Uint8Array(info.privateKey.buffer);
  if (oid === id_rsaEncryption) return fromPkcs1(inner);
  if (oid === id_ecPublicKey || oid === id_sm2p256v1) {
    const params = info.privateKeyAlgorithm.parameters;
    const curveOid = oid === id_sm2p256v1 ? id_sm2p256v1 : params ? curveOfParameters(new Uint8Array(params)) : undefined;
    return fromSec1(inner, curveOid, expected);
  }
  throw new ByokError(
    'ERR_UNSUPPORTED_PRIVATE_KEY',
    `${WHAT} has algorithm ${oid}; supported target keys are RSA (2048/3072/4096) and EC on P-256, secp256k1 or SM2`,
  );
}

function fromPkcs1(der: Uint8Array): ParsedTargetKey {
  let rsa: RSAPrivateKey;
  try {
    if (!isFramedSequence(der)) throw new Error('framing');
    rsa = AsnConvert.parse(der, RSAPrivateKey);
  } catch (cause) {
    throw new ByokError(CODE, `${WHAT} is not a valid PKCS#1 RSAPrivateKey`, { cause });
  }
  // RFC 8017 Appendix A.1.2: version 0 is two-prime; multi-prime keys are not importable.
  if (rsa.version !== 0 || rsa.otherPrimeInfos) {
    throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is a multi-prime RSA key; KMS imports two-prime keys only`);
  }
  const n = bytesToBigInt(new Uint8Array(rsa.modulus));
  const p = bytesToBigInt(new Uint8Array(rsa.prime1));
  const q = bytesToBigInt(new Uint8Array(rsa.prime2));
  if (p * q !== n) throw new ByokError(CODE, `${WHAT} is inconsistent: prime1 × prime2 ≠ modulus`);
  const bits = n.toString(2).length;
  const spec = `RSA_${bits}` as TargetKeySpec;
  if (!isTargetKeySpec(spec)) {
    throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is RSA-${bits}; target keys are RSA_2048, RSA_3072 or RSA_4096`);
  }
  // PrivateKeyInfo { version 0, rsaEncryption + NULL, OCTET STRING RSAPrivateKey } (RFC 5208 §5).
  return { pkcs8: encodeTlv(0x30, concat(VERSION_0, RSA_ALGORITHM_ID, encodeTlv(0x04, der))), spec };
}

function fromSec1(der: Uint8Array, curveOid: string | undefined, expected: TargetKeySpec | undefined): ParsedTargetKey {
  let ec: ECPrivateKey;
  try {
    if (!isFramedSequence(der)) throw new Error('framing');
    ec = AsnConvert.parse(der, ECPrivateKey);
  } catch (cause) {
    throw new ByokError(CODE, `${WHAT} is not a valid SEC1 ECPrivateKey`, { cause });
  }
  if (ec.version !== 1) throw new ByokError(CODE, `${WHAT}: ECPrivateKey version must be 1 (RFC 5915 §3)`);
  // The curve: from PKCS#8's AlgorithmIdentifier, else the ECPrivateKey's [0] parameters.
  let oid = curveOid;
  if (ec.parameters) {
    const own = ec.parameters.namedCurve ?? (ec.parameters.specifiedCurve ? explicitCurve(ec.parameters) : undefined);
    if (own === undefined) throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} uses explicit curve parameters of no supported curve`);
    if (oid !== undefined && own !== oid) throw new ByokError(CODE, `${WHAT} names two different curves`);
    oid = own;
  }
  const pub = ec.publicKey ? new Uint8Array(ec.publicKey) : undefined;
  let spec: EcSpec | undefined;
  if (oid !== undefined) {
    spec = ecSpecForOid(oid);
    if (!spec) throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT} is on curve ${oid}; target keys are on P-256, secp256k1 or SM2`);
  } else if (pub) {
    spec = curveOfPoint(pub);
  } else if (expected && expected in EC_SPECS) {
    spec = expected as EcSpec;
  } else {
    throw new ByokError(
      'ERR_INVALID_PRIVATE_KEY',
      `${WHAT} is a SEC1 key with neither curve parameters nor public key: pass the spec (toPkcs8(key, { spec }) or targetKeySpec)`,
    );
  }
  const { curve } = EC_SPECS[spec];
  let raw = new Uint8Array(ec.privateKey.buffer);
  while (raw.length > 32 && raw[0] === 0) raw = raw.subarray(1);
  if (raw.length > 32) throw new ByokError(CODE, `${WHAT}: the private scalar is longer than 32 bytes`);
  const d = scalarToBytes(scalar(curve, raw)); // padded to 32 bytes, range-checked
  if (pub) {
    // The public key the file carries must be d·G (SEC 1 §3.2.1), or the pair is corrupt.
    let expectedPub: Uint8Array;
    try {
      expectedPub = curvePoint(curve).fromBytes(pub).toBytes(false);
    } catch (cause) {
      throw new ByokError(CODE, `${WHAT}: its public key is not a point on ${curve}`, { cause });
    }
    if (!equalBytes(expectedPub, publicPoint(curve, d))) {
      d.fill(0);
      throw new ByokError(CODE, `${WHAT}: its public key does not belong to its private scalar`);
    }
  }
  const pkcs8 = encodeEcPkcs8(spec, d, pub);
  return { pkcs8, spec, d };
}

/** PKCS#8 of an EC key as OpenSSL writes it: curve in the AlgorithmIdentifier, none inside (RFC 5915 §3). */
export function encodeEcPkcs8(spec: EcSpec, d: Uint8Array, pub?: Uint8Array): Uint8Array {
  const ecPrivateKey = encodeTlv(
    0x30,
    concat(VERSION_1, encodeTlv(0x04, d), pub ? encodeTlv(0xa1, encodeTlv(0x03, concat(new Uint8Array([0]), pub))) : new Uint8Array(0)),
  );
  const pkcs8 = encodeTlv(0x30, concat(VERSION_0, ecAlgorithmId(spec), encodeTlv(0x04, ecPrivateKey)));
  ecPrivateKey.fill(0);
  return pkcs8;
}

/** SubjectPublicKeyInfo of an EC public point (RFC 5480 §2). */
export function encodeEcSpki(spec: EcSpec, pub: Uint8Array): Uint8Array {
  return encodeTlv(0x30, concat(ecAlgorithmId(spec), encodeTlv(0x03, concat(new Uint8Array([0]), pub))));
}

function ecAlgorithmId(spec: EcSpec): Uint8Array {
  return encodeTlv(0x30, concat(oidTlv(id_ecPublicKey), oidTlv(EC_SPECS[spec].oid)));
}

function curveOfParameters(params: Uint8Array): string | undefined {
  try {
    const p = AsnConvert.parse(params, ECParameters);
    return p.namedCurve ?? (p.specifiedCurve ? explicitCurve(p) : undefined);
  } catch {
    return undefined;
  }
}

/** Match explicit domain parameters (`-param_enc explicit`) to a named curve by p, b and G. */
function explicitCurve(params: ECParameters): string | undefined {
  const c = params.specifiedCurve!;
  const b = bytesToBigInt(new Uint8Array(c.curve.b));
  const base = new Uint8Array(c.base.buffer);
  for (const spec of Object.keys(EC_SPECS) as EcSpec[]) {
    const k = CURVE_PARAMS[EC_SPECS[spec].curve];
    if (k.b === b && bytesToBigInt(base.subarray(1, 33)) === k.Gx) return EC_SPECS[spec].oid;
  }
  return undefined;
}

function curveOfPoint(pub: Uint8Array): EcSpec {
  for (const spec of Object.keys(EC_SPECS) as EcSpec[]) {
    try {
      curvePoint(EC_SPECS[spec].curve).fromBytes(pub).assertValidity();
      return spec;
    } catch {
      // not on this curve
    }
  }
  throw new ByokError('ERR_UNSUPPORTED_PRIVATE_KEY', `${WHAT}: its public key lies on none of P-256, secp256k1, SM2`);
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
