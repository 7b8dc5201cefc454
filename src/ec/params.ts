// Curve domain parameters and the checks that need no point multiplication (on-curve,
// scalar range): cheap enough for the main entry; @noble/curves stays in its own chunk.
import { ByokError } from '../errors.js';
import { bigIntToBytes, bytesToBigInt } from '../lib/bytes.js';
import { modPow } from '../lib/bigint.js';

export type CurveName = 'P-256' | 'secp256k1' | 'SM2';

// Domain parameters: FIPS 186-5 / SEC 2 §2.4.2 (P-256), SEC 2 §2.4.1 (secp256k1),
// GB/T 32918.5-2017 §3 (SM2 recommended curve sm2p256v1).
export const CURVE_PARAMS: Record<CurveName, { p: bigint; n: bigint; a: bigint; b: bigint; Gx: bigint; Gy: bigint }> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    Gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    Gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  },
  secp256k1: {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    a: 0n,
    b: 7n,
    Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
    Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
  },
  SM2: {
    p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
    n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
    a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
    b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
    Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
    Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
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

export function scalarToBytes(v: bigint): Uint8Array {
  return bigIntToBytes(v, 32);
}

/**
 * A SEC1 point (SEC 1 §2.3.4) as uncompressed octets 0x04‖x‖y if it lies on the curve,
 * else undefined. The three curves have p ≡ 3 (mod 4): y = (y²)^((p+1)/4).
 */
export function uncompressedPoint(name: CurveName, bytes: Uint8Array): Uint8Array | undefined {
  const { p, a, b } = CURVE_PARAMS[name];
  const mod = (v: bigint) => ((v % p) + p) % p;
  let x: bigint;
  let y: bigint;
  if (bytes.length === 65 && bytes[0] === 4) {
    x = bytesToBigInt(bytes.subarray(1, 33));
    y = bytesToBigInt(bytes.subarray(33));
  } else if (bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3)) {
    x = bytesToBigInt(bytes.subarray(1));
    if (x >= p) return undefined;
    y = modPow(mod(x * x * x + a * x + b), (p + 1n) / 4n, p);
    if ((y & 1n) !== BigInt(bytes[0]! & 1)) y = mod(-y);
  } else return undefined;
  if (x >= p || y >= p || mod(y * y) !== mod(x * x * x + a * x + b)) return undefined;
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(bigIntToBytes(x, 32), 1);
  out.set(bigIntToBytes(y, 32), 33);
  return out;
}
