// Alibaba aliases and key references through @alicloud/kms20160120: CreateAlias, UpdateAlias,
// DeleteAlias, ListAliases, ListAliasesByKeyId; `alias/<name>` and ARNs wherever a KeyId is;
// keys, aliases and ARNs per region.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { createKey, Kms, rawCall, refusal, refused, teaClient } from './aliyun_fixture.js';

let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

const client = teaClient('cn-hangzhou');
const shanghai = teaClient('cn-shanghai');
const ACCOUNT = '1234567890123456';
let n = 0;
const fresh = () => `alias/test-${++n}_a/b-${Date.now()}`;

describe('the alias actions', () => {
  it('create, list (all and per key), update, delete, with the reply shapes of the SDK models', async () => {
    const a = await createKey(client);
    const b = await createKey(client);
    const name = fresh();
    const other = fresh();
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: a.keyId }));
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: other, keyId: a.keyId }));
    const byKey = await client.listAliasesByKeyId(new Kms.ListAliasesByKeyIdRequest({ keyId: a.keyId }));
    expect(byKey.totalCount).toBe(2);
    expect(byKey.aliases.alias.map((x: { aliasName: string }) => x.aliasName)).toEqual([name, other]);
    expect(byKey.aliases.alias[0]).toMatchObject({ keyId: a.keyId, aliasName: name, aliasArn: `acs:kms:cn-hangzhou:${ACCOUNT}:${name}` });

    await client.updateAlias(new Kms.UpdateAliasRequest({ aliasName: name, keyId: b.keyId }));
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: name }))).keyMetadata.keyId).toBe(b.keyId);
    expect((await client.listAliasesByKeyId(new Kms.ListAliasesByKeyIdRequest({ keyId: b.keyId }))).aliases.alias).toHaveLength(1);

    const all = await client.listAliases(new Kms.ListAliasesRequest({ pageSize: 100 }));
    expect(all.aliases.alias.map((x: { aliasName: string }) => x.aliasName)).toEqual(expect.arrayContaining([name, other]));
    expect(all).toMatchObject({ pageNumber: 1, pageSize: 100, totalCount: all.aliases.alias.length });

    await client.deleteAlias(new Kms.DeleteAliasRequest({ aliasName: name }));
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: name })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    // The key itself is untouched.
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: b.keyId }))).keyMetadata.keyState).toBe('Enabled');
  });

  it('ListAliases pages: PageNumber and PageSize, defaults 1 and 10', async () => {
    const k = await createKey(client);
    const names = Array.from({ length: 12 }, fresh);
    for (const aliasName of names) await client.createAlias(new Kms.CreateAliasRequest({ aliasName, keyId: k.keyId }));
    const first = await client.listAliasesByKeyId(new Kms.ListAliasesByKeyIdRequest({ keyId: k.keyId }));
    expect(first).toMatchObject({ totalCount: 12, pageNumber: 1, pageSize: 10 });
    expect(first.aliases.alias).toHaveLength(10);
    const second = await client.listAliasesByKeyId(new Kms.ListAliasesByKeyIdRequest({ keyId: k.keyId, pageNumber: 2, pageSize: 10 }));
    expect(second.aliases.alias.map((x: { aliasName: string }) => x.aliasName)).toEqual(names.slice(10));
    expect(await refusal(client.listAliases(new Kms.ListAliasesRequest({ pageSize: 101 })))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(client.listAliases(new Kms.ListAliasesRequest({ pageNumber: 0 })))).toEqual(refused('InvalidParameter', 400));
  });

  it('refuses a taken name (AliasAlreadyExists), unknown aliases (Forbidden.AliasNotFound), malformed and reserved names', async () => {
    const k = await createKey(client);
    const name = fresh();
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: k.keyId }));
    expect(await refusal(client.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: k.keyId })))).toEqual(refused('AliasAlreadyExists', 400));
    expect(await refusal(client.updateAlias(new Kms.UpdateAliasRequest({ aliasName: 'alias/never-made', keyId: k.keyId })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    expect(await refusal(client.deleteAlias(new Kms.DeleteAliasRequest({ aliasName: 'alias/never-made' })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    expect(await refusal(client.encrypt(new Kms.EncryptRequest({ keyId: 'alias/never-made', plaintext: 'x' })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    for (const bad of ['no-prefix', 'alias/', 'alias/with space', 'alias/dot.not.allowed', `alias/${'x'.repeat(256)}`, 'alias/acs/reserved', 'alias/acsanything']) {
      expect(await refusal(client.createAlias(new Kms.CreateAliasRequest({ aliasName: bad, keyId: k.keyId }))), bad).toEqual(refused('InvalidParameter', 400));
    }
    // 255 characters after the prefix is the longest name.
    const longest = `alias/${'y'.repeat(255)}`;
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: longest, keyId: k.keyId }));
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: `acs:kms:cn-hangzhou:${ACCOUNT}:${longest}` }))).keyMetadata.keyId).toBe(k.keyId);
    // An alias of a key in another region or an unknown key id.
    expect(await refusal(client.createAlias(new Kms.CreateAliasRequest({ aliasName: fresh(), keyId: '00000000-0000-0000-0000-000000000000' })))).toEqual(refused('Forbidden.KeyNotFound', 404));
  });
});

describe('alias/<name> and ARNs wherever a KeyId is', () => {
  it('every key action takes the alias and the key ARN, and answers with the real KeyId', async () => {
    const sym = await createKey(client);
    const sign = await createKey(client, { keySpec: 'EC_P256', keyUsage: 'SIGN/VERIFY' });
    const symAlias = fresh();
    const signAlias = fresh();
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: symAlias, keyId: sym.keyId }));
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: signAlias, keyId: sign.keyId }));
    const arn = `acs:kms:cn-hangzhou:${ACCOUNT}:key/${sym.keyId}`;
    const aliasArn = `acs:kms:cn-hangzhou:${ACCOUNT}:${symAlias}`;
    for (const ref of [symAlias, arn, aliasArn]) {
      expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: ref }))).keyMetadata.keyId, ref).toBe(sym.keyId);
      const enc = await client.encrypt(new Kms.EncryptRequest({ keyId: ref, plaintext: 'via a reference' }));
      expect(enc.keyId).toBe(sym.keyId);
      expect((await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: enc.ciphertextBlob }))).plaintext).toBe('via a reference');
      expect((await client.generateDataKey(new Kms.GenerateDataKeyRequest({ keyId: ref }))).keyId).toBe(sym.keyId);
      expect((await client.listKeyVersions(new Kms.ListKeyVersionsRequest({ keyId: ref }))).keyVersions.keyVersion[0].keyId).toBe(sym.keyId);
      await client.updateKeyDescription(new Kms.UpdateKeyDescriptionRequest({ keyId: ref, description: `set through ${ref}` }));
      await client.tagResource(new Kms.TagResourceRequest({ keyId: ref, tags: JSON.stringify([{ TagKey: 'via', TagValue: 'ref' }]) }));
      expect((await client.listResourceTags(new Kms.ListResourceTagsRequest({ keyId: ref }))).tags.tag[0]).toMatchObject({ keyId: sym.keyId, tagKey: 'via' });
      expect((await client.listAliasesByKeyId(new Kms.ListAliasesByKeyIdRequest({ keyId: ref }))).aliases.alias[0].keyId).toBe(sym.keyId);
      const re = await rawCall(client, 'ReEncrypt', { CiphertextBlob: enc.ciphertextBlob, DestinationKeyId: ref });
      expect((await client.decrypt(new Kms.DecryptRequest({ ciphertextBlob: re.CiphertextBlob }))).plaintext).toBe('via a reference');
    }
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: sym.keyId }))).keyMetadata.description).toBe(`set through ${aliasArn}`);
    const pub = await client.getPublicKey(new Kms.GetPublicKeyRequest({ keyId: signAlias, keyVersionId: sign.version }));
    expect(pub.keyId).toBe(sign.keyId);
    const digest = Buffer.alloc(32, 7).toString('base64');
    const sig = await client.asymmetricSign(new Kms.AsymmetricSignRequest({ keyId: signAlias, keyVersionId: sign.version, algorithm: 'ECDSA_SHA_256', digest }));
    expect(sig.keyId).toBe(sign.keyId);
    // State changes through the alias too.
    await client.disableKey(new Kms.DisableKeyRequest({ keyId: symAlias }));
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: sym.keyId }))).keyMetadata.keyState).toBe('Disabled');
    await client.enableKey(new Kms.EnableKeyRequest({ keyId: arn }));
    await client.scheduleKeyDeletion(new Kms.ScheduleKeyDeletionRequest({ keyId: symAlias, pendingWindowInDays: 7 }));
    await client.cancelKeyDeletion(new Kms.CancelKeyDeletionRequest({ keyId: aliasArn }));
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: sym.keyId }))).keyMetadata.keyState).toBe('Enabled');
  });

  it('an alias whose key is deleted goes with it', async () => {
    const k = await createKey(client);
    const name = fresh();
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: k.keyId }));
    await client.scheduleKeyDeletion(new Kms.ScheduleKeyDeletionRequest({ keyId: k.keyId, pendingWindowInDays: 7 }));
    // An alias of a key pending deletion still names it, and may be deleted.
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: name }))).keyMetadata.keyState).toBe('PendingDeletion');
    env.clock.advance(8 * 86_400_000);
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: k.keyId })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: name })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    const all = await client.listAliases(new Kms.ListAliasesRequest({ pageSize: 100 }));
    expect(all.aliases.alias.map((x: { aliasName: string }) => x.aliasName)).not.toContain(name);
  });
});

describe('regions are separate (kms.<region>.aliyuncs.com)', () => {
  it('a key, its alias and its ARN exist only in their region', async () => {
    const k = await createKey(client);
    const name = fresh();
    await client.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: k.keyId }));
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: k.keyId }))).keyMetadata.arn).toBe(`acs:kms:cn-hangzhou:${ACCOUNT}:key/${k.keyId}`);
    expect(await refusal(shanghai.describeKey(new Kms.DescribeKeyRequest({ keyId: k.keyId })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(shanghai.describeKey(new Kms.DescribeKeyRequest({ keyId: name })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    // The ARN names its region: from Shanghai it names nothing, even when the id is given in full.
    expect(await refusal(shanghai.describeKey(new Kms.DescribeKeyRequest({ keyId: `acs:kms:cn-hangzhou:${ACCOUNT}:key/${k.keyId}` })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: `acs:kms:cn-shanghai:${ACCOUNT}:key/${k.keyId}` })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: `acs:kms:cn-hangzhou:999:key/${k.keyId}` })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(client.describeKey(new Kms.DescribeKeyRequest({ keyId: `acs:kms:cn-shanghai:${ACCOUNT}:${name}` })))).toEqual(refused('Forbidden.AliasNotFound', 404));
    // The same alias name is free in another region, for that region's key.
    const s = await createKey(shanghai);
    await shanghai.createAlias(new Kms.CreateAliasRequest({ aliasName: name, keyId: s.keyId }));
    expect((await shanghai.describeKey(new Kms.DescribeKeyRequest({ keyId: name }))).keyMetadata.keyId).toBe(s.keyId);
    expect((await client.describeKey(new Kms.DescribeKeyRequest({ keyId: name }))).keyMetadata.keyId).toBe(k.keyId);
    // A key of another region cannot be an alias's target.
    expect(await refusal(shanghai.updateAlias(new Kms.UpdateAliasRequest({ aliasName: name, keyId: k.keyId })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    // A ciphertext of one region does not decrypt in another.
    const blob = (await client.encrypt(new Kms.EncryptRequest({ keyId: k.keyId, plaintext: 'here' }))).ciphertextBlob;
    expect(await refusal(shanghai.decrypt(new Kms.DecryptRequest({ ciphertextBlob: blob })))).toEqual(refused('InvalidCiphertext', 400));
  });
});
