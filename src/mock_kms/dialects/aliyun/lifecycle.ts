// A key's life: CreateKey, DescribeKey, ListKeys, EnableKey/DisableKey, ScheduleKeyDeletion/
// CancelKeyDeletion, UpdateKeyDescription, UpdateRotationPolicy. States as in "Impact of
// key states on API operations" (S1).
import { fail } from '../../kms_error.js';
import type { KeyRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import type { Args } from '../../wire/params.js';
import { table } from '../../tables.js';
import { ALIYUN_KEY_SPECS, ALL, aliyunArn, aliyunMetadata, isSymmetric, KEY_ID, NOT_DELETING, page, PAGE, USABLE } from './common.js';
import { setRotation, type RotationPolicy } from './extras.js';
import { checkTags, TAGS } from './tags.js';

// ListKeys Filters (S4, S5): up to 10 {"Key","Values"}; AND across Keys, OR within Values.
// The mock's keys are all SOFTWARE, made by the user, outside any KMS instance.
const FILTERS: Readonly<Record<string, (k: KeyRecord) => string | undefined>> = table<string, (k: KeyRecord) => string | undefined>({
  KeyState: (k) => k.state,
  KeySpec: (k) => k.keySpec,
  KeyUsage: (k) => k.keyUsage,
  ProtectionLevel: () => 'SOFTWARE',
  CreatorType: () => 'User',
  DKMSInstanceId: () => undefined,
});

function keyFilter(filters: unknown): (k: KeyRecord) => boolean {
  if (filters === undefined) return () => true;
  const bad = (why: string): never => fail('InvalidParameter', `Filters ${why}: it must be a JSON array of at most 10 {"Key": …, "Values": [strings]}`);
  if (!Array.isArray(filters)) return bad('is not an array');
  if (filters.length > 10) bad('has more than 10 entries');
  const tests = filters.map((f: unknown) => {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return bad('holds something other than an object');
    const { Key, Values, ...rest } = f as Record<string, unknown>;
    if (Object.keys(rest).length > 0) bad(`has an unknown member ${Object.keys(rest)[0]}`);
    if (typeof Key !== 'string' || !Object.hasOwn(FILTERS, Key)) bad(`names an unknown Key ${typeof Key === 'string' ? Key : '(none)'} (known: ${Object.keys(FILTERS).join(', ')})`);
    if (!Array.isArray(Values) || Values.length === 0 || Values.length > 10 || !Values.every((v) => typeof v === 'string')) bad(`has Values for ${String(Key)} that are not 1–10 strings`);
    const read = FILTERS[Key as string]!;
    const wanted = new Set(Values as string[]);
    return (k: KeyRecord) => {
      const v = read(k);
      return v !== undefined && wanted.has(v);
    };
  });
  return (k) => tests.every((t) => t(k));
}

const UNIT_SECONDS: Readonly<Record<string, number>> = table({ d: 86_400, h: 3_600, m: 60, s: 1 });
const DAY = 86_400;

// "An integer and a unit (d, h, m, s)", 7–730 days (UpdateRotationPolicy S5; CreateKey 2021 S3).
// CreateKey's newer text says 7–365 days for software keys: the wider range is kept.
const ROTATION_INTERVAL = { type: 'string', pattern: /^\d{1,10}[dhms]$/ } as const;

/** EnableAutomaticRotation and RotationInterval, as CreateKey and UpdateRotationPolicy take them. */
function rotationPolicy(args: Args, key: Pick<KeyRecord, 'origin' | 'material' | 'keySpec'>): RotationPolicy | undefined {
  if (!args.bool('EnableAutomaticRotation')) return undefined;
  // Rotation is for symmetric keys made by KMS (S3, S5; SPEC §3: "Rotation is not supported for external keys").
  if (key.origin === 'EXTERNAL' || !isSymmetric(key)) fail('UnsupportedOperation', `automatic rotation is for symmetric keys of origin Aliyun_KMS, not ${key.origin === 'EXTERNAL' ? 'EXTERNAL keys' : key.keySpec}`);
  const text = args.optStr('RotationInterval') ?? fail('MissingParameter', 'RotationInterval is required when EnableAutomaticRotation is true');
  const seconds = Number(text.slice(0, -1)) * UNIT_SECONDS[text.slice(-1)]!;
  if (seconds < 7 * DAY || seconds > 730 * DAY) fail('InvalidParameter', `RotationInterval ${text} is outside 7–730 days`);
  return { intervalSeconds: seconds };
}

export const LIFECYCLE_ROWS = {
  CreateKey: {
    params: {
      // KeySpec default Aliyun_AES_256; KeyUsage default SIGN/VERIFY where the spec can sign (S5).
      KeySpec: { type: 'string', values: Object.keys(ALIYUN_KEY_SPECS) },
      KeyUsage: { type: 'string', values: ['ENCRYPT/DECRYPT', 'SIGN/VERIFY'] },
      Origin: { type: 'string', values: ['Aliyun_KMS', 'EXTERNAL'] },
      Description: { type: 'string', max: 8192 },
      ProtectionLevel: { type: 'string', values: ['SOFTWARE', 'HSM'] },
      EnableAutomaticRotation: { type: 'boolean' },
      RotationInterval: ROTATION_INTERVAL,
      DKMSInstanceId: { type: 'string', max: 128 },
      // Newer than SDK 1.2.0: up to 20 tags at creation (S5).
      Tags: TAGS,
    },
    async run({ service, region, args }) {
      const keySpec = args.optStr('KeySpec') ?? 'Aliyun_AES_256';
      const spec = ALIYUN_KEY_SPECS[keySpec]!;
      const keyUsage = args.optStr('KeyUsage') ?? spec.usages[0]!;
      if (!spec.usages.includes(keyUsage)) fail('InvalidParameter', `KeyUsage ${keyUsage} does not fit KeySpec ${keySpec} (${spec.usages.join(' or ')})`);
      // The mock is one region without a managed HSM: "Protection level not available in the region" (S2).
      if (args.optStr('ProtectionLevel') === 'HSM') fail('UnsupportedOperation', 'ProtectionLevel HSM is not available in this region (the mock keeps SOFTWARE keys only)', undefined, 'Unsupported.ProtectionLevel');
      const origin = args.optStr('Origin') === 'EXTERNAL' ? 'EXTERNAL' : 'KMS';
      const rotation = rotationPolicy(args, { origin, material: spec.material, keySpec });
      const tags = args.has('Tags') ? checkTags(args.json('Tags'), {}, 20) : {};
      const k = await service.createKey({ cloud: 'aliyun', region, description: args.optStr('Description') ?? '', keySpec, keyUsage, material: spec.material, origin, tags });
      setRotation(k, rotation);
      service.mutated();
      return { KeyMetadata: aliyunMetadata(k) };
    },
  },
  DescribeKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ALL },
    async run({ key }) {
      return { KeyMetadata: aliyunMetadata(key) };
    },
  },
  ListKeys: {
    params: { ...PAGE, Filters: { type: 'json', max: 4096 } },
    async run(call) {
      const match = keyFilter(call.args.json('Filters'));
      const { items, ...totals } = page(call, call.service.listKeys('aliyun', call.region).filter(match));
      return { Keys: { Key: items.map((k) => ({ KeyId: k.keyId, KeyArn: aliyunArn(k) })) }, ...totals };
    },
  },
  EnableKey: {
    params: { KeyId: KEY_ID },
    // S1: Enabled ↔ Disabled only; enabling an Enabled key succeeds.
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Enabled'));
      return {};
    },
  },
  DisableKey: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key }) {
      await service.exclusive(key.keyId, async () => service.setState(key, 'Disabled'));
      return {};
    },
  },
  ScheduleKeyDeletion: {
    // 7–366 days in the current reference (S5; 7–30 in 2021's); required, though SDK 1.2.0 marks it optional.
    params: { KeyId: KEY_ID, PendingWindowInDays: { type: 'integer', required: true, min: 7, max: 366 } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      await service.exclusive(key.keyId, async () => service.scheduleKeyDeletion(key, args.int('PendingWindowInDays')));
      return {};
    },
  },
  CancelKeyDeletion: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ['PendingDeletion'] },
    async run({ service, key }) {
      // A cancelled key returns to Enabled (CancelKeyDeletion reference, S3, S5).
      await service.exclusive(key.keyId, async () => service.cancelKeyDeletion(key, 'Enabled'));
      return {};
    },
  },
  UpdateKeyDescription: {
    // The maximum is UNCONFIRMED: CreateKey's 8192 characters.
    params: { KeyId: KEY_ID, Description: { type: 'string', required: true, max: 8192 } },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      await service.exclusive(key.keyId, async () => {
        key.description = args.str('Description');
        service.mutated();
      });
      return {};
    },
  },
  UpdateRotationPolicy: {
    params: { KeyId: KEY_ID, EnableAutomaticRotation: { type: 'boolean', required: true }, RotationInterval: ROTATION_INTERVAL },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key, args }) {
      // The policy is recorded and reported (DescribeKey); the mock never rotates on its own.
      if (!args.bool('EnableAutomaticRotation') && (key.origin === 'EXTERNAL' || !isSymmetric(key))) fail('UnsupportedOperation', `${key.keyId} has no rotation policy to change`);
      const policy = rotationPolicy(args, key);
      await service.exclusive(key.keyId, async () => {
        setRotation(key, policy);
        service.mutated();
      });
      return {};
    },
  },
} satisfies ActionTable;
