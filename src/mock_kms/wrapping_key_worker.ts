// The module the wrapping key pool's Worker runs (a bundler emits it from the `new Worker(new
// URL(...))` in wrapping_key_pool.ts): RSA key generation away from the page's thread.
// Firefox queues a page's WebCrypto calls behind the key generations that page started (an
// RSA-OAEP decrypt waited 2.3 s behind 24 RSA-2048 generations; 3–380 ms with them in
// Workers), so made in the page they would hold up the mock's own unwrapping.
//
// Self-contained on purpose (no imports; wrapping_keys.ts has the same few lines for the
// realm): a module Worker fetches its imports itself, and with MSW's service worker
// controlling the page Firefox never delivers them — one file is one fetch, which it does.

type Spec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
const SPECS: readonly string[] = ['RSA_2048', 'RSA_3072', 'RSA_4096'];

/** A Worker's global scope, as far as serveWrappingKeys uses it. */
export interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id?: unknown; spec?: unknown }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

/**
 * Answers the pool: it says `ready` first; then each request (an id and a spec) gets exactly
 * one answer, a pair for that id (SPKI DER and JWK, as wrapping_keys.ts makes them) or `failed`.
 */
export function serveWrappingKeys(scope: WorkerScope): void {
  scope.onmessage = async ({ data }) => {
    const { id, spec } = data ?? {};
    if (typeof id !== 'number' || typeof spec !== 'string' || !SPECS.includes(spec)) return;
    try {
      const subtle = globalThis.crypto.subtle;
      const pair = (await subtle.generateKey(
        { name: 'RSA-OAEP', modulusLength: Number((spec as Spec).slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        ['encrypt', 'decrypt'],
      )) as CryptoKeyPair;
      const [spki, privateKey] = await Promise.all([subtle.exportKey('spki', pair.publicKey), subtle.exportKey('jwk', pair.privateKey)]);
      scope.postMessage({ id, publicKey: new Uint8Array(spki), privateKey }, [spki]);
    } catch {
      scope.postMessage({ id, failed: true });
    }
  };
  scope.postMessage({ ready: true });
}

serveWrappingKeys(globalThis as unknown as WorkerScope);
