// Alibaba key management beside cryptography, through @alicloud/kms20160120: descriptions,
// tags (TagResource, UntagResource, ListResourceTags and their limits), rotation policy,
// CreateKey's options, and the service actions (DescribeRegions, DescribeService,
// GetRandomPassword). Also: the dialect's action list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN_KMS_ACTIONS } from '../../../src/client/models/aliyun.js';
import { ALIYUN_ACTIONS } from '../../../src/mock_kms/dialects/aliyun.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { createKey, importedKey, Kms, rawCall, refusal, refused, symmetricMaterial, teaClient } from './aliyun_fixture.js';

let env: ReturnType<typeof startMockKms>;
beforeAll(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterAll(() => env.close());

const client = teaClient();
const DAY = 86_400;
const tags = (list: [string, string][]) => JSON.stringify(list.map(([TagKey, TagValue]) => ({ TagKey, TagValue })));
const tagsOf = async (keyId: string) =>
  Object.fromEntries((await client.listResourceTags(new Kms.ListResourceTagsRequest({ keyId }))).tags.tag.map((t: { tagKey: string; tagValue: string }) => [t.tagKey, t.tagValue]));
const metadata = async (keyId: string) => (await client.describeKey(new Kms.DescribeKeyRequest({ keyId }))).keyMetadata;

describe('UpdateKeyDescription', () => {
  it('replaces the description; at most 8192 characters', async () => {
    const { keyId } = await createKey(client, { description: 'first' });
    await client.updateKeyDescription(new Kms.UpdateKeyDescriptionRequest({ keyId, description: 'second' }));
    expect((await metadata(keyId)).description).toBe('second');
    await client.updateKeyDescription(new Kms.UpdateKeyDescriptionRequest({ keyId, description: 'd'.repeat(8192) }));
    expect(await refusal(client.updateKeyDescription(new Kms.UpdateKeyDescriptionRequest({ keyId, description: 'd'.repeat(8193) })))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(rawCall(client, 'UpdateKeyDescription', { KeyId: keyId }))).toEqual(refused('MissingParameter', 400));
  });
});

describe('tags', () => {
  it('TagResource adds and overwrites, UntagResource removes, ListResourceTags lists', async () => {
    const { keyId } = await createKey(client);
    await client.tagResource(new Kms.TagResourceRequest({ keyId, tags: tags([['team', 'byok'], ['env', 'test']]) }));
    await client.tagResource(new Kms.TagResourceRequest({ keyId, tags: tags([['env', 'prod'], ['empty', '']]) }));
    expect(await tagsOf(keyId)).toEqual({ team: 'byok', env: 'prod', empty: '' });
    const listed = await client.listResourceTags(new Kms.ListResourceTagsRequest({ keyId }));
    expect(listed.tags.tag[0]).toMatchObject({ keyId, tagKey: 'team', tagValue: 'byok' });
    await client.untagResource(new Kms.UntagResourceRequest({ keyId, tagKeys: JSON.stringify(['env', 'never-set']) }));
    expect(await tagsOf(keyId)).toEqual({ team: 'byok', empty: '' });
  });

  it('limits: TagKey 1–128, TagValue ≤ 256, the documented characters, no aliyun/acs: keys, ≤ 10 tags (InvalidParameter)', async () => {
    const { keyId } = await createKey(client);
    const tag = (list: [string, string][]) => refusal(client.tagResource(new Kms.TagResourceRequest({ keyId, tags: tags(list) })));
    const invalid = refused('InvalidParameter', 400);
    expect(await tag([['k'.repeat(128), 'v'.repeat(256)]])).toBe('no error');
    expect(await tag([['k'.repeat(129), 'v']])).toEqual(invalid);
    expect(await tag([['', 'v']])).toEqual(invalid);
    expect(await tag([['k', 'v'.repeat(257)]])).toEqual(invalid);
    expect(await tag([['with space', 'v']])).toEqual(invalid);
    expect(await tag([['k', 'semi;colon']])).toEqual(invalid);
    expect(await tag([['a/b_c-d.e+f=g@h:i', 'a/b_c-d.e+f=g@h:i']])).toBe('no error');
    for (const reserved of ['aliyun', 'aliyunTag', 'acs:x']) expect(await tag([[reserved, 'v']]), reserved).toEqual(invalid);
    expect(await tag([['acs', 'only-acs:-is-reserved']])).toBe('no error');
    for (const bad of ['not json', '{"TagKey":"k","TagValue":"v"}', '[]', '[{"TagKey":"k"}]', '[{"TagKey":1,"TagValue":"v"}]']) {
      expect(await refusal(client.tagResource(new Kms.TagResourceRequest({ keyId, tags: bad }))), bad).toEqual(invalid);
    }
    // Ten tags at most on a key, counting those it has: it has 3 now.
    expect(await tag(Array.from({ length: 8 }, (_, i) => [`n${i}`, 'v'] as [string, string]))).toEqual(invalid);
    expect(await tag(Array.from({ length: 7 }, (_, i) => [`n${i}`, 'v'] as [string, string]))).toBe('no error');
    expect(Object.keys(await tagsOf(keyId))).toHaveLength(10);
    // Overwriting an existing key is not a new tag.
    expect(await tag([['n0', 'changed']])).toBe('no error');
    expect(await tag([['n10', 'v']])).toEqual(invalid);
    expect(await refusal(client.untagResource(new Kms.UntagResourceRequest({ keyId, tagKeys: JSON.stringify(['k'.repeat(129)]) })))).toEqual(invalid);
    expect(await refusal(client.untagResource(new Kms.UntagResourceRequest({ keyId, tagKeys: 'n0' })))).toEqual(invalid);
  });

  it('exactly one resource: KeyId here (MissingParameter without one, InvalidParameter with two; secrets are not implemented)', async () => {
    const { keyId } = await createKey(client);
    expect(await refusal(client.tagResource(new Kms.TagResourceRequest({ tags: tags([['a', 'b']]) })))).toEqual(refused('MissingParameter', 400));
    expect(await refusal(client.tagResource(new Kms.TagResourceRequest({ keyId, secretName: 's', tags: tags([['a', 'b']]) })))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(client.untagResource(new Kms.UntagResourceRequest({ secretName: 's', tagKeys: '["a"]' })))).toEqual(refused('UnsupportedOperation', 400));
    expect(await refusal(client.tagResource(new Kms.TagResourceRequest({ keyId: 'no-such-key', tags: tags([['a', 'b']]) })))).toEqual(refused('Forbidden.KeyNotFound', 404));
    expect(await refusal(client.listResourceTags(new Kms.ListResourceTagsRequest({ keyId: 'alias/nope' })))).toEqual(refused('Forbidden.AliasNotFound', 404));
  });

  it('CreateKey takes Tags too (up to 20, S5)', async () => {
    const r = await rawCall(client, 'CreateKey', { Tags: tags([['created', 'with-tags']]) });
    expect(await tagsOf(r.KeyMetadata.KeyId)).toEqual({ created: 'with-tags' });
    const twentyOne = Array.from({ length: 21 }, (_, i) => [`t${i}`, 'v'] as [string, string]);
    expect(await refusal(rawCall(client, 'CreateKey', { Tags: tags(twentyOne) }))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(rawCall(client, 'CreateKey', { Tags: tags(twentyOne.slice(1)) }))).toBe('no error');
  });
});

describe('rotation policy (UpdateRotationPolicy, CreateKey EnableAutomaticRotation)', () => {
  it('is reported by DescribeKey: AutomaticRotation, RotationInterval in seconds, NextRotationDate', async () => {
    const { keyId } = await createKey(client);
    const before = await metadata(keyId);
    expect(before).toMatchObject({ automaticRotation: 'Disabled', rotationInterval: '', nextRotationDate: '', lastRotationDate: before.creationDate });
    await client.updateRotationPolicy(new Kms.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: true, rotationInterval: '30d' }));
    const on = await metadata(keyId);
    expect(on).toMatchObject({ automaticRotation: 'Enabled', rotationInterval: `${30 * DAY}s` });
    expect(Date.parse(on.nextRotationDate) - Date.parse(on.lastRotationDate)).toBe(30 * DAY * 1000);
    await client.updateRotationPolicy(new Kms.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: true, rotationInterval: `${8 * 24}h` }));
    expect((await metadata(keyId)).rotationInterval).toBe(`${8 * DAY}s`);
    await client.updateRotationPolicy(new Kms.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: false }));
    expect(await metadata(keyId)).toMatchObject({ automaticRotation: 'Disabled', rotationInterval: '' });
    const created = await client.createKey(new Kms.CreateKeyRequest({ enableAutomaticRotation: true, rotationInterval: '365d' }));
    expect(created.keyMetadata).toMatchObject({ automaticRotation: 'Enabled', rotationInterval: `${365 * DAY}s` });
  });

  it('7–730 days, an interval with its unit; only for symmetric keys made by KMS', async () => {
    const { keyId } = await createKey(client);
    const update = (r: Record<string, unknown>) => refusal(client.updateRotationPolicy(new Kms.UpdateRotationPolicyRequest({ keyId, enableAutomaticRotation: true, ...r })));
    expect(await update({ rotationInterval: '6d' })).toEqual(refused('InvalidParameter', 400));
    expect(await update({ rotationInterval: `${7 * DAY - 1}s` })).toEqual(refused('InvalidParameter', 400));
    expect(await update({ rotationInterval: '731d' })).toEqual(refused('InvalidParameter', 400));
    expect(await update({ rotationInterval: '30 days' })).toEqual(refused('InvalidParameter', 400));
    expect(await update({ rotationInterval: `${7 * DAY}s` })).toBe('no error');
    expect(await update({ rotationInterval: '730d' })).toBe('no error');
    expect(await update({})).toEqual(refused('MissingParameter', 400));
    const asymmetric = await createKey(client, { keySpec: 'EC_P256' });
    const external = await importedKey(client, {}, symmetricMaterial());
    for (const k of [asymmetric, external]) {
      expect(await refusal(client.updateRotationPolicy(new Kms.UpdateRotationPolicyRequest({ keyId: k.keyId, enableAutomaticRotation: true, rotationInterval: '30d' })))).toEqual(refused('UnsupportedOperation', 400));
    }
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ origin: 'EXTERNAL', enableAutomaticRotation: true, rotationInterval: '30d' })))).toEqual(refused('UnsupportedOperation', 400));
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ enableAutomaticRotation: true })))).toEqual(refused('MissingParameter', 400));
  });
});

describe('CreateKey options', () => {
  it('KeySpec and KeyUsage defaults; ProtectionLevel HSM is Unsupported.ProtectionLevel here', async () => {
    expect((await client.createKey(new Kms.CreateKeyRequest({}))).keyMetadata).toMatchObject({ keySpec: 'Aliyun_AES_256', keyUsage: 'ENCRYPT/DECRYPT', origin: 'Aliyun_KMS', protectionLevel: 'SOFTWARE', keyState: 'Enabled' });
    // A spec that can sign defaults to SIGN/VERIFY (S5).
    expect((await client.createKey(new Kms.CreateKeyRequest({ keySpec: 'EC_SM2' }))).keyMetadata.keyUsage).toBe('SIGN/VERIFY');
    expect((await client.createKey(new Kms.CreateKeyRequest({ protectionLevel: 'SOFTWARE' }))).keyMetadata.protectionLevel).toBe('SOFTWARE');
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ protectionLevel: 'HSM' })))).toEqual(refused('Unsupported.ProtectionLevel', 400));
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ protectionLevel: 'hsm' })))).toEqual(refused('InvalidParameter', 400));
    expect(await refusal(client.createKey(new Kms.CreateKeyRequest({ description: 'd'.repeat(8193) })))).toEqual(refused('InvalidParameter', 400));
  });
});

describe('service actions', () => {
  it('DescribeRegions lists the regions with a KMS endpoint', async () => {
    const r = await client.describeRegions(new Kms.DescribeRegionsRequest({}));
    const ids = r.regions.region.map((x: { regionId: string }) => x.regionId);
    expect(ids).toEqual(expect.arrayContaining(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1', 'us-east-1']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('DescribeService lists the protection levels and the key specs with their usages', async () => {
    const r = await client.describeService(new Kms.DescribeServiceRequest({}));
    expect(r.protectionLevels.protectionLevel).toEqual([{ type: 'SOFTWARE' }]);
    const specs = Object.fromEntries(r.keySpecs.keySpec.map((s: { name: string; usages: { usage: string[] } }) => [s.name, s.usages.usage]));
    expect(specs).toMatchObject({ Aliyun_AES_256: ['ENCRYPT/DECRYPT'], RSA_2048: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'], EC_P256K: ['SIGN/VERIFY'], EC_SM2: ['SIGN/VERIFY', 'ENCRYPT/DECRYPT'] });
    expect(r.keySpecs.keySpec[0].supportedProtectionLevels.supportedProtectionLevel).toEqual(['SOFTWARE']);
  });

  it('GetRandomPassword: length 8–128 (default 32), each kind included unless excluded, excluded characters never appear', async () => {
    const password = async (r: Record<string, string> = {}) => (await client.getRandomPassword(new Kms.GetRandomPasswordRequest(r))).randomPassword as string;
    const p = await password();
    expect(p).toHaveLength(32);
    for (const kind of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(kind);
    expect(await password({ passwordLength: '8' })).toHaveLength(8);
    expect(await password({ passwordLength: '128' })).toHaveLength(128);
    const digits = await password({ passwordLength: '64', excludeLowercase: 'true', excludeUppercase: 'true', excludePunctuation: 'true' });
    expect(digits).toMatch(/^[0-9]{64}$/);
    const noVowels = await password({ passwordLength: '128', excludeCharacters: 'aeiouAEIOU', excludePunctuation: 'true' });
    expect(noVowels).toMatch(/^[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z0-9]{128}$/);
    // Drawn from crypto.getRandomValues: five passwords of 128 characters are five different ones.
    const many = new Set(await Promise.all(Array.from({ length: 5 }, () => password({ passwordLength: '128' }))));
    expect(many.size).toBe(5);
    const invalid = refused('InvalidParameter', 400);
    expect(await refusal(password({ passwordLength: '7' }))).toEqual(invalid);
    expect(await refusal(password({ passwordLength: '129' }))).toEqual(invalid);
    expect(await refusal(password({ passwordLength: 'long' }))).toEqual(invalid);
    expect(await refusal(password({ excludeNumbers: 'yes' }))).toEqual(invalid);
    expect(await refusal(password({ excludeLowercase: 'true', excludeUppercase: 'true', excludeNumbers: 'true', excludePunctuation: 'true' }))).toEqual(invalid);
    expect(await refusal(password({ excludeLowercase: 'true', excludeUppercase: 'true', excludePunctuation: 'true', excludeCharacters: '0123456789' }))).toEqual(invalid);
  });
});

describe('the action list', () => {
  it('answers at least 30 actions of 2016-01-20; the secrets actions answer "not implemented" (UnsupportedOperation)', async () => {
    const rows = Object.keys(ALIYUN_ACTIONS);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const missing = ALIYUN_KMS_ACTIONS.filter((a) => !rows.includes(a));
    expect(missing.every((a) => /Secret/.test(a))).toBe(true);
    const r = await refusal(rawCall(client, 'GetSecretValue', { SecretName: 's' }));
    expect(r).toEqual(refused('UnsupportedOperation', 400));
    expect(await refusal(rawCall(client, 'NoSuchAction', {}))).toEqual(refused('InvalidApi.NotFound', 404));
  });
});
