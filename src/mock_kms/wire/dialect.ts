// What every wire dialect shares: the request context, one row per action (parameters,
// the key it works on and the states that key may be in, the handler), and the steps
// every request goes through — size cap, parse and signature, faults, parameter checks,
// key lookup and state check — before the row's handler runs (issue 13: "the actions are
// declared as data ... growing it does not grow a switch").
import { concat } from '../../lib/bytes.js';
import { fail, KmsError, type KeyState } from '../kms_error.js';
import type { MockKmsService } from '../kms.js';
import type { Credential } from '../signatures.js';
import type { Cloud, KeyRecord } from '../store.js';
import { readParams, type Args, type Params, type WireKind } from './params.js';

export interface DialectContext {
  service: MockKmsService;
  now: () => number;
  credentials?: Credential[];
  faults: { throttle: number; internalError: number; delayMs: number };
  /** Uniform in [0, 1): crypto.getRandomValues unless a test injects its own. */
  random: () => number;
  /** Signature nonces already used, with when they may be forgotten (ms): Alibaba refuses a reuse. */
  nonces: Map<string, number>;
}

export interface ActionCall {
  ctx: DialectContext;
  service: MockKmsService;
  region: string;
  args: Args;
  /** The key named by the row's `key.param`, when the row has one. */
  key: KeyRecord;
}

export interface ActionRow {
  /** The action's parameters, as the API reference lists them. */
  readonly params: Params;
  /**
   * The key this action works on: named by `param` (an id, or where the cloud allows it an
   * alias or ARN), looked up in the request's region, and refused unless it is in one of
   * `states` (the dialect says with which code).
   */
  readonly key?: { readonly param: string; readonly states?: readonly KeyState[] };
  run(call: ActionCall): Promise<Record<string, unknown>>;
}

export type ActionTable = Readonly<Record<string, ActionRow>>;

/** A request as the dialect read it off the wire, signature checked. */
export interface ParsedRequest {
  action: string;
  region: string;
  raw: Record<string, unknown>;
}

export interface Dialect {
  readonly cloud: Cloud;
  readonly wire: WireKind;
  readonly table: ActionTable;
  /** Every action of the cloud's API (from its SDK model): the ones without a row answer "not implemented". */
  readonly known: readonly string[];
  /** Parameters of a request that are not the action's own (common parameters); others are refused when `strict`. */
  readonly strict?: boolean;
  parse(ctx: DialectContext, request: Request, body: Uint8Array): Promise<ParsedRequest>;
  /** The refusal of `action` on a key in a state the row does not allow. */
  stateError(action: string, key: KeyRecord): KmsError;
  /** Resolve the key a row names (ids only, or aliases and ARNs too). */
  resolveKey(service: MockKmsService, region: string, ref: string): KeyRecord;
  ok(body: Record<string, unknown>): Response;
  error(e: KmsError): Response;
}

/** Request bodies larger than this are refused, without reading past it (issue 11.13; readBody). */
export const MAX_BODY_BYTES = 256 * 1024;

/** Throttling, internal errors and delay at the configured rates (SPEC §3 "Faults", seed 003). */
export async function injectFaults(ctx: DialectContext): Promise<void> {
  const { throttle, internalError, delayMs } = ctx.faults;
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (throttle > 0 && ctx.random() < throttle) fail('Throttled', 'the request was throttled: retry with exponential backoff');
  if (internalError > 0 && ctx.random() < internalError) fail('InternalError', 'an internal error occurred: retry with exponential backoff');
}

/**
 * The body, read chunk by chunk: a declared Content-Length over the cap is refused before
 * anything is read, a streamed body (no Content-Length) as soon as the bytes read pass it,
 * and the rest of the stream is cancelled, never pulled (issue 11.13; review round 3, L5).
 */
async function readBody(request: Request): Promise<Uint8Array> {
  const tooLarge = () => fail('RequestTooLarge', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) tooLarge();
  // No body, or a browser whose Request has no body stream (older WebKit): read whole, then check.
  if (!request.body) {
    const whole = new Uint8Array(await request.arrayBuffer());
    return whole.length > MAX_BODY_BYTES ? tooLarge() : whole;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > MAX_BODY_BYTES) {
      // Not awaited: a stalled source must not hold the refusal back.
      reader.cancel().catch(() => {});
      tooLarge();
    }
    chunks.push(value);
  }
  // A copy: the chunks may be shared with the caller's stream (a tee).
  return concat(...chunks);
}

/** The host names a region the cloud does not have: no such host exists, so the request fails as a
 * network error (DNS) — what the cloud's SDK sees — rather than with an API error. */
export class NoSuchHost extends Error {}

/** One request through a dialect: every step the cloud takes before and around the action itself. */
export async function handle(dialect: Dialect, ctx: DialectContext, request: Request): Promise<Response> {
  try {
    const body = await readBody(request);
    const { action, region, raw } = await dialect.parse(ctx, request, body);
    await injectFaults(ctx);
    const row = Object.hasOwn(dialect.table, action) ? dialect.table[action] : undefined;
    if (!row) {
      if (dialect.known.includes(action)) fail('NotImplemented', `${action} is part of the API but not implemented by webcrypto-byok's mock KMS`);
      return fail('UnknownAction', `the action ${action} does not exist in this API version`);
    }
    if (dialect.strict) {
      const unknown = Object.keys(raw).find((k) => !Object.hasOwn(row.params, k));
      if (unknown) fail('UnknownParameter', `the parameter ${unknown} is not a parameter of ${action}`);
    }
    const args = readParams(raw, row.params, dialect.wire);
    let key: KeyRecord | undefined;
    if (row.key) {
      key = dialect.resolveKey(ctx.service, region, args.str(row.key.param));
      if (row.key.states && !row.key.states.includes(key.state)) throw dialect.stateError(action, key);
    }
    return dialect.ok(await row.run({ ctx, service: ctx.service, region, args, key: key! }));
  } catch (e) {
    if (e instanceof NoSuchHost) return Response.error();
    return dialect.error(e instanceof KmsError ? e : new KmsError('InternalError', 'an internal error occurred'));
  }
}
