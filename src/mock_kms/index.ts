// webcrypto-byok/mock-kms: an in-memory KMS speaking the Tencent (API 3.0) and Alibaba
// (2016-01-20) wire formats on MSW, enforcing SPEC §3. One handler list serves
// setupServer (Node) and setupWorker (browser).
import { http, type RequestHandler } from 'msw';
import { ByokError } from '../errors.js';
import { handleAliyun } from './dialects/aliyun.js';
import { handleTencent } from './dialects/tencent.js';
import type { DialectContext } from './dialects/common.js';
import { MockKmsService } from './kms.js';
import type { Credential } from './signatures.js';

/** Options of {@link createMockKms}. */
export interface MockKmsOptions {
  /** Clock in ms since epoch (default Date.now): move it to expire tokens, material and deletion windows. */
  now?: () => number;
  /** When given, every request must carry a valid, fresh (≤ 5 min) signature by one of these. */
  credentials?: Credential[];
  /** Extra base URLs answering both dialects, e.g. '/api/kms' for a frontend's proxy path. */
  baseUrls?: string[];
  /** Fault rates 0..1 (throttling, internal errors) and a fixed delay, for backoff tests. */
  faults?: MockKmsFaults;
  /** Persist keys (material included) across reloads, e.g. localStorage. Opt-in: it stores secrets. */
  storage?: Storage;
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

/** A running mocked KMS. */
export interface MockKms {
  /** For `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)` (msw/browser). */
  handlers: RequestHandler[];
  /** Forget every key and token (and the stored state). */
  reset(): void;
  /** Change the fault rates of a running mock (a demo's "throttle" control). */
  setFaults(faults: MockKmsFaults): void;
  /** Why the stored state could not be loaded (it was then ignored), if it could not. */
  storageError?: string;
}

/** Where the Tencent dialect answers (Alibaba: `https://kms.<region>.aliyuncs.com/`). */
export const TENCENT_ENDPOINT = 'https://kms.tencentcloudapi.com/';
const ALIYUN_ENDPOINT = /^https:\/\/kms(-vpc)?\.[a-z0-9-]+\.aliyuncs\.com\/?(\?.*)?$/;
/** The key under which the state is kept in `options.storage`. */
export const STORAGE_KEY = 'webcrypto-byok:mock-kms';

/** @internal Seams for deterministic tests (never part of the public API). */
export interface MockKmsSeams {
  random?: () => number;
}

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

function checkFaults(f: MockKmsFaults): DialectContext['faults'] {
  const delayMs = f.delayMs ?? 0;
  if (typeof delayMs !== 'number' || !(delayMs >= 0)) throw new ByokError('ERR_INVALID_ARGUMENT', 'faults.delayMs must be ≥ 0');
  return { throttle: rate(f.throttle, 'throttle'), internalError: rate(f.internalError, 'internalError'), delayMs };
}

function rate(v: number | undefined, name: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ByokError('ERR_INVALID_ARGUMENT', `faults.${name} must be a rate between 0 and 1`);
  return v;
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

/** @internal createMockKms with its fault randomness injected (tests only). */
export function createMockKmsWith(options: MockKmsOptions, seams: MockKmsSeams): MockKms {
  if (typeof options !== 'object' || options === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'createMockKms options must be an object');
  if (options.now !== undefined && typeof options.now !== 'function') throw new ByokError('ERR_INVALID_ARGUMENT', 'options.now must be a function returning ms');
  if (options.faults !== undefined && (typeof options.faults !== 'object' || options.faults === null)) throw new ByokError('ERR_INVALID_ARGUMENT', 'options.faults must be an object');
  const now = options.now ?? (() => Date.now());
  const storage = options.storage;
  const service: MockKmsService = new MockKmsService(now, () => storage?.setItem(STORAGE_KEY, service.store.serialize()));
  const result: MockKms = {
    handlers: [],
    reset() {
      service.store.clear();
      storage?.removeItem(STORAGE_KEY);
    },
    setFaults(faults) {
      ctx.faults = checkFaults(faults);
    },
  };
  const saved = storage?.getItem(STORAGE_KEY);
  if (saved) {
    try {
      service.store.load(saved);
    } catch (e) {
      result.storageError = `the stored mock KMS state is corrupt and was ignored: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const ctx: DialectContext = {
    service,
    now,
    faults: checkFaults(options.faults ?? {}),
    random: seams.random ?? cryptoRandom,
  };
  if (options.credentials) ctx.credentials = options.credentials;
  const sniff = (request: Request) => (request.headers.has('x-tc-action') ? handleTencent(ctx, request) : handleAliyun(ctx, request));
  result.handlers = [
    http.all(TENCENT_ENDPOINT, ({ request }) => handleTencent(ctx, request)),
    http.all(ALIYUN_ENDPOINT, ({ request }) => handleAliyun(ctx, request)),
    ...(options.baseUrls ?? []).flatMap((base) => {
      const b = base.replace(/\/+$/, '');
      return [http.all(b, ({ request }) => sniff(request)), http.all(`${b}/`, ({ request }) => sniff(request))];
    }),
  ];
  return result;
}

export type { Credential } from './signatures.js';
