// Actions about the service rather than a key: DescribeRegions, DescribeService,
// GetRandomPassword.
import { randomBytes } from '../../../lib/random.js';
import { fail } from '../../kms_error.js';
import type { ActionTable } from '../../wire/dialect.js';
import { ALIYUN_KEY_SPECS } from './common.js';

/** Regions with a KMS endpoint kms.<id>.aliyuncs.com ("Request syntax" endpoint list, S3, 2021). */
export const ALIYUN_REGIONS = [
  'cn-hangzhou', 'cn-shanghai', 'cn-qingdao', 'cn-beijing', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-shenzhen',
  'cn-heyuan', 'cn-guangzhou', 'cn-chengdu', 'cn-hongkong', 'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3',
  'ap-southeast-5', 'ap-south-1', 'us-east-1', 'us-west-1', 'eu-central-1', 'eu-west-1', 'me-east-1', 'cn-hangzhou-finance',
  'cn-shanghai-finance-1', 'cn-shenzhen-finance-1',
] as const;

// GetRandomPassword reference (S3, S4, S5): the four kinds of character it draws from.
const KINDS = {
  ExcludeLowercase: 'abcdefghijklmnopqrstuvwxyz',
  ExcludeUppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ExcludeNumbers: '0123456789',
  ExcludePunctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;

/** Uniform in [0, n), from crypto.getRandomValues, without modulo bias. */
function uniform(n: number): number {
  const limit = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const [a, b, c, d] = randomBytes(4);
    const x = ((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!;
    if (x < limit) return x % n;
  }
}

export const SERVICE_ROWS = {
  DescribeRegions: {
    params: {},
    async run() {
      return { Regions: { Region: ALIYUN_REGIONS.map((RegionId) => ({ RegionId })) } };
    },
  },
  DescribeService: {
    // Only the SDK 1.2.0 model describes the reply; its values here are the mock's own (UNCONFIRMED).
    params: {},
    async run() {
      return {
        ProtectionLevels: { ProtectionLevel: [{ Type: 'SOFTWARE' }] },
        KeySpecs: {
          KeySpec: Object.entries(ALIYUN_KEY_SPECS).map(([Name, spec]) => ({
            Name,
            SupportedProtectionLevels: { SupportedProtectionLevel: ['SOFTWARE'] },
            Usages: { Usage: [...spec.usages] },
          })),
        },
      };
    },
  },
  GetRandomPassword: {
    params: {
      // Every parameter is a string on the wire; PasswordLength 8–128, default 32.
      PasswordLength: { type: 'integer', min: 8, max: 128 },
      ExcludeCharacters: { type: 'string' },
      ExcludeLowercase: { type: 'boolean' },
      ExcludeUppercase: { type: 'boolean' },
      ExcludeNumbers: { type: 'boolean' },
      ExcludePunctuation: { type: 'boolean' },
      // The default is UNCONFIRMED (the reference's example is true): true here.
      RequireEachIncludedType: { type: 'boolean' },
    },
    async run({ args }) {
      const length = args.optInt('PasswordLength') ?? 32;
      const excluded = new Set(args.optStr('ExcludeCharacters') ?? '');
      const pools = (Object.keys(KINDS) as (keyof typeof KINDS)[])
        .filter((kind) => !args.bool(kind))
        .map((kind) => [...KINDS[kind]].filter((ch) => !excluded.has(ch)))
        .filter((pool) => pool.length > 0);
      if (pools.length === 0) fail('InvalidParameter', 'every kind of character is excluded: nothing is left to make a password of');
      const all = pools.flat();
      const chars = Array.from({ length }, () => all[uniform(all.length)]!);
      if (args.bool('RequireEachIncludedType') ?? true) {
        // One of each kind at distinct random places (8 ≥ 4 kinds, so there is room).
        const places = [...chars.keys()];
        for (const pool of pools) chars[places.splice(uniform(places.length), 1)[0]!] = pool[uniform(pool.length)]!;
      }
      return { RandomPassword: chars.join('') };
    },
  },
} satisfies ActionTable;
