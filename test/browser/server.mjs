// A static server for the browser suite: the library bundled for a browser by esbuild
// (code-split, as a bundler would ship it) and a bare harness page, with a strict CSP.
// Each test/browser/harness/<name>.ts is bundled too and served as /harness/<name>.html,
// with MSW's service worker at /mockServiceWorker.js.
import { build } from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 5179);
const result = await build({
  entryPoints: { index: 'src/index.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  outdir: '/bundle',
  write: false,
  minify: true,
});
const files = new Map(result.outputFiles.map((f) => [f.path.replace(/^.*\/bundle\//, '/bundle/'), f.contents]));
const text = (s) => new TextEncoder().encode(s);
const harnesses = readdirSync('test/browser/harness').filter((f) => f.endsWith('.ts'));
if (harnesses.length > 0) {
  const pages = await build({
    entryPoints: Object.fromEntries(harnesses.map((f) => [f.slice(0, -3), `test/browser/harness/${f}`])),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: '/harness',
    write: false,
    minify: true,
  });
  for (const f of pages.outputFiles) files.set(f.path.replace(/^.*\/harness\//, '/harness/'), f.contents);
  for (const f of harnesses) {
    const name = f.slice(0, -3);
    files.set(`/harness/${name}.html`, text(`<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/harness/${name}.js"></script>`));
  }
  files.set('/mockServiceWorker.js', readFileSync('demo/public/mockServiceWorker.js'));
}
files.set('/harness.html', text('<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/harness.js"></script>'));
files.set('/harness.js', text("import * as byok from '/bundle/index.js'; window.byok = byok; document.title = 'ready';"));

createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/health') return res.end('ok');
  const body = files.get(path);
  if (!body) {
    res.statusCode = 404;
    return res.end('not found');
  }
  res.setHeader('content-type', path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8');
  // The library must work under a strict CSP: no eval, no inline script.
  res.setHeader('content-security-policy', "default-src 'self'; script-src 'self'");
  res.end(body);
}).listen(port, 'localhost');
