// Item 3 of issue 12: every code block of README.md that claims to run is run as printed,
// in the consumer project (so `from 'webcrypto-byok'` is the installed tarball).
// - TypeScript blocks are type-checked by tsc (strict, skipLibCheck false), then run with
//   their types stripped by esbuild; JavaScript blocks run as they are.
// - `test:node` blocks run under Node. One that calls a cloud's real endpoint and brings no
//   mock gets the mocked KMS preloaded in its process (harness/readme_mock_node.mjs), with
//   test credentials in the environment variables the clouds' SDKs read.
// - `test:browser` blocks are bundled by esbuild for the browser and run in Chromium
//   (Playwright, Debian's binary) on a page under a strict CSP; one that brings no mock gets
//   the mocked KMS at the page's /api/kms in MSW's service worker (harness/readme_page.mjs).
// - A block passes when it exits normally and prints exactly what its `// → …` comments say.
// The convention is in lib/readme_blocks.mjs.
import { chromium } from '@playwright/test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO, consumerProject, workspace } from './lib/project.mjs';
import { runnableBlocks } from './lib/readme_blocks.mjs';

const project = consumerProject();
const { runnable, unmarked } = runnableBlocks(readFileSync(join(REPO, 'README.md'), 'utf8'));
const dir = workspace(project, 'readme');
const esbuild = createRequire(join(project.dir, 'package.json'))('esbuild');
const tsc = join(project.dir, 'node_modules/typescript/bin/tsc');

/** Runs a command without blocking the event loop (the browser tests share it). */
function exec(command, args, { cwd, env, timeout = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status: status ?? signal, stdout, stderr }));
  });
}

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

// Each block as a file of its own: node/L37.ts, browser/L109.ts, ...
for (const environment of ['node', 'browser']) mkdirSync(join(dir, environment), { recursive: true });
for (const block of runnable) {
  block.dir = join(dir, block.environment);
  block.file = `${block.name}.${block.typescript ? 'ts' : 'mjs'}`;
  writeFileSync(join(block.dir, block.file), block.code);
}

// Type-check the TypeScript blocks, grouped by what a user's project would configure:
// Node (with @types/node; msw's declarations need the DOM lib), and a browser app.
const STRICT = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', noUncheckedIndexedAccess: true, noImplicitReturns: true, verbatimModuleSyntax: true, isolatedModules: true };
const GROUPS = [
  { name: 'node', environment: 'node', msw: false, options: { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'] } },
  { name: 'node_msw', environment: 'node', msw: true, options: { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'] } },
  { name: 'browser', environment: 'browser', msw: null, options: { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] } },
];
const typeErrors = new Map(); // block file → tsc diagnostics
const typeChecked = Promise.all(
  GROUPS.map(async (group) => {
    const blocks = runnable.filter((b) => b.typescript && b.environment === group.environment && (group.msw === null || b.usesMsw === group.msw));
    if (blocks.length === 0) return;
    const config = `tsconfig.${group.name}.json`;
    writeFileSync(join(dir, group.environment, config), JSON.stringify({ compilerOptions: { ...STRICT, ...group.options }, files: blocks.map((b) => b.file) }, null, 2));
    const r = await exec(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: join(dir, group.environment) });
    let current;
    for (const line of r.stdout.split('\n')) {
      const m = /^(L\d+\.ts)\(/.exec(line);
      if (m) typeErrors.set((current = m[1]), [...(typeErrors.get(m[1]) ?? []), line]);
      else if (current && line.startsWith(' ')) typeErrors.get(current).push(line);
      else if (line.trim()) typeErrors.set(`(${config})`, [...(typeErrors.get(`(${config})`) ?? []), line]);
    }
    if (r.status !== 0 && ![...typeErrors.keys()].some((f) => blocks.some((b) => b.file === f))) {
      typeErrors.set(`(${config})`, [...(typeErrors.get(`(${config})`) ?? []), `tsc exited with ${r.status}`, r.stderr]);
    }
  }),
);

test('every ts/js block of the README is marked test:node or test:browser, and both kinds exist', () => {
  assert.deepEqual(unmarked.map((line) => `README line ${line}`), [], 'unmarked ts/js blocks (see lib/readme_blocks.mjs)');
  assert.ok(runnable.some((b) => b.environment === 'node'));
  assert.ok(runnable.some((b) => b.environment === 'browser'));
});

test('the type-check configurations themselves are sound', async () => {
  await typeChecked;
  assert.deepEqual([...typeErrors.keys()].filter((k) => k.startsWith('(')).map((k) => typeErrors.get(k)), []);
});

// Test credentials, in the variables the clouds' SDKs read; the preloaded mock verifies them.
const CREDENTIALS = {
  TENCENTCLOUD_SECRET_ID: `AKID${randomBytes(12).toString('hex')}`,
  TENCENTCLOUD_SECRET_KEY: randomBytes(20).toString('base64url'),
  ALIBABA_CLOUD_ACCESS_KEY_ID: `LTAI${randomBytes(10).toString('hex')}`,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: randomBytes(20).toString('base64url'),
  AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  AWS_SECRET_ACCESS_KEY: randomBytes(30).toString('base64'),
  // The token each of these services expects; the harness's fakes check them.
  GOOGLE_ACCESS_TOKEN: `ya29.${randomBytes(16).toString('base64url')}`,
  VAULT_TOKEN: `hvs.${randomBytes(16).toString('base64url')}`,
  AZURE_ACCESS_TOKEN: `eyJ0eXAi.${randomBytes(16).toString('base64url')}`,
};
for (const harness of ['readme_mock_node.mjs', 'readme_clouds_node.mjs']) copyFileSync(new URL(`./harness/${harness}`, import.meta.url), join(dir, 'node', harness));

describe('README blocks in Node', () => {
  for (const block of runnable.filter((b) => b.environment === 'node')) {
    test(`README line ${block.line} (${block.language} test:node${block.bringsOwnMock ? ', its own mock' : ', mocked KMS preloaded'})`, async () => {
      await typeChecked;
      assert.deepEqual(typeErrors.get(block.file) ?? [], [], 'type errors');
      let program = block.file;
      if (block.typescript) {
        program = `${block.name}.mjs`;
        const { code } = await esbuild.transform(block.code, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: block.file });
        writeFileSync(join(block.dir, program), code);
      }
      const preload = block.bringsOwnMock ? [] : ['--import', pathToFileURL(join(block.dir, 'readme_mock_node.mjs')).href];
      const r = await exec(process.execPath, [...preload, program], { cwd: block.dir, env: CREDENTIALS });
      assert.equal(r.status, 0, `the block failed:\n${r.stderr}\n${r.stdout}`);
      assert.deepEqual(lines(r.stdout), block.expected, 'its output is what its // → comments say');
    });
  }
});

describe('README blocks in Chromium', () => {
  const site = join(dir, 'site');
  const blocks = runnable.filter((b) => b.environment === 'browser');
  let browser;
  let server;
  let origin;

  before(async () => {
    copyFileSync(new URL('./harness/readme_page.mjs', import.meta.url), join(dir, 'readme_page.mjs'));
    await esbuild.build({ entryPoints: [join(dir, 'readme_page.mjs')], bundle: true, format: 'esm', platform: 'browser', outdir: join(site, 'harness'), logLevel: 'silent' });
    copyFileSync(join(project.dir, 'node_modules/msw/lib/mockServiceWorker.js'), join(site, 'mockServiceWorker.js'));
    writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>running</title><script type="module" src="/harness/readme_page.js"></script>');
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
      if (path === '/favicon.ico') return res.writeHead(204).end();
      let body;
      try {
        body = readFileSync(join(site, path === '/' ? 'index.html' : path));
      } catch {
        return res.writeHead(404).end('not found');
      }
      // The examples must work under a strict Content-Security-Policy, as the demo's page has.
      res.writeHead(200, {
        'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'self'; script-src 'self'",
      });
      res.end(body);
    });
    await new Promise((resolve) => server.listen(0, 'localhost', resolve));
    origin = `http://localhost:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  for (const block of blocks) {
    test(`README line ${block.line} (${block.language} test:browser${block.bringsOwnMock ? ', its own mock' : ', mocked KMS at /api/kms'})`, async () => {
      await typeChecked;
      assert.deepEqual(typeErrors.get(block.file) ?? [], [], 'type errors');
      const built = await esbuild.build({
        entryPoints: [join(block.dir, block.file)],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'browser',
        outdir: join(site, 'blocks', block.name),
        logLevel: 'silent',
      });
      assert.deepEqual(built.warnings, []);
      const context = await browser.newContext(); // a fresh origin state: no worker, no storage
      try {
        const page = await context.newPage();
        const logs = [];
        const problems = [];
        page.on('console', (m) => (m.type() === 'log' ? logs.push(m.text()) : m.type() === 'error' && problems.push(`console.error: ${m.text()}`)));
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        await page.goto(`${origin}/?block=/blocks/${block.name}/${block.name}.js&mock=${block.bringsOwnMock ? 0 : 1}`);
        await page.waitForFunction(() => document.title !== 'running', null, { timeout: 90_000 });
        const error = await page.evaluate(() => document.body.dataset.error ?? null);
        assert.equal(error, null, 'the block threw');
        assert.equal(await page.title(), 'done');
        assert.deepEqual(problems, []);
        assert.deepEqual(lines(logs.join('\n')), block.expected, 'its output is what its // → comments say');
      } finally {
        await context.close();
      }
    });
  }
});
