// Browser-first (DEVELOPERS.md): the main entry, bundled for a browser, references no
// Node built-in anywhere, and the SM and AES key wrap code are separate chunks loaded on demand.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs helper shared with `npm run size`
import { bundleForBrowser, entryFile, staticClosure } from '../../scripts/browser_bundle.mjs';

describe('browser bundle of webcrypto-byok', async () => {
  const outputs = await bundleForBrowser({ index: 'src/index.ts', mock_kms: 'src/mock_kms/index.ts' });
  const main = entryFile(outputs, 'src/index.ts');
  const upFront: string[] = staticClosure(outputs, main);

  it('builds for platform: browser (a Node built-in import would fail the build)', () => {
    expect(main).toBeDefined();
  });

  it('builds the mock-kms entry for a browser too (MSW setupWorker)', () => {
    expect(entryFile(outputs, 'src/mock_kms/index.ts')).toBeDefined();
  });

  it('no chunk of either entry contains require( or a Node module name', () => {
    for (const [file, o] of Object.entries(outputs) as [string, { nodeReference?: string }][]) {
      expect.soft(o.nodeReference, file).toBeUndefined();
    }
  });

  it('SM2/SM3/SM4 code is not loaded up front, but is reachable on demand', () => {
    const inputsUpFront = upFront.flatMap((f) => outputs[f].inputs as string[]);
    expect(inputsUpFront.filter((i) => i.includes('sm-crypto') || i.startsWith('src/sm/'))).toEqual([]);
    expect(inputsUpFront.filter((i) => i.includes('node_modules/msw') || i.startsWith('src/mock_kms/'))).toEqual([]);
    const all = Object.values(outputs).flatMap((o) => (o as { inputs: string[] }).inputs);
    expect(all.some((i) => i.includes('sm-crypto/src/sm4'))).toBe(true);
    expect(all.some((i) => i.includes('sm-crypto/src/sm2/rng'))).toBe(false); // its RC4 generator never ships
  });

  it('the AES key wrap code (@noble/ciphers) is a chunk loaded on demand, not up front', () => {
    const inputsUpFront = upFront.flatMap((f) => outputs[f].inputs as string[]);
    expect(inputsUpFront.filter((i) => i.includes('@noble/ciphers') || i.startsWith('src/wrap/aes_key_wrap') || i.startsWith('src/wrap/rsa_aes'))).toEqual([]);
    const chunk = entryFile(outputs, 'src/wrap/rsa_aes_key_wrap.ts');
    expect(chunk).toBeDefined();
    expect(staticClosure(outputs, chunk).flatMap((f: string) => outputs[f].inputs as string[])).toContain('node_modules/@noble/ciphers/aes.js');
    expect(upFront.some((f) => (outputs[f].dynamicImports as string[]).includes(chunk))).toBe(true);
  });
});
