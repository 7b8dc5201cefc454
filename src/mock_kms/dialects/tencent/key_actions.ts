// Tencent KMS 2019-01-18: the CMK life cycle a console page drives — create, describe
// and list, enable/disable (one or many), archive, schedule and cancel deletion, alias
// and description, rotation, cloud-resource bindings. One row per action, parameters as
// the SDK model declares them (tencentcloud-sdk-nodejs kms_models.d.ts).
import { fail, type KeyState } from '../../kms_error.js';
import type { MockKmsService } from '../../kms.js';
import type { KeyRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import {
  ALIAS,
  ALL_STATES,
  DAY_MS,
  HSM_CLUSTER_ID,
  KEY_AND_MEMBER,
  KEY_ID,
  KEY_IDS,
  MEMBER_ACCOUNT,
  SYMMETRIC,
  TAGS,
  TENCENT_KEY_USAGES,
  extras,
  keyList,
  refuse,
  requireAliasFree,
  requireBytesAtMost,
  requireSharedCluster,
  requireState,
  requireUnbound,
  requireUsage,
  rotationOf,
  sec,
  tagsOf,
  tencentMetadata,
} from './common.js';

const NOT_DELETING: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'Archived'];
/** EnableKey/DisableKey: Enabled ⇄ Disabled; asking for the state a key is already in succeeds (idempotence UNCONFIRMED). */
const SWITCHABLE: readonly KeyState[] = ['Enabled', 'Disabled'];
/** ListKeyDetail KeyState filter: 0 all, 1 Enabled, 2 Disabled, 3 PendingDelete, 4 PendingImport, 5 Archived. */
const STATE_FILTER: readonly (KeyState | undefined)[] = [undefined, 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Archived'];
/** ListKeyDetail KeyUsage: '' behaves as absent (ENCRYPT_DECRYPT only), ALL lists every usage. */
const LIST_USAGES = ['', 'ALL', ...Object.keys(TENCENT_KEY_USAGES)];

async function setStates(service: MockKmsService, keys: KeyRecord[], state: KeyState): Promise<void> {
  for (const key of keys) await service.exclusive(key.keyId, async () => service.setState(key, state));
}

/** TagFilters [{TagKey, TagValue?: string[]}]: a key matches when it has every TagKey, with one of the values when values are given. */
function tagFilter(v: unknown): (k: KeyRecord) => boolean {
  if (v === undefined) return () => true;
  const ok = Array.isArray(v) && v.every((f) => typeof f?.TagKey === 'string' && (f.TagValue === undefined || (Array.isArray(f.TagValue) && f.TagValue.every((x: unknown) => typeof x === 'string'))));
  if (!ok) fail('MalformedParameter', 'TagFilters must be a list of {TagKey, TagValue: [string]}');
  const filters = v as { TagKey: string; TagValue?: string[] }[];
  return (k) => filters.every((f) => Object.hasOwn(k.tags, f.TagKey) && (!f.TagValue?.length || f.TagValue.includes(k.tags[f.TagKey]!)));
}

export const KEY_ACTIONS: ActionTable = {
  CreateKey: {
    params: {
      Alias: ALIAS,
      Description: { type: 'string', max: 1024 },
      KeyUsage: { type: 'string', values: Object.keys(TENCENT_KEY_USAGES), code: 'InvalidParameterValue.InvalidKeyUsage' },
      // 1 = KMS makes the material; 2 = EXTERNAL, created PendingImport (seed 000).
      Type: { type: 'integer', min: 1, max: 2, code: 'InvalidParameterValue.InvalidType' },
      Tags: TAGS,
      HsmClusterId: HSM_CLUSTER_ID,
    },
    async run({ service, region, args }) {
      const alias = args.str('Alias');
      requireBytesAtMost('Description', args.optStr('Description'), 1024);
      requireSharedCluster(args.optStr('HsmClusterId'), false);
      requireAliasFree(service, region, alias);
      const type = args.optInt('Type') ?? 1;
      const keyUsage = args.optStr('KeyUsage') ?? 'ENCRYPT_DECRYPT';
      // Seed 000 and the ImportKeyMaterial page: material is imported into symmetric keys only;
      // an EXTERNAL asymmetric key is refused as a KeyUsage that does not fit (code UNCONFIRMED).
      if (type === 2 && keyUsage !== 'ENCRYPT_DECRYPT') fail('InvalidKeyUsage', 'Tencent Cloud KMS imports external key material into symmetric (ENCRYPT_DECRYPT) keys only');
      const tags = tagsOf(args.json('Tags'));
      const material = TENCENT_KEY_USAGES[keyUsage]!;
      const keySpec = keyUsage === 'ENCRYPT_DECRYPT' ? 'SYMMETRIC' : material;
      const k = await service.createKey({ cloud: 'tencent', region, alias, description: args.optStr('Description') ?? '', keySpec, keyUsage, material, origin: type === 2 ? 'EXTERNAL' : 'KMS', tags });
      const m = tencentMetadata(k);
      return { KeyId: m.KeyId, Alias: m.Alias, CreateTime: m.CreateTime, Description: m.Description, KeyState: m.KeyState, KeyUsage: m.KeyUsage, TagCode: 0, TagMsg: '' };
    },
  },
  DescribeKey: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ALL_STATES },
    async run({ ctx, key }) {
      return { KeyMetadata: tencentMetadata(key, ctx.now()) };
    },
  },
  DescribeKeys: {
    // 1–100 ids, duplicates refused (DescribeKeys API page). A missing id fails the call (UNCONFIRMED).
    params: { KeyIds: KEY_IDS, MemberAccount: MEMBER_ACCOUNT },
    async run({ ctx, service, region, args }) {
      return { KeyMetadatas: keyList(service, region, args.strings('KeyIds')!).map((k) => tencentMetadata(k, ctx.now())) };
    },
  },
  ListKeys: {
    params: { Offset: { type: 'integer', min: 0 }, Limit: { type: 'integer', min: 1, max: 200 }, Role: { type: 'integer', min: 0, max: 1 }, HsmClusterId: HSM_CLUSTER_ID },
    async run({ service, region, args }) {
      requireSharedCluster(args.optStr('HsmClusterId'), true);
      // ListKeys lists keys that are Enabled, Disabled or PendingImport (API reference).
      // Role 1 = keys a cloud product made: the mock's keys are all the user's (Owner "user").
      const keys = args.optInt('Role') === 1 ? [] : service.listKeys('tencent', region).filter((k) => k.state === 'Enabled' || k.state === 'Disabled' || k.state === 'PendingImport');
      const offset = args.optInt('Offset') ?? 0;
      return { Keys: keys.slice(offset, offset + (args.optInt('Limit') ?? 10)).map((k) => ({ KeyId: k.keyId })), TotalCount: keys.length };
    },
  },
  ListKeyDetail: {
    params: {
      Offset: { type: 'integer', min: 0 },
      Limit: { type: 'integer', min: 1, max: 200 },
      Role: { type: 'integer', min: 0, max: 1 },
      OrderType: { type: 'integer', min: 0, max: 1 },
      KeyState: { type: 'integer', min: 0, max: 5 },
      SearchKeyAlias: { type: 'string', max: 128 },
      Origin: { type: 'string', values: ['', 'TENCENT_KMS', 'EXTERNAL', 'ALL'] },
      // The SDK model lists the usages without ECDSA384; the mock filters on it too (UNCONFIRMED).
      KeyUsage: { type: 'string', values: LIST_USAGES },
      TagFilters: { type: 'json' },
      HsmClusterId: HSM_CLUSTER_ID,
      MemberAccounts: { type: 'json' },
    },
    async run({ ctx, service, region, args }) {
      requireSharedCluster(args.optStr('HsmClusterId'), true);
      const state = STATE_FILTER[args.optInt('KeyState') ?? 0];
      const origin = args.optStr('Origin') || 'ALL';
      // ListKeyDetail API page: KeyUsage empty or absent lists ENCRYPT_DECRYPT keys only; ALL lists every usage.
      const usage = args.optStr('KeyUsage') || 'ENCRYPT_DECRYPT';
      const search = args.optStr('SearchKeyAlias') ?? '';
      const tagged = tagFilter(args.json('TagFilters'));
      const keys = (args.optInt('Role') === 1 ? [] : service.listKeys('tencent', region)).filter(
        (k) =>
          (state === undefined || k.state === state) &&
          (origin === 'ALL' || (origin === 'EXTERNAL') === (k.origin === 'EXTERNAL')) &&
          (usage === 'ALL' || k.keyUsage === usage) &&
          (search === '' || k.keyId.includes(search) || (k.alias ?? '').includes(search)) &&
          tagged(k),
      );
      // OrderType: by CreateTime, 0 (default) newest first, 1 oldest first.
      if ((args.optInt('OrderType') ?? 0) === 0) keys.reverse();
      const offset = args.optInt('Offset') ?? 0;
      return { TotalCount: keys.length, KeyMetadatas: keys.slice(offset, offset + (args.optInt('Limit') ?? 10)).map((k) => tencentMetadata(k, ctx.now())) };
    },
  },
  EnableKey: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: SWITCHABLE },
    async run({ service, key }) {
      await setStates(service, [key], 'Enabled');
      return {};
    },
  },
  DisableKey: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: SWITCHABLE },
    async run({ service, key }) {
      requireUnbound(key, 'DisableKey');
      await setStates(service, [key], 'Disabled');
      return {};
    },
  },
  EnableKeys: {
    // All or nothing: every key is checked before any changes (partial failure UNCONFIRMED).
    params: { KeyIds: KEY_IDS, MemberAccount: MEMBER_ACCOUNT },
    async run({ service, region, args }) {
      const keys = keyList(service, region, args.strings('KeyIds')!);
      for (const k of keys) requireState('EnableKeys', k, SWITCHABLE);
      await setStates(service, keys, 'Enabled');
      return {};
    },
  },
  DisableKeys: {
    params: { KeyIds: KEY_IDS, MemberAccount: MEMBER_ACCOUNT },
    async run({ service, region, args }) {
      const keys = keyList(service, region, args.strings('KeyIds')!);
      for (const k of keys) requireState('DisableKeys', k, SWITCHABLE);
      for (const k of keys) requireUnbound(k, 'DisableKeys');
      await setStates(service, keys, 'Disabled');
      return {};
    },
  },
  ArchiveKey: {
    // ArchiveKey API page: an archived key decrypts but no longer encrypts; only from Enabled.
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ['Enabled'] },
    async run({ service, key }) {
      requireUnbound(key, 'ArchiveKey');
      await setStates(service, [key], 'Archived');
      return {};
    },
  },
  CancelKeyArchive: {
    // CancelKeyArchive API page: the key is Enabled again.
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ['Archived'] },
    async run({ service, key }) {
      await setStates(service, [key], 'Enabled');
      return {};
    },
  },
  ScheduleKeyDeletion: {
    params: { KeyId: KEY_ID, PendingWindowInDays: { type: 'integer', required: true, min: 7, max: 30, code: 'InvalidParameter.InvalidPendingWindowInDays' }, MemberAccount: MEMBER_ACCOUNT },
    // The key must be disabled first (API page), or still awaiting its material.
    key: { param: 'KeyId', states: ['Disabled', 'PendingImport'] },
    async run({ service, key, args }) {
      requireUnbound(key, 'ScheduleKeyDeletion');
      const date = await service.exclusive(key.keyId, async () => service.scheduleKeyDeletion(key, args.int('PendingWindowInDays')));
      return { KeyId: key.keyId, DeletionDate: sec(date) };
    },
  },
  CancelKeyDeletion: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ['PendingDeletion'] },
    async run({ service, key }) {
      // Cancelling returns the key to Disabled (API reference; seed 000's product guide).
      await service.exclusive(key.keyId, async () => service.cancelKeyDeletion(key, 'Disabled'));
      return { KeyId: key.keyId };
    },
  },
  UpdateAlias: {
    // Not while PendingDelete (API page); the code for that is UNCONFIRMED: CmkStateNotSupport.
    params: { Alias: ALIAS, KeyId: KEY_ID, MemberAccount: MEMBER_ACCOUNT },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, region, key, args }) {
      const alias = args.str('Alias');
      requireAliasFree(service, region, alias, key.keyId);
      key.alias = alias;
      service.mutated();
      return {};
    },
  },
  UpdateKeyDescription: {
    params: { Description: { type: 'string', required: true, max: 1024 }, KeyId: KEY_ID, MemberAccount: MEMBER_ACCOUNT },
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, key, args }) {
      requireBytesAtMost('Description', args.str('Description'), 1024);
      key.description = args.str('Description');
      service.mutated();
      return {};
    },
  },
  GetKeyRotationStatus: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ALL_STATES },
    async run({ ctx, key }) {
      return { KeyRotationEnabled: rotationOf(key, ctx.now())?.enabled ?? false };
    },
  },
  EnableKeyRotation: {
    params: { KeyId: KEY_ID, RotateDays: { type: 'integer', min: 7, max: 365 }, MemberAccount: MEMBER_ACCOUNT },
    // The origin and usage first, then the state (as for import): an external key is told why.
    key: { param: 'KeyId' },
    async run({ ctx, service, key, args }) {
      // SPEC §3 "Rotation is not supported for external keys"; errors.go ExternalCmkCanNotRotate.
      if (key.origin === 'EXTERNAL') refuse('UnsupportedOperation.ExternalCmkCanNotRotate', `the key ${key.keyId} holds imported material: external keys cannot rotate`);
      // Seed 003: "KMS does not support the automatic rotation of asymmetric CMKs".
      requireUsage(key, SYMMETRIC, 'EnableKeyRotation');
      requireState('EnableKeyRotation', key, ['Enabled']);
      const now = ctx.now();
      const r = rotationOf(key, now);
      const days = args.optInt('RotateDays') ?? 365;
      extras(key).rotation = { enabled: true, days, since: r?.enabled ? r.since : now, lastRotatedAt: r?.lastRotatedAt ?? 0, lastManualAt: r?.lastManualAt ?? 0 };
      service.mutated();
      return {};
    },
  },
  DisableKeyRotation: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId', states: ALL_STATES },
    async run({ ctx, service, key }) {
      const r = rotationOf(key, ctx.now());
      if (r) r.enabled = false;
      service.mutated();
      return {};
    },
  },
  RotateKey: {
    params: KEY_AND_MEMBER,
    key: { param: 'KeyId' },
    async run({ ctx, service, key }) {
      const now = ctx.now();
      const r = rotationOf(key, now);
      // RotateKey API page: rotation must be enabled, and not an EXTERNAL key; then the key Enabled.
      if (key.origin === 'EXTERNAL' || !r?.enabled) refuse('UnsupportedOperation.RotateNotSupported', `the key ${key.keyId} ${key.origin === 'EXTERNAL' ? 'holds imported material' : 'does not have rotation enabled'}: it cannot rotate`);
      // One manual rotation per 24 hours (RotateKey API page).
      requireState('RotateKey', key, ['Enabled']);
      if (r.lastManualAt > 0 && now - r.lastManualAt < DAY_MS) refuse('RequestLimitExceeded.RotateRateLimited', 'the key was rotated by hand less than 24 hours ago');
      // The mock keeps one material per key (its ciphertexts carry no version): a rotation is recorded, not performed.
      r.lastManualAt = now;
      r.lastRotatedAt = now;
      r.since = now;
      service.mutated();
      return { TaskId: crypto.randomUUID() };
    },
  },
  BindCloudResource: {
    // Idempotent (API page). Which states may bind is UNCONFIRMED: Enabled and Disabled.
    params: { KeyId: KEY_ID, ProductId: { type: 'string', required: true, min: 1, max: 128 }, ResourceId: { type: 'string', required: true, min: 1, max: 256 } },
    key: { param: 'KeyId', states: ['Enabled', 'Disabled'] },
    async run({ service, key, args }) {
      const binding = `${args.str('ProductId')}\n${args.str('ResourceId')}`;
      const { bindings } = extras(key);
      if (!bindings.includes(binding)) bindings.push(binding);
      service.mutated();
      return {};
    },
  },
  UnbindCloudResource: {
    params: { KeyId: KEY_ID, ProductId: { type: 'string', required: true, min: 1, max: 128 }, ResourceId: { type: 'string', required: true, min: 1, max: 256 } },
    key: { param: 'KeyId', states: ALL_STATES },
    async run({ service, key, args }) {
      const { bindings } = extras(key);
      const at = bindings.indexOf(`${args.str('ProductId')}\n${args.str('ResourceId')}`);
      if (at < 0) refuse('ResourceUnavailable.CloudResourceBindingNotFound', `the key ${key.keyId} is not bound to ${args.str('ProductId')} ${args.str('ResourceId')}`);
      bindings.splice(at, 1);
      service.mutated();
      return {};
    },
  },
};
