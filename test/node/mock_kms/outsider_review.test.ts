// Laxities an outside review found in the mock: regions that do not exist answered like real
// ones, Alibaba ListKeys Filters parsed then ignored, and stored state it cannot serve loaded
// anyway. Each answer here is what the cloud (or its DNS) gives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createKmsClient } from '../../../src/index.js';
import { createMockKms, type MockKmsStorage } from '../../../src/mock_kms/index.js';
import { CREDENTIAL } from '../helpers/mock_kms.js';

const server = setupServer();
beforeEach(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.close());

function memory(): MockKmsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('a region the cloud does not have', () => {
  beforeEach(() => server.resetHandlers(...createMockKms({ baseUrls: ['https://kms.example.test/'] }).handlers));

  it('Alibaba kms.<typo>.aliyuncs.com does not exist: a network error, as DNS would give', async () => {
    const e = await createKmsClient({ cloud: 'aliyun', region: 'cn-hangzou' }).createKey({}).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_NETWORK' });
  });

  it('AWS kms.us-east-7.amazonaws.com does not exist either', async () => {
    const e = await createKmsClient({ cloud: 'aws', region: 'us-east-7' }).createKey({}).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_NETWORK' });
  });

  it('Alibaba RegionId (RPC style) naming no region on a custom endpoint → InvalidRegionId', async () => {
    const reply = await fetch('https://kms.example.test/?Action=ListKeys&Version=2016-01-20&Format=JSON&RegionId=cn-hangzou', { method: 'POST' });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ Code: 'InvalidRegionId' });
    const real = await fetch('https://kms.example.test/?Action=ListKeys&Version=2016-01-20&Format=JSON&RegionId=cn-beijing', { method: 'POST' });
    expect(real.status).toBe(200);
  });

  it('AWS credential scope naming no Region on a custom endpoint → InvalidSignatureException', async () => {
    server.resetHandlers(...createMockKms({ baseUrls: ['https://kms.example.test/'], credentials: [CREDENTIAL] }).handlers);
    const client = (region: string) => createKmsClient({ cloud: 'aws', region, endpoint: 'https://kms.example.test/', credentials: CREDENTIAL });
    const e = await client('us-east-7').listKeys({}).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'InvalidSignatureException', message: expect.stringContaining("not 'us-east-7'") });
    await expect(client('eu-west-1').listKeys({})).resolves.toMatchObject({ Keys: [] });
  });

  it('Tencent X-TC-Region naming no region → UnsupportedRegion', async () => {
    const e = await createKmsClient({ cloud: 'tencent', region: 'ap-guangzou' }).createKey({ Alias: 'typo' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ERR_KMS', kmsCode: 'UnsupportedRegion' });
  });

  it('real regions still answer (a GovCloud and a China Region for AWS, an Alibaba finance region)', async () => {
    await expect(createKmsClient({ cloud: 'aws', region: 'us-gov-west-1' }).listKeys({})).resolves.toMatchObject({ Keys: [] });
    await expect(createKmsClient({ cloud: 'aws', region: 'cn-northwest-1' }).listKeys({})).resolves.toMatchObject({ Keys: [] });
    await expect(createKmsClient({ cloud: 'aliyun', region: 'cn-shanghai-finance-1' }).listKeys({})).resolves.toMatchObject({ TotalCount: 0 });
  });
});

describe('Alibaba ListKeys Filters are applied', () => {
  const ali = () => createKmsClient({ cloud: 'aliyun' });
  let ids: Record<string, string>;
  beforeEach(async () => {
    server.resetHandlers(...createMockKms().handlers);
    const id = async (args: Record<string, unknown>) => ((await ali().createKey(args)).KeyMetadata as { KeyId: string }).KeyId;
    ids = {
      aes: await id({}),
      external: await id({ Origin: 'EXTERNAL' }),
      rsa: await id({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN/VERIFY' }),
    };
  });
  const listed = async (Filters: string) => ((await ali().listKeys({ Filters, PageSize: 100 })).Keys as { Key: { KeyId: string }[] }).Key.map((k) => k.KeyId).sort();

  it('by KeyState, KeySpec, KeyUsage; OR within Values, AND across Keys', async () => {
    expect(await listed('[{"Key":"KeyState","Values":["PendingImport"]}]')).toEqual([ids.external]);
    expect(await listed('[{"Key":"KeySpec","Values":["RSA_2048"]}]')).toEqual([ids.rsa]);
    expect(await listed('[{"Key":"KeyState","Values":["Enabled","PendingImport"]}]')).toEqual([ids.aes, ids.external, ids.rsa].sort());
    expect(await listed('[{"Key":"KeyUsage","Values":["ENCRYPT/DECRYPT"]},{"Key":"KeyState","Values":["Enabled"]}]')).toEqual([ids.aes]);
    expect(await listed('[{"Key":"ProtectionLevel","Values":["HSM"]}]')).toEqual([]);
  });

  it('TotalCount counts the filtered keys', async () => {
    expect((await ali().listKeys({ Filters: '[{"Key":"KeySpec","Values":["RSA_2048"]}]' })).TotalCount).toBe(1);
  });

  for (const [what, Filters] of [
    ['not an array', '{"nonsense":true}'],
    ['nested arrays', '[[[[]]]]'],
    ['an unknown Key', '[{"Key":"Colour","Values":["red"]}]'],
    ['Values that are not strings', '[{"Key":"KeyState","Values":[1]}]'],
    ['empty Values', '[{"Key":"KeyState","Values":[]}]'],
    ['more than 10 filters', JSON.stringify(Array.from({ length: 11 }, () => ({ Key: 'KeyState', Values: ['Enabled'] })))],
  ] as const) {
    it(`refuses ${what} with InvalidParameter`, async () => {
      await expect(ali().listKeys({ Filters })).rejects.toMatchObject({ code: 'ERR_KMS', kmsCode: 'InvalidParameter' });
    });
  }
});

describe('stored state the mock cannot serve is not loaded', () => {
  async function stored() {
    const storage = memory();
    server.resetHandlers(...createMockKms({ storage }).handlers);
    const awsKey = ((await createKmsClient({ cloud: 'aws' }).createKey({})).KeyMetadata as { KeyId: string }).KeyId;
    const tcKey = (await createKmsClient({ cloud: 'tencent' }).createKey({ Alias: 'st' })).KeyId as string;
    const aliKey = ((await createKmsClient({ cloud: 'aliyun' }).createKey({ KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' })).KeyMetadata as { KeyId: string }).KeyId;
    const [name, text] = [...storage.data][0]!;
    const state = JSON.parse(text) as { keys: Record<string, unknown>[] };
    const edit = (id: string, change: (k: Record<string, unknown>) => void) => {
      const copy = structuredClone(state);
      change(copy.keys.find((k) => k.keyId === id)!);
      storage.data.set(name, JSON.stringify(copy));
      return storage;
    };
    return { storage, awsKey, tcKey, aliKey, edit, name, text };
  }

  it('the state as written loads', async () => {
    const { storage, awsKey } = await stored();
    const kms = createMockKms({ storage });
    expect(kms.storageError).toBeUndefined();
    server.resetHandlers(...kms.handlers);
    await expect(createKmsClient({ cloud: 'aws' }).describeKey({ KeyId: awsKey })).resolves.toMatchObject({ KeyMetadata: { KeyId: awsKey } });
  });

  const cases: [string, (s: Awaited<ReturnType<typeof stored>>) => MockKmsStorage][] = [
    ['an AWS key spec this mock does not know', (s) => s.edit(s.awsKey, (k) => void (k.keySpec = 'ML_DSA_44'))],
    ['AWS material spec not that of the key spec', (s) => s.edit(s.awsKey, (k) => void (k.material = 'HMAC_256'))],
    ['Tencent symmetric material of 5 bytes', (s) => s.edit(s.tcKey, (k) => void (k.bytes = { $b64: 'AQIDBAU=' }))],
    ['a Tencent key usage this mock does not know', (s) => s.edit(s.tcKey, (k) => void (k.keyUsage = 'ASYMMETRIC_DECRYPT_RSA_8192'))],
    ['an Alibaba EC key whose bytes are not a P-256 private key', (s) => s.edit(s.aliKey, (k) => void (k.bytes = { $b64: 'MAA=' }))],
  ];
  for (const [what, spoil] of cases) {
    it(`${what} → storageError, and the mock starts empty`, async () => {
      const s = await stored();
      const kms = createMockKms({ storage: spoil(s) });
      expect(kms.storageError).toMatch(/corrupt/);
      server.resetHandlers(...kms.handlers);
      await expect(createKmsClient({ cloud: 'aws' }).listKeys({})).resolves.toMatchObject({ Keys: [] });
      await expect(createKmsClient({ cloud: 'tencent' }).listKeys({})).resolves.toMatchObject({ TotalCount: 0 });
    });
  }
});
