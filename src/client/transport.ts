// One KMS request over fetch, bounded (issue 11.7–11.9): it never follows a redirect,
// gives up after timeoutMs or as soon as the caller's signal fires (even when the fetch
// given ignores signals), and reads at most MAX_REPLY_BYTES of reply.
import { ByokError } from '../errors.js';

/** KMS replies are a few KB; a larger one is not the KMS API. */
export const MAX_REPLY_BYTES = 1 << 20;

/** The optional last argument of every client method. */
export interface CallOptions {
  /** Abort the request (and, for importKeyMaterial, every retry and wait). */
  signal?: AbortSignal;
}

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
}

/** @internal Refuses anything that is not an AbortSignal before a request is made (a wrong
 * `signal` would otherwise throw a TypeError mid-flight, or be silently ignored). */
export function checkSignal(signal: unknown, where: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const s = signal as Partial<AbortSignal> | null;
  if (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean' || typeof s.addEventListener !== 'function' || typeof s.removeEventListener !== 'function')
    throw new ByokError('ERR_INVALID_ARGUMENT', `${where} must be an AbortSignal (for example AbortSignal.timeout(10_000) or new AbortController().signal)`);
  return signal as AbortSignal;
}

export function abortedError(signal?: AbortSignal): ByokError {
  return new ByokError('ERR_ABORTED', 'the operation was aborted by its signal', signal?.reason === undefined ? undefined : { cause: signal.reason });
}

export async function exchange(fetchFn: typeof fetch, url: URL, init: RequestInit, timeoutMs: number, signal?: AbortSignal): Promise<Exchange> {
  if (signal?.aborted) throw abortedError(signal);
  const controller = new AbortController();
  let stopped: ByokError | undefined;
  let stop!: (e: ByokError) => void;
  const stopping = new Promise<never>((_, reject) => (stop = reject));
  stopping.catch(() => undefined);
  const halt = (error: ByokError) => {
    if (stopped) return;
    stopped = error;
    controller.abort(error);
    stop(error);
  };
  const timer = setTimeout(
    () => halt(new ByokError('ERR_TIMEOUT', `the KMS endpoint ${url.origin} did not answer within ${timeoutMs} ms (timeoutMs)`)),
    timeoutMs,
  );
  const onAbort = () => halt(abortedError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let response: Response;
    try {
      response = await Promise.race([fetchFn(url.href, { ...init, redirect: 'manual', signal: controller.signal }), stopping]);
    } catch (cause) {
      if (stopped) throw stopped;
      throw new ByokError('ERR_NETWORK', `the KMS endpoint ${url.origin} could not be reached`, { cause });
    }
    // Redirects are refused, not followed: the request carries a signed body and maybe an
    // Authorization header, which go nowhere but the configured endpoint (issue 11.7).
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      void response.body?.cancel().catch(() => undefined);
      throw new ByokError(
        'ERR_NETWORK',
        `the KMS endpoint ${url.origin} answered with a redirect (HTTP ${response.status}); requests are never forwarded elsewhere: configure the final endpoint`,
        { status: response.status },
      );
    }
    const text = await Promise.race([readCapped(response, url), stopping]);
    return { status: response.status, headers: response.headers, text };
  } catch (e) {
    if (stopped) throw stopped;
    throw e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function readCapped(response: Response, url: URL): Promise<string> {
  const tooLarge = () =>
    new ByokError('ERR_NETWORK', `the KMS endpoint ${url.origin} answered HTTP ${response.status} with more than ${MAX_REPLY_BYTES} bytes: that is not the KMS API`, {
      status: response.status,
    });
  if (!response.body) {
    const text = await response.text();
    if (text.length > MAX_REPLY_BYTES) throw tooLarge();
    return text;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_REPLY_BYTES) throw tooLarge();
      text += decoder.decode(value, { stream: true });
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    throw e;
  }
  return text + decoder.decode();
}

/** The reply as a JSON object, or ERR_NETWORK saying what came instead (issue 11.9). */
export function jsonObject(exchange: Exchange, url: URL): Record<string, unknown> {
  const { status, text } = exchange;
  // No `cause` with the parser's error: its message quotes the reply, which may hold a plaintext.
  const notApi = (what: string) =>
    new ByokError('ERR_NETWORK', `the endpoint ${url.origin} answered HTTP ${status} with ${what}, not the KMS API's JSON: check the endpoint`, { status });
  const trimmed = text.trimStart();
  if (trimmed === '') throw notApi('an empty body');
  if (trimmed.startsWith('<')) throw notApi('HTML or XML (a login page, a proxy error?)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notApi('text that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notApi(value === null ? 'null' : Array.isArray(value) ? 'a JSON array' : `a JSON ${typeof value}`);
  return value as Record<string, unknown>;
}
