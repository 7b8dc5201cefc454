// Item 2b of issue 12: strict TypeScript consumers compiled by tsc against the tarball's
// declarations, under moduleResolution bundler, node16 and nodenext, skipLibCheck false.
// msw's own declarations need the DOM lib (Node consumers of the mock add it too); the
// main entry alone compiles for Node without it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, consumerProject, run, workspace } from './lib/project.mjs';

const project = consumerProject();
const FILES = ['types/main.ts', 'types/mock_node.ts', 'types/mock_browser.ts'];
const dir = workspace(project, 'types', FILES);

const STRICT = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2022',
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  forceConsistentCasingInFileNames: true,
};
const WITH_DOM = ['ES2022', 'DOM', 'DOM.Iterable'];

const PROJECTS = [
  { name: 'bundler, a browser app with the mock on msw/browser', module: 'ESNext', resolution: 'Bundler', lib: WITH_DOM, types: [], files: ['main.ts', 'mock_browser.ts'] },
  { name: 'node16, with the mock on msw/node', module: 'Node16', resolution: 'Node16', lib: WITH_DOM, types: ['node'], files: ['main.ts', 'mock_node.ts'] },
  { name: 'nodenext, with the mock on msw/node', module: 'NodeNext', resolution: 'NodeNext', lib: WITH_DOM, types: ['node'], files: ['main.ts', 'mock_node.ts'] },
  { name: 'nodenext, main entry only, no DOM lib', module: 'NodeNext', resolution: 'NodeNext', lib: ['ES2022'], types: ['node'], files: ['main.ts'] },
];

test('the consumer code has no casts, no any and no non-null assertions', () => {
  for (const file of FILES) {
    const code = readFileSync(join(FIXTURES, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bas\s+(?!const\b)[A-Za-z{[(]/, `${file}: a cast`);
    assert.doesNotMatch(code, /<\s*[A-Z]\w*\s*>\s*[\w(]/, `${file}: an angle-bracket cast`);
    assert.doesNotMatch(code, /\bany\b/, `${file}: any`);
    assert.doesNotMatch(code, /[\w)\]]!(?=[.;,)\]\s])/, `${file}: a non-null assertion`);
  }
});

for (const p of PROJECTS) {
  test(`tsc, ${p.name}: strict, skipLibCheck false, against the tarball's .d.ts`, () => {
    const config = `tsconfig.${p.name.replace(/\W+/g, '_')}.json`;
    const compilerOptions = { ...STRICT, module: p.module, moduleResolution: p.resolution, lib: p.lib, types: p.types };
    writeFileSync(join(dir, config), JSON.stringify({ compilerOptions, files: p.files }, null, 2));
    const tsc = join(project.dir, 'node_modules/typescript/bin/tsc');
    const { stdout } = run(process.execPath, [tsc, '-p', config, '--listFiles'], { cwd: dir });
    const program = stdout.split('\n');
    // The declarations come from the installed tarball, through `exports`.
    const installed = `${project.dir}/node_modules/webcrypto-byok/dist/`;
    assert.ok(program.includes(`${installed}index.d.ts`), 'dist/index.d.ts of the tarball is in the program');
    if (p.files.some((f) => f.startsWith('mock_'))) assert.ok(program.includes(`${installed}mock_kms/index.d.ts`), 'dist/mock_kms/index.d.ts too');
    assert.deepEqual(program.filter((f) => f.includes('webcrypto-byok') && !f.startsWith(installed)), []);
  });
}
