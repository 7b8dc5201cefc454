// Names of Object.prototype's members ("__proto__", "constructor", "toString"…) sent wherever
// a request carries a name: the action, every string parameter of every action, list items,
// map keys, tag keys. An outside review found some reached plain-object lookups and answered
// 500, or dropped a tag silently. Whatever the value, the mock answers as the cloud would
// (a success or a client error), never an internal error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createMockKms } from '../../../src/mock_kms/index.js';
import { TENCENT_ACTIONS } from '../../../src/mock_kms/dialects/tencent.js';
import { ALIYUN_ACTIONS } from '../../../src/mock_kms/dialects/aliyun.js';
import { AWS_ACTIONS } from '../../../src/mock_kms/dialects/aws.js';
import type { ActionTable } from '../../../src/mock_kms/wire/dialect.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.resetHandlers(...createMockKms().handlers);
});
afterAll(() => server.close());

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

const calls = {
  tencent: async (action: string, params: Record<string, unknown>): Promise<Reply> => {
    const r = await fetch('https://kms.tencentcloudapi.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tc-action': action, 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' },
      body: JSON.stringify(params),
    });
    return { status: r.status, body: ((await r.json()) as { Response: Record<string, unknown> }).Response };
  },
  aliyun: async (action: string, params: Record<string, unknown>): Promise<Reply> => {
    const form = new URLSearchParams({ Action: action, Version: '2016-01-20', Format: 'JSON', RegionId: 'cn-hangzhou' });
    for (const [k, v] of Object.entries(params)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    const r = await fetch('https://kms.cn-hangzhou.aliyuncs.com/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  },
  aws: async (action: string, params: Record<string, unknown>): Promise<Reply> => {
    const r = await fetch('https://kms.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${action}` },
      body: JSON.stringify(params),
    });
    const text = await r.text();
    return { status: r.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  },
};
type Cloud = keyof typeof calls;

const INTERNAL: Record<Cloud, string> = { tencent: 'InternalError', aliyun: 'InternalFailure', aws: 'KMSInternalException' };
const codeOf = (cloud: Cloud, r: Reply) =>
  cloud === 'tencent' ? (r.body.Error as { Code?: string } | undefined)?.Code : cloud === 'aliyun' ? (r.body.Code as string | undefined) : (r.body.__type as string | undefined);

/** Keys of several kinds per cloud, so that key-scoped actions get past the lookup. */
const KEYS: Record<Cloud, Record<string, unknown>[]> = {
  tencent: [{ Alias: 'p1' }, { Alias: 'p2', KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC' }, { Alias: 'p3', Type: 2 }],
  aliyun: [{}, { KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' }, { Origin: 'EXTERNAL' }],
  aws: [{}, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, { Origin: 'EXTERNAL' }, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }],
};
const TABLES: Record<Cloud, ActionTable> = { tencent: TENCENT_ACTIONS, aliyun: ALIYUN_ACTIONS, aws: AWS_ACTIONS };

/** Every parameter of `table[action]` given a value built from `name`, in the shape its type takes. */
function hostileParams(table: ActionTable, action: string, name: string, shape: 'map' | 'list'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [param, p] of Object.entries(table[action]!.params)) {
    if (p.type === 'string') out[param] = name;
    else if (p.type === 'strings') out[param] = [name];
    else if (p.type === 'json') {
      out[param] = shape === 'map' ? JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(name)}}`) : [{ TagKey: name, TagValue: name, Key: name, Value: name, Values: [name] }];
    }
  }
  return out;
}

describe.each(Object.keys(calls) as Cloud[])('%s: names of Object.prototype members', (cloud) => {
  const call = calls[cloud];
  const table = TABLES[cloud];
  let keyIds: string[] = [];

  beforeAll(async () => {
    keyIds = [];
    for (const args of KEYS[cloud]) {
      const r = await call('CreateKey', args);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.Error, JSON.stringify(r.body)).toBeUndefined();
      // Tencent's CreateKey answers KeyId at the top of Response; Alibaba and AWS in KeyMetadata.
      keyIds.push(((r.body.KeyMetadata as { KeyId: string } | undefined)?.KeyId ?? r.body.KeyId) as string);
    }
  });

  it('as the action: an unknown action, not an internal error', async () => {
    for (const name of NAMES) {
      const r = await call(name, {});
      expect(codeOf(cloud, r), `${cloud} action ${name}`).toBeDefined();
      expect(codeOf(cloud, r)).not.toBe(INTERNAL[cloud]);
      expect(r.status).toBeLessThan(500);
    }
  });

  it('as every string, list item, map key and tag of every action, with and without a real key', async () => {
    const failures: string[] = [];
    for (const action of Object.keys(table)) {
      const keyParam = table[action]!.key?.param;
      for (const name of NAMES) {
        for (const shape of ['map', 'list'] as const) {
          for (const keyId of [undefined, ...keyIds]) {
            const params = hostileParams(table, action, name, shape);
            if (keyParam && keyId) params[keyParam] = keyId;
            const r = await call(action, params);
            if (r.status >= 500 || codeOf(cloud, r) === INTERNAL[cloud]) failures.push(`${action} ${name} ${shape} ${keyId ?? ''}: ${r.status} ${JSON.stringify(r.body)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a tag whose key is "__proto__" is kept like any other', async () => {
    const [keyId] = keyIds;
    const tag = { tencent: { TagKey: '__proto__', TagValue: 'v' }, aliyun: { TagKey: '__proto__', TagValue: 'v' }, aws: { TagKey: '__proto__', TagValue: 'v' } }[cloud];
    if (cloud === 'tencent') {
      expect((await call('UpdateKeyDescription', { KeyId: keyId, Description: 'x' })).status).toBe(200);
      const created = await call('CreateKey', { Alias: 'tagged', Tags: [tag] });
      expect(created.body.Error).toBeUndefined();
      const id = (created.body as { KeyId: string }).KeyId;
      const listed = await call('ListKeyDetail', { TagFilters: [{ TagKey: '__proto__', TagValue: ['v'] }], Limit: 100 });
      expect((listed.body.KeyMetadatas as { KeyId: string }[]).map((k) => k.KeyId)).toContain(id);
    } else if (cloud === 'aliyun') {
      expect((await call('TagResource', { KeyId: keyId, Tags: [{ TagKey: '__proto__', TagValue: 'v' }] })).status).toBe(200);
      const tags = await call('ListResourceTags', { KeyId: keyId });
      expect(JSON.stringify(tags.body)).toContain('__proto__');
    } else {
      expect((await call('TagResource', { KeyId: keyId, Tags: [tag] })).status).toBe(200);
      const tags = await call('ListResourceTags', { KeyId: keyId });
      expect(tags.body.Tags).toEqual([{ TagKey: '__proto__', TagValue: 'v' }]);
    }
  });
});

describe('lookup tables read with request-supplied names have no prototype', () => {
  it('the exported key-spec and usage tables answer nothing for a prototype member', async () => {
    const { AWS_KEY_SPECS } = await import('../../../src/mock_kms/dialects/aws.js');
    const { ALIYUN_KEY_SPECS } = await import('../../../src/mock_kms/dialects/aliyun.js');
    const { TENCENT_KEY_USAGES } = await import('../../../src/mock_kms/dialects/tencent.js');
    for (const name of NAMES) {
      expect(AWS_KEY_SPECS[name], `AWS_KEY_SPECS.${name}`).toBeUndefined();
      expect(ALIYUN_KEY_SPECS[name], `ALIYUN_KEY_SPECS.${name}`).toBeUndefined();
      expect(TENCENT_KEY_USAGES[name], `TENCENT_KEY_USAGES.${name}`).toBeUndefined();
    }
  });

  it('an HMAC algorithm named like a prototype member is refused, not called', async () => {
    const { hmacOf } = await import('../../../src/mock_kms/asymmetric.js');
    for (const name of NAMES) expect(() => hmacOf(new Uint8Array(32), name, new Uint8Array(1)), name).toThrow(expect.objectContaining({ kind: 'InvalidKeyUsage' }));
  });
});
