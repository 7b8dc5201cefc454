// What the wrapping key pool's Worker runs: RSA key generation away from the page's thread.
// Firefox queues a page's WebCrypto calls behind the key generations that page started (an
// RSA-OAEP decrypt waited 2.3 s behind 24 RSA-2048 generations; 3–380 ms with them in
// Workers), so the mock's own unwrapping would wait for its pool. Each request names an id;
// each answer carries exactly one pair for that id, or says the generation failed.
import { generateRsaWrappingKey, RSA_WRAPPING_KEY_SPECS, type RsaWrappingKeySpec } from './wrapping_keys.js';

interface Scope {
  onmessage: ((e: MessageEvent<{ id: number; spec: RsaWrappingKeySpec }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = globalThis as unknown as Scope;

scope.onmessage = async ({ data }) => {
  const { id, spec } = data ?? {};
  if (typeof id !== 'number' || !RSA_WRAPPING_KEY_SPECS.includes(spec)) return;
  try {
    const { publicKey, privateKey } = await generateRsaWrappingKey(spec);
    scope.postMessage({ id, publicKey, privateKey }, [publicKey.buffer as ArrayBuffer]);
  } catch {
    scope.postMessage({ id, failed: true });
  }
};
