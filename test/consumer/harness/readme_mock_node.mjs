// Preloaded (node --import) before a README block that calls a cloud's real endpoint and
// brings no mock of its own: the mocked KMS answers kms.tencentcloudapi.com,
// kms.<region>.aliyuncs.com and kms.<region>.amazonaws.com in this process, verifying
// signatures made with the credentials the harness put in the environment; small fakes of
// Google Cloud KMS import jobs, HashiCorp Vault transit and Azure Key Vault answer the
// README's other clouds and open what they receive with node:crypto (readme_clouds_node.mjs).
// Nothing reaches a network.
import { setupServer } from 'msw/node';
import { createMockKms } from 'webcrypto-byok/mock-kms';
import { cloudFakes } from './readme_clouds_node.mjs';

const credential = (id, secret) => ({ id: process.env[id], secret: process.env[secret] });
const kms = createMockKms({
  credentials: [
    credential('TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'),
    credential('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'),
    credential('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
  ],
});
setupServer(...kms.handlers, ...cloudFakes()).listen({ onUnhandledRequest: 'error' });
