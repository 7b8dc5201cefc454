// Key versions: ListKeyVersions, DescribeKeyVersion, CreateKeyVersion. A version id is a
// GUID; KeyMetadata.PrimaryKeyVersion is the newest. CreateKeyVersion rotates an asymmetric
// key by hand: a new key pair becomes the primary version, the older ones stay usable by
// their KeyVersionId (CreateKeyVersion reference, S3, S5).
import { fail } from '../../kms_error.js';
import type { KeyRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import { ALL, isoSeconds, isSymmetric, KEY_ID, KEY_VERSION_ID, page, PAGE, primaryVersion, stateError, USABLE } from './common.js';
import { addVersion, versionCreatedAt } from './extras.js';

const DAY_MS = 86_400_000;
/** At least 7 days between versions; at most 50 versions (CreateKeyVersion reference, S3, S5). */
const MIN_VERSION_INTERVAL_MS = 7 * DAY_MS;
const MAX_VERSIONS = 50;

const version = (key: KeyRecord, id: string) => ({ KeyId: key.keyId, KeyVersionId: id, CreationDate: isoSeconds(versionCreatedAt(key, id)) });

export const VERSION_ROWS = {
  ListKeyVersions: {
    params: { KeyId: KEY_ID, ...PAGE },
    key: { param: 'KeyId', states: ALL },
    async run(call) {
      const { items, ...totals } = page(call, call.key.versions);
      return { KeyVersions: { KeyVersion: items.map((id) => version(call.key, id)) }, ...totals };
    },
  },
  DescribeKeyVersion: {
    params: { KeyId: KEY_ID, KeyVersionId: KEY_VERSION_ID },
    key: { param: 'KeyId', states: ALL },
    async run({ key, args }) {
      if (!key.versions.includes(args.str('KeyVersionId'))) fail('KeyVersionNotFound', `the key ${key.keyId} has no version ${args.str('KeyVersionId')}`);
      return { KeyVersion: version(key, args.str('KeyVersionId')) };
    },
  },
  CreateKeyVersion: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: USABLE },
    async run({ service, key }) {
      // The reference's code for each refusal is Rejected.UnsupportedOperation (status 400 as on the other pages).
      const refuse = (why: string) => fail('UnsupportedOperation', why, undefined, 'Rejected.UnsupportedOperation');
      if (isSymmetric(key)) refuse(`CreateKeyVersion is for asymmetric keys; ${key.keyId} is ${key.keySpec}`);
      // SPEC §3: rotation is not supported for external keys (their material is bound).
      if (key.origin === 'EXTERNAL') refuse(`the key ${key.keyId} holds imported material: it cannot have a new version`);
      const made = await service.exclusive(key.keyId, async () => {
        // Re-checked in turn: a DisableKey queued before this call may have run meanwhile.
        if (!USABLE.includes(key.state)) throw stateError('CreateKeyVersion', key);
        const now = service.now();
        const last = versionCreatedAt(key, primaryVersion(key));
        if (now - last < MIN_VERSION_INTERVAL_MS) refuse(`the last version of ${key.keyId} was made ${isoSeconds(last)}: a new one may follow 7 days later`);
        // The code for the 50-version limit is UNCONFIRMED.
        if (key.versions.length >= MAX_VERSIONS) fail('LimitExceeded', `the key ${key.keyId} has ${MAX_VERSIONS} versions, the most it may have`);
        const { generateTargetKey } = await import('../../../target_key/generate_target_key.js');
        const { privateKey } = await generateTargetKey(key.material as Parameters<typeof generateTargetKey>[0]);
        const id = crypto.randomUUID();
        addVersion(key, id, privateKey, now);
        service.mutated();
        return id;
      });
      return { KeyVersion: version(key, made) };
    },
  },
} satisfies ActionTable;
