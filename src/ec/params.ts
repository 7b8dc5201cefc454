// Curve domain parameters and the checks a private key must pass before it is accepted
// (issue 11.3): scalar range, point on the curve, Q = d·G. Plain BigInt, small enough for
// the main entry; @noble/curves (SM2 encryption, key generation) stays in its own chunk.
import { ByokError } from '../errors.js';
import { bigIntToBytes, bytesToBigInt } from '../lib/bytes.js';
import { modPow } from '../lib/bigint.js';

export type CurveName = 'P-256' | 'secp256k1' | 'SM2' | 'P-384' | 'P-521';

export interface CurveParams {
  p: bigint;
  n: bigint;
  a: bigint;
  b: bigint;
  Gx: bigint;
  Gy: bigint;
  /** Field element and scalar size in bytes (SEC 1 §2.3.5: ceil(log2 p / 8)). */
  size: number;
}

// Domain parameters: FIPS 186-5 / SEC 2 §2.4.2, §2.5.1, §2.6.1 (P-256, P-384, P-521),
// SEC 2 §2.4.1 (secp256k1), GB/T 32918.5-2017 §3 (SM2 recommended curve sm2p256v1).
// test/node/trust/curves.test.ts checks each against `openssl ecparam -param_enc explicit`.
export const CURVE_PARAMS: Record<CurveName, CurveParams> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    Gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    Gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    size: 32,
  },
  secp256k1: {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    a: 0n,
    b: 7n,
    Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
    Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
    size: 32,
  },
  SM2: {
    p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
    n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
    a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
    b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
    Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
    Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
    size: 32,
  },
  'P-384': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    Gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    Gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    size: 48,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    a: (1n << 521n) - 4n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    Gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    Gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    size: 66,
  },
};

/** d as an integer in [1, n-1] (SEC 1 §3.2.1), else a ByokError. */
export function scalar(name: CurveName, d: Uint8Array): bigint {
  const v = bytesToBigInt(d);
  if (v < 1n || v >= CURVE_PARAMS[name].n) {
    throw new ByokError('ERR_INVALID_PRIVATE_KEY', `the ${name} private scalar is out of range [1, n-1]`);
  }
  return v;
}

/** A scalar or field element as the curve's fixed-size octets (SEC 1 §2.3.7). */
export function scalarToBytes(name: CurveName, v: bigint): Uint8Array {
  return bigIntToBytes(v, CURVE_PARAMS[name].size);
}

/**
 * A SEC1 point (SEC 1 §2.3.4) as uncompressed octets 0x04‖x‖y if it lies on the curve,
 * else undefined (the point at infinity, a single 0x00, is never a valid key). All five
 * curves have p ≡ 3 (mod 4): y = (y²)^((p+1)/4).
 */
export function uncompressedPoint(name: CurveName, bytes: Uint8Array): Uint8Array | undefined {
  const { p, a, b, size } = CURVE_PARAMS[name];
  const mod = (v: bigint) => ((v % p) + p) % p;
  let x: bigint;
  let y: bigint;
  if (bytes.length === 1 + 2 * size && bytes[0] === 4) {
    x = bytesToBigInt(bytes.subarray(1, 1 + size));
    y = bytesToBigInt(bytes.subarray(1 + size));
  } else if (bytes.length === 1 + size && (bytes[0] === 2 || bytes[0] === 3)) {
    x = bytesToBigInt(bytes.subarray(1));
    if (x >= p) return undefined;
    y = modPow(mod(x * x * x + a * x + b), (p + 1n) / 4n, p);
    if ((y & 1n) !== BigInt(bytes[0]! & 1)) y = mod(-y);
  } else return undefined;
  if (x >= p || y >= p || mod(y * y) !== mod(x * x * x + a * x + b)) return undefined;
  const out = new Uint8Array(1 + 2 * size);
  out[0] = 4;
  out.set(bigIntToBytes(x, size), 1);
  out.set(bigIntToBytes(y, size), 1 + size);
  return out;
}

// ---- Q = d·G, to check that a key file's public key belongs to its private scalar ----

/** Jacobian coordinates (X, Y, Z): x = X/Z², y = Y/Z³; Z = 0 is the point at infinity. */
type Jacobian = readonly [bigint, bigint, bigint];
const INFINITY: Jacobian = [0n, 1n, 0n];

function double(c: CurveParams, [X, Y, Z]: Jacobian): Jacobian {
  if (Z === 0n || Y === 0n) return INFINITY;
  const m = (v: bigint) => ((v % c.p) + c.p) % c.p;
  // dbl-2007-bl (Explicit-Formulas Database), any a.
  const XX = m(X * X);
  const YY = m(Y * Y);
  const YYYY = m(YY * YY);
  const ZZ = m(Z * Z);
  const S = m(2n * (m((X + YY) * (X + YY)) - XX - YYYY));
  const M = m(3n * XX + c.a * m(ZZ * ZZ));
  const X3 = m(M * M - 2n * S);
  return [X3, m(M * (S - X3) - 8n * YYYY), m(m((Y + Z) * (Y + Z)) - YY - ZZ)];
}

function add(c: CurveParams, P: Jacobian, Q: Jacobian): Jacobian {
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const m = (v: bigint) => ((v % c.p) + c.p) % c.p;
  const [X1, Y1, Z1] = P;
  const [X2, Y2, Z2] = Q;
  // add-2007-bl.
  const Z1Z1 = m(Z1 * Z1);
  const Z2Z2 = m(Z2 * Z2);
  const U1 = m(X1 * Z2Z2);
  const U2 = m(X2 * Z1Z1);
  const S1 = m(Y1 * Z2 * Z2Z2);
  const S2 = m(Y2 * Z1 * Z1Z1);
  const H = m(U2 - U1);
  const r = m(2n * (S2 - S1));
  if (H === 0n) return r === 0n ? double(c, P) : INFINITY;
  const I = m(4n * H * H);
  const J = m(H * I);
  const V = m(U1 * I);
  const X3 = m(r * r - J - 2n * V);
  return [X3, m(r * (V - X3) - 2n * S1 * J), m(m((Z1 + Z2) * (Z1 + Z2) - Z1Z1 - Z2Z2) * H)];
}

/**
 * d·G as uncompressed octets, by a Montgomery ladder (one addition and one doubling per
 * bit whatever its value). BigInt arithmetic is not constant-time: SECURITY.md says so.
 */
export function basePointMultiply(name: CurveName, d: bigint): Uint8Array {
  const c = CURVE_PARAMS[name];
  let r0: Jacobian = INFINITY;
  let r1: Jacobian = [c.Gx, c.Gy, 1n];
  for (let i = c.n.toString(2).length - 1; i >= 0; i--) {
    if ((d >> BigInt(i)) & 1n) {
      r0 = add(c, r0, r1);
      r1 = double(c, r1);
    } else {
      r1 = add(c, r0, r1);
      r0 = double(c, r0);
    }
  }
  const [X, Y, Z] = r0;
  if (Z === 0n) throw new ByokError('ERR_INVALID_PRIVATE_KEY', `the ${name} private scalar gives the point at infinity`);
  const zInv = modPow(Z, c.p - 2n, c.p);
  const zInv2 = (zInv * zInv) % c.p;
  const out = new Uint8Array(1 + 2 * c.size);
  out[0] = 4;
  out.set(bigIntToBytes((X * zInv2) % c.p, c.size), 1);
  out.set(bigIntToBytes((Y * zInv2 * zInv) % c.p, c.size), 1 + c.size);
  return out;
}
