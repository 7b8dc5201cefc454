// The mocked KMS service: operations in a cloud-neutral vocabulary over the store,
// every decision delegated to rules.ts, every byte to kms_crypto.ts / asymmetric.ts.
import { clean, toBase64 } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { generateTargetKey } from '../target_key/generate_target_key.js';
import { isTargetKeySpec } from '../target_key/specs.js';
import { fail } from './kms_error.js';
import { asymmetricDecrypt, publicKeyOf, signDigest, verifyDigest } from './asymmetric.js';
import { sha256Hex } from '../lib/cloud_signatures.js';
import { blobKeyId, createWrappingKey, decryptWithMaterial, encryptWithMaterial, unwrapMaterial } from './kms_crypto.js';
import * as rules from './rules.js';
import { KeyStore, type Cloud, type ImportParameters, type KeyRecord } from './store.js';

const SYMMETRIC_WRAPPING = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5', 'SM2PKE'];
const ASYMMETRIC_WRAPPING = ['RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD', 'SM2PKE_SM4_ECB'];
const ALIYUN_SYMMETRIC_SPECS = ['Aliyun_AES_256', 'Aliyun_SM4'];

export interface CreateKeyInput {
  cloud: Cloud;
  alias?: string;
  description?: string;
  keySpec: string;
  keyUsage: string;
  origin: 'EXTERNAL' | 'KMS';
}

export class MockKmsService {
  readonly store = new KeyStore();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** RSA key pairs generated ahead, each handed to exactly one GetParametersForImport. */
  private readonly spareRsa: Promise<Awaited<ReturnType<typeof createWrappingKey>>>[] = [];

  constructor(
    readonly now: () => number,
    private readonly persist: () => void = () => {},
  ) {}

  /** One operation at a time per key: racing imports cannot both bind (SPEC §3 "Binding"). */
  private async exclusive<T>(keyId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(keyId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(keyId, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(keyId) === tail) this.locks.delete(keyId);
    }
  }

  private mutated(): void {
    this.persist();
  }

  /** The key, after the clock has had its say (expiry, end of the deletion window). */
  key(cloud: Cloud, keyId: string): KeyRecord {
    const key = this.store.keys.get(keyId);
    if (!key || key.cloud !== cloud) return fail('KeyNotFound', `no key ${keyId}`);
    const now = this.now();
    if (rules.deletionDue(key, now)) {
      this.store.keys.delete(keyId);
      this.mutated();
      return fail('KeyNotFound', `no key ${keyId}`);
    }
    const had = key.material !== undefined;
    rules.applyMaterialExpiry(key, now);
    if (had && !key.material) this.mutated();
    return key;
  }

  async createKey(input: CreateKeyInput): Promise<KeyRecord> {
    const key: KeyRecord = {
      keyId: crypto.randomUUID(),
      cloud: input.cloud,
      description: input.description ?? '',
      keySpec: input.keySpec,
      keyUsage: input.keyUsage,
      origin: input.origin,
      state: input.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      createdAt: this.now(),
      materialExpiresAt: 0,
    };
    if (input.alias !== undefined) key.alias = input.alias;
    if (input.origin === 'KMS') {
      key.material = isTargetKeySpec(input.keySpec)
        ? (await generateTargetKey(input.keySpec)).privateKey
        : randomBytes(input.keySpec === 'Aliyun_SM4' ? 16 : 32);
    }
    this.store.keys.set(key.keyId, key);
    this.mutated();
    return key;
  }

  listKeys(cloud: Cloud): KeyRecord[] {
    return [...this.store.keys.values()].filter((k) => k.cloud === cloud).flatMap((k) => {
      try {
        return [this.key(cloud, k.keyId)];
      } catch {
        return [];
      }
    });
  }

  async getParametersForImport(cloud: Cloud, keyId: string, wrappingAlgorithm: string, wrappingKeySpec: string): Promise<ImportParameters> {
    const key = this.key(cloud, keyId);
    rules.requireExternalOrigin(key);
    rules.requireImportState(key);
    const asymmetricKey = isTargetKeySpec(key.keySpec);
    const allowed = asymmetricKey ? ASYMMETRIC_WRAPPING : SYMMETRIC_WRAPPING;
    if (!allowed.includes(wrappingAlgorithm)) {
      fail('InvalidParameter', `WrappingAlgorithm ${wrappingAlgorithm} is not valid for a ${key.keySpec} key; use one of ${allowed.join(', ')}`);
    }
    const sm2 = wrappingAlgorithm.startsWith('SM2');
    if (wrappingKeySpec !== (sm2 ? 'EC_SM2' : 'RSA_2048')) {
      fail('InvalidParameter', `WrappingKeySpec must be ${sm2 ? 'EC_SM2' : 'RSA_2048'} for ${wrappingAlgorithm}`);
    }
    if (wrappingAlgorithm === 'SM2PKE_SM4_ECB' && key.keySpec !== 'EC_SM2') fail('InvalidParameter', 'SM2PKE_SM4_ECB imports EC_SM2 keys only');
    if (wrappingAlgorithm === 'RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD' && key.keySpec === 'EC_SM2') {
      fail('InvalidParameter', 'EC_SM2 keys are imported with SM2PKE_SM4_ECB');
    }
    const wrapping = await this.freshWrappingKey(wrappingKeySpec as 'RSA_2048' | 'EC_SM2');
    const now = this.now();
    const params: ImportParameters = {
      token: toBase64(randomBytes(48)),
      keyId,
      wrappingAlgorithm,
      wrappingKeySpec: wrappingKeySpec as 'RSA_2048' | 'EC_SM2',
      publicKey: wrapping.publicKey,
      privateKey: wrapping.privateKey,
      issuedAt: now,
      expiresAt: now + rules.TOKEN_LIFETIME_MS,
    };
    // Tencent: after another call only the newest pair is valid. Alibaba: every pair lives 24 h.
    if (cloud === 'tencent') key.newestToken = params.token;
    this.pruneExpiredParameters(now);
    this.store.importParameters.set(params.token, params);
    this.mutated();
    return params;
  }

  /** A long-expired pair keeps its token (so it is still reported as expired), not its private key. */
  /**
   * A wrapping key pair no call has used. RSA-2048 generation is ~95% of an import flow
   * (npm run bench), so two pairs are kept generating ahead, on WebCrypto's threads.
   */
  private freshWrappingKey(spec: 'RSA_2048' | 'EC_SM2') {
    if (spec === 'EC_SM2') return createWrappingKey(spec);
    const next = this.spareRsa.shift() ?? createWrappingKey(spec);
    while (this.spareRsa.length < 2) {
      const spare = createWrappingKey(spec);
      spare.catch(() => undefined); // a failed spare is reported to the call that takes it
      this.spareRsa.push(spare);
    }
    return next;
  }

  private pruneExpiredParameters(now: number): void {
    for (const p of this.store.importParameters.values()) if (now >= p.expiresAt + rules.TOKEN_LIFETIME_MS) delete p.privateKey;
  }

  async importKeyMaterial(cloud: Cloud, keyId: string, encryptedKeyMaterial: Uint8Array, importToken: string, expirySeconds: number | undefined): Promise<void> {
    this.key(cloud, keyId);
    await this.exclusive(keyId, async () => {
      const key = this.key(cloud, keyId);
      const now = this.now();
      rules.requireExternalOrigin(key);
      rules.requireImportState(key);
      const params = rules.requireUsableToken(this.store.importParameters.get(importToken), key, now);
      const expiresAt = rules.requireFutureExpiry(expirySeconds, now);
      const material = await unwrapMaterial(params, encryptedKeyMaterial, key);
      try {
        if (!isTargetKeySpec(key.keySpec)) rules.requireSymmetricLength(key, material);
        const digest = await sha256Hex(material);
        rules.requireBoundMaterial(key, digest);
        // Re-checked after the awaits above: the key may have moved on meanwhile.
        rules.requireImportState(key);
        key.boundDigest ??= digest;
        if (key.material) clean(key.material);
        key.material = material;
        key.materialExpiresAt = expiresAt;
        if (key.state === 'PendingImport') key.state = 'Enabled';
        this.mutated();
      } catch (e) {
        if (key.material !== material) clean(material);
        throw e;
      }
    });
  }

  async deleteKeyMaterial(cloud: Cloud, keyId: string): Promise<void> {
    await this.exclusive(keyId, async () => {
      const key = this.key(cloud, keyId);
      rules.requireExternalOrigin(key);
      rules.requireMaterialDeletionState(key);
      if (key.material) clean(key.material);
      rules.removeMaterial(key);
      this.mutated();
    });
  }

  async setEnabled(cloud: Cloud, keyId: string, enabled: boolean): Promise<void> {
    await this.exclusive(keyId, async () => {
      const key = this.key(cloud, keyId);
      rules.requireEnableDisable(key);
      key.state = enabled ? 'Enabled' : 'Disabled';
      this.mutated();
    });
  }

  async scheduleKeyDeletion(cloud: Cloud, keyId: string, days: number): Promise<number> {
    return this.exclusive(keyId, async () => {
      const key = this.key(cloud, keyId);
      rules.requireDeletionSchedulable(key, days);
      key.stateBeforeDeletion = key.state;
      key.state = 'PendingDeletion';
      key.deletionDate = rules.deletionDateFor(days, this.now());
      this.mutated();
      return key.deletionDate;
    });
  }

  async cancelKeyDeletion(cloud: Cloud, keyId: string): Promise<void> {
    await this.exclusive(keyId, async () => {
      const key = this.key(cloud, keyId);
      rules.requireDeletionCancellable(key);
      // Back to the state it had; material that expired meanwhile leaves it awaiting import.
      key.state = key.material ? (key.stateBeforeDeletion ?? 'Disabled') : 'PendingImport';
      key.deletionDate = undefined;
      key.stateBeforeDeletion = undefined;
      this.mutated();
    });
  }

  private symmetricKey(cloud: Cloud, keyId: string): KeyRecord {
    const key = this.key(cloud, keyId);
    if (isTargetKeySpec(key.keySpec)) fail('UnsupportedOperation', `key ${keyId} is asymmetric (${key.keySpec}): use the asymmetric operations`);
    rules.requireUsable(key);
    return key;
  }

  private asymmetricKey(cloud: Cloud, keyId: string): KeyRecord {
    const key = this.key(cloud, keyId);
    if (!isTargetKeySpec(key.keySpec)) fail('UnsupportedOperation', `key ${keyId} is symmetric: use Encrypt/Decrypt`);
    rules.requireUsable(key);
    return key;
  }

  async encrypt(cloud: Cloud, keyId: string, plaintext: Uint8Array, context = ''): Promise<Uint8Array> {
    if (plaintext.length === 0 || plaintext.length > 4096) fail('InvalidParameter', 'Plaintext must be 1–4096 bytes');
    return encryptWithMaterial(this.symmetricKey(cloud, keyId), plaintext, context);
  }

  async decrypt(cloud: Cloud, blob: Uint8Array, context = ''): Promise<{ keyId: string; plaintext: Uint8Array }> {
    const keyId = blobKeyId(blob);
    if (!keyId) return fail('InvalidCiphertext', 'CiphertextBlob is not a ciphertext of this KMS');
    const key = this.symmetricKey(cloud, keyId);
    return { keyId, plaintext: await decryptWithMaterial(key, blob, context) };
  }

  async getPublicKey(cloud: Cloud, keyId: string): Promise<Uint8Array> {
    const key = this.asymmetricKey(cloud, keyId);
    return publicKeyOf(key.material!, key.keySpec);
  }

  async sign(cloud: Cloud, keyId: string, algorithm: string, digest: Uint8Array): Promise<Uint8Array> {
    const key = this.asymmetricKey(cloud, keyId);
    return signDigest(key.material!, key.keySpec, algorithm, digest);
  }

  async verify(cloud: Cloud, keyId: string, algorithm: string, digest: Uint8Array, signature: Uint8Array): Promise<boolean> {
    const key = this.asymmetricKey(cloud, keyId);
    return verifyDigest(key.material!, key.keySpec, algorithm, digest, signature);
  }

  async asymmetricDecrypt(cloud: Cloud, keyId: string, algorithm: string, ciphertext: Uint8Array): Promise<Uint8Array> {
    const key = this.asymmetricKey(cloud, keyId);
    return asymmetricDecrypt(key.material!, key.keySpec, algorithm, ciphertext);
  }

  static isAliyunSpec(spec: string): boolean {
    return ALIYUN_SYMMETRIC_SPECS.includes(spec) || isTargetKeySpec(spec);
  }
}
