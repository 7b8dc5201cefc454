// A stranger's project: the repository packed by `npm pack` (which builds on prepack) and
// that tarball installed, with msw and the tools at the versions of the repo's lock, into
// an empty project under the OS temp dir, outside the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** What the consumer installs next to the tarball: msw (the peer) and the tools it uses. */
export const CONSUMER_DEPENDENCIES = ['msw', 'typescript', 'esbuild', '@types/node'];

/** The exact version of a package in the repository's lock. */
export function lockedVersion(name) {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8'));
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/** Runs a command; throws with its output when it fails. */
export function run(command, args, { cwd, env, timeout = 300_000, input } = {}) {
  const r = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout, input, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r;
}

/** `npm pack` of the repository into dir; returns the tarball's path. */
export function pack(dir) {
  const r = run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO });
  const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
  return join(dir, filename);
}

/** A fresh project outside the repository with the tarball installed; returns its directory. */
export function createConsumerProject(tarball) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'byok-consumer-')));
  if (!relative(REPO, dir).startsWith('..')) throw new Error(`the consumer project ${dir} must be outside the repository ${REPO}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'byok-consumer', private: true, type: 'module' }, null, 2));
  const pinned = CONSUMER_DEPENDENCIES.map((name) => `${name}@${lockedVersion(name)}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--prefer-offline', tarball, ...pinned], { cwd: dir });
  return dir;
}

/**
 * The consumer project for this test process: the one `npm run test:consumer` set up
 * (CONSUMER_DIR, CONSUMER_TARBALL), or, when a test file runs alone, a new one.
 */
export function consumerProject() {
  if (process.env.CONSUMER_DIR && process.env.CONSUMER_TARBALL) {
    return { dir: process.env.CONSUMER_DIR, tarball: process.env.CONSUMER_TARBALL };
  }
  const packDir = mkdtempSync(join(tmpdir(), 'byok-pack-'));
  const tarball = pack(packDir);
  const dir = createConsumerProject(tarball);
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(packDir, { recursive: true, force: true });
  });
  return { dir, tarball };
}

/** A new directory inside the consumer project holding copies of the named fixture files. */
export function workspace(project, name, fixtures = []) {
  const dir = join(project.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const f of fixtures) writeFileSync(join(dir, f.split('/').pop()), readFileSync(join(FIXTURES, f)));
  return dir;
}

/** Every file under dir, as paths relative to it with '/' separators. */
export function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'));
}
