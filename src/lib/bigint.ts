// BigInt arithmetic shared by RSA (public-key operation) and the curve checks.

/**
 * Left-to-right square-and-multiply. Not constant-time: for public exponents (RSA
 * encryption, point decompression) and the mock KMS's own throwaway keys only.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  const b = base % modulus;
  for (let i = exponent.toString(2).length - 1; i >= 0; i--) {
    result = (result * result) % modulus;
    if ((exponent >> BigInt(i)) & 1n) result = (result * b) % modulus;
  }
  return result;
}
