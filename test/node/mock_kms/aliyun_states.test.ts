// Alibaba's "Impact of key states on API operations" table (S1 of the research inventory;
// docs/rules/aliyun.md), row by row: every key-scoped action in every key state, through
// @alicloud/kms20160120, answering as the table says — or refused with its code and HTTP 409.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyMaterial, wrapKeyMaterial } from '../../../src/index.js';
import { CREDENTIAL, startMockKms } from '../helpers/mock_kms.js';
import { rawCall, refusal, refused, teaClient } from './aliyun_fixture.js';

type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';
type Verdict = 'allowed' | 'Rejected.Disabled' | 'Rejected.PendingDeletion' | 'Rejected.PendingImport' | 'Rejected.StateModifiedFailed';

const A: Verdict = 'allowed';
const NAMED: Record<State, Verdict> = { Enabled: A, Disabled: 'Rejected.Disabled', PendingDeletion: 'Rejected.PendingDeletion', PendingImport: 'Rejected.PendingImport' };
const row = (Enabled: Verdict, Disabled: Verdict, PendingDeletion: Verdict, PendingImport: Verdict): Record<State, Verdict> => ({ Enabled, Disabled, PendingDeletion, PendingImport });
const SMF: Verdict = 'Rejected.StateModifiedFailed';

/** The table (S1). Rows marked inferred are not in it: UNCONFIRMED, as the research inventory says. */
const TABLE: Record<string, Record<State, Verdict>> = {
  GenerateDataKey: NAMED,
  GenerateDataKeyWithoutPlaintext: NAMED,
  Encrypt: NAMED,
  Decrypt: NAMED,
  ListKeys: row(A, A, A, A),
  DescribeKey: row(A, A, A, A),
  UpdateKeyDescription: row(A, A, 'Rejected.PendingDeletion', A),
  EnableKey: row(A, A, SMF, SMF),
  DisableKey: row(A, A, SMF, SMF),
  ScheduleKeyDeletion: row(A, A, SMF, A),
  CancelKeyDeletion: row(SMF, SMF, A, SMF),
  CreateAlias: row(A, A, SMF, A),
  DeleteAlias: row(A, A, A, A),
  ListAliases: row(A, A, A, A),
  TagResource: row(A, A, 'Rejected.PendingDeletion', A),
  UntagResource: row(A, A, 'Rejected.PendingDeletion', A),
  ListResourceTags: row(A, A, A, A),
  CreateKeyVersion: NAMED,
  DescribeKeyVersion: row(A, A, A, A),
  ListKeyVersions: row(A, A, A, A),
  UpdateRotationPolicy: NAMED,
  // "Special API" note: the target key's state only.
  UpdateAlias: row(A, A, 'Rejected.PendingDeletion', A),
  // "External key" sub-table.
  GetParametersForImport: row(A, A, A, A),
  ImportKeyMaterial: row(A, A, SMF, A),
  DeleteKeyMaterial: row(A, A, A, A),
  // Inferred: "only Enabled keys can be used for cryptographic operations".
  AsymmetricEncrypt: NAMED,
  AsymmetricDecrypt: NAMED,
  AsymmetricSign: NAMED,
  AsymmetricVerify: NAMED,
  GetPublicKey: NAMED,
  ReEncrypt: NAMED,
  // Inferred from ListAliases.
  ListAliasesByKeyId: row(A, A, A, A),
};

/** Which key an action needs: symmetric (KMS-made, or imported for the import actions), RSA for encryption, EC for signing. */
type Kind = 'symmetric' | 'external' | 'rsa' | 'ec';
const KIND: Record<string, Kind> = {
  GetParametersForImport: 'external',
  ImportKeyMaterial: 'external',
  DeleteKeyMaterial: 'external',
  AsymmetricEncrypt: 'rsa',
  AsymmetricDecrypt: 'rsa',
  AsymmetricSign: 'ec',
  AsymmetricVerify: 'ec',
  GetPublicKey: 'ec',
  CreateKeyVersion: 'ec',
};

interface Prepared {
  keyId: string;
  version: string;
  alias: string;
  /** A ciphertext (Encrypt, or AsymmetricEncrypt) and a signature made while the key was Enabled. */
  blob: string;
  signature: string;
  material?: Uint8Array;
}

let env: ReturnType<typeof startMockKms>;
beforeEach(() => {
  env = startMockKms({ credentials: [CREDENTIAL] });
});
afterEach(() => env.close());
const client = teaClient();
const call = (action: string, args: Record<string, unknown>) => rawCall(client, action, args);
const DIGEST = Buffer.alloc(32, 9).toString('base64');

async function importInto(keyId: string, material: Uint8Array): Promise<void> {
  const p = await call('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: p.PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: material });
  await call('ImportKeyMaterial', { KeyId: keyId, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: p.ImportToken, KeyMaterialExpireUnix: 0 });
}

/** A key of `kind` in `state`, with what the calls need made while it was still usable. */
async function prepare(kind: Kind, state: State): Promise<Prepared> {
  const spec = { symmetric: {}, external: {}, rsa: { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT/DECRYPT' }, ec: { KeySpec: 'EC_P256', KeyUsage: 'SIGN/VERIFY' } }[kind];
  // PendingImport needs an EXTERNAL key; a symmetric one gets material first (for a ciphertext), then loses it.
  const external = kind === 'external' || state === 'PendingImport';
  const meta = (await call('CreateKey', { ...spec, Origin: external ? 'EXTERNAL' : 'Aliyun_KMS' })).KeyMetadata;
  const p: Prepared = { keyId: meta.KeyId, version: meta.PrimaryKeyVersion, alias: `alias/k-${meta.KeyId}`, blob: '', signature: '' };
  await call('CreateAlias', { AliasName: p.alias, KeyId: p.keyId });
  await call('TagResource', { KeyId: p.keyId, Tags: JSON.stringify([{ TagKey: 'team', TagValue: 'byok' }]) });
  const importable = kind === 'symmetric' || kind === 'external';
  if (external && importable && !(kind === 'external' && state === 'PendingImport')) {
    p.material = generateKeyMaterial();
    await importInto(p.keyId, p.material);
  }
  if (kind === 'symmetric' && !(external && !p.material)) p.blob = (await call('Encrypt', { KeyId: p.keyId, Plaintext: 'state table' })).CiphertextBlob;
  if (kind === 'rsa') p.blob = external ? Buffer.alloc(256, 1).toString('base64') : (await call('AsymmetricEncrypt', { KeyId: p.keyId, KeyVersionId: p.version, Algorithm: 'RSAES_OAEP_SHA_256', Plaintext: 'AAEC' })).CiphertextBlob;
  if (kind === 'ec') p.signature = external ? Buffer.alloc(70, 1).toString('base64') : (await call('AsymmetricSign', { KeyId: p.keyId, KeyVersionId: p.version, Algorithm: 'ECDSA_SHA_256', Digest: DIGEST })).Value;
  if (state === 'Disabled') await call('DisableKey', { KeyId: p.keyId });
  if (state === 'PendingDeletion') await call('ScheduleKeyDeletion', { KeyId: p.keyId, PendingWindowInDays: 30 });
  if (state === 'PendingImport' && p.material) await call('DeleteKeyMaterial', { KeyId: p.keyId });
  const now = (await call('DescribeKey', { KeyId: p.keyId })).KeyMetadata.KeyState;
  expect(now, 'the key reached the state under test').toBe(state);
  return p;
}

/** The action with valid arguments for the prepared key. */
async function perform(action: string, p: Prepared): Promise<unknown> {
  const k = { KeyId: p.keyId };
  const v = { ...k, KeyVersionId: p.version };
  switch (action) {
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext':
    case 'DescribeKey':
    case 'EnableKey':
    case 'DisableKey':
    case 'CancelKeyDeletion':
    case 'ListResourceTags':
    case 'ListKeyVersions':
    case 'ListAliasesByKeyId':
    case 'DeleteKeyMaterial':
      return call(action, k);
    case 'CreateKeyVersion':
      env.clock.advance(8 * 86_400_000); // past the 7 days between versions (the 30-day deletion window stays open)
      return call(action, k);
    case 'Encrypt':
      return call(action, { ...k, Plaintext: 'x' });
    case 'Decrypt':
      return call(action, { CiphertextBlob: p.blob });
    case 'ReEncrypt': {
      const destination = (await call('CreateKey', {})).KeyMetadata.KeyId;
      return call(action, { CiphertextBlob: p.blob, DestinationKeyId: destination });
    }
    case 'ListKeys': {
      const ids = (await call(action, { PageSize: 100 })).Keys.Key.map((x: { KeyId: string }) => x.KeyId);
      expect(ids).toContain(p.keyId);
      return ids;
    }
    case 'UpdateKeyDescription':
      return call(action, { ...k, Description: 'described' });
    case 'ScheduleKeyDeletion':
      return call(action, { ...k, PendingWindowInDays: 7 });
    case 'CreateAlias':
      return call(action, { ...k, AliasName: `${p.alias}-2` });
    case 'UpdateAlias':
      return call(action, { ...k, AliasName: p.alias });
    case 'DeleteAlias':
      return call(action, { AliasName: p.alias });
    case 'ListAliases': {
      const names = (await call(action, { PageSize: 100 })).Aliases.Alias.map((x: { AliasName: string }) => x.AliasName);
      expect(names).toContain(p.alias);
      return names;
    }
    case 'TagResource':
      return call(action, { ...k, Tags: JSON.stringify([{ TagKey: 'env', TagValue: 'test' }]) });
    case 'UntagResource':
      return call(action, { ...k, TagKeys: JSON.stringify(['team']) });
    case 'DescribeKeyVersion':
    case 'GetPublicKey':
      return call(action, v);
    case 'UpdateRotationPolicy':
      return call(action, { ...k, EnableAutomaticRotation: true, RotationInterval: '30d' });
    case 'GetParametersForImport':
      return call(action, { ...k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    case 'ImportKeyMaterial': {
      const params = await call('GetParametersForImport', { ...k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
      const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: params.PublicKey, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', keyMaterial: p.material ?? generateKeyMaterial() });
      return call(action, { ...k, EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: params.ImportToken, KeyMaterialExpireUnix: 0 });
    }
    case 'AsymmetricEncrypt':
      return call(action, { ...v, Algorithm: 'RSAES_OAEP_SHA_256', Plaintext: 'AAEC' });
    case 'AsymmetricDecrypt':
      return call(action, { ...v, Algorithm: 'RSAES_OAEP_SHA_256', CiphertextBlob: p.blob });
    case 'AsymmetricSign':
      return call(action, { ...v, Algorithm: 'ECDSA_SHA_256', Digest: DIGEST });
    case 'AsymmetricVerify':
      return call(action, { ...v, Algorithm: 'ECDSA_SHA_256', Digest: DIGEST, Value: p.signature });
    default:
      throw new Error(`no call for ${action}`);
  }
}

describe.each(Object.keys(TABLE))('%s', (action) => {
  it.each(['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'] as State[])('on a key %s', async (state) => {
    const p = await prepare(KIND[action] ?? 'symmetric', state);
    const verdict = TABLE[action]![state];
    const got = await refusal(perform(action, p));
    expect(got).toEqual(verdict === 'allowed' ? 'no error' : refused(verdict, 409));
  });
});

it('the table covers every key-scoped action the dialect answers', async () => {
  const { ALIYUN_ACTIONS } = await import('../../../src/mock_kms/dialects/aliyun.js');
  const keyless = ['CreateKey', 'DescribeRegions', 'DescribeService', 'GetRandomPassword'];
  expect(Object.keys(ALIYUN_ACTIONS).filter((a) => !keyless.includes(a)).sort()).toEqual(Object.keys(TABLE).sort());
});
