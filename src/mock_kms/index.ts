// webcrypto-byok/mock-kms: an in-memory KMS speaking the Tencent (API 3.0), Alibaba
// (2016-01-20) and AWS (JSON 1.1) wire formats on MSW, enforcing SPEC §3. One handler list
// serves setupServer (Node) and setupWorker (browser).
import type { RequestHandler } from 'msw';
import { createMockKmsWith } from './mock.js';
import type { Credential } from './signatures.js';

export { STORAGE_KEY, TENCENT_ENDPOINT } from './mock.js';
export type { Credential } from './signatures.js';

/** Where the mock keeps its state when asked to: `localStorage`, `sessionStorage`, or anything with these three methods. */
export interface MockKmsStorage {
  /** The stored text, or null. */
  getItem(key: string): string | null;
  /** Store text (it may throw, e.g. when full: the mock then keeps its state in memory). */
  setItem(key: string, value: string): void;
  /** Forget the stored text. */
  removeItem(key: string): void;
}

/** Options of {@link createMockKms}. */
export interface MockKmsOptions {
  /** Clock in ms since epoch (default Date.now): move it to expire tokens, material and deletion windows. */
  now?: () => number;
  /** When given, every request must carry a valid, fresh signature by one of these (each cloud's window). */
  credentials?: Credential[];
  /** Extra base URLs answering every dialect (told apart by X-TC-Action, X-Amz-Target), e.g. '/api/kms' for a frontend's proxy path. */
  baseUrls?: string[];
  /** Fault rates 0..1 (throttling, internal errors) and a fixed delay, for backoff tests. */
  faults?: MockKmsFaults;
  /**
   * Persist keys (material included) across reloads, e.g. localStorage. Opt-in: it stores
   * secrets. State the mock cannot read is ignored (it starts empty and warns).
   */
  storage?: MockKmsStorage;
}

/** Fault injection for backoff tests (SPEC §3 "Faults"). */
export interface MockKmsFaults {
  /** Share of requests answered with the throttling error (Tencent RequestLimitExceeded, Alibaba Throttling), 0..1. */
  throttle?: number;
  /** Share of requests answered with an internal error (InternalError / InternalFailure), 0..1. */
  internalError?: number;
  /** A delay before every answer, in ms. */
  delayMs?: number;
}

/** How many RSA wrapping key pairs of each size {@link MockKms.prepareWrappingKeys} makes ready. */
export interface WrappingKeyCounts {
  /** RSA-2048 pairs (Tencent and Alibaba use only these; the AWS default for RSAES_OAEP_*). */
  RSA_2048?: number;
  /** RSA-3072 pairs (AWS WrappingKeySpec RSA_3072). */
  RSA_3072?: number;
  /** RSA-4096 pairs (AWS WrappingKeySpec RSA_4096, the client's default for RSA_AES_KEY_WRAP_*). */
  RSA_4096?: number;
}

/** A running mocked KMS. */
export interface MockKms {
  /** For `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)` (msw/browser). */
  handlers: RequestHandler[];
  /** Forget every key and token (and the stored state). */
  reset(): void;
  /** Change the fault rates of a running mock (a demo's "throttle" control). */
  setFaults(faults: MockKmsFaults): void;
  /**
   * Generate RSA wrapping key pairs ahead (in a Worker in a browser page), so that the next
   * GetParametersForImport calls wait for no key generation: resolves once `counts` pairs of
   * each spec are ready (at most 1024 per spec). Each pair still goes to exactly one
   * GetParametersForImport; the pairs are shared by every mock in this JavaScript realm.
   */
  prepareWrappingKeys(counts: WrappingKeyCounts): Promise<void>;
  /** Why stored state was ignored or could not be written, when that happened (also said once with console.warn). */
  storageError?: string;
}

/**
 * A stateful mocked KMS for tests and demos.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createMockKms } from 'webcrypto-byok/mock-kms';
 * const kms = createMockKms();
 * const server = setupServer(...kms.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function createMockKms(options: MockKmsOptions = {}): MockKms {
  return createMockKmsWith(options, {});
}
