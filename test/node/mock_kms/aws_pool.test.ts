// The wrapping key pool: pairs generated ahead, each handed to exactly one
// GetParametersForImport. The pool's logic with a counting generator (deterministic: no
// timing), then prepareWrappingKeys through the mock in every dialect that uses RSA pairs.
import { afterEach, describe, expect, it } from 'vitest';
import { GetParametersForImportCommand, CreateKeyCommand } from '@aws-sdk/client-kms';
import { WrappingKeyPool, LOOKAHEAD } from '../../../src/mock_kms/wrapping_key_pool.js';
import type { RsaWrappingKeyPair, RsaWrappingKeySpec } from '../../../src/mock_kms/wrapping_keys.js';
import { ByokError } from '../../../src/index.js';
import { startMockKms } from '../helpers/mock_kms.js';
import { awsSdk } from './aws_helpers.js';

/** A generator that makes numbered fake pairs, finishing only when the test says so. */
function counting() {
  const made: { spec: RsaWrappingKeySpec; pair: RsaWrappingKeyPair; finish(): void; fail(e: Error): void }[] = [];
  const generate = (spec: RsaWrappingKeySpec) =>
    new Promise<RsaWrappingKeyPair>((resolve, reject) => {
      const pair = { publicKey: new Uint8Array([made.length]), privateKey: { kty: 'RSA', n: String(made.length) } };
      made.push({ spec, pair, finish: () => resolve(pair), fail: reject });
    });
  return { made, generate };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('WrappingKeyPool', () => {
  it('every pair goes to exactly one taker: from the stock first, then generated for the caller', async () => {
    const g = counting();
    const pool = new WrappingKeyPool(g.generate, 8);
    const ready = pool.prepare({ RSA_2048: 3 });
    await tick();
    expect(g.made.length).toBe(3);
    g.made.forEach((m) => m.finish());
    await ready;
    expect(pool.size('RSA_2048')).toBe(3);
    const taking = Promise.all(Array.from({ length: 6 }, () => pool.take('RSA_2048')));
    await tick();
    g.made.forEach((m) => m.finish());
    // Three from the stock (oldest first), three generated for their callers; refills went to the stock.
    const taken = await taking;
    await tick();
    const ids = taken.map((p) => p.publicKey[0]);
    expect(new Set(ids).size).toBe(6);
    expect(ids.slice(0, 3)).toEqual([0, 1, 2]);
    const inStock = pool.size('RSA_2048');
    expect(inStock).toBe(LOOKAHEAD.RSA_2048);
    // Every pair made is either taken or in the stock, never both, never twice.
    expect(g.made.length).toBe(taken.length + inStock);
  });

  it('a caller of take() goes ahead of the background generations', async () => {
    const g = counting();
    const pool = new WrappingKeyPool(g.generate, 1);
    void pool.prepare({ RSA_4096: 3 });
    await tick();
    expect(g.made.map((m) => m.spec)).toEqual(['RSA_4096']);
    const mine = pool.take('RSA_2048');
    g.made[0]!.finish();
    await tick();
    // The next generation to start is the caller's, not the queued RSA_4096 fills.
    expect(g.made[1]!.spec).toBe('RSA_2048');
    g.made[1]!.finish();
    expect((await mine).publicKey[0]).toBe(1);
  });

  it('a failed generation fails prepare(); a taker still gets a pair of its own', async () => {
    const g = counting();
    const pool = new WrappingKeyPool(g.generate, 4);
    const ready = pool.prepare({ RSA_3072: 1 });
    await tick();
    g.made[0]!.fail(new Error('no entropy today'));
    await expect(ready).rejects.toThrow('no entropy today');
    const taking = pool.take('RSA_3072');
    await tick();
    g.made[1]!.finish();
    expect((await taking).publicKey[0]).toBe(1);
  });
});

describe('prepareWrappingKeys through the mock', () => {
  let env: ReturnType<typeof startMockKms> | undefined;
  afterEach(() => {
    env?.close();
    env = undefined;
  });

  it('GetParametersForImport hands out distinct pairs, in every dialect', async () => {
    env = startMockKms();
    await env.kms.prepareWrappingKeys({ RSA_2048: 6 });
    const sdk = awsSdk();
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const keyId = (await sdk.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
      keys.push(Buffer.from((await sdk.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }))).PublicKey!).toString('base64'));
    }
    for (let i = 0; i < 3; i++) {
      const headers = { 'content-type': 'application/json', 'x-tc-action': 'CreateKey', 'x-tc-version': '2019-01-18', 'x-tc-region': 'ap-guangzhou' };
      const created = (await (await fetch('https://kms.tencentcloudapi.com/', { method: 'POST', headers, body: JSON.stringify({ Alias: `pool${i}`, Type: 2 }) })).json()) as { Response: { KeyId: string } };
      const p = await fetch('https://kms.tencentcloudapi.com/', {
        method: 'POST',
        headers: { ...headers, 'x-tc-action': 'GetParametersForImport' },
        body: JSON.stringify({ KeyId: created.Response.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }),
      });
      keys.push(((await p.json()) as { Response: { PublicKey: string } }).Response.PublicKey);
    }
    expect(new Set(keys).size).toBe(6);
  });

  it('counts are checked', async () => {
    env = startMockKms();
    await expect(env.kms.prepareWrappingKeys({ RSA_1024: 1 } as never)).rejects.toThrow(ByokError);
    await expect(env.kms.prepareWrappingKeys({ RSA_2048: 1025 })).rejects.toThrow('prepareWrappingKeys: RSA_2048 must be a whole number from 0 to 1024');
    await expect(env.kms.prepareWrappingKeys({ RSA_2048: 1.5 })).rejects.toThrow(ByokError);
    await env.kms.prepareWrappingKeys({});
  });
});
