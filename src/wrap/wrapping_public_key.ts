// The wrapping public key from GetParametersForImport (SPEC §1 step 2): base64 DER
// SubjectPublicKeyInfo, PEM, or DER bytes. RSA for the RSAES_* algorithms, SM2 for SM2PKE*.
import { ByokError } from '../errors.js';
import { bytesToBigInt, fromHex, concat } from '../lib/bytes.js';
import { children, encodeTlv, isFramedSequence, readTlv } from '../lib/der.js';
import { readKeyInput, showLabel } from '../lib/key_input.js';
import { uncompressedPoint } from '../ec/params.js';

export interface RsaWrappingKey {
  type: 'rsa';
  spki: Uint8Array;
  n: bigint;
  e: bigint;
  /** Modulus size in bits: 2048, 3072 or 4096. */
  bits: number;
  /** Modulus size in bytes (RFC 8017's k). */
  k: number;
}

export interface Sm2WrappingKey {
  type: 'sm2';
  spki: Uint8Array;
  /** The public point as SEC1 octets (0x04‖x‖y, or compressed). */
  point: Uint8Array;
}

export type WrappingKey = RsaWrappingKey | Sm2WrappingKey;

/** Accepted RSA wrapping key sizes (SPEC §2: 2048; 3072 and 4096 accepted). */
export const RSA_WRAPPING_KEY_BITS = [2048, 3072, 4096] as const;

export const WHAT = 'the wrapping public key';
const CODE = 'ERR_INVALID_PUBLIC_KEY';

// AlgorithmIdentifier { rsaEncryption, NULL } (RFC 8017 Appendix A.1).
const RSA_ALGORITHM_ID = fromHex('300d06092a864886f70d0101010500');

/** Read the key bytes (any accepted form) as DER SubjectPublicKeyInfo, refusing what is not one. */
export function readSpki(input: unknown): Uint8Array {
  const { der, label, encrypted } = readKeyInput(input, WHAT, CODE);
  if (label !== undefined) {
    if (label.includes('PRIVATE KEY') || encrypted) throw notPublic('a private key');
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE') throw notPublic('a certificate');
    if (label === 'RSA PUBLIC KEY') {
      // PKCS#1 RSAPublicKey: wrap it as SubjectPublicKeyInfo (RFC 5280 §4.1).
      if (!isFramedSequence(der)) throw new ByokError(CODE, `${WHAT} (RSA PUBLIC KEY) is truncated or corrupt`);
      return encodeTlv(0x30, concat(RSA_ALGORITHM_ID, encodeTlv(0x03, concat(new Uint8Array([0]), der))));
    }
    if (label !== 'PUBLIC KEY') {
      throw new ByokError(CODE, `${WHAT} has PEM label ${showLabel(label)}; expected "PUBLIC KEY" (SubjectPublicKeyInfo)`);
    }
  }
  if (!isFramedSequence(der)) {
    throw new ByokError(CODE, `${WHAT} is not DER SubjectPublicKeyInfo: the data is truncated, padded or not DER`);
  }
  const sniffed = sniff(der);
  if (sniffed) throw notPublic(sniffed);
  return der;
}

/**
 * The wrapping key, typed and checked. The common RSA case is read straight off the DER;
 * anything else (SM2 keys, keys to refuse with a precise reason) is parsed with the
 * @peculiar/asn1 schemas, loaded on demand so the main entry does not carry them.
 */
export async function parseWrappingPublicKey(input: unknown): Promise<WrappingKey> {
  const spki = readSpki(input);
  const fast = rsaFastPath(spki) ?? sm2FastPath(spki);
  if (fast) return fast;
  const { parseSpkiWithSchemas } = await import('./wrapping_public_key_schema.js');
  return parseSpkiWithSchemas(spki);
}

export function checkRsaBits(bits: number): void {
  if (!(RSA_WRAPPING_KEY_BITS as readonly number[]).includes(bits)) {
    throw new ByokError(
      'ERR_UNSUPPORTED_PUBLIC_KEY',
      `${WHAT} is RSA-${bits}; KMS wrapping keys are RSA-2048, RSA-3072 or RSA-4096`,
    );
  }
}

// SubjectPublicKeyInfo { AlgorithmIdentifier { rsaEncryption, NULL }, BIT STRING { 0x00, RSAPublicKey } }
const RSA_SPKI_PREFIX = RSA_ALGORITHM_ID;

/**
 * The common case read straight off the DER (SPEC §4: the schema parse costs as much as
 * the RSA operation itself). Anything unexpected returns undefined, and the @peculiar
 * schemas then parse the key and explain what is wrong with it.
 */
function rsaFastPath(spki: Uint8Array): RsaWrappingKey | undefined {
  const outer = readTlv(spki)!;
  const kids = children(spki, outer);
  if (!kids || kids.length !== 2) return undefined;
  const [alg, bits] = kids as [NonNullable<typeof outer>, NonNullable<typeof outer>];
  if (alg.end - alg.start + 2 !== RSA_SPKI_PREFIX.length) return undefined;
  for (let i = 0; i < RSA_SPKI_PREFIX.length; i++) if (spki[outer.start + i] !== RSA_SPKI_PREFIX[i]) return undefined;
  if (bits.tag !== 0x03 || spki[bits.start] !== 0) return undefined;
  const keyBits = spki.subarray(bits.start + 1, bits.end);
  const seq = readTlv(keyBits);
  const ints = seq && seq.tag === 0x30 && seq.end === keyBits.length ? children(keyBits, seq) : undefined;
  if (!ints || ints.length !== 2 || !ints.every((t) => isPositiveInteger(keyBits, t))) return undefined;
  const n = bytesToBigInt(keyBits.subarray(ints[0]!.start, ints[0]!.end));
  const e = bytesToBigInt(keyBits.subarray(ints[1]!.start, ints[1]!.end));
  const size = n.toString(2).length;
  if (!(RSA_WRAPPING_KEY_BITS as readonly number[]).includes(size) || e < 3n || e % 2n === 0n || e > MAX_EXPONENT || n % 2n === 0n) return undefined;
  return { type: 'rsa', spki, n, e, bits: size, k: size / 8 };
}

/**
 * The largest public exponent taken: WebCrypto implementations refuse larger ones (and
 * OpenSSL refuses over 64 bits above RSA-3072); every KMS wrapping key has e = 65537.
 */
export const MAX_EXPONENT = 0xffffffffn;

/** An INTEGER TLV holding a positive value in minimal DER form (X.690 §8.3.2). */
export function isPositiveInteger(der: Uint8Array, t: { tag: number; start: number; end: number }): boolean {
  const len = t.end - t.start;
  if (t.tag !== 0x02 || len === 0 || der[t.start]! & 0x80) return false;
  return !(len > 1 && der[t.start] === 0 && !(der[t.start + 1]! & 0x80));
}

// SubjectPublicKeyInfo { { id-ecPublicKey, sm2p256v1 }, BIT STRING { 0x00, 0x04‖x‖y } }: 91 bytes (RFC 5480 §2).
const SM2_SPKI_PREFIX = fromHex('3059301306072a8648ce3d020106082a811ccf5501822d03420004');

function sm2FastPath(spki: Uint8Array): Sm2WrappingKey | undefined {
  if (spki.length !== 91) return undefined;
  for (let i = 0; i < SM2_SPKI_PREFIX.length; i++) if (spki[i] !== SM2_SPKI_PREFIX[i]) return undefined;
  return sm2Key(spki, spki.subarray(26));
}

/** An SM2 wrapping key whose point lies on the curve (SEC 1 §3.2.2.1; h = 1, so no subgroup check); never the identity. */
export function sm2Key(spki: Uint8Array, point: Uint8Array): Sm2WrappingKey {
  const checked = uncompressedPoint('SM2', point);
  if (!checked) throw new ByokError(CODE, `${WHAT} is an SM2 key whose point is not on the SM2 curve (or is the point at infinity)`);
  return { type: 'sm2', spki, point: checked };
}

/** What a SEQUENCE that is not a SubjectPublicKeyInfo most likely is, for a precise error. */
function sniff(der: Uint8Array): string | undefined {
  const outer = readTlv(der)!;
  const kids = children(der, outer);
  if (!kids || kids.length === 0) return undefined;
  const first = kids[0]!;
  // PKCS#8, PKCS#1 RSAPrivateKey and SEC1 ECPrivateKey all open with INTEGER version.
  if (first.tag === 0x02) return 'a private key';
  // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version | INTEGER serial, ... }, ... }
  if (first.tag === 0x30 && kids.length === 3) {
    const tbs = children(der, first);
    if (tbs && tbs.length >= 6 && (tbs[0]!.tag === 0xa0 || tbs[0]!.tag === 0x02)) return 'a certificate';
  }
  return undefined;
}

function notPublic(what: string): ByokError {
  const hint =
    what === 'a certificate'
      ? 'pass its public key instead (openssl x509 -pubkey -noout)'
      : 'pass the wrapping PUBLIC key that GetParametersForImport returned (PublicKey)';
  return new ByokError('ERR_NOT_A_PUBLIC_KEY', `${WHAT} is ${what}, not a public key: ${hint}`);
}
