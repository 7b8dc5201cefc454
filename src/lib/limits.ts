// Caps on every input (issue 11.2): nothing a caller passes can make the library scan,
// decode or allocate without bound. Each refusal names the cap it hit.

/**
 * The largest inputs the library reads. Anything larger is refused up front with a
 * ByokError naming the limit, so no input can hang a page.
 *
 * @example
 * if (file.size > INPUT_LIMITS.keyText) alert('that is not a key file');
 */
export const INPUT_LIMITS = Object.freeze({
  /** Characters of key text: PEM or base64 DER of a public or private key (RSA-4096 PKCS#8 PEM is ~3.3 K). */
  keyText: 65_536,
  /** Bytes of DER: a SubjectPublicKeyInfo or a private key (RSA-4096 PKCS#8 is ~2.4 K). */
  keyDer: 16_384,
  /** PEM blocks in one text (an EC PARAMETERS block, or a certificate chain, may precede the key). */
  pemBlocks: 8,
  /** Characters of symmetric key material given as base64 or hex text. */
  materialText: 4_096,
  /** Bytes of an SM2 ciphertext's C2 (the mock's AsymmetricDecrypt; wrapped material is 16–32). */
  sm2Plaintext: 6_144,
});

/** The `INPUT_LIMITS` member a refusal names, e.g. "the limit is 65536 characters (INPUT_LIMITS.keyText)". */
export function limitText(name: keyof typeof INPUT_LIMITS, unit: string): string {
  return `the limit is ${INPUT_LIMITS[name]} ${unit} (INPUT_LIMITS.${name})`;
}
