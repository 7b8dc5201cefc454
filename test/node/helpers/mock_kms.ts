// The mocked KMS behind MSW's setupServer, with a clock the test moves, and the
// official SDK clients pointed at it.
import { vi } from 'vitest';
import { setupServer } from 'msw/node';
import { createRequire } from 'node:module';
import { createMockKmsWith, type MockKmsSeams } from '../../../src/mock_kms/mock.js';
import type { MockKmsOptions } from '../../../src/mock_kms/index.js';

const require = createRequire(import.meta.url);

export const CREDENTIAL = { id: 'AKIDmockkmstest000000000000000000', secret: 'mock-secret-key-0123456789abcdef' };

/**
 * Time for the mock and for the SDKs that sign requests: `advance` moves both (Date is
 * faked), `skew` moves only the server's view, to make signatures stale.
 */
export class Clock {
  offset = 0;
  constructor() {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  }
  now = () => Date.now() + this.offset;
  get ms() {
    return this.now();
  }
  advance(ms: number) {
    vi.setSystemTime(Date.now() + ms);
  }
  skew(ms: number) {
    this.offset += ms;
  }
  restore() {
    vi.useRealTimers();
  }
}

export function startMockKms(options: MockKmsOptions = {}, seams: MockKmsSeams = {}) {
  const clock = new Clock();
  const kms = createMockKmsWith({ now: clock.now, ...options }, seams);
  const server = setupServer(...kms.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return {
    kms,
    server,
    clock,
    close: () => {
      server.close();
      clock.restore();
    },
  };
}

/** tencentcloud-sdk-nodejs, KMS 2019-01-18. */
export function tencentClient(credential = CREDENTIAL) {
  const { Client } = require('tencentcloud-sdk-nodejs/tencentcloud/services/kms/v20190118/kms_client.js');
  return new Client({
    credential: { secretId: credential.id, secretKey: credential.secret },
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: 'kms.tencentcloudapi.com', reqTimeout: 30 } },
  });
}

/** @alicloud/kms20160120 (arguments in the query, HMAC-SHA1 RPC signature). */
export function aliyunTeaClient(credential = CREDENTIAL) {
  const Kms = require('@alicloud/kms20160120').default;
  const { Config } = require('@alicloud/rpc-client');
  return new Kms(new Config({ accessKeyId: credential.id, accessKeySecret: credential.secret, regionId: 'cn-hangzhou', endpoint: 'kms.cn-hangzhou.aliyuncs.com', protocol: 'https' }));
}

/** @alicloud/pop-core (arguments in a POST form body). */
export function aliyunPopClient(credential = CREDENTIAL) {
  const RPCClient = require('@alicloud/pop-core').RPCClient;
  return new RPCClient({ accessKeyId: credential.id, accessKeySecret: credential.secret, endpoint: 'https://kms.cn-hangzhou.aliyuncs.com', apiVersion: '2016-01-20' });
}
