// Harness page /harness/mock.html: the library and the mocked KMS in MSW's service worker,
// answering at this page's /api/kms (as a frontend's backend would), for browser tests of
// the mock and the client. `await window.startMock(options)` (re)starts it.
import { setupWorker } from 'msw/browser';
import * as byok from '../../../src/index.js';
import { createMockKms, type MockKmsOptions } from '../../../src/mock_kms/index.js';

let worker: ReturnType<typeof setupWorker> | undefined;

async function startMock(options: MockKmsOptions = {}) {
  const kms = createMockKms({ baseUrls: ['/api/kms'], ...options });
  if (!worker) {
    worker = setupWorker(...kms.handlers);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, onUnhandledRequest: 'bypass' });
  } else worker.resetHandlers(...kms.handlers);
  return true;
}

Object.assign(window, { byok, startMock });
document.title = 'ready';
