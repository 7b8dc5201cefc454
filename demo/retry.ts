// Every call the demo makes to the KMS retries throttling and internal errors with the
// library's own policy (the codes it retries, 2^(n-1) × base delay), not only the
// import flow, and tells the page about each retry (SPEC §3 "Faults", seed 003).
import { ByokError } from '../src/index.js';
import { RETRYABLE_CODES, backoffDelay } from '../src/client/import_flow.js';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
}

export interface RetryNotice {
  /** The KMS action being retried. */
  operation: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  kmsCode: string;
  maxRetries: number;
}

/** Errors the library's import flow retries: throttling and internal errors, nothing else. */
export function isRetryable(e: unknown): e is ByokError {
  return e instanceof ByokError && e.code === 'ERR_KMS' && RETRYABLE_CODES.has(e.kmsCode ?? '');
}

/** How many retries were spent on an error that was still retryable when they ran out. */
export const retriesSpent = new WeakMap<object, number>();

/** The client's method names, as the clouds name the actions (for progress messages; Tencent's deletion differs). */
const ACTIONS: Record<string, string> = {
  createKey: 'CreateKey',
  getParametersForImport: 'GetParametersForImport',
  importKeyMaterial: 'ImportKeyMaterial',
  deleteKeyMaterial: 'DeleteKeyMaterial',
  describeKey: 'DescribeKey',
  listKeys: 'ListKeys',
  enableKey: 'EnableKey',
  disableKey: 'DisableKey',
  scheduleKeyDeletion: 'ScheduleKeyDeletion',
  cancelKeyDeletion: 'CancelKeyDeletion',
  encrypt: 'Encrypt',
  decrypt: 'Decrypt',
  getPublicKey: 'GetPublicKey',
};

/** The same client, every method retried with exponential backoff under `policy()` at call time. */
export function withBackoff<C extends object>(client: C, policy: () => RetryPolicy, onRetry: (notice: RetryNotice) => void): C {
  const retried = async (operation: string, call: () => Promise<unknown>): Promise<unknown> => {
    const { maxRetries, baseDelayMs } = policy();
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!isRetryable(e)) throw e;
        if (attempt > maxRetries) {
          retriesSpent.set(e, maxRetries);
          throw e;
        }
        const delayMs = backoffDelay(attempt, baseDelayMs);
        onRetry({ operation, attempt, delayMs, kmsCode: e.kmsCode!, maxRetries });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const cloud = (target as { cloud?: string }).cloud;
        const operation =
          property === 'request' ? String(args[0]) : property === 'deleteKeyMaterial' && cloud === 'tencent' ? 'DeleteImportedKeyMaterial' : (ACTIONS[property] ?? property);
        return retried(operation, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      };
    },
  });
}
