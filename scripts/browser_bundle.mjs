// Bundles the package's entries for a browser with esbuild and reports what each
// loads up front and on demand. Used by the bundle test and `npm run size`.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUILTINS = 'fs|path|os|crypto|buffer|stream|util|child_process|http|https|zlib|net|tls|url|events|worker_threads';
const NODE_BUILTIN = new RegExp(
  `\\brequire\\s*\\(|\\bfrom\\s*["'](node:)?(${BUILTINS})["']|\\bimport\\s*\\(\\s*["'](node:)?(${BUILTINS})["']|["']node:[a-z]`,
);

export async function bundleForBrowser(entryPoints = { index: 'src/index.ts' }, { external = [] } = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'byok-bundle-'));
  try {
    const result = await build({
      entryPoints,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir,
      minify: true,
      metafile: true,
      external,
      logLevel: 'silent',
    });
    const outputs = {};
    for (const [file, meta] of Object.entries(result.metafile.outputs)) {
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(file, 'utf8');
      const match = NODE_BUILTIN.exec(code);
      outputs[relative(outdir, file)] = {
        bytes: meta.bytes,
        gzip: gzipSync(code, { level: 9 }).length,
        entryPoint: meta.entryPoint,
        inputs: Object.keys(meta.inputs),
        staticImports: meta.imports.filter((i) => i.kind === 'import-statement').map((i) => relative(outdir, i.path)),
        dynamicImports: meta.imports.filter((i) => i.kind === 'dynamic-import').map((i) => relative(outdir, i.path)),
        nodeReference: match ? code.slice(Math.max(0, match.index - 40), match.index + 40) : undefined,
      };
    }
    return outputs;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The chunks a page loads for an entry before any dynamic import runs. */
export function staticClosure(outputs, entryFile) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f) || !outputs[f]) return; // an external (msw) is not ours to count
    seen.add(f);
    for (const i of outputs[f].staticImports) visit(i);
  };
  visit(entryFile);
  return [...seen];
}

export function entryFile(outputs, source) {
  return Object.keys(outputs).find((f) => outputs[f].entryPoint === source);
}
