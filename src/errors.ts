/**
 * Machine-readable reasons a {@link ByokError} is raised. Stable across releases:
 * match on `code`, never on `message`.
 */
export type ByokErrorCode =
  /** An option has the wrong type or an unknown value (algorithm name, bits, layout). */
  | 'ERR_INVALID_ARGUMENT'
  /** The wrapping public key could not be read: not PEM, base64 or DER SubjectPublicKeyInfo, truncated or corrupt. */
  | 'ERR_INVALID_PUBLIC_KEY'
  /** Something other than a public key was given where the wrapping public key belongs (a private key, a certificate). */
  | 'ERR_NOT_A_PUBLIC_KEY'
  /** The wrapping public key is of a type or size the wrapping algorithm cannot use. */
  | 'ERR_UNSUPPORTED_PUBLIC_KEY'
  /** The key material has the wrong length or form for the wrapping algorithm. */
  | 'ERR_INVALID_KEY_MATERIAL'
  /** The key material is one byte repeated (all zeros is what a broken shell recipe yields). */
  | 'ERR_WEAK_KEY_MATERIAL'
  /** The message is longer than the padding scheme allows for this key size. */
  | 'ERR_MESSAGE_TOO_LONG'
  /** The private key could not be read: not PKCS#8, PKCS#1 or SEC1, PEM or DER; truncated or corrupt. */
  | 'ERR_INVALID_PRIVATE_KEY'
  /** The private key is encrypted (ENCRYPTED PRIVATE KEY / Proc-Type: ENCRYPTED); decrypt it first. */
  | 'ERR_ENCRYPTED_PRIVATE_KEY'
  /** The private key is of a type, size or curve no supported target key spec has. */
  | 'ERR_UNSUPPORTED_PRIVATE_KEY'
  /** The private key does not match the `targetKeySpec` that was asked for, or the algorithm. */
  | 'ERR_KEY_SPEC_MISMATCH'
  /** The platform lacks something needed (no WebCrypto, no crypto.getRandomValues). */
  | 'ERR_UNSUPPORTED_PLATFORM'
  /** An encryption step failed inside WebCrypto or the SM fallback. */
  | 'ERR_OPERATION_FAILED'
  /** A KMS answered with an error; `kmsCode` and `requestId` carry the cloud's own. */
  | 'ERR_KMS'
  /** The KMS (or the backend in front of it) could not be reached, or answered something that is not its API. */
  | 'ERR_NETWORK'
  /** A KMS request did not finish within `timeoutMs` (default 30 s). */
  | 'ERR_TIMEOUT'
  /** The caller's AbortSignal fired; `cause` is its reason. */
  | 'ERR_ABORTED';

/**
 * Every failure webcrypto-byok raises on bad input or a refused operation.
 *
 * @example
 * try {
 *   await wrapKeyMaterial({ publicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial });
 * } catch (e) {
 *   if (e instanceof ByokError && e.code === 'ERR_WEAK_KEY_MATERIAL') showHint(e.message);
 *   else throw e;
 * }
 */
export class ByokError extends Error {
  /** Stable machine-readable reason; see {@link ByokErrorCode}. */
  readonly code: ByokErrorCode;
  /** For `ERR_KMS`: the cloud's own error code, e.g. `ResourceUnavailable.TokenExpired` or `Throttling`. */
  readonly kmsCode?: string;
  /** For `ERR_KMS`: the cloud's request id, for its support team. */
  readonly requestId?: string;
  /** For `ERR_KMS` / `ERR_NETWORK`: the HTTP status, when there was a response. */
  readonly status?: number;

  /** @internal */
  constructor(code: ByokErrorCode, message: string, options?: { cause?: unknown; kmsCode?: string; requestId?: string; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ByokError';
    this.code = code;
    if (options?.kmsCode !== undefined) this.kmsCode = options.kmsCode;
    if (options?.requestId !== undefined) this.requestId = options.requestId;
    if (options?.status !== undefined) this.status = options.status;
  }
}

/**
 * @internal A caller's value, safe to put in an error message whatever it is: no
 * toString call, and no text that could be key material (issue 11.5) — only short
 * identifier-like strings (an algorithm name, a spec) are echoed.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const identifier = /^[A-Za-z0-9_.-]{1,40}$/.test(value) && !/[A-Za-z0-9]{13}/.test(value);
    return identifier ? JSON.stringify(value) : `a ${value.length}-character string`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) {
    return typeof value === 'bigint' ? `${value}n` : `${value}`;
  }
  return Array.isArray(value) ? 'an array' : `a${typeof value === 'object' ? 'n' : ''} ${typeof value}`;
}
