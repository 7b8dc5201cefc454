import { defineConfig } from '@playwright/test';

// Debian's browsers only: Playwright never downloads one here (DEVELOPERS.md).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Ports are offset by TEST_PORT_BASE so that two checkouts can run the suite side by side.
const BASE = Number(process.env.TEST_PORT_BASE ?? 5179);
const DEMO = BASE + 1;
const BUILT_DEMO = BASE + 2;
process.env.DEMO_URL = `http://localhost:${DEMO}/`;
process.env.BUILT_DEMO_URL = `http://localhost:${BUILT_DEMO}/`;

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: { baseURL: `http://localhost:${BASE}` },
  webServer: [
    { command: `node test/browser/server.mjs ${BASE}`, url: `http://localhost:${BASE}/health`, reuseExistingServer: false, timeout: 60_000 },
    // The demo, as `npm run demo` serves it (Vite, strict CSP), on its own port.
    { command: `vite --config demo/vite.config.ts --port ${DEMO} --strictPort`, url: `http://localhost:${DEMO}/`, reuseExistingServer: false, timeout: 60_000, env: { DEMO_PORT: String(DEMO) } },
    // The demo as `npm run demo:build` ships it, on a plain static server (its CSP from the <meta> tag only).
    { command: `npm run --silent demo:build -- --logLevel error && node demo/serve_dist.mjs ${BUILT_DEMO}`, url: `http://localhost:${BUILT_DEMO}/`, reuseExistingServer: false, timeout: 120_000 },
  ],
  projects: [
    {
      name: 'chromium',
      use: { browserName: 'chromium', launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS } },
    },
    {
      name: 'firefox',
      use: { browserName: 'firefox', channel: 'moz-firefox', launchOptions: { executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' } },
    },
  ],
});
