// `npm run test:consumer`: pack the repository, install the tarball into an empty project
// outside it, then run every test/consumer/*.test.mjs against that project (README.md of
// this folder says what each proves). KEEP_CONSUMER=1 keeps the project for a look.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsumerProject, pack } from './lib/project.mjs';

const started = performance.now();
const here = fileURLToPath(new URL('.', import.meta.url));
const packDir = mkdtempSync(join(tmpdir(), 'byok-pack-'));
let dir;
let status = 1;
try {
  const tarball = pack(packDir);
  dir = createConsumerProject(tarball);
  console.log(`consumer project: ${dir} (tarball ${tarball}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const files = readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f));
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, CONSUMER_DIR: dir, CONSUMER_TARBALL: tarball },
  });
  status = r.status ?? 1;
} finally {
  if (process.env.KEEP_CONSUMER === '1') console.log(`kept ${dir} and ${packDir}`);
  else {
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(packDir, { recursive: true, force: true });
  }
  console.log(`test:consumer took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(status);
