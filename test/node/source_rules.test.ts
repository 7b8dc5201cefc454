// DEVELOPERS.md non-negotiables, checked on the source text itself.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const RULES: [string, RegExp][] = [
  ['Math.random (randomness only from crypto.getRandomValues)', /\bMath\.random\b/],
  // One exception: the mock's warn() (src/mock_kms/warn.ts), which prints fixed texts only.
  ['console output (key material is never logged)', /\bconsole\.[a-z]+\s*\(|console\?\.[a-z]+\s*\(/],
  ['Node built-in import', /from\s+['"](node:[a-z_/]+|fs|path|os|crypto|buffer|stream|util|child_process|http|https|zlib)['"]|require\s*\(/],
  ['Buffer (browser-first: Uint8Array only)', /\bBuffer\b/],
];

describe('src/ rules', () => {
  const sources = files('src').map((f) => [f, readFileSync(f, 'utf8')] as const);
  const allowed = (rule: string, f: string) => rule.startsWith('console') && f === join('src', 'mock_kms', 'warn.ts');
  it('has sources to check', () => expect(sources.length).toBeGreaterThan(10));
  it.each(RULES)('no %s', (_rule, re) => {
    const hits = sources.filter(([f]) => !allowed(_rule, f)).flatMap(([f, text]) => text.split('\n').flatMap((line, i) => (re.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });
});
