// The mocked KMS service: operations in a cloud-neutral vocabulary over the store, every
// import decision delegated to rules.ts, every byte to kms_crypto.ts / asymmetric.ts
// (loaded on demand: they carry the curve arithmetic). The dialects decide which action
// may run in which state and spell the results in their cloud's words.
import { clean, concat, toBase64 } from '../lib/bytes.js';
import { randomBytes } from '../lib/random.js';
import { sha256Hex } from '../lib/cloud_signatures.js';
import { fail, type KeyState } from './kms_error.js';
import { blobKeyId, createWrappingKey, decryptWithMaterial, encryptWithMaterial, unwrapMaterial, type WrappingKeySpec } from './kms_crypto.js';
import * as rules from './rules.js';
import { nameMap } from './tables.js';
import { wrappingKeyPool } from './wrapping_key_pool.js';
import type { EncryptAlgorithm, SignAlgorithm } from './asymmetric.js';
import { KeyStore, type AliasRecord, type Cloud, type ImportParameters, type KeyMaterialRecord, type KeyRecord, type MaterialSpec } from './store.js';

export interface CreateKeyInput {
  cloud: Cloud;
  region: string;
  alias?: string;
  description?: string;
  keySpec: string;
  keyUsage: string;
  material: MaterialSpec;
  origin: 'EXTERNAL' | 'KMS';
  tags?: Record<string, string>;
  /** AWS symmetric keys: several materials, each with its KeyMaterialId (SPEC §5). */
  multiMaterial?: boolean;
}

/** ImportKeyMaterial's AWS arguments for keys with several materials. */
export interface MaterialImportOptions {
  importType?: rules.ImportType;
  keyMaterialId?: string;
  description?: string;
}

/** The KeyMaterialId of `material` in `keyId`: "KMS derives it from the key id and the material". */
export async function keyMaterialId(keyId: string, material: Uint8Array): Promise<string> {
  return sha256Hex(concat(new TextEncoder().encode(keyId), material));
}

const asymmetricOps = () => import('./asymmetric.js');

export class MockKmsService {
  readonly store = new KeyStore();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    readonly now: () => number,
    private readonly persist: () => void = () => {},
  ) {}

  /** One operation at a time per key: racing imports cannot both bind (SPEC §3 "Binding"). */
  exclusive<T>(keyId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(keyId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(keyId, tail);
    return run.finally(() => {
      if (this.locks.get(keyId) === tail) this.locks.delete(keyId);
    });
  }

  mutated(): void {
    this.persist();
  }

  /** The key, after the clock has had its say (expiry, end of the deletion window); only in its own cloud and region. */
  key(cloud: Cloud, region: string, keyId: string): KeyRecord {
    const key = this.store.keys.get(keyId);
    if (!key || key.cloud !== cloud || key.region !== region) return fail('KeyNotFound', `the key ${keyId} does not exist in ${region}`);
    const now = this.now();
    if (rules.deletionDue(key, now)) {
      this.deleteKey(key);
      return fail('KeyNotFound', `the key ${keyId} does not exist in ${region}`);
    }
    if (rules.applyMaterialExpiry(key, now)) this.mutated();
    return key;
  }

  private deleteKey(key: KeyRecord): void {
    clean(key.bytes);
    this.store.keys.delete(key.keyId);
    for (const [k, a] of this.store.aliases) if (a.keyId === key.keyId) this.store.aliases.delete(k);
    this.mutated();
  }

  /** A key named by id, by an alias (`alias/…`) or by an ARN whose last part is one of those. */
  resolve(cloud: Cloud, region: string, ref: string): KeyRecord {
    const name = ref.includes(':') ? ref.slice(ref.indexOf(':key/') >= 0 ? ref.indexOf(':key/') + 5 : ref.indexOf(':alias/') + 1) : ref;
    if (name.startsWith('alias/')) {
      const alias = this.store.aliases.get(KeyStore.aliasKey(cloud, region, name));
      if (!alias) return fail('AliasNotFound', `the alias ${name} does not exist in ${region}`);
      return this.key(cloud, region, alias.keyId);
    }
    return this.key(cloud, region, name);
  }

  async createKey(input: CreateKeyInput): Promise<KeyRecord> {
    const key: KeyRecord = {
      keyId: crypto.randomUUID(),
      cloud: input.cloud,
      region: input.region,
      description: input.description ?? '',
      keySpec: input.keySpec,
      keyUsage: input.keyUsage,
      material: input.material,
      origin: input.origin,
      state: input.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
      createdAt: this.now(),
      materialExpiresAt: 0,
      // Without a prototype: a tag keyed "__proto__" is kept (tables.ts).
      tags: nameMap(Object.entries(input.tags ?? {})),
      versions: [crypto.randomUUID()],
    };
    if (input.alias !== undefined) key.alias = input.alias;
    if (input.origin === 'KMS') {
      if (rules.isAsymmetric(input.material)) {
        const { generateTargetKey } = await import('../target_key/generate_target_key.js');
        key.bytes = (await generateTargetKey(input.material as Parameters<typeof generateTargetKey>[0])).privateKey;
      } else key.bytes = randomBytes(rules.generatedLength(input.material));
    }
    if (input.multiMaterial) {
      key.materials = key.bytes ? [{ id: await keyMaterialId(key.keyId, key.bytes), state: 'CURRENT', bytes: key.bytes, expiresAt: 0 }] : [];
    }
    this.store.keys.set(key.keyId, key);
    this.mutated();
    return key;
  }

  /** Every key of a cloud and region, after expiry and deletion windows have been applied. */
  listKeys(cloud: Cloud, region: string): KeyRecord[] {
    return [...this.store.keys.values()]
      .filter((k) => k.cloud === cloud && k.region === region)
      .flatMap((k) => {
        try {
          return [this.key(cloud, region, k.keyId)];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async getParametersForImport(key: KeyRecord, wrappingAlgorithm: string, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters> {
    rules.requireExternalOrigin(key);
    const wrapping = await this.freshWrappingKey(wrappingKeySpec);
    const now = this.now();
    const params: ImportParameters = {
      token: toBase64(randomBytes(48)),
      keyId: key.keyId,
      wrappingAlgorithm,
      wrappingKeySpec,
      publicKey: wrapping.publicKey,
      privateKey: wrapping.privateKey,
      issuedAt: now,
      expiresAt: now + rules.TOKEN_LIFETIME_MS,
    };
    // Tencent: after another call only the newest pair is valid (seed 000). Alibaba (seed 001), AWS: every pair lives 24 h.
    if (key.cloud === 'tencent') key.newestToken = params.token;
    this.pruneExpiredParameters(now);
    this.store.importParameters.set(params.token, params);
    this.mutated();
    return params;
  }

  /**
   * A wrapping key pair no call has used: RSA pairs come from the realm's pool, generated
   * ahead (wrapping_key_pool.ts); SM2 pairs cost a scalar multiplication, made here.
   */
  private freshWrappingKey(spec: WrappingKeySpec) {
    return spec === 'EC_SM2' ? createWrappingKey(spec) : wrappingKeyPool().take(spec);
  }

  /** A long-expired pair keeps its token (so it is still reported as expired), not its private key. */
  private pruneExpiredParameters(now: number): void {
    for (const p of this.store.importParameters.values()) if (now >= p.expiresAt + rules.TOKEN_LIFETIME_MS) delete p.privateKey;
  }

  /**
   * SPEC §3: token bound to key and pair, 24 h, real unwrap, length, binding. `expiresAt` in
   * ms, 0 = never. A key with several materials (AWS) takes `options` and says which
   * material the import went to.
   */
  async importKeyMaterial(key: KeyRecord, encryptedKeyMaterial: Uint8Array, importToken: string, expiresAt: number, options: MaterialImportOptions = {}): Promise<{ keyMaterialId?: string }> {
    return this.exclusive(key.keyId, async () => {
      const now = this.now();
      rules.requireExternalOrigin(key);
      rules.requireImportState(key);
      const params = rules.requireUsableToken(this.store.importParameters.get(importToken), key, now);
      const material = await unwrapMaterial(params, encryptedKeyMaterial, key);
      if (key.materials) return { keyMaterialId: await this.importOneOfMaterials(key, material, expiresAt, options) };
      try {
        if (!rules.isAsymmetric(key.material)) rules.requireMaterialLength(key, material);
        const digest = await sha256Hex(material);
        rules.requireBoundMaterial(key, digest);
        // Re-checked after the awaits above: the key may have moved on meanwhile.
        rules.requireImportState(key);
        if (!this.store.keys.has(key.keyId)) fail('KeyNotFound', `the key ${key.keyId} was deleted`);
        key.boundDigest ??= digest;
        if (key.bytes !== material) clean(key.bytes);
        key.bytes = material;
        key.materialExpiresAt = expiresAt;
        if (key.state === 'PendingImport') key.state = 'Enabled';
        this.mutated();
        return {};
      } catch (e) {
        if (key.bytes !== material) clean(material);
        throw e;
      }
    });
  }

  /**
   * AWS symmetric keys (ImportType, KeyMaterialId): the first material becomes CURRENT, a
   * NEW one waits PENDING_ROTATION, an EXISTING one is reimported (its expiry reset). The
   * key is Enabled once every permanently associated material is back.
   */
  private async importOneOfMaterials(key: KeyRecord, material: Uint8Array, expiresAt: number, options: MaterialImportOptions): Promise<string> {
    try {
      rules.requireMaterialLength(key, material);
      const id = await keyMaterialId(key.keyId, material);
      const target = rules.planMaterialImport(key, id, options.importType, options.keyMaterialId);
      // Re-checked after the awaits above: the key may have moved on meanwhile.
      rules.requireImportState(key);
      if (!this.store.keys.has(key.keyId)) fail('KeyNotFound', `the key ${key.keyId} was deleted`);
      let record: KeyMaterialRecord;
      if (target === 'new') {
        record = { id, state: key.materials!.length === 0 ? 'CURRENT' : 'PENDING_ROTATION', bytes: material, expiresAt };
        if (options.description !== undefined) record.description = options.description;
        key.materials!.push(record);
      } else {
        record = target;
        if (record.bytes !== material) clean(record.bytes);
        record.bytes = material;
        record.expiresAt = expiresAt;
        // "If you do not specify a key material description, KMS retains the value you specified when you last imported the same key material."
        if (options.description !== undefined) record.description = options.description;
      }
      if (record.state === 'CURRENT') {
        key.bytes = material;
        key.materialExpiresAt = expiresAt;
      }
      if (key.state === 'PendingImport' && rules.allMaterialsImported(key)) key.state = 'Enabled';
      this.mutated();
      return id;
    } catch (e) {
      if (!key.materials!.some((m) => m.bytes === material)) clean(material);
      throw e;
    }
  }

  /** Deletes the material (AWS: the one named, else the current one); returns its KeyMaterialId when it has one. */
  async deleteKeyMaterial(key: KeyRecord, materialId?: string): Promise<string | undefined> {
    return this.exclusive(key.keyId, async () => {
      rules.requireExternalOrigin(key);
      const material = key.materials && (materialId === undefined ? key.materials.find((m) => m.state === 'CURRENT') : key.materials.find((m) => m.id === materialId));
      if (key.materials && materialId !== undefined && !material) fail('KeyNotFound', `the key material ${materialId} is not associated with key ${key.keyId}`);
      if (material) rules.removeKeyMaterial(key, material);
      else rules.removeMaterial(key);
      this.mutated();
      return material?.id;
    });
  }

  /**
   * AWS RotateKeyOnDemand: an imported key's PENDING_ROTATION material becomes CURRENT (a
   * generated key gets fresh material); the old one stays for decryption (NON_CURRENT).
   */
  async rotateKeyOnDemand(key: KeyRecord, arn: string): Promise<void> {
    await this.exclusive(key.keyId, async () => {
      if (!key.materials) return fail('UnsupportedOperation', `${arn} does not support on-demand rotation: only symmetric encryption keys do`);
      rules.requireUsable(key);
      let next: KeyMaterialRecord;
      if (key.origin === 'EXTERNAL') next = rules.requirePendingRotation(key, arn);
      else {
        rules.requireRotationQuota(key, arn);
        const bytes = randomBytes(rules.generatedLength(key.material));
        next = { id: await keyMaterialId(key.keyId, bytes), state: 'PENDING_ROTATION', bytes, expiresAt: 0 };
        key.materials.push(next);
      }
      for (const m of key.materials) if (m.state === 'CURRENT') m.state = 'NON_CURRENT';
      next.state = 'CURRENT';
      next.rotatedAt = this.now();
      key.bytes = next.bytes;
      key.materialExpiresAt = next.expiresAt;
      key.rotations = (key.rotations ?? 0) + 1;
      this.mutated();
    });
  }

  setState(key: KeyRecord, state: KeyState): void {
    key.state = state;
    this.mutated();
  }

  scheduleKeyDeletion(key: KeyRecord, days: number): number {
    key.stateBeforeDeletion = key.state;
    key.state = 'PendingDeletion';
    key.deletionDate = rules.deletionDateFor(days, this.now());
    this.mutated();
    return key.deletionDate;
  }

  /** Back to `to` (each cloud documents its own), or PendingImport when the material went meanwhile. */
  cancelKeyDeletion(key: KeyRecord, to: KeyState): void {
    key.state = rules.allMaterialsImported(key) ? to : 'PendingImport';
    delete key.deletionDate;
    delete key.stateBeforeDeletion;
    this.mutated();
  }

  // ---- Aliases (Alibaba, AWS: `alias/<name>`, many per key; per cloud and region) ----

  aliases(cloud: Cloud, region: string, keyId?: string): AliasRecord[] {
    return [...this.store.aliases.values()].filter((a) => a.cloud === cloud && a.region === region && (keyId === undefined || a.keyId === keyId) && this.store.keys.has(a.keyId));
  }

  createAlias(cloud: Cloud, region: string, name: string, key: KeyRecord): AliasRecord {
    const id = KeyStore.aliasKey(cloud, region, name);
    if (this.store.aliases.has(id) && this.store.keys.has(this.store.aliases.get(id)!.keyId)) fail('AliasExists', `the alias ${name} already exists`);
    const alias: AliasRecord = { cloud, region, name, keyId: key.keyId, createdAt: this.now() };
    this.store.aliases.set(id, alias);
    this.mutated();
    return alias;
  }

  alias(cloud: Cloud, region: string, name: string): AliasRecord {
    const alias = this.store.aliases.get(KeyStore.aliasKey(cloud, region, name));
    if (!alias || !this.store.keys.has(alias.keyId)) return fail('AliasNotFound', `the alias ${name} does not exist`);
    return alias;
  }

  updateAlias(alias: AliasRecord, key: KeyRecord): void {
    alias.keyId = key.keyId;
    this.mutated();
  }

  deleteAlias(alias: AliasRecord): void {
    this.store.aliases.delete(KeyStore.aliasKey(alias.cloud, alias.region, alias.name));
    this.mutated();
  }

  // ---- Using the material ----

  async encrypt(key: KeyRecord, plaintext: Uint8Array, context = ''): Promise<Uint8Array> {
    rules.requireUsable(key);
    return encryptWithMaterial(key, plaintext, context);
  }

  /** Decrypt a blob of this mock; the blob names its key, which must exist in this region. */
  async decrypt(cloud: Cloud, region: string, blob: Uint8Array, context = '', check?: (key: KeyRecord) => void): Promise<{ key: KeyRecord; plaintext: Uint8Array }> {
    const keyId = blobKeyId(blob);
    if (!keyId) return fail('InvalidCiphertext', 'the ciphertext is not one this KMS produced');
    let key: KeyRecord;
    try {
      key = this.key(cloud, region, keyId);
    } catch {
      return fail('InvalidCiphertext', 'the ciphertext was made by a key this region does not have');
    }
    check?.(key);
    rules.requireUsable(key);
    return { key, plaintext: await decryptWithMaterial(key, blob, context) };
  }

  async publicKey(key: KeyRecord): Promise<Uint8Array> {
    rules.requireUsable(key);
    return (await asymmetricOps()).publicKeyOf(key.bytes!, key.material);
  }

  async sign(key: KeyRecord, algorithm: SignAlgorithm, input: { message?: Uint8Array; digest?: Uint8Array }): Promise<Uint8Array> {
    rules.requireUsable(key);
    return (await asymmetricOps()).sign(key.bytes!, key.material, algorithm, input);
  }

  async verify(key: KeyRecord, algorithm: SignAlgorithm, input: { message?: Uint8Array; digest?: Uint8Array }, signature: Uint8Array): Promise<boolean> {
    rules.requireUsable(key);
    return (await asymmetricOps()).verify(key.bytes!, key.material, algorithm, input, signature);
  }

  async asymmetricEncrypt(key: KeyRecord, algorithm: EncryptAlgorithm, plaintext: Uint8Array, layout: 'c1c3c2' | 'der' = 'c1c3c2'): Promise<Uint8Array> {
    rules.requireUsable(key);
    return (await asymmetricOps()).asymmetricEncrypt(key.bytes!, key.material, algorithm, plaintext, layout);
  }

  async asymmetricDecrypt(key: KeyRecord, algorithm: EncryptAlgorithm, ciphertext: Uint8Array): Promise<Uint8Array> {
    rules.requireUsable(key);
    return (await asymmetricOps()).asymmetricDecrypt(key.bytes!, key.material, algorithm, ciphertext);
  }

  async mac(key: KeyRecord, algorithm: string, message: Uint8Array): Promise<Uint8Array> {
    rules.requireUsable(key);
    return (await asymmetricOps()).hmacOf(key.bytes!, algorithm, message);
  }
}
