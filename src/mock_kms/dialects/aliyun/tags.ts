// Tags on keys: TagResource, UntagResource, ListResourceTags (and CreateKey's Tags). Limits
// from the TagResource reference (S3, 2021; S5 where newer): TagKey 1–128 characters, TagValue
// 0–256 (newer pages say ≤ 128), characters a-z A-Z 0-9 / _ - . + = @ : (newer pages add \),
// keys starting with "aliyun" or "acs:" reserved, at most 10 tags on a resource, an existing
// key's value overwritten. The code for each refusal is UNCONFIRMED: InvalidParameter (S2).
import { fail } from '../../kms_error.js';
import type { ActionTable } from '../../wire/dialect.js';
import { nameMap } from '../../tables.js';
import { ALL, keyOf, KEY_ID, NOT_DELETING } from './common.js';

const MAX_TAGS = 10;
const TAG_TEXT = /^[A-Za-z0-9/_\-.+=@:\\]*$/;
export const TAGS = { type: 'json' } as const;

/** `tags` merged with a JSON array of {TagKey, TagValue}; refuses what the reference forbids. */
export function checkTags(value: unknown, tags: Readonly<Record<string, string>>, max = MAX_TAGS): Record<string, string> {
  if (!Array.isArray(value) || value.length === 0) return fail('InvalidParameter', 'Tags must be a non-empty JSON array of {"TagKey","TagValue"}');
  const out = nameMap(Object.entries(tags));
  for (const t of value) {
    const { TagKey: k, TagValue: v } = (t ?? {}) as { TagKey?: unknown; TagValue?: unknown };
    if (typeof k !== 'string' || typeof v !== 'string') fail('InvalidParameter', 'each tag needs a string TagKey and a string TagValue');
    if (k.length < 1 || k.length > 128 || !TAG_TEXT.test(k)) fail('InvalidParameter', `TagKey ${JSON.stringify(k)} must be 1–128 characters of a-z A-Z 0-9 / _ - . + = @ : \\`);
    if (/^(aliyun|acs:)/.test(k)) fail('InvalidParameter', `TagKey ${JSON.stringify(k)}: keys starting with "aliyun" or "acs:" are reserved`);
    if (v.length > 256 || !TAG_TEXT.test(v)) fail('InvalidParameter', `TagValue of ${k} must be 0–256 characters of a-z A-Z 0-9 / _ - . + = @ : \\`);
    out[k] = v;
  }
  if (Object.keys(out).length > max) fail('InvalidParameter', `a key carries at most ${max} tags`);
  return out;
}

/** TagResource and UntagResource name one resource: a key here; secrets are outside this mock. */
const ONE_RESOURCE = { KeyId: { ...KEY_ID, required: false }, SecretName: { type: 'string', max: 192 }, CertificateId: { type: 'string', max: 128 } } as const;

function requireKeyResource(args: { has(name: string): boolean }): void {
  const named = ['KeyId', 'SecretName', 'CertificateId'].filter((p) => args.has(p));
  if (named.length === 0) fail('MissingParameter', 'give one of KeyId, SecretName or CertificateId');
  if (named.length > 1) fail('InvalidParameter', `give exactly one of KeyId, SecretName or CertificateId, not ${named.join(' and ')}`);
  if (named[0] !== 'KeyId') fail('NotImplemented', `tags on a ${named[0] === 'SecretName' ? 'secret' : 'certificate'} are not implemented by webcrypto-byok's mock KMS`);
}

export const TAG_ROWS = {
  TagResource: {
    params: { ...ONE_RESOURCE, Tags: { ...TAGS, required: true } },
    async run(call) {
      requireKeyResource(call.args);
      const key = keyOf(call, 'TagResource', 'KeyId', NOT_DELETING);
      await call.service.exclusive(key.keyId, async () => {
        key.tags = checkTags(call.args.json('Tags'), key.tags);
        call.service.mutated();
      });
      return {};
    },
  },
  UntagResource: {
    // A JSON array of tag keys, each 1–128 (UntagResource reference). Keys the resource lacks are no error.
    params: { ...ONE_RESOURCE, TagKeys: { type: 'strings', required: true, min: 1, item: { max: 128 } } },
    async run(call) {
      requireKeyResource(call.args);
      const key = keyOf(call, 'UntagResource', 'KeyId', NOT_DELETING);
      const drop = call.args.strings('TagKeys')!;
      if (drop.some((k) => k.length === 0)) fail('InvalidParameter', 'a tag key is 1–128 characters');
      await call.service.exclusive(key.keyId, async () => {
        key.tags = nameMap(Object.entries(key.tags).filter(([k]) => !drop.includes(k)));
        call.service.mutated();
      });
      return {};
    },
  },
  ListResourceTags: {
    params: { KeyId: KEY_ID },
    key: { param: 'KeyId', states: ALL },
    async run({ key }) {
      return { Tags: { Tag: Object.entries(key.tags).map(([TagKey, TagValue]) => ({ KeyId: key.keyId, TagKey, TagValue })) } };
    },
  },
} satisfies ActionTable;
