// importKeyMaterial: the whole BYOK import (SPEC §1 steps 2–4) with exponential backoff on
// throttling and internal errors only (SPEC §3 "Faults", seed 003), and fresh import
// parameters when the token has expired.
import { ByokError } from '../errors.js';
import { wrapKeyMaterial, type WrappingAlgorithm } from '../wrap/wrap_key_material.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import type { KmsClient } from './kms_client.js';

/** Options of {@link importKeyMaterial}. */
export interface ImportKeyMaterialOptions {
  /** From {@link createKmsClient}. */
  client: KmsClient;
  /** The external key to import into. */
  keyId: string;
  /** As for {@link wrapKeyMaterial}: raw symmetric material, or a private key for the hybrid algorithms. */
  keyMaterial: Uint8Array | string;
  /** The wrapping algorithm to ask the KMS for and to wrap with. */
  wrappingAlgorithm: WrappingAlgorithm;
  /** Default: EC_SM2 for the SM2 algorithms, else RSA_2048. */
  wrappingKeySpec?: string;
  /** Unix seconds when the material expires; 0 or absent = never. */
  validTo?: number;
  /** Hybrid algorithms: the spec the private key must have. */
  targetKeySpec?: TargetKeySpec;
  /** maxRetries (default 5) retries per call, waiting 2^n × baseDelayMs (default 100 ms). */
  retry?: { maxRetries?: number; baseDelayMs?: number };
  /** Called with 'parameters', 'wrap', 'import', 'retry', 'refresh-parameters' and 'done'. */
  onProgress?: (step: ImportStep, detail?: RetryDetail) => void;
}

/** The steps {@link ImportKeyMaterialOptions.onProgress} reports. */
export type ImportStep = 'parameters' | 'wrap' | 'import' | 'retry' | 'refresh-parameters' | 'done';

/** What a 'retry' progress event says. */
export interface RetryDetail {
  /** The call being retried. */
  operation: 'GetParametersForImport' | 'ImportKeyMaterial';
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  /** The cloud's error code that caused the retry. */
  kmsCode: string;
}

/** @internal Throttling and internal errors, the only ones worth a retry (seed 003). */
export const RETRYABLE_CODES = new Set(['RequestLimitExceeded', 'InternalError', 'Throttling', 'InternalFailure', 'ServiceUnavailable']);
/** @internal The token (and its public key) expired or was replaced: fetch fresh parameters. */
export const TOKEN_EXPIRED_CODES = new Set(['ResourceUnavailable.TokenExpired', 'ExpiredImportToken']);

const MAX_PARAMETER_REFRESHES = 2;

/** @internal How to wait (tests pass a fake clock). */
export interface ImportDeps {
  sleep(ms: number): Promise<void>;
}

const realSleep: ImportDeps = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** @internal The backoff before retry n (1-based): 2^(n-1) × base, i.e. base, 2·base, 4·base, ... */
export function backoffDelay(attempt: number, baseDelayMs: number): number {
  return 2 ** (attempt - 1) * baseDelayMs;
}

/**
 * Get import parameters, wrap locally, import — retrying throttling and internal errors
 * with exponential backoff and refreshing expired tokens; any other error stops at once.
 *
 * @example
 * await importKeyMaterial({ client, keyId, keyMaterial: generateKeyMaterial(), wrappingAlgorithm: 'RSAES_OAEP_SHA_256' });
 */
export async function importKeyMaterial(options: ImportKeyMaterialOptions): Promise<void> {
  return runImport(options, realSleep);
}

/** @internal importKeyMaterial with its waiting injected (tests only). */
export async function runImport(options: ImportKeyMaterialOptions, deps: ImportDeps): Promise<void> {
  if (typeof options !== 'object' || options === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'importKeyMaterial expects an options object');
  const { client, keyId, keyMaterial, wrappingAlgorithm, validTo, onProgress } = options;
  if (!client || typeof client.getParametersForImport !== 'function') throw new ByokError('ERR_INVALID_ARGUMENT', 'importKeyMaterial needs a client from createKmsClient()');
  if (typeof keyId !== 'string' || keyId === '') throw new ByokError('ERR_INVALID_ARGUMENT', 'keyId is required');
  if (validTo !== undefined && (!Number.isInteger(validTo) || validTo < 0)) throw new ByokError('ERR_INVALID_ARGUMENT', 'validTo must be unix seconds (0 = never)');
  const maxRetries = options.retry?.maxRetries ?? 5;
  const baseDelayMs = options.retry?.baseDelayMs ?? 100;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) throw new ByokError('ERR_INVALID_ARGUMENT', 'retry.maxRetries must be 0–20');
  if (!(baseDelayMs >= 0) || baseDelayMs > 60_000) throw new ByokError('ERR_INVALID_ARGUMENT', 'retry.baseDelayMs must be 0–60000');
  const wrappingKeySpec = options.wrappingKeySpec ?? (wrappingAlgorithm.startsWith('SM2') ? 'EC_SM2' : 'RSA_2048');

  const withRetry = async <T>(operation: RetryDetail['operation'], fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof ByokError) || e.code !== 'ERR_KMS' || !RETRYABLE_CODES.has(e.kmsCode ?? '') || attempt > maxRetries) throw e;
        const delayMs = backoffDelay(attempt, baseDelayMs);
        onProgress?.('retry', { operation, attempt, delayMs, kmsCode: e.kmsCode! });
        await deps.sleep(delayMs);
      }
    }
  };

  for (let refresh = 0; ; refresh++) {
    onProgress?.(refresh === 0 ? 'parameters' : 'refresh-parameters');
    const params = await withRetry('GetParametersForImport', () => client.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: wrappingAlgorithm, WrappingKeySpec: wrappingKeySpec }));
    onProgress?.('wrap');
    const { encryptedKeyMaterial } = await wrapKeyMaterial({
      publicKey: params.PublicKey,
      wrappingAlgorithm,
      keyMaterial,
      ...(options.targetKeySpec ? { targetKeySpec: options.targetKeySpec } : {}),
    });
    onProgress?.('import');
    const expiry = validTo ?? 0;
    try {
      await withRetry('ImportKeyMaterial', () =>
        client.importKeyMaterial({
          KeyId: keyId,
          EncryptedKeyMaterial: encryptedKeyMaterial,
          ImportToken: params.ImportToken,
          ...(client.cloud === 'tencent' ? { ValidTo: expiry } : { KeyMaterialExpireUnix: expiry }),
        }),
      );
    } catch (e) {
      if (e instanceof ByokError && TOKEN_EXPIRED_CODES.has(e.kmsCode ?? '') && refresh < MAX_PARAMETER_REFRESHES) continue;
      throw e;
    }
    onProgress?.('done');
    return;
  }
}
