// The page around a README block in the browser: when the block brings no mock of its own,
// the mocked KMS first answers at the page's /api/kms (the "your backend" of the README) in
// MSW's service worker; then the block runs as a module. The title reports the outcome.
import { setupWorker } from 'msw/browser';
import { createMockKms } from 'webcrypto-byok/mock-kms';

const query = new URLSearchParams(location.search);
try {
  if (query.get('mock') === '1') {
    await setupWorker(...createMockKms({ baseUrls: ['/api/kms'] }).handlers).start({ onUnhandledRequest: 'error', quiet: true });
  }
  await import(query.get('block'));
  document.title = 'done';
} catch (error) {
  document.body.dataset.error = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
  document.title = 'failed';
}
