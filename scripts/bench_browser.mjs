// npm run bench, in browsers (issue 14.6): the RSA+AES key wrap figures of
// scripts/bench_key_wrap.mjs measured inside a page of Debian's Chromium (and Firefox ESR),
// driven by Playwright. The library is bundled for a browser by esbuild, code-split as a
// bundler ships it; the page is served by Playwright's request routing, so no port is
// opened. Keys are made here by Node's OpenSSL and handed to the page.
import { build } from 'esbuild';
import { chromium, firefox } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';

const MIN_MS = Number(process.env.BENCH_MS ?? 600);
const BROWSERS = (process.env.BENCH_BROWSERS ?? 'chromium,firefox').split(',');
const ORIGIN = 'http://localhost'; // a secure context for WebCrypto; never contacted

const bundle = await build({
  entryPoints: { index: 'src/index.ts', aes_key_wrap: 'src/wrap/aes_key_wrap.ts', bench_key_wrap: 'scripts/bench_key_wrap.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  outdir: '/bundle',
  write: false,
  minify: true,
  logLevel: 'silent',
});
const files = new Map(bundle.outputFiles.map((f) => [f.path.replace(/^.*\/bundle\//, '/bundle/'), f.contents]));
files.set('/bench.html', new TextEncoder().encode('<!doctype html><meta charset="utf-8"><title>bench</title>'));

const target = [...generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs8', format: 'der' })];
const keks = Object.fromEntries([4096, 2048].map((bits) => [bits, [...generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' })]]));

const LAUNCH = {
  chromium: () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] }),
  firefox: () => firefox.launch({ channel: 'moz-firefox', executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' }),
};

for (const name of BROWSERS) {
  const browser = await LAUNCH[name]();
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      const body = files.get(path);
      if (!body) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: path.endsWith('.js') ? 'text/javascript' : 'text/html', body: Buffer.from(body) });
    });
    await page.exposeFunction('benchLog', (line) => console.log(line));
    await page.goto(`${ORIGIN}/bench.html`);
    console.log(`\n${name} ${browser.version()}: RSA+AES key wrap (issue 14.6: KWP of the 2.4 KB key <= 10 ms in Chromium; whole wrap <= 1.5x bare OAEP + KWP)`);
    const { kwpMs, ratios } = await page.evaluate(
      async ({ target, keks, minMs }) => {
        const byok = await import('/bundle/index.js');
        const { aesKwpWrap } = await import('/bundle/aes_key_wrap.js');
        const { benchKeyWrap } = await import('/bundle/bench_key_wrap.js');
        return benchKeyWrap({
          byok,
          aesKwpWrap,
          subtle: crypto.subtle,
          target: new Uint8Array(target),
          keks: Object.fromEntries(Object.entries(keks).map(([bits, spki]) => [bits, new Uint8Array(spki)])),
          minMs,
          log: (line) => window.benchLog(line),
        });
      },
      { target, keks, minMs: MIN_MS },
    );
    const worst = Math.max(...ratios.filter((r) => r.name.includes('KEK')).map((r) => r.value));
    console.log(`${name}: AES-KWP ${kwpMs.toFixed(2)} ms; whole wrap / bare at most ${worst.toFixed(2)}x`);
  } finally {
    await browser.close();
  }
}
