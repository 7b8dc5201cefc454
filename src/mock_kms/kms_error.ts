// A refusal by the mocked KMS, in a cloud-neutral vocabulary. Each dialect maps the
// kind to its cloud's own error code and HTTP status (SPEC §3 "Wire formats").

export type KmsErrorKind =
  | 'MissingParameter'
  | 'InvalidParameter'
  | 'UnknownAction'
  | 'KeyNotFound'
  | 'InvalidState'
  | 'NotExternal'
  | 'TokenExpired'
  | 'TokenInvalid'
  | 'DecryptMaterialFailed'
  | 'MaterialMismatch'
  | 'InvalidCiphertext'
  | 'UnsupportedOperation'
  | 'SignatureFailure'
  | 'SignatureExpired'
  | 'AccessKeyNotFound'
  | 'Throttled'
  | 'InternalError';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingImport' | 'PendingDeletion';

export class KmsError extends Error {
  constructor(
    readonly kind: KmsErrorKind,
    message: string,
    /** The key's state, for refusals that depend on it (Alibaba names the state in its code). */
    readonly state?: KeyState,
  ) {
    super(message);
    this.name = 'KmsError';
  }
}

export function fail(kind: KmsErrorKind, message: string, state?: KeyState): never {
  throw new KmsError(kind, message, state);
}
