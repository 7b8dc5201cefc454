// What the demo asks of the mocked KMS, one function per operation, written once per cloud
// with that cloud's typed client (its own field names, from its SDK's model): Tencent's
// ListKeys gives Keys[].KeyId and ValidTo in unix seconds; Alibaba's gives Keys.Key[].KeyId,
// KeySpec, MaterialExpireTime in ISO 8601 and the key version the asymmetric calls need;
// AWS's gives Keys[].KeyId, KeySpec and ValidTo in epoch seconds, its blobs are base64 and
// its asymmetric calls take the key alone.
import { ByokError, type KmsClientFor, type KmsRequest } from '../src/index.js';
import { fromBase64, toBase64 } from '../src/lib/bytes.js';
import type { CreateKeyArgs } from './clouds.js';
import { DemoError } from './messages.js';

/** A client of a cloud the mocked KMS speaks. */
export type DemoClient = KmsClientFor<'tencent'> | KmsClientFor<'aliyun'> | KmsClientFor<'aws'>;

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
  } else if (c.cloud === 'aliyun') {
    const { Keys } = await c.listKeys({ PageSize: 100 });
    for (const { KeyId } of Keys?.Key ?? []) {
      const { KeyMetadata: m } = await c.describeKey({ KeyId });
      views.push({ keyId: m.KeyId, spec: m.KeySpec, state: m.KeyState, expires: m.MaterialExpireTime ? utc(Date.parse(m.MaterialExpireTime)) : 'never', version: m.PrimaryKeyVersion ?? '' });
    }
  } else {
    // AWS lists every key, pending deletion included.
    const { Keys = [] } = await c.listKeys({ Limit: 100 });
    for (const { KeyId } of Keys) {
      if (!KeyId) continue;
      const { KeyMetadata: m } = await c.describeKey({ KeyId });
      views.push({ keyId: m.KeyId, spec: m.KeySpec ?? '', state: m.KeyState, expires: m.ValidTo ? utc(m.ValidTo * 1000) : 'never', version: '' });
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
  if (c.cloud === 'aws' && create.cloud === 'aws') return (await c.createKey(create.args)).KeyMetadata.KeyId;
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
  if (c.cloud === 'aws') {
    // AWS's model types both as its enums; the demo's table offers only values they hold.
    type Args = KmsRequest<'aws', 'GetParametersForImport'>;
    const r = await c.getParametersForImport({ KeyId, WrappingAlgorithm: WrappingAlgorithm as Args['WrappingAlgorithm'], WrappingKeySpec: WrappingKeySpec as Args['WrappingKeySpec'] });
    return { PublicKey: r.PublicKey, ImportToken: r.ImportToken, validTo: utc(r.ParametersValidTo * 1000) };
  }
  const r = await c.getParametersForImport({ KeyId, WrappingAlgorithm, WrappingKeySpec });
  return { PublicKey: r.PublicKey, ImportToken: r.ImportToken, validTo: utc(Date.parse(r.TokenExpireTime)) };
}

/**
 * ImportKeyMaterial; `validTo` in unix seconds, 0 = never (Tencent ValidTo, Alibaba
 * KeyMaterialExpireUnix; AWS ExpirationModel, with ValidTo only when the material expires).
 */
export async function importWrapped(c: DemoClient, KeyId: string, EncryptedKeyMaterial: string, ImportToken: string, validTo: number): Promise<void> {
  if (c.cloud === 'tencent') await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, ValidTo: validTo });
  else if (c.cloud === 'aliyun') await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, KeyMaterialExpireUnix: validTo });
  else if (validTo === 0) await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
  else await c.importKeyMaterial({ KeyId, EncryptedKeyMaterial, ImportToken, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
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

/** Encrypt then Decrypt a message with a symmetric key (Tencent's and AWS's Plaintext is base64; Alibaba's is text). */
export async function encryptDecrypt(c: DemoClient, KeyId: string, message: string): Promise<{ ciphertext: string; plaintext: string }> {
  if (c.cloud === 'aliyun') {
    const { CiphertextBlob } = await c.encrypt({ KeyId, Plaintext: message });
    const { Plaintext } = await c.decrypt({ CiphertextBlob });
    return { ciphertext: CiphertextBlob, plaintext: Plaintext };
  }
  const { CiphertextBlob } = await c.encrypt({ KeyId, Plaintext: toBase64Text(message) });
  const { Plaintext } = await c.decrypt({ CiphertextBlob });
  return { ciphertext: CiphertextBlob, plaintext: fromBase64Text(Plaintext) };
}

/** AWS HMAC keys: GenerateMac, then VerifyMac of the same message, with the key spec's MAC algorithm (HMAC_384 → HMAC_SHA_384). */
export async function macVerify(c: DemoClient, key: KeyView, message: string): Promise<{ algorithm: string; mac: string; valid: boolean }> {
  if (c.cloud !== 'aws') throw new DemoError('Only the AWS KMS has HMAC keys here.');
  const MacAlgorithm = key.spec.replace(/^HMAC_/, 'HMAC_SHA_') as KmsRequest<'aws', 'GenerateMac'>['MacAlgorithm'];
  const Message = toBase64Text(message);
  const { Mac = '' } = await c.generateMac({ KeyId: key.keyId, Message, MacAlgorithm });
  const { MacValid = false } = await c.verifyMac({ KeyId: key.keyId, Message, MacAlgorithm, Mac });
  return { algorithm: MacAlgorithm, mac: Mac, valid: MacValid };
}

function aliyun(c: DemoClient): KmsClientFor<'aliyun'> {
  if (c.cloud !== 'aliyun') throw new DemoError('Only the Alibaba Cloud KMS has SM2 keys here.');
  return c;
}

/** The signing algorithm the demo uses for a key spec (SHA-256, but the hash AWS ties to P-384 and P-521). */
export function signingAlgorithm(cloud: DemoClient['cloud'], spec: string): string {
  if (spec.startsWith('RSA')) return cloud === 'aws' ? 'RSASSA_PKCS1_V1_5_SHA_256' : 'RSA_PKCS1_SHA_256';
  return { ECC_NIST_P384: 'ECDSA_SHA_384', ECC_NIST_P521: 'ECDSA_SHA_512' }[spec] ?? 'ECDSA_SHA_256';
}

/** Asymmetric keys: GetPublicKey, and a signature made and verified by the KMS (Alibaba: of the message's SHA-256; AWS: of the message, RAW). */
export const asymmetric = {
  publicKey: async (c: DemoClient, key: KeyView): Promise<string> => {
    if (c.cloud === 'aliyun') return (await c.getPublicKey({ KeyId: key.keyId, KeyVersionId: key.version })).PublicKey;
    if (c.cloud === 'aws') return (await c.getPublicKey({ KeyId: key.keyId })).PublicKey;
    throw new DemoError('The Tencent Cloud KMS imports symmetric keys only.');
  },
  signVerify: async (c: DemoClient, key: KeyView, message: string): Promise<{ algorithm: string; signature: string; valid: boolean }> => {
    const algorithm = signingAlgorithm(c.cloud, key.spec);
    if (c.cloud === 'aws') {
      const args = { KeyId: key.keyId, Message: toBase64Text(message), MessageType: 'RAW' as const, SigningAlgorithm: algorithm as KmsRequest<'aws', 'Sign'>['SigningAlgorithm'] };
      const { Signature = '' } = await c.sign(args);
      const { SignatureValid = false } = await c.verify({ ...args, Signature });
      return { algorithm, signature: Signature, valid: SignatureValid };
    }
    const k = aliyun(c);
    const Digest = toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(message))));
    const { Value } = await k.asymmetricSign({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm: algorithm, Digest });
    const verified = await k.asymmetricVerify({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm: algorithm, Digest, Value });
    return { algorithm, signature: Value, valid: verified.Value === true };
  },
  decrypt: async (c: DemoClient, key: KeyView, Algorithm: string, CiphertextBlob: string) =>
    (await aliyun(c).asymmetricDecrypt({ KeyId: key.keyId, KeyVersionId: key.version, Algorithm, CiphertextBlob })).Plaintext,
};
