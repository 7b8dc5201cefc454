// Errors in words a person understands, with the cloud's code kept alongside.
import { ByokError } from '../src/index.js';
import { retriesSpent } from './retry.js';

/** A refusal by the demo itself (nothing selected, material of the wrong length for the key type). */
export class DemoError extends Error {
  override name = 'DemoError';
}

const KMS_WORDS: Record<string, string> = {
  'ResourceUnavailable.TokenExpired': 'The import token has expired or was replaced by a newer one. Fetch new import parameters and wrap again.',
  ExpiredImportToken: 'The import token has expired (tokens live 24 hours). Fetch new import parameters and wrap again.',
  InvalidImportToken: 'This import token belongs to another key.',
  'InvalidParameterValue.InvalidImportToken': 'This import token belongs to another key.',
  'InvalidParameterValue.MaterialNotMatch': 'This key is bound to the material imported first; only that exact material can be imported again.',
  'InvalidParameter.DecryptMaterialError': 'The KMS could not unwrap the material: wrong public key, wrong algorithm, or wrong length for this key.',
  InvalidKeyMaterial: 'The KMS refused the material: it could not be unwrapped, has the wrong length or type for this key, or differs from the material this key is bound to.',
  'ResourceUnavailable.CmkStateNotSupport': 'The key is not in a state that allows this operation.',
  // Tencent's ScheduleKeyDeletion: "the key must be disabled first" (Alibaba and AWS schedule enabled keys too).
  'ResourceUnavailable.CmkShouldBeDisabled': 'Tencent Cloud KMS schedules the deletion of disabled keys only: disable the key first (Disable), then schedule its deletion.',
  'Rejected.Disabled': 'The key is disabled.',
  'Rejected.PendingImport': 'The key has no material yet (or it expired or was deleted): import material first.',
  'Rejected.StateModifiedFailed': 'The key is not in a state that allows this operation.',
  'UnsupportedOperation.NotExternalCmk': 'Only keys created with external origin accept imported material.',
  'Unsupported.Origin': 'Only keys created with external origin accept imported material.',
  RequestLimitExceeded: 'The KMS is throttling requests.',
  Throttling: 'The KMS is throttling requests.',
  InternalError: 'The KMS had an internal error.',
  InternalFailure: 'The KMS had an internal error.',
  'ResourceUnavailable.CmkNotFound': 'There is no such key (it may have been deleted).',
  'Forbidden.KeyNotFound': 'There is no such key (it may have been deleted).',
  // AWS KMS (SPEC §5).
  ExpiredImportTokenException: 'The import token has expired (tokens live 24 hours). Fetch new import parameters and wrap again.',
  InvalidImportTokenException: 'This import token belongs to another key.',
  IncorrectKeyMaterialException: 'The KMS refused the material: it differs from the material this key was imported with first, or has the wrong length for this key.',
  InvalidCiphertextException: 'The KMS could not unwrap the material: wrong public key or wrong algorithm.',
  KMSInvalidStateException: 'The key is not in a state that allows this operation.',
  DisabledException: 'The key is disabled.',
  UnsupportedOperationException: 'The KMS does not support this for this key (its origin, its key spec, or the wrapping algorithm).',
  NotFoundException: 'There is no such key (it may have been deleted).',
  ThrottlingException: 'The KMS is throttling requests.',
  KMSInternalException: 'The KMS had an internal error.',
};

export function explain(e: unknown): string {
  if (e instanceof ByokError) {
    if (e.code === 'ERR_KMS') {
      const words = KMS_WORDS[e.kmsCode ?? ''] ?? e.message.replace(/^[^:]+: /, '');
      const retries = retriesSpent.get(e);
      const gaveUp = retries === undefined ? '' : ` Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'} with exponential backoff; try again later or switch the faults off.`;
      return `${words} (${e.kmsCode}${e.requestId ? `, request ${e.requestId}` : ''})${gaveUp}`;
    }
    return `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)} (${e.code})`;
  }
  if (e instanceof DemoError) return e.message;
  return `Something unexpected went wrong: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}
