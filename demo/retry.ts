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

/** The action a client method calls: its name capitalised (describeKey → DescribeKey), but for the one alias. */
function actionOf(cloud: unknown, method: string, args: unknown[]): string {
  if (method === 'request') return String(args[0]);
  if (method === 'deleteKeyMaterial') return cloud === 'aliyun' ? 'DeleteKeyMaterial' : 'DeleteImportedKeyMaterial';
  return method.charAt(0).toUpperCase() + method.slice(1);
}

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
  // A new object, not a Proxy: the library's clients are frozen, and a Proxy may not change a frozen property.
  const cloud = (client as { cloud?: unknown }).cloud;
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(client)) {
    wrapped[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => retried(actionOf(cloud, name, args), () => (value as (...a: unknown[]) => Promise<unknown>)(...args))
        : value;
  }
  return Object.freeze(wrapped) as C;
}
