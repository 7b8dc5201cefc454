// Item 1 of issue 12: what `npm pack` ships. Every file is accounted for: both entries'
// JavaScript, declarations and their maps (whose sources resolve inside the tarball), the
// sources the maps point at, README.md, SECURITY.md, LICENSE and package.json; nothing else.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { after, test } from 'node:test';
import { REPO, consumerProject, listFiles, run } from './lib/project.mjs';

const { tarball } = consumerProject();
const listed = run('tar', ['-tzf', tarball]).stdout.split('\n').filter((l) => l && !l.endsWith('/'));
const files = listed.map((l) => l.replace(/^package\//, ''));
const shipped = new Set(files);
const unpacked = mkdtempSync(join(tmpdir(), 'byok-unpacked-'));
after(() => rmSync(unpacked, { recursive: true, force: true }));
run('tar', ['-xzf', tarball, '-C', unpacked]);
const read = (file) => readFileSync(join(unpacked, 'package', file), 'utf8');
const pkg = JSON.parse(read('package.json'));

test('every entry of the tarball is under package/, with no duplicates', () => {
  assert.deepEqual(listed.filter((l) => !l.startsWith('package/')), []);
  assert.equal(shipped.size, files.length);
});

test('the tarball holds exactly the expected files: nothing missing, nothing extra', () => {
  // For each source file, its JavaScript, declaration and both maps, and the source itself
  // (the declaration maps point at it: "go to definition" lands in the TypeScript).
  const expected = new Set(['package.json', 'README.md', 'SECURITY.md', 'LICENSE']);
  for (const source of listFiles(join(REPO, 'src'))) {
    expected.add(`src/${source}`);
    if (source.endsWith('.d.ts') || !source.endsWith('.ts')) continue;
    const base = `dist/${source.slice(0, -'.ts'.length)}`;
    for (const ext of ['.js', '.js.map', '.d.ts', '.d.ts.map']) expected.add(base + ext);
  }
  const missing = [...expected].filter((f) => !shipped.has(f));
  const extra = files.filter((f) => !expected.has(f));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
});

test('no test/, demo/, scripts/, docs/ or build configuration ships', () => {
  assert.deepEqual(files.filter((f) => /^(test|demo|scripts|docs|node_modules|\.ci)\//.test(f) || /^(tsconfig|vitest|playwright|typedoc)/.test(f)), []);
});

test('both entries of `exports` (types and JavaScript), main and types are in the tarball', () => {
  assert.deepEqual(Object.keys(pkg.exports), ['.', './mock-kms', './package.json']);
  const targets = [pkg.main, pkg.types, './package.json'];
  for (const entry of ['.', './mock-kms']) {
    assert.deepEqual(Object.keys(pkg.exports[entry]), ['types', 'default'], `${entry}: types first, then default`);
    targets.push(pkg.exports[entry].types, pkg.exports[entry].default);
  }
  assert.deepEqual(targets.filter((t) => !shipped.has(t.replace(/^\.\//, ''))), []);
  assert.ok(shipped.has('dist/index.js') && shipped.has('dist/mock_kms/index.d.ts'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
});

test('LICENSE is the full MIT text for webcrypto-byok contributors, and package.json says MIT', () => {
  const license = read('LICENSE');
  assert.equal(pkg.license, 'MIT');
  assert.match(license, /^MIT License\n\nCopyright \(c\) webcrypto-byok contributors\n/);
  for (const sentence of [
    'Permission is hereby granted, free of charge, to any person obtaining a copy',
    'The above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
    'OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.',
  ]) {
    assert.ok(license.includes(sentence), sentence);
  }
});

test('every JavaScript and declaration file links its map, and every map resolves to shipped sources', () => {
  const generated = files.filter((f) => f.startsWith('dist/') && (f.endsWith('.js') || f.endsWith('.d.ts')));
  assert.ok(generated.length > 20);
  for (const file of generated) {
    const mapName = `${posix.basename(file)}.map`;
    assert.ok(read(file).trimEnd().endsWith(`//# sourceMappingURL=${mapName}`), `${file} links ${mapName}`);
    const mapFile = posix.join(posix.dirname(file), mapName);
    assert.ok(shipped.has(mapFile), `${mapFile} ships`);
    const map = JSON.parse(read(mapFile));
    assert.equal(map.version, 3, mapFile);
    assert.equal(map.file, posix.basename(file), `${mapFile}: file`);
    assert.ok(map.sources.length > 0 && map.mappings.length > 0, `${mapFile} maps something`);
    for (const source of map.sources) {
      const resolved = posix.normalize(posix.join(posix.dirname(mapFile), map.sourceRoot ?? '', source));
      assert.ok(shipped.has(resolved), `${mapFile}: source ${source} → ${resolved} is in the tarball`);
      assert.equal(read(resolved), readFileSync(join(REPO, resolved), 'utf8'), `${resolved} is the repository's source`);
    }
  }
});
