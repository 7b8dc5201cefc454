// importKeyMaterial: the whole BYOK import (SPEC §1 steps 2–4) with exponential backoff on
// throttling and internal errors only (SPEC §3 "Faults", seed 003), fresh import
// parameters when the token has expired, and one AbortSignal that stops everything.
import { ByokError, show } from '../errors.js';
import { release, snapshot, type BytesInput } from '../lib/bytes.js';
import { checkKeyMaterial, wrapKeyMaterial, type WrapKeyMaterialOptions, type WrappingAlgorithm } from '../wrap/wrap_key_material.js';
import { parseWrappingPublicKey } from '../wrap/wrapping_public_key.js';
import type { TargetKeySpec } from '../target_key/specs.js';
import type { Cloud } from './clouds.js';
import type { KmsClient } from './kms_client.js';
import { abortedError, checkSignal, type CallOptions } from './transport.js';

/** Options of {@link importKeyMaterial}. */
export interface ImportKeyMaterialOptions {
  /** From {@link createKmsClient}. */
  client: KmsClient;
  /** The external key to import into. */
  keyId: string;
  /** As for {@link wrapKeyMaterial}: raw symmetric material, or a private key for the hybrid algorithms. */
  keyMaterial: BytesInput | string;
  /** The wrapping algorithm to ask the KMS for and to wrap with. */
  wrappingAlgorithm: WrappingAlgorithm;
  /** Default: EC_SM2 (AWS: SM2) for the SM2 algorithms; RSA_4096 for AWS's RSA_AES_KEY_WRAP_*; else RSA_2048. */
  wrappingKeySpec?: string;
  /** Unix seconds when the material expires; 0 or absent = never. */
  validTo?: number;
  /** Private keys: the spec the key must have. */
  targetKeySpec?: TargetKeySpec;
  /** maxRetries (default 5, 0–20) per call, waiting min(2^n × baseDelayMs, maxDelayMs) (defaults 100 ms, 20000 ms). */
  retry?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Stops the import at once: the request in flight, and any backoff wait (ERR_ABORTED). */
  signal?: AbortSignal;
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
  /** The cloud's error code that caused the retry, or `HTTP 429` / `HTTP 503` from a gateway. */
  kmsCode: string;
}

/** @internal Throttling and internal errors, the only ones worth a retry (seed 003). */
export const RETRYABLE_CODES = new Set([
  'RequestLimitExceeded',
  'InternalError',
  'Throttling',
  'Rejected.Throttling',
  'InternalFailure',
  'ServiceUnavailable',
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
]);
/** @internal Families of throttling codes (Alibaba `Throttling.User`, Tencent `RequestLimitExceeded.UinLimitExceeded`). */
const RETRYABLE_PREFIXES = ['Throttling.', 'RequestLimitExceeded.', 'ServiceUnavailable.', 'InternalError.'];
/** @internal HTTP statuses that mean "later", even from a gateway that is not the API. */
const RETRYABLE_STATUSES = new Set([429, 503]);

/** @internal The code a retry is reported under, or undefined when the error is final. */
export function retryableCode(e: unknown): string | undefined {
  if (!(e instanceof ByokError)) return undefined;
  if (e.code === 'ERR_KMS' && e.kmsCode !== undefined) {
    if (RETRYABLE_CODES.has(e.kmsCode) || RETRYABLE_PREFIXES.some((p) => e.kmsCode!.startsWith(p))) return e.kmsCode;
  }
  if ((e.code === 'ERR_KMS' || e.code === 'ERR_NETWORK') && e.status !== undefined && RETRYABLE_STATUSES.has(e.status)) return e.kmsCode ?? `HTTP ${e.status}`;
  return undefined;
}
/** @internal The token (and its public key) expired or was replaced: fetch fresh parameters. */
export const TOKEN_EXPIRED_CODES = new Set(['ResourceUnavailable.TokenExpired', 'ExpiredImportToken', 'ExpiredImportTokenException']);

const MAX_PARAMETER_REFRESHES = 2;

/** @internal How to wait (tests pass a fake clock). The wait must end when the signal fires. */
export interface ImportDeps {
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realSleep: ImportDeps = {
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortedError(signal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** @internal The backoff before retry n (1-based): min(2^(n-1) × base, max). */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs = 20_000): number {
  return Math.min(2 ** (attempt - 1) * baseDelayMs, maxDelayMs);
}

/** The calls the flow makes, with each cloud's field names (internal view of any client). */
interface FlowClient {
  cloud: Cloud;
  getParametersForImport(params: object, options?: CallOptions): Promise<Record<string, unknown>>;
  importKeyMaterial(params: object, options?: CallOptions): Promise<unknown>;
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

function retryOption(retry: unknown, name: 'maxRetries' | 'baseDelayMs' | 'maxDelayMs', fallback: number, max: number, integer: boolean): number {
  const v = (retry as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max || (integer && !Number.isInteger(v))) {
    throw new ByokError('ERR_INVALID_ARGUMENT', `retry.${name} must be a ${integer ? 'whole' : 'finite'} number from 0 to ${max}; got ${show(v)}`);
  }
  return v;
}

/** @internal importKeyMaterial with its waiting injected (tests only). */
export async function runImport(options: ImportKeyMaterialOptions, deps: ImportDeps): Promise<void> {
  if (typeof options !== 'object' || options === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'importKeyMaterial expects an options object');
  const { keyId, keyMaterial, wrappingAlgorithm, validTo, onProgress, signal } = options;
  const client = options.client as unknown as FlowClient;
  if (!client || typeof client.getParametersForImport !== 'function' || typeof client.importKeyMaterial !== 'function') {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'importKeyMaterial needs a client from createKmsClient()');
  }
  if (typeof keyId !== 'string' || keyId === '') throw new ByokError('ERR_INVALID_ARGUMENT', 'keyId is required');
  if (validTo !== undefined && (!Number.isSafeInteger(validTo) || validTo < 0)) throw new ByokError('ERR_INVALID_ARGUMENT', 'validTo must be unix seconds (0 = never)');
  if (options.retry !== undefined && (typeof options.retry !== 'object' || options.retry === null)) throw new ByokError('ERR_INVALID_ARGUMENT', 'retry must be an object');
  checkSignal(signal, 'options.signal');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new ByokError('ERR_INVALID_ARGUMENT', 'onProgress must be a function');
  const maxRetries = retryOption(options.retry, 'maxRetries', 5, 20, true);
  const baseDelayMs = retryOption(options.retry, 'baseDelayMs', 100, 60_000, false);
  const maxDelayMs = retryOption(options.retry, 'maxDelayMs', 20_000, 600_000, false);
  if (typeof wrappingAlgorithm !== 'string') throw new ByokError('ERR_INVALID_ARGUMENT', 'wrappingAlgorithm is required');
  const wrappingKeySpec = options.wrappingKeySpec ?? defaultWrappingKeySpec(client.cloud, wrappingAlgorithm);
  const call = { signal } as CallOptions;
  const checkpoint = () => {
    if (signal?.aborted) throw abortedError(signal);
  };

  const withRetry = async <T>(operation: RetryDetail['operation'], fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      checkpoint();
      try {
        return await fn();
      } catch (e) {
        const kmsCode = retryableCode(e);
        if (kmsCode === undefined || attempt > maxRetries) throw e;
        const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs);
        onProgress?.('retry', { operation, attempt, delayMs, kmsCode });
        checkpoint();
        await deps.sleep(delayMs, signal);
      }
    }
  };

  // The material as it is now (issue 11.1): each wrap, refreshes included, reads this copy,
  // never what the caller writes into its buffer while the flow runs.
  const material = snapshot(keyMaterial);
  try {
    // The material is checked before any request: bad material costs no request and spends no token.
    await checkKeyMaterial(wrappingAlgorithm as WrappingAlgorithm, material, options.targetKeySpec);
    for (let refresh = 0; ; refresh++) {
      checkpoint();
      onProgress?.(refresh === 0 ? 'parameters' : 'refresh-parameters');
      const params = await withRetry('GetParametersForImport', () =>
        client.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: wrappingAlgorithm, WrappingKeySpec: wrappingKeySpec }, call),
      );
      checkpoint();
      await requireAskedWrappingKey(params.PublicKey, wrappingKeySpec);
      checkpoint();
      onProgress?.('wrap');
      const { encryptedKeyMaterial } = await wrapKeyMaterial({
        publicKey: params.PublicKey as string,
        wrappingAlgorithm,
        keyMaterial: material as WrapKeyMaterialOptions['keyMaterial'],
        ...(options.targetKeySpec ? { targetKeySpec: options.targetKeySpec } : {}),
      });
      checkpoint();
      onProgress?.('import');
      try {
        await withRetry('ImportKeyMaterial', () => client.importKeyMaterial(importArguments(client.cloud, keyId, encryptedKeyMaterial, params.ImportToken as string, validTo ?? 0), call));
      } catch (e) {
        if (e instanceof ByokError && TOKEN_EXPIRED_CODES.has(e.kmsCode ?? '') && refresh < MAX_PARAMETER_REFRESHES) continue;
        throw e;
      }
      onProgress?.('done');
      return;
    }
  } finally {
    release(material, keyMaterial);
  }
}

/**
 * The wrapping key the KMS returned is the kind and size asked for: a server (or a proxy)
 * answering with a weaker key than the WrappingKeySpec requested is refused, not used.
 */
async function requireAskedWrappingKey(publicKey: unknown, asked: string): Promise<void> {
  const key = await parseWrappingPublicKey(publicKey);
  const got = key.type === 'sm2' ? 'SM2' : `RSA_${key.bits}`;
  const want = asked === 'EC_SM2' ? 'SM2' : asked;
  if (/^(RSA_\d+|SM2)$/.test(want) && got !== want) {
    throw new ByokError('ERR_UNSUPPORTED_PUBLIC_KEY', `GetParametersForImport returned a ${got} wrapping key, but WrappingKeySpec ${asked} was asked for: nothing was wrapped under it`);
  }
}

/**
 * GetParametersForImport's WrappingKeySpec when none is given: SM2 keys for the SM2
 * algorithms (Tencent and Alibaba say EC_SM2, AWS says SM2), RSA_4096 for AWS's
 * RSA_AES_KEY_WRAP_* (API.md), RSA_2048 otherwise.
 */
function defaultWrappingKeySpec(cloud: Cloud, algorithm: string): string {
  if (algorithm.startsWith('SM2')) return cloud === 'aws' ? 'SM2' : 'EC_SM2';
  return cloud === 'aws' && algorithm.startsWith('RSA_AES') ? 'RSA_4096' : 'RSA_2048';
}

/** ImportKeyMaterial's arguments in each cloud's names (Tencent ValidTo, Alibaba KeyMaterialExpireUnix, AWS ExpirationModel + ValidTo). */
function importArguments(cloud: Cloud, keyId: string, encryptedKeyMaterial: string, importToken: string, expiry: number): object {
  const base = { KeyId: keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: importToken };
  if (cloud === 'tencent') return { ...base, ValidTo: expiry };
  if (cloud === 'aliyun') return { ...base, KeyMaterialExpireUnix: expiry };
  return expiry === 0 ? { ...base, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ...base, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: expiry };
}
