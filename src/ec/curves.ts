// Curve arithmetic on @noble/curves for what WebCrypto lacks (secp256k1, SM2): point
// multiplication for SM2 encryption, key generation and key-pair checks. Always loaded
// through a dynamic import, so the main entry does not carry it.
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { ByokError } from '../errors.js';
import { bytesToBigInt } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { CURVE_PARAMS, scalar, type CurveName } from './params.js';

export { CURVE_PARAMS, scalar, scalarToBytes, type CurveName } from './params.js';

const points = new Map<CurveName, WeierstrassPointCons<bigint>>();

export function curvePoint(name: CurveName): WeierstrassPointCons<bigint> {
  let P = points.get(name);
  if (!P) {
    const { p, n, a, b, Gx, Gy } = CURVE_PARAMS[name];
    P = weierstrass({ p, n, a, b, Gx, Gy, h: 1n });
    P.BASE.precompute(8); // window tables for d·G and k·G, built once per curve
    points.set(name, P);
  }
  return P;
}

export type Point = WeierstrassPoint<bigint>;

/** A point from SEC1 octets, validated to lie on the curve (SEC 1 §2.3.4). */
export function decodePoint(name: CurveName, bytes: Uint8Array): Point {
  try {
    const p = curvePoint(name).fromBytes(bytes);
    p.assertValidity();
    return p;
  } catch (cause) {
    throw new ByokError('ERR_INVALID_PUBLIC_KEY', `the ${name} public key is not a valid point on the curve`, { cause });
  }
}

/** Q = d·G as uncompressed SEC1 octets 0x04‖x‖y. */
export function publicPoint(name: CurveName, d: Uint8Array): Uint8Array {
  return curvePoint(name).BASE.multiply(scalar(name, d)).toBytes(false);
}

/** A uniformly random scalar in [1, n-1] by rejection sampling (FIPS 186-5 A.2.2), as the curve's fixed-size octets. */
export function randomScalar(name: CurveName, random: (n: number) => Uint8Array = randomBytes): Uint8Array {
  const { n, size } = CURVE_PARAMS[name];
  const topBits = n.toString(2).length % 8 || 8;
  for (;;) {
    const bytes = random(size);
    bytes[0]! &= (1 << topBits) - 1; // P-521: 521 bits in 66 bytes
    const v = bytesToBigInt(bytes);
    if (v >= 1n && v < n) return bytes;
    bytes.fill(0);
  }
}
