// The API reference (docs/api, TypeDoc from the TSDoc comments) documents every public
// export — TypeDoc runs with validation.notDocumented as an error — gives every function
// and class an example, and is what the committed docs/api says.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('API reference', () => {
  const out = mkdtempSync(join(tmpdir(), 'byok-docs-'));
  execFileSync(join('node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Warn'], { stdio: 'pipe' });
  const generated = files(out).map((f) => relative(out, f)).sort();

  it('documents every public export (TypeDoc treats a missing comment as an error)', () => {
    expect(generated).toContain('index/functions/wrapKeyMaterial.md');
    expect(generated).toContain('mock_kms/functions/createMockKms.md');
  });

  it('gives every function and class an example', () => {
    const pages = generated.filter((f) => /\/(functions|classes)\//.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(7);
    for (const page of pages) expect.soft(readFileSync(join(out, page), 'utf8'), page).toContain('## Example');
  });

  it('matches the committed docs/api (run `npm run docs` after changing a comment)', () => {
    const committed = files('docs/api').map((f) => relative('docs/api', f)).sort();
    expect(committed).toEqual(generated);
    for (const f of generated) expect.soft(readFileSync(join('docs/api', f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  });
});
