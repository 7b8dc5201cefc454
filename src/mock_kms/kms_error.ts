// A refusal by the mocked KMS, in a cloud-neutral vocabulary. Each dialect maps the
// kind to its cloud's own error code and HTTP status (SPEC §3 "Wire formats"); a row of a
// dialect's action table may name the cloud's code directly (`code`), when the cloud
// documents a specific one for that parameter or case.

export type KmsErrorKind =
  | 'MissingParameter'
  /** A value of the wrong type or format (not a number, not base64, not JSON). */
  | 'MalformedParameter'
  /** A value of the right type out of its documented range or set. */
  | 'InvalidParameter'
  | 'UnknownParameter'
  | 'UnknownAction'
  | 'NotImplemented'
  | 'UnsupportedVersion'
  | 'UnsupportedRegion'
  | 'RequestTooLarge'
  | 'KeyNotFound'
  | 'AliasNotFound'
  | 'AliasExists'
  | 'KeyVersionNotFound'
  | 'InvalidState'
  | 'NotExternal'
  | 'TokenExpired'
  | 'TokenInvalid'
  | 'DecryptMaterialFailed'
  | 'MaterialMismatch'
  | 'InvalidCiphertext'
  | 'InvalidKeyUsage'
  | 'UnsupportedOperation'
  | 'LimitExceeded'
  | 'SignatureFailure'
  | 'SignatureExpired'
  | 'SignatureNonceUsed'
  | 'AccessKeyNotFound'
  | 'Throttled'
  | 'InternalError';

/** Key states in a cloud-neutral spelling (Tencent writes PendingDelete; Archived is Tencent's). */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingImport' | 'PendingDeletion' | 'Archived';

export class KmsError extends Error {
  constructor(
    readonly kind: KmsErrorKind,
    message: string,
    /** The key's state, for refusals that depend on it (Alibaba names the state in its code). */
    readonly state?: KeyState,
    /** The cloud's own code, when the dialect's table names one for this case. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KmsError';
  }
}

export function fail(kind: KmsErrorKind, message: string, state?: KeyState, code?: string): never {
  throw new KmsError(kind, message, state, code);
}
