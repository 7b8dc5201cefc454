// createMockKms's body, with the seams tests use (fault randomness). The public entry
// (index.ts) exports createMockKms only.
import { http } from 'msw';
import { ByokError } from '../errors.js';
import { handleAliyun } from './dialects/aliyun.js';
import { handleAws } from './dialects/aws.js';
import { handleTencent } from './dialects/tencent.js';
import { MockKmsService } from './kms.js';
import type { Credential } from './signatures.js';
import type { DialectContext } from './wire/dialect.js';
import { checkStoredKey } from './stored_keys.js';
import { warn } from './warn.js';
import { MAX_STOCK, wrappingKeyPool } from './wrapping_key_pool.js';
import { RSA_WRAPPING_KEY_SPECS } from './wrapping_keys.js';
import type { MockKms, MockKmsFaults, MockKmsOptions, WrappingKeyCounts } from './index.js';

/** Where the Tencent dialect answers (Alibaba: `https://kms.<region>.aliyuncs.com/`). */
export const TENCENT_ENDPOINT = 'https://kms.tencentcloudapi.com/';
const TENCENT_REGIONAL = /^https:\/\/kms\.[a-z0-9-]+\.tencentcloudapi\.com\/?(\?.*)?$/;
const ALIYUN_ENDPOINT = /^https:\/\/kms(-vpc)?\.[a-z0-9-]+\.aliyuncs\.com\/?(\?.*)?$/;
/** AWS KMS: https://kms.<region>.amazonaws.com/ (kms-fips too); China Regions (cn-*) only at .amazonaws.com.cn. */
const AWS_ENDPOINT = /^https:\/\/kms(-fips)?\.((?!cn-)[a-z0-9-]+\.amazonaws\.com|cn-[a-z0-9-]+\.amazonaws\.com\.cn)\/?(\?.*)?$/;
/** The key under which the state is kept in `options.storage`. */
export const STORAGE_KEY = 'webcrypto-byok:mock-kms';

/** @internal Seams for deterministic tests (never part of the public API). */
export interface MockKmsSeams {
  random?: () => number;
}

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

function checkFaults(f: unknown): DialectContext['faults'] {
  if (typeof f !== 'object' || f === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'faults must be an object { throttle?, internalError?, delayMs? }');
  const { throttle, internalError, delayMs = 0 } = f as MockKmsFaults;
  if (typeof delayMs !== 'number' || !(delayMs >= 0) || delayMs > 600_000) throw new ByokError('ERR_INVALID_ARGUMENT', 'faults.delayMs must be 0–600000 ms');
  return { throttle: rate(throttle, 'throttle'), internalError: rate(internalError, 'internalError'), delayMs };
}

function rate(v: unknown, name: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ByokError('ERR_INVALID_ARGUMENT', `faults.${name} must be a rate between 0 and 1`);
  return v;
}

function checkCounts(v: unknown): WrappingKeyCounts {
  if (typeof v !== 'object' || v === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'prepareWrappingKeys takes { RSA_2048?, RSA_3072?, RSA_4096? } counts');
  const out: WrappingKeyCounts = {};
  for (const [spec, n] of Object.entries(v)) {
    if (!(RSA_WRAPPING_KEY_SPECS as readonly string[]).includes(spec)) throw new ByokError('ERR_INVALID_ARGUMENT', `prepareWrappingKeys: ${spec.slice(0, 32)} is not RSA_2048, RSA_3072 or RSA_4096`);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_STOCK) throw new ByokError('ERR_INVALID_ARGUMENT', `prepareWrappingKeys: ${spec} must be a whole number from 0 to ${MAX_STOCK}`);
    out[spec as keyof WrappingKeyCounts] = n;
  }
  return out;
}

function checkCredentials(v: unknown): Credential[] {
  if (!Array.isArray(v) || !v.every((c) => typeof c?.id === 'string' && c.id !== '' && typeof c.secret === 'string' && c.secret !== '')) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'credentials must be a list of { id, secret } strings');
  }
  return v.map((c) => ({ id: c.id, secret: c.secret }));
}

/** @internal createMockKms with its fault randomness injected (tests only). */
export function createMockKmsWith(options: MockKmsOptions, seams: MockKmsSeams): MockKms {
  if (typeof options !== 'object' || options === null) throw new ByokError('ERR_INVALID_ARGUMENT', 'createMockKms options must be an object');
  if (options.now !== undefined && typeof options.now !== 'function') throw new ByokError('ERR_INVALID_ARGUMENT', 'options.now must be a function returning ms');
  if (options.baseUrls !== undefined && (!Array.isArray(options.baseUrls) || !options.baseUrls.every((b) => typeof b === 'string' && b !== ''))) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'options.baseUrls must be a list of URLs or paths');
  }
  const storage = options.storage;
  if (storage !== undefined && (typeof storage?.getItem !== 'function' || typeof storage.setItem !== 'function' || typeof storage.removeItem !== 'function')) {
    throw new ByokError('ERR_INVALID_ARGUMENT', 'options.storage must be a Storage (getItem, setItem, removeItem), e.g. localStorage');
  }
  const now = options.now ?? (() => Date.now());
  let writeFailed = false;
  const persist = () => {
    if (!storage) return;
    try {
      storage.setItem(STORAGE_KEY, service.store.serialize());
    } catch {
      // Keep serving from memory; say so once (issue 11.14).
      if (!writeFailed) result.storageError = warn('storage refused a write');
      writeFailed = true;
    }
  };
  const service: MockKmsService = new MockKmsService(now, persist);
  const ctx: DialectContext = { service, now, faults: checkFaults(options.faults ?? {}), random: seams.random ?? cryptoRandom, nonces: new Map() };
  if (options.credentials !== undefined) ctx.credentials = checkCredentials(options.credentials);
  const result: MockKms = {
    handlers: [],
    reset() {
      service.store.clear();
      ctx.nonces.clear();
      try {
        storage?.removeItem(STORAGE_KEY);
      } catch {
        result.storageError = warn('storage refused a write');
      }
    },
    setFaults(faults) {
      ctx.faults = checkFaults(faults);
    },
    prepareWrappingKeys(counts) {
      try {
        return wrappingKeyPool().prepare(checkCounts(counts));
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
  if (storage) {
    let saved: string | null = null;
    try {
      saved = storage.getItem(STORAGE_KEY);
    } catch {
      result.storageError = warn('stored state unreadable');
    }
    if (saved !== null) {
      try {
        if (typeof saved !== 'string') throw new Error('not text');
        service.store.load(saved, checkStoredKey);
      } catch {
        result.storageError = warn('stored state corrupt');
      }
    }
  }
  // A base URL answers every dialect: X-TC-Action is Tencent, X-Amz-Target AWS, the rest Alibaba.
  const sniff = (request: Request) =>
    request.headers.has('x-tc-action') ? handleTencent(ctx, request) : request.headers.has('x-amz-target') ? handleAws(ctx, request) : handleAliyun(ctx, request);
  result.handlers = [
    http.all(TENCENT_ENDPOINT, ({ request }) => handleTencent(ctx, request)),
    http.all(TENCENT_REGIONAL, ({ request }) => handleTencent(ctx, request)),
    http.all(ALIYUN_ENDPOINT, ({ request }) => handleAliyun(ctx, request)),
    http.all(AWS_ENDPOINT, ({ request }) => handleAws(ctx, request)),
    ...(options.baseUrls ?? []).flatMap((base) => {
      const b = base.replace(/\/+$/, '');
      return [http.all(b, ({ request }) => sniff(request)), http.all(`${b}/`, ({ request }) => sniff(request))];
    }),
  ];
  return result;
}
