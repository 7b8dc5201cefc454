// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases, ListAliasesByKeyId. An alias
// is `alias/` and 1–255 characters of letters, digits, _ - / (CreateAlias reference, S3),
// unique in its account and region, bound to one key; a key may have many (S3, S5). Every
// KeyId parameter of this dialect accepts one (resolveAliyunKey).
import { fail } from '../../kms_error.js';
import type { AliasRecord } from '../../store.js';
import type { ActionTable } from '../../wire/dialect.js';
import { aliasArn, ALL, KEY_ID, NOT_DELETING, page, PAGE } from './common.js';

// No code is documented for a malformed name: InvalidParameter (S2's generic code, UNCONFIRMED).
const ALIAS_NAME = { type: 'string', required: true, max: 261, pattern: /^alias\/[A-Za-z0-9_/-]{1,255}$/ } as const;

const row = (a: AliasRecord) => ({ KeyId: a.keyId, AliasName: a.name, AliasArn: aliasArn(a.region, a.name) });
/** Oldest first; equal times keep the store's order, which is creation order (a stable sort). */
const byAge = (a: AliasRecord, b: AliasRecord) => a.createdAt - b.createdAt;

export const ALIAS_ROWS = {
  CreateAlias: {
    params: { AliasName: ALIAS_NAME, KeyId: KEY_ID },
    // S1: a key pending deletion takes no new alias (StateModifiedFailed).
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, region, key, args }) {
      const name = args.str('AliasName');
      // "alias/acs" is reserved for cloud services (S5).
      if (name.startsWith('alias/acs')) fail('InvalidParameter', 'AliasName may not start with the reserved alias/acs');
      service.createAlias('aliyun', region, name, key);
      return {};
    },
  },
  UpdateAlias: {
    params: { AliasName: ALIAS_NAME, KeyId: KEY_ID },
    // S1 "special API": only the target key's state counts; pending deletion → Rejected.PendingDeletion.
    key: { param: 'KeyId', states: NOT_DELETING },
    async run({ service, region, key, args }) {
      service.updateAlias(service.alias('aliyun', region, args.str('AliasName')), key);
      return {};
    },
  },
  DeleteAlias: {
    params: { AliasName: ALIAS_NAME },
    async run({ service, region, args }) {
      service.deleteAlias(service.alias('aliyun', region, args.str('AliasName')));
      return {};
    },
  },
  ListAliases: {
    params: PAGE,
    async run(call) {
      const { items, ...totals } = page(call, call.service.aliases('aliyun', call.region).sort(byAge));
      return { Aliases: { Alias: items.map(row) }, ...totals };
    },
  },
  ListAliasesByKeyId: {
    params: { KeyId: KEY_ID, ...PAGE },
    // Not a row of S1: allowed in every state like ListAliases (UNCONFIRMED).
    key: { param: 'KeyId', states: ALL },
    async run(call) {
      const { items, ...totals } = page(call, call.service.aliases('aliyun', call.region, call.key.keyId).sort(byAge));
      return { Aliases: { Alias: items.map(row) }, ...totals };
    },
  },
} satisfies ActionTable;
