// Item 2c of issue 12: a browser bundle (esbuild, platform browser) of a page using
// webcrypto-byok/mock-kms with msw/browser, built from the installed tarball, holds no Node
// built-in: esbuild refuses to resolve one for the browser, and no chunk mentions one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { consumerProject, workspace } from './lib/project.mjs';

const project = consumerProject();
const dir = workspace(project, 'browser_bundle', ['browser_entry.mjs']);
const esbuild = createRequire(join(project.dir, 'package.json'))('esbuild');

const BUILTINS = 'assert|async_hooks|buffer|child_process|cluster|crypto|dgram|diagnostics_channel|dns|events|fs|http|http2|https|module|net|os|path|perf_hooks|process|querystring|readline|stream|string_decoder|timers|tls|tty|url|util|v8|vm|worker_threads|zlib';
const NODE_REFERENCES = [
  ['require(', /\brequire\s*\(/],
  ['a node: specifier', /["'`]node:[a-z]/],
  ['an import of a built-in', new RegExp(`\\bfrom\\s*["'](${BUILTINS})(/[\\w/]*)?["']|\\bimport\\s*\\(?\\s*["'](${BUILTINS})(/[\\w/]*)?["']`)],
];

// A build error (an unresolvable built-in, say) is kept to fail the first test with its message.
const result = await esbuild.build({
  entryPoints: [join(dir, 'browser_entry.mjs')],
  absWorkingDir: dir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  outdir: join(dir, 'out'),
  minify: true, // as a page ships it (and without source comments that quote Node code)
  metafile: true,
  logLevel: 'silent',
}).catch((error) => ({ errors: error.errors ?? [String(error)], warnings: error.warnings ?? [], metafile: { inputs: {}, outputs: {} } }));

test('esbuild bundles the page for platform browser without an error or a warning', () => {
  assert.deepEqual(result.errors.map((e) => e.text ?? e), []);
  assert.deepEqual(result.warnings, []);
});

test('the bundle is built from the installed tarball: both entries and msw/browser are in it', () => {
  const inputs = Object.keys(result.metafile.inputs);
  for (const wanted of ['node_modules/webcrypto-byok/dist/index.js', 'node_modules/webcrypto-byok/dist/mock_kms/index.js', 'node_modules/msw/lib/browser/index.mjs']) {
    assert.ok(inputs.some((i) => i.endsWith(wanted)), `${wanted} is bundled`);
  }
  assert.deepEqual(inputs.filter((i) => i.includes('webcrypto-byok') && !i.startsWith('../node_modules/webcrypto-byok/dist/')), []);
});

test('no input is a Node built-in or a stub standing in for one', () => {
  const inputs = Object.keys(result.metafile.inputs);
  assert.deepEqual(inputs.filter((i) => i.startsWith('(disabled):') || new RegExp(`^(node:)?(${BUILTINS})$`).test(i)), []);
});

test('no chunk contains require(, a node: specifier or an import of a built-in', () => {
  const chunks = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  assert.ok(chunks.length >= 2, 'the SM code is a chunk of its own, loaded on demand');
  for (const chunk of chunks) {
    const code = readFileSync(join(dir, chunk), 'utf8');
    for (const [what, pattern] of NODE_REFERENCES) {
      const m = pattern.exec(code);
      assert.equal(m && code.slice(Math.max(0, m.index - 60), m.index + 60), null, `${relative(dir, join(dir, chunk))} holds ${what}`);
    }
  }
});
