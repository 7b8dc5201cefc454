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

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: { baseURL: 'http://localhost:5179' },
  webServer: [
    { command: 'node test/browser/server.mjs 5179', url: 'http://localhost:5179/health', reuseExistingServer: false, timeout: 60_000 },
    // The demo, as `npm run demo` serves it (Vite, strict CSP), on its own port.
    { command: 'vite --config demo/vite.config.ts --port 5180 --strictPort', url: 'http://localhost:5180/', reuseExistingServer: false, timeout: 60_000, env: { DEMO_PORT: '5180' } },
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
