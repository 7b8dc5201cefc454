// Model-based test of the mocked KMS (issue 6): random sequences of API calls in both
// dialects, clock jumps and throttling, run against the mock and against a small
// reference model of SPEC §3. After every step the observable state agrees; bound
// material never changes; no refused call changes state; no key is lost. fast-check
// shrinks a failing sequence and prints its seed.
import { afterAll, beforeAll, it } from 'vitest';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { expect } from 'vitest';
import { createMockKms, type MockKms } from '../../../src/mock_kms/index.js';
import { generateKeyMaterial, wrapKeyMaterial } from '../../../src/index.js';
import { ALIYUN_CODES, TENCENT_CODES, type Rule } from '../helpers/kms_drivers.js';

type Cloud = 'tencent' | 'aliyun';
type State = 'Enabled' | 'Disabled' | 'PendingImport' | 'PendingDeletion';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const MATERIALS = [0, 1, 2].map(() => generateKeyMaterial(128));

interface ModelKey {
  cloud: Cloud;
  external: boolean;
  state: State;
  gone: boolean;
  bound?: number;
  material?: number;
  expiresAt: number;
  deletionAt: number;
  stateBefore?: State;
  newestToken?: number;
}
interface ModelToken {
  key: number;
  issuedAt: number;
}
interface Model {
  now: number;
  keys: ModelKey[];
  tokens: ModelToken[];
}
interface Real {
  kms: MockKms;
  clock: { ms: number };
  keyIds: string[];
  tokens: { token: string; publicKey: string; algorithm: 'RSAES_OAEP_SHA_256' | 'SM2PKE' }[];
}

const server = setupServer();
const stats = new Map<string, number>();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function call(cloud: Cloud, action: string, args: Record<string, string | number>): Promise<{ code?: string; body: Record<string, any> }> {
  if (cloud === 'tencent') {
    const headers = { 'content-type': 'application/json', 'x-tc-action': action, 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' };
    const r = await fetch('https://kms.tencentcloudapi.com/', { method: 'POST', headers, body: JSON.stringify(args) });
    const { Response } = (await r.json()) as { Response: Record<string, any> };
    return { code: Response.Error?.Code, body: Response };
  }
  const r = await fetch('https://kms.cn-hangzhou.aliyuncs.com/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: action, Version: '2016-01-20', ...Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])) }),
  });
  const body = (await r.json()) as Record<string, any>;
  return { code: r.status === 200 ? undefined : body.Code, body };
}

/** The cloud's code for a refusal kind. */
function codeFor(cloud: Cloud, rule: Rule): string {
  return (cloud === 'tencent' ? TENCENT_CODES : ALIYUN_CODES)[rule];
}

/**
 * The documented code for an action refused in a key state: Tencent names a few cases
 * (errors.go), Alibaba names the state for data operations and says StateModifiedFailed
 * for state changes ("Impact of key states on API operations").
 */
function stateCode(cloud: Cloud, action: string, state: State): string {
  if (cloud === 'tencent') {
    if (action === 'ScheduleKeyDeletion' && state === 'Enabled') return 'ResourceUnavailable.CmkShouldBeDisabled';
    if (action === 'CancelKeyDeletion') return 'ResourceUnavailable.CmkNotPendingDelete';
    if (action === 'Encrypt' && state === 'Disabled') return 'ResourceUnavailable.CmkDisabled';
    return 'ResourceUnavailable.CmkStateNotSupport';
  }
  return action === 'Encrypt' ? `Rejected.${state}` : 'Rejected.StateModifiedFailed';
}

/** SPEC §3's clock effects, applied when a key is touched (the mock applies them lazily too). */
function touch(m: Model, k: ModelKey): void {
  if (k.state === 'PendingDeletion' && m.now >= k.deletionAt) k.gone = true;
  if (!k.gone && k.material !== undefined && k.expiresAt > 0 && m.now >= k.expiresAt) removeMaterial(k);
}
function removeMaterial(k: ModelKey): void {
  k.material = undefined;
  k.expiresAt = 0;
  if (k.state === 'PendingDeletion') k.stateBefore = 'PendingImport';
  else k.state = 'PendingImport';
}
const importAllowed = (k: ModelKey) => (k.cloud === 'tencent' ? k.state === 'Enabled' || k.state === 'PendingImport' : k.state !== 'PendingDeletion');

type Expect = { code: string } | { ok: true };
const OK: Expect = { ok: true };

abstract class Cmd implements fc.AsyncCommand<Model, Real> {
  check = (_m: Readonly<Model>) => true;
  abstract expected(m: Model): Expect;
  abstract perform(m: Model, r: Real): Promise<{ code?: string }>;
  apply(_m: Model): void {}
  async run(m: Model, r: Real): Promise<void> {
    stats.set(this.constructor.name, (stats.get(this.constructor.name) ?? 0) + 1);
    const snapshot = JSON.stringify(m.keys);
    const exp = this.expected(m);
    const got = await this.perform(m, r);
    expect(got.code ?? 'ok', this.toString()).toBe('code' in exp ? exp.code : 'ok');
    if ('ok' in exp) this.apply(m);
    else expect(JSON.stringify(m.keys), 'a refused call changed the model').toBe(snapshot);
    await agree(m, r);
  }
  abstract toString(): string;
}

/** Invariants: every key the model has is there with the same state; gone keys are gone. */
async function agree(m: Model, r: Real): Promise<void> {
  for (const [i, k] of m.keys.entries()) {
    touch(m, k);
    const d = await call(k.cloud, 'DescribeKey', { KeyId: r.keyIds[i]! });
    if (k.gone) {
      expect(d.code, `key ${i} should be gone`).toBe(codeFor(k.cloud, 'KeyNotFound'));
      continue;
    }
    expect(d.code, `key ${i} lost`).toBeUndefined();
    const state = d.body.KeyMetadata.KeyState === 'PendingDelete' ? 'PendingDeletion' : d.body.KeyMetadata.KeyState;
    expect(state, `state of key ${i}`).toBe(k.state);
  }
}

class CreateKey extends Cmd {
  constructor(readonly cloud: Cloud, readonly external: boolean) {
    super();
  }
  expected = () => OK;
  async perform(_m: Model, r: Real) {
    const res =
      this.cloud === 'tencent'
        ? await call('tencent', 'CreateKey', { Alias: `k${r.keyIds.length}`, Type: this.external ? 2 : 1 })
        : await call('aliyun', 'CreateKey', { KeySpec: 'Aliyun_SM4', Origin: this.external ? 'EXTERNAL' : 'Aliyun_KMS' });
    r.keyIds.push(this.cloud === 'tencent' ? res.body.KeyId : res.body.KeyMetadata?.KeyId);
    return res;
  }
  apply(m: Model) {
    m.keys.push({ cloud: this.cloud, external: this.external, state: this.external ? 'PendingImport' : 'Enabled', gone: false, expiresAt: 0, deletionAt: 0, ...(this.external ? {} : { material: -1, bound: -1 }) });
  }
  toString = () => `CreateKey(${this.cloud}, ${this.external ? 'EXTERNAL' : 'KMS'})`;
}

abstract class KeyCmd extends Cmd {
  constructor(readonly i: number) {
    super();
  }
  key(m: Model): ModelKey {
    return m.keys[this.i % m.keys.length]!;
  }
  keyId(m: Model, r: Real): string {
    return r.keyIds[this.i % m.keys.length]!;
  }
  check = (m: Readonly<Model>) => m.keys.length > 0;
  /** The common refusals before any operation-specific rule. */
  gate(m: Model): Expect | undefined {
    const k = this.key(m);
    touch(m, k);
    if (k.gone) return { code: codeFor(k.cloud, 'KeyNotFound') };
    return undefined;
  }
}

class GetParameters extends KeyCmd {
  expected(m: Model): Expect {
    const k = this.key(m);
    // Alibaba issues parameters in every state; Tencent only where it imports.
    return this.gate(m) ?? (!k.external ? { code: codeFor(k.cloud, 'NotExternal') } : k.cloud === 'tencent' && !importAllowed(k) ? { code: stateCode(k.cloud, 'GetParametersForImport', k.state) } : OK);
  }
  async perform(m: Model, r: Real) {
    // Tencent wraps with RSA only (seed 000); SM2PKE keeps Alibaba's sequences fast.
    const tencent = this.key(m).cloud === 'tencent';
    const algorithm = tencent ? 'RSAES_OAEP_SHA_256' : 'SM2PKE';
    const res = await call(this.key(m).cloud, 'GetParametersForImport', { KeyId: this.keyId(m, r), WrappingAlgorithm: algorithm, WrappingKeySpec: tencent ? 'RSA_2048' : 'EC_SM2' });
    if (!res.code) r.tokens.push({ token: res.body.ImportToken, publicKey: res.body.PublicKey, algorithm });
    return res;
  }
  apply(m: Model) {
    const k = this.key(m);
    m.tokens.push({ key: m.keys.indexOf(k), issuedAt: m.now });
    if (k.cloud === 'tencent') k.newestToken = m.tokens.length - 1;
  }
  toString = () => `GetParametersForImport(key ${this.i})`;
}

class Import extends KeyCmd {
  constructor(i: number, readonly t: number, readonly material: number, readonly expiryHours: number) {
    super(i);
  }
  check = (m: Readonly<Model>) => m.keys.length > 0 && m.tokens.length > 0;
  /** t = 99 stands for the newest token. */
  token(m: Model) {
    return this.t === 99 ? m.tokens.length - 1 : this.t % m.tokens.length;
  }
  expected(m: Model): Expect {
    const g = this.gate(m);
    if (g) return g;
    const k = this.key(m);
    const t = m.tokens[this.token(m)]!;
    if (!k.external) return { code: codeFor(k.cloud, 'NotExternal') };
    if (!importAllowed(k)) return { code: stateCode(k.cloud, 'ImportKeyMaterial', k.state) };
    if (m.keys[t.key] !== k) return { code: codeFor(k.cloud, 'TokenInvalid') };
    if (m.now >= t.issuedAt + DAY || (k.cloud === 'tencent' && k.newestToken !== this.token(m))) return { code: codeFor(k.cloud, 'TokenExpired') };
    if (k.bound !== undefined && k.bound !== this.material) return { code: codeFor(k.cloud, 'MaterialMismatch') };
    return OK;
  }
  async perform(m: Model, r: Real) {
    const t = r.tokens[this.token(m)]!;
    const { encryptedKeyMaterial } = await wrapKeyMaterial({ publicKey: t.publicKey, wrappingAlgorithm: t.algorithm, keyMaterial: MATERIALS[this.material]! });
    const expiry = this.expiryHours ? Math.floor((m.now + this.expiryHours * HOUR) / 1000) : 0;
    const k = this.key(m);
    return call(k.cloud, 'ImportKeyMaterial', { KeyId: this.keyId(m, r), EncryptedKeyMaterial: encryptedKeyMaterial, ImportToken: t.token, [k.cloud === 'tencent' ? 'ValidTo' : 'KeyMaterialExpireUnix']: expiry });
  }
  apply(m: Model) {
    const k = this.key(m);
    k.bound ??= this.material;
    k.material = this.material;
    k.expiresAt = this.expiryHours ? Math.floor((m.now + this.expiryHours * HOUR) / 1000) * 1000 : 0;
    if (k.state === 'PendingImport') k.state = 'Enabled';
  }
  toString = () => `ImportKeyMaterial(key ${this.i}, token ${this.t}, material ${this.material}, expiry ${this.expiryHours} h)`;
}

class DeleteMaterial extends KeyCmd {
  expected(m: Model): Expect {
    const k = this.key(m);
    // Alibaba deletes material in every state; Tencent only where it imports.
    return this.gate(m) ?? (!k.external ? { code: codeFor(k.cloud, 'NotExternal') } : k.cloud === 'tencent' && !importAllowed(k) ? { code: stateCode(k.cloud, 'DeleteImportedKeyMaterial', k.state) } : OK);
  }
  perform = (m: Model, r: Real) => call(this.key(m).cloud, this.key(m).cloud === 'tencent' ? 'DeleteImportedKeyMaterial' : 'DeleteKeyMaterial', { KeyId: this.keyId(m, r) });
  apply = (m: Model) => removeMaterial(this.key(m));
  toString = () => `DeleteKeyMaterial(key ${this.i})`;
}

class SetEnabled extends KeyCmd {
  constructor(i: number, readonly enable: boolean) {
    super(i);
  }
  expected(m: Model): Expect {
    const k = this.key(m);
    return this.gate(m) ?? (k.state === 'PendingImport' || k.state === 'PendingDeletion' ? { code: stateCode(k.cloud, 'EnableKey', k.state) } : OK);
  }
  perform = (m: Model, r: Real) => call(this.key(m).cloud, this.enable ? 'EnableKey' : 'DisableKey', { KeyId: this.keyId(m, r) });
  apply = (m: Model) => void (this.key(m).state = this.enable ? 'Enabled' : 'Disabled');
  toString = () => `${this.enable ? 'Enable' : 'Disable'}Key(key ${this.i})`;
}

class Schedule extends KeyCmd {
  constructor(i: number, readonly days: number) {
    super(i);
  }
  expected(m: Model): Expect {
    const k = this.key(m);
    // Parameters are checked before the key is looked up. Window: Tencent 7–30, Alibaba 7–366.
    if (this.days < 7 || this.days > (k.cloud === 'tencent' ? 30 : 366)) return { code: codeFor(k.cloud, 'DeletionWindow') };
    const g = this.gate(m);
    if (g) return g;
    if (k.state === 'PendingDeletion' || (k.cloud === 'tencent' && k.state === 'Enabled')) return { code: stateCode(k.cloud, 'ScheduleKeyDeletion', k.state) };
    return OK;
  }
  perform = (m: Model, r: Real) => call(this.key(m).cloud, 'ScheduleKeyDeletion', { KeyId: this.keyId(m, r), PendingWindowInDays: this.days });
  apply(m: Model) {
    const k = this.key(m);
    k.stateBefore = k.state;
    k.state = 'PendingDeletion';
    k.deletionAt = m.now + this.days * DAY;
  }
  toString = () => `ScheduleKeyDeletion(key ${this.i}, ${this.days} days)`;
}

class Cancel extends KeyCmd {
  expected(m: Model): Expect {
    const k = this.key(m);
    return this.gate(m) ?? (k.state !== 'PendingDeletion' ? { code: stateCode(k.cloud, 'CancelKeyDeletion', k.state) } : OK);
  }
  perform = (m: Model, r: Real) => call(this.key(m).cloud, 'CancelKeyDeletion', { KeyId: this.keyId(m, r) });
  apply(m: Model) {
    const k = this.key(m);
    // Tencent returns a cancelled key to Disabled, Alibaba to Enabled; without material, to PendingImport.
    k.state = k.material !== undefined ? (k.cloud === 'tencent' ? 'Disabled' : 'Enabled') : 'PendingImport';
    k.stateBefore = undefined;
  }
  toString = () => `CancelKeyDeletion(key ${this.i})`;
}

/** Encrypt, then Decrypt: refused unless Enabled; else the key's material is the one it was bound to. */
class UseKey extends KeyCmd {
  expected(m: Model): Expect {
    const k = this.key(m);
    return this.gate(m) ?? (k.state !== 'Enabled' || k.material === undefined ? { code: stateCode(k.cloud, 'Encrypt', k.state) } : OK);
  }
  async perform(m: Model, r: Real) {
    const k = this.key(m);
    const plaintext = k.cloud === 'tencent' ? 'Ynlvaw==' : 'byok';
    const enc = await call(k.cloud, 'Encrypt', { KeyId: this.keyId(m, r), Plaintext: plaintext });
    if (enc.code) return enc;
    if (k.material !== undefined && k.material >= 0) {
      // Bound material never changes: the blob opens with the model's material, outside the mock.
      const blob = Buffer.from(enc.body.CiphertextBlob, 'base64');
      const idLen = blob[5]!;
      const key = await crypto.subtle.importKey('raw', MATERIALS[k.material]! as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt']);
      const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.subarray(6 + idLen, 18 + idLen), additionalData: blob.subarray(6, 6 + idLen) }, key, blob.subarray(18 + idLen));
      expect(Buffer.from(pt).toString()).toBe(k.cloud === 'tencent' ? 'byok' : 'byok');
    }
    return call(k.cloud, 'Decrypt', { CiphertextBlob: enc.body.CiphertextBlob });
  }
  toString = () => `Encrypt+Decrypt(key ${this.i})`;
}

class AdvanceClock extends Cmd {
  constructor(readonly ms: number) {
    super();
  }
  expected = () => OK;
  async perform(m: Model, r: Real) {
    r.clock.ms = m.now + this.ms;
    return {};
  }
  apply = (m: Model) => void (m.now += this.ms);
  toString = () => `AdvanceClock(${this.ms / HOUR} h)`;
}

/** A throttled call changes nothing and carries the cloud's throttling code. */
class Throttled extends KeyCmd {
  expected(m: Model): Expect {
    return { code: codeFor(this.key(m).cloud, 'Throttled') };
  }
  async perform(m: Model, r: Real) {
    r.kms.setFaults({ throttle: 1 });
    try {
      return await call(this.key(m).cloud, 'DisableKey', { KeyId: this.keyId(m, r) });
    } finally {
      r.kms.setFaults({ throttle: 0 });
    }
  }
  toString = () => `Throttled DisableKey(key ${this.i})`;
}

// Few keys, and the calls that move state weighted up, so sequences reach deep states.
const idx = fc.nat({ max: 2 });
const commands = [
  fc.constantFrom<Cloud>('tencent', 'aliyun').map((c) => new CreateKey(c, true)),
  fc.constantFrom<Cloud>('tencent', 'aliyun').map((c) => new CreateKey(c, true)),
  fc.constantFrom<Cloud>('tencent', 'aliyun').map((c) => new CreateKey(c, false)),
  idx.map((i) => new GetParameters(i)),
  idx.map((i) => new GetParameters(i)),
  fc.tuple(idx, fc.nat({ max: 9 }), fc.constantFrom(0, 0, 0, 1, 2), fc.constantFrom(0, 0, 1, 30)).map(([i, t, mat, h]) => new Import(i, t, mat, h)),
  fc.tuple(idx, fc.constant(99), fc.constantFrom(0, 0, 1), fc.constant(0)).map(([i, t, mat, h]) => new Import(i, t, mat, h)),
  fc.tuple(idx, fc.boolean()).map(([i, e]) => new SetEnabled(i, e)),
  idx.map((i) => new DeleteMaterial(i)),
  fc.tuple(idx, fc.boolean()).map(([i, e]) => new SetEnabled(i, e)),
  fc.tuple(idx, fc.constantFrom(6, 7, 10, 30, 31)).map(([i, d]) => new Schedule(i, d)),
  idx.map((i) => new Cancel(i)),
  idx.map((i) => new UseKey(i)),
  fc.constantFrom(HOUR, 2 * HOUR, 25 * HOUR, 8 * DAY, 31 * DAY).map((ms) => new AdvanceClock(ms)),
  idx.map((i) => new Throttled(i)),
];

it('the mock agrees with the SPEC §3 model on random call sequences', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'large' }), async (cmds) => {
      const clock = { ms: Date.UTC(2026, 0, 1) };
      const kms = createMockKms({ now: () => clock.ms });
      server.resetHandlers(...kms.handlers);
      await fc.asyncModelRun(() => ({ model: { now: clock.ms, keys: [], tokens: [] }, real: { kms, clock, keyIds: [], tokens: [] } }), cmds);
    }),
    { numRuns: Number(process.env.MODEL_RUNS ?? 40), seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined, verbose: 1 },
  );
  // The sequences really exercised the rules (not just refused for want of a key).
  const total = [...stats.values()].reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThan(200);
  for (const c of ['Import', 'GetParameters', 'Schedule', 'AdvanceClock', 'UseKey']) expect(stats.get(c) ?? 0, c).toBeGreaterThan(5);
}, 300_000);
