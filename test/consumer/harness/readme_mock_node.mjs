// Preloaded (node --import) before a README block that calls a cloud's real endpoint and
// brings no mock of its own: the mocked KMS answers kms.tencentcloudapi.com and
// kms.<region>.aliyuncs.com in this process, verifying signatures made with the
// credentials the harness put in the environment. Nothing reaches a network.
import { setupServer } from 'msw/node';
import { createMockKms } from 'webcrypto-byok/mock-kms';

const credential = (id, secret) => ({ id: process.env[id], secret: process.env[secret] });
const kms = createMockKms({
  credentials: [
    credential('TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'),
    credential('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'),
  ],
});
setupServer(...kms.handlers).listen({ onUnhandledRequest: 'error' });
