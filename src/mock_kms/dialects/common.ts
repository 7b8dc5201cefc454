// What both wire dialects share: reading arguments, faults, the request context.
import { fromBase64 } from '../../lib/bytes.js';
import { fail } from '../kms_error.js';
import type { MockKmsService } from '../kms.js';
import type { Credential } from '../signatures.js';

export interface DialectContext {
  service: MockKmsService;
  now: () => number;
  credentials?: Credential[];
  faults: { throttle: number; internalError: number; delayMs: number };
  /** Uniform in [0, 1): crypto.getRandomValues unless a test injects its own. */
  random: () => number;
}

export type Args = Record<string, unknown>;

/** Throttling, internal errors and delay at the configured rates (SPEC §3 "Faults", seed 003). */
export async function injectFaults(ctx: DialectContext): Promise<void> {
  const { throttle, internalError, delayMs } = ctx.faults;
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (throttle > 0 && ctx.random() < throttle) fail('Throttled', 'the request was throttled: retry with exponential backoff');
  if (internalError > 0 && ctx.random() < internalError) fail('InternalError', 'an internal error occurred: retry with exponential backoff');
}

export function str(args: Args, name: string): string {
  const v = optStr(args, name);
  if (v === undefined || v === '') fail('MissingParameter', `missing required parameter ${name}`);
  return v;
}

export function optStr(args: Args, name: string): string | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail('InvalidParameter', `parameter ${name} must be a string`);
  return v;
}

/** Integers arrive as JSON numbers (Tencent) or as text (Alibaba RPC). */
export function optInt(args: Args, name: string): number | undefined {
  const v = args[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) fail('InvalidParameter', `parameter ${name} must be an integer`);
  return n;
}

export function int(args: Args, name: string): number {
  return optInt(args, name) ?? fail('MissingParameter', `missing required parameter ${name}`);
}

const MAX_MATERIAL_BYTES = 8192;

export function base64Arg(args: Args, name: string, max = MAX_MATERIAL_BYTES): Uint8Array {
  const text = str(args, name);
  if (text.length > (max * 4) / 3 + 4) fail('InvalidParameter', `parameter ${name} is too long`);
  return fromBase64(text) ?? fail('InvalidParameter', `parameter ${name} must be base64`);
}

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
