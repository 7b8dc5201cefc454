// The mocked KMS's one way to tell a developer something went wrong outside a request (its
// stored state could not be read or written). Fixed texts only: never state, never material.
export type Warning = 'stored state unreadable' | 'stored state corrupt' | 'storage refused a write';

const TEXT: Record<Warning, string> = {
  'stored state unreadable': 'the storage given to createMockKms could not be read; the mock KMS starts empty',
  'stored state corrupt': 'the stored mock KMS state is not one this version wrote (or is corrupt); the mock KMS starts empty',
  'storage refused a write': 'the storage given to createMockKms refused a write (full or blocked?); keys are kept in memory only',
};

export function warn(warning: Warning): string {
  const text = TEXT[warning];
  globalThis.console?.warn(`[webcrypto-byok mock KMS] ${text}`);
  return text;
}
