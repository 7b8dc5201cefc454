// webcrypto-byok/mock-kms — placeholder until the mocked KMS lands (issue 4).
import { ByokError } from '../errors.js';

export interface MockKmsOptions {
  now?: () => number;
  credentials?: { id: string; secret: string }[];
  baseUrls?: string[];
  faults?: { throttle?: number; internalError?: number; delayMs?: number };
  storage?: Storage;
}

/** Not implemented yet: throws. See the README's roadmap. */
export function createMockKms(_options: MockKmsOptions = {}): never {
  throw new ByokError('ERR_UNSUPPORTED_PLATFORM', 'webcrypto-byok/mock-kms is not implemented in this release yet');
}
