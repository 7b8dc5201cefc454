// What a dialect keeps beyond the shared key fields — Tencent's rotation settings and
// cloud-resource bindings, Alibaba's key versions and rotation policy — survives a reload
// from `options.storage` (a page reload in the demo), like the rest of the state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createKmsClient } from '../../../src/index.js';
import { createMockKms, type MockKmsStorage } from '../../../src/mock_kms/index.js';

const server = setupServer();
beforeEach(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.close());

function memory(): MockKmsStorage {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('per-cloud key state is stored and read back', () => {
  it('Tencent: rotation and bindings', async () => {
    const storage = memory();
    server.resetHandlers(...createMockKms({ storage }).handlers);
    const before = createKmsClient({ cloud: 'tencent' });
    const { KeyId } = await before.createKey({ Alias: 'kept' });
    await before.enableKeyRotation({ KeyId, RotateDays: 30 });
    await before.bindCloudResource({ KeyId, ProductId: 'cos', ResourceId: 'bucket-1' });

    server.resetHandlers(...createMockKms({ storage }).handlers); // a reload
    const after = createKmsClient({ cloud: 'tencent' });
    expect((await after.getKeyRotationStatus({ KeyId })).KeyRotationEnabled).toBe(true);
    // Still bound: disabling is refused until it is unbound.
    await expect(after.disableKey({ KeyId })).rejects.toMatchObject({ kmsCode: 'FailedOperation.CmkUsedByCloudProduct' });
    await after.unbindCloudResource({ KeyId, ProductId: 'cos', ResourceId: 'bucket-1' });
    await after.disableKey({ KeyId });
  });

  it('Alibaba: key versions and their material, and the rotation policy', async () => {
    const storage = memory();
    let clock = Date.UTC(2026, 10, 1);
    const now = () => clock;
    server.resetHandlers(...createMockKms({ storage, now }).handlers);
    const before = createKmsClient({ cloud: 'aliyun' });
    const { KeyMetadata } = await before.createKey({ KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' });
    const first = KeyMetadata.PrimaryKeyVersion ?? '';
    clock += 8 * 24 * 3600 * 1000; // a new version may follow 7 days after the last
    const { KeyVersion } = await before.createKeyVersion({ KeyId: KeyMetadata.KeyId });
    const digest = Buffer.alloc(32, 7).toString('base64');
    const signedByFirst = await before.asymmetricSign({ KeyId: KeyMetadata.KeyId, KeyVersionId: first, Algorithm: 'ECDSA_SHA_256', Digest: digest });
    const sym = await before.createKey({ KeySpec: 'Aliyun_AES_256', EnableAutomaticRotation: true, RotationInterval: '604800s' });

    server.resetHandlers(...createMockKms({ storage, now }).handlers); // a reload
    const after = createKmsClient({ cloud: 'aliyun' });
    const versions = (await after.listKeyVersions({ KeyId: KeyMetadata.KeyId })).KeyVersions.KeyVersion.map((v) => v.KeyVersionId);
    expect(versions).toEqual([first, KeyVersion.KeyVersionId]);
    // The first version's private key came back too: its signature still verifies under it.
    const verified = await after.asymmetricVerify({ KeyId: KeyMetadata.KeyId, KeyVersionId: first, Algorithm: 'ECDSA_SHA_256', Digest: digest, Value: signedByFirst.Value });
    expect(verified.Value).toBe(true);
    expect((await after.describeKey({ KeyId: sym.KeyMetadata.KeyId })).KeyMetadata.AutomaticRotation).toBe('Enabled');
  });
});

describe('a tag keyed "__proto__" survives a reload (review round 3, L1)', () => {
  // Tags as each cloud lists them, sorted by key.
  const listed = {
    aws: async (c: ReturnType<typeof createKmsClient>, KeyId: string) => (((await c.request('ListResourceTags', { KeyId })) as { Tags: { TagKey: string; TagValue: string }[] }).Tags),
    aliyun: async (c: ReturnType<typeof createKmsClient>, KeyId: string) =>
      ((await c.request('ListResourceTags', { KeyId })) as { Tags: { Tag: { TagKey: string; TagValue: string }[] } }).Tags.Tag.map(({ TagKey, TagValue }) => ({ TagKey, TagValue })),
  };
  const sorted = (tags: { TagKey: string; TagValue: string }[]) => [...tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : 1));

  for (const cloud of ['aws', 'aliyun'] as const) {
    it(`${cloud}: kept through storage, and still there after a later TagResource`, async () => {
      const storage = memory();
      server.resetHandlers(...createMockKms({ storage }).handlers);
      const before = createKmsClient({ cloud });
      const KeyId = ((await before.createKey({})).KeyMetadata as { KeyId: string }).KeyId;
      const tag = cloud === 'aws' ? [{ TagKey: '__proto__', TagValue: 'p' }] : JSON.stringify([{ TagKey: '__proto__', TagValue: 'p' }]);
      await before.request('TagResource', { KeyId, Tags: tag });

      server.resetHandlers(...createMockKms({ storage }).handlers); // a reload
      const after = createKmsClient({ cloud });
      expect(await listed[cloud](after, KeyId)).toEqual([{ TagKey: '__proto__', TagValue: 'p' }]);
      const more = cloud === 'aws' ? [{ TagKey: 'b', TagValue: 'q' }, { TagKey: '__proto__', TagValue: 'r' }] : JSON.stringify([{ TagKey: 'b', TagValue: 'q' }, { TagKey: '__proto__', TagValue: 'r' }]);
      await after.request('TagResource', { KeyId, Tags: more });
      expect(sorted(await listed[cloud](after, KeyId))).toEqual([{ TagKey: '__proto__', TagValue: 'r' }, { TagKey: 'b', TagValue: 'q' }]);
    });
  }

  it('tencent: CreateKey Tags kept through storage (ListKeyDetail TagFilters finds the key)', async () => {
    const storage = memory();
    server.resetHandlers(...createMockKms({ storage }).handlers);
    const { KeyId } = await createKmsClient({ cloud: 'tencent' }).createKey({ Alias: 'proto-tag', Tags: [{ TagKey: '__proto__', TagValue: 'p' }] });

    server.resetHandlers(...createMockKms({ storage }).handlers); // a reload
    const found = (await createKmsClient({ cloud: 'tencent' }).request('ListKeyDetail', { TagFilters: [{ TagKey: '__proto__', TagValue: ['p'] }] })) as { KeyMetadatas: { KeyId: string }[] };
    expect(found.KeyMetadatas.map((k) => k.KeyId)).toEqual([KeyId]);
  });
});
