// What the demo asks of the mocked KMS, one function per operation, written once per cloud
// with that cloud's typed client (its own field names, from its SDK's model): Tencent's
// ListKeys gives Keys[].KeyId and ValidTo in unix seconds; Alibaba's gives Keys.Key[].KeyId,
// KeySpec, MaterialExpireTime in ISO 8601 and the key version the asymmetric calls need.
import { ByokError, type KmsClientFor } from '../src/index.js';
import { fromBase64, toBase64 } from '../src/lib/bytes.js';
import type { CreateKeyArgs } from './clouds.js';
import { DemoError } from './messages.js';

/** A client of a cloud the mocked KMS speaks (AWS is not in the demo's table yet). */
export type DemoClient = KmsClientFor<'tencent'> | KmsClientFor<'aliyun'>;

export interface KeyView {
  keyId: string;
  /** As DescribeKey reports it (Tencent keys are all SYMMETRIC). */
  spec: string;
  state: string;
  /** 'never', or when the material expires (UTC). */
  expires: string;
  /** Alibaba: the primary key version, for GetPublicKey and the Asymmetric* calls. */
  version: string;
}

export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/**
 * Every key of this cloud, described. Tencent's ListKeys leaves out keys pending deletion
 * (its API reference: Enabled, Disabled and PendingImport only), so the keys the page
 * already knows are described too, and kept while DescribeKey still finds them. Built
 * whole before it is returned: a failure leaves the caller's list as it was.
 */
export async function listKeyViews(c: DemoClient, known: readonly string[] = []): Promise<KeyView[]> {
  const views: KeyView[] = [];
  if (c.cloud === 'tencent') {
    const { Keys = [] } = await c.listKeys({ Limit: 100 });
    const listed = Keys.flatMap((k) => (k.KeyId ? [k.KeyId] : []));
    for (const KeyId of new Set([...listed, ...known])) {
      let m;
      try {
        ({ KeyMetadata: m } = await c.describeKey({ KeyId }));
      } catch (e) {
        if (!listed.includes(KeyId) && e instanceof ByokError && e.kmsCode === 'ResourceUnavailable.CmkNotFound') continue; // gone
        throw e;
      }
      views.push({ keyId: m.KeyId, spec: 'SYMMETRIC', state: m.KeyState, expires: m.ValidTo ? utc(m.ValidTo * 1000) : 'never', version: '' });
    }
  } else {
    const { Keys } = await c.listKeys({ PageSize: 100 });
    for (const { KeyId } of Keys?.Key ?? []) {
      const { KeyMetadata: m } = await c.describeKey({ KeyId });
      views.push({ keyId: m.KeyId, spec: m.KeySpec, state: m.KeyState, expires: m.MaterialExpireTime ? utc(Date.parse(m.MaterialExpireTime)) : 'never', version: m.PrimaryKeyVersion ?? '' });
    }
  }
  return views;
}

/** CreateKey for an external key of a table row; its KeyId. */
export async function createExternalKey(c: DemoClient, create: CreateKeyArgs): Promise<string> {
  if (c.cloud === 'tencent' && create.cloud === 'tencent') {
    const { KeyId } = await c.createKey({ Alias: `byok-demo-${Date.now()}`, ...create.args });
    return KeyId;
  }
  if (c.cloud === 'aliyun' && create.cloud === 'aliyun') return (await c.createKey(create.args)).KeyMetadata.KeyId;
  throw new DemoError(`This key type belongs to ${create.cloud}, not ${c.cloud}.`);
}

export interface ImportParameters {
  PublicKey: string;
  ImportToken: string;
  /** When the token and its public key expire (UTC). */
  validTo: string;
}

export async function getImportParameters(c: DemoClient, KeyId: string, WrappingAlgorithm: string, WrappingKeySpec: string): Promise<ImportParameters> {
  if (c.cloud === 'tencent') {
    const r = await c.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec });
    return { PublicKey: r.PublicKey, ImportToken: r.ImportToken, validTo: utc(r.ParametersValidTo * 1000) };
  }
  const r = await c.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec });
  return { PublicKey: r.PublicKey, ImportToken: r.ImportToken, validTo: utc(Date.parse(r.TokenExpireTime)) };
}

/** ImportKeyMaterial; `validTo` in unix seconds, 0 = never (Tencent ValidTo, Alibaba KeyMaterialExpireUnix). */
export async function importWrapped(c: DemoClient, KeyId: string, EncryptedKeyMaterial: string, ImportToken: string, validTo: number): Promise<void> {
  if (c.cloud === 'tencent') await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, ValidTo: validTo });
  else await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, KeyMaterialExpireUnix: validTo });
}

/** The key management buttons. */
export const manage = {
  deleteMaterial: (c: DemoClient, KeyId: string) => c.deleteKeyMaterial({ KeyId }),
  disable: (c: DemoClient, KeyId: string) => c.disableKey({ KeyId }),
  enable: (c: DemoClient, KeyId: string) => c.enableKey({ KeyId }),
  scheduleDeletion: (c: DemoClient, KeyId: string) => c.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 }),
  cancelDeletion: (c: DemoClient, KeyId: string) => c.cancelKeyDeletion({ KeyId }),
};

const toBase64Text = (text: string) => toBase64(new TextEncoder().encode(text));
const fromBase64Text = (b64: string) => new TextDecoder().decode(fromBase64(b64) ?? new Uint8Array(0));

/** Encrypt then Decrypt a message with a symmetric key (Tencent's Plaintext is base64; Alibaba's is text). */
export async function encryptDecrypt(c: DemoClient, KeyId: string, message: string): Promise<{ ciphertext: string; plaintext: string }> {
  if (c.cloud === 'tencent') {
    const { CiphertextBlob } = await c.encrypt({ KeyId, Plaintext: toBase64Text(message) });
    const { Plaintext } = await c.decrypt({ CiphertextBlob });
    return { ciphertext: CiphertextBlob, plaintext: fromBase64Text(Plaintext) };
  }
  const { CiphertextBlob } = await c.encrypt({ KeyId, Plaintext: message });
  const { Plaintext } = await c.decrypt({ CiphertextBlob });
  return { ciphertext: CiphertextBlob, plaintext: Plaintext };
}

function aliyun(c: DemoClient): KmsClientFor<'aliyun'> {
  if (c.cloud !== 'aliyun') throw new DemoError('Only the Alibaba Cloud KMS imports asymmetric keys.');
  return c;
}

/** Alibaba asymmetric keys: GetPublicKey, AsymmetricSign/Verify, AsymmetricDecrypt with the key's version. */
export const asymmetric = {
  publicKey: async (c: DemoClient, key: KeyView) => (await aliyun(c).getPublicKey({ KeyId: key.keyId, KeyVersionId: key.version })).PublicKey,
  sign: async (c: DemoClient, key: KeyView, Algorithm: string, Digest: string) => (await aliyun(c).asymmetricSign({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm, Digest })).Value,
  verify: async (c: DemoClient, key: KeyView, Algorithm: string, Digest: string, Value: string) =>
    (await aliyun(c).asymmetricVerify({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm, Digest, Value })).Value,
  decrypt: async (c: DemoClient, key: KeyView, Algorithm: string, CiphertextBlob: string) =>
    (await aliyun(c).asymmetricDecrypt({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm, CiphertextBlob })).Plaintext,
};
