// Accessibility and layout: axe-core finds no violation in any view of the page (both
// modes, every cloud, busy, error and stale states, results), in light and dark colour
// schemes, at desktop width and at 375 px, where nothing scrolls sideways; the mode tabs
// follow the WAI-ARIA tabs pattern, keyboard included; dark mode really changes colours.
import { execFileSync } from 'node:child_process';
import { expect, test, type Demo } from './demo_support.js';

const PUBLIC_KEY = execFileSync('openssl', ['pkey', '-pubout'], { input: execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']) }).toString();

/** Every view of the page, each set up as a person would reach it; `check` runs in each. */
async function everyView(demo: Demo, check: (view: string) => Promise<void>) {
  const page = demo.page;
  await demo.open();
  await check('mock mode, Tencent, no keys');

  await demo.createKey('tencent', 'SYMMETRIC_256');
  await demo.generate();
  await demo.importSelected();
  await page.click('#wire-details summary');
  await check('mock mode, Tencent, a key imported, requests shown');

  await page.click('#cancel-deletion');
  await expect(demo.status).toHaveClass('error');
  await check('mock mode, a refusal by the KMS');

  await demo.faults({ retries: '8', baseDelay: '1000', throttle: '1' });
  await page.click('#use-key');
  await expect(page.locator('#log li.retry', { hasText: 'Encrypt answered RequestLimitExceeded: retry 1 of 8' })).toHaveCount(1);
  await check('mock mode, busy: an operation waiting out throttling');
  await demo.faults({ throttle: '0' });
  await expect(demo.status).toHaveClass('ok', { timeout: 30_000 });

  await demo.faults({ retries: '0', throttle: '1' });
  await page.click('#clock-hour');
  await expect(page.locator('#keys-stale')).toBeVisible();
  await check('mock mode, gave up: the key list may be stale');
  await demo.faults({ throttle: '0' });
  await page.click('#clock-reset');
  await expect(demo.status).toHaveClass('ok');

  await demo.createKey('aliyun', 'EC_P256');
  await demo.generate();
  await page.selectOption('#expiry', 'date');
  await check('mock mode, Alibaba, an asymmetric key with a private key, expiry date shown');

  await page.selectOption('#expiry', '0');
  await demo.createKey('aws', 'ECC_NIST_P256');
  await demo.generate();
  await page.selectOption('#wrapping-key-spec', 'RSA_3072');
  await demo.importSelected();
  await page.click('#use-key');
  await expect(demo.status).toHaveText('Sign with the imported ECC_NIST_P256 key; Verify: valid.');
  await check('mock mode, AWS, an ECC key imported and used, the wrapping key spec shown');

  await page.click('#cancel-deletion');
  await expect(demo.status).toContainText('(KMSInvalidStateException');
  await check('mock mode, AWS, a refusal by the KMS');

  await page.click('#tab-offline');
  await check('offline mode, empty');

  await page.selectOption('#off-cloud', 'aliyun');
  await page.fill('#off-public-key', 'not a key');
  await page.click('#off-generate');
  await expect(page.locator('#off-status')).toContainText('Generated');
  await page.click('#off-wrap');
  await expect(page.locator('#off-status')).toHaveClass('error');
  await check('offline mode, Alibaba, material generated, an error');

  await page.fill('#off-public-key', PUBLIC_KEY);
  await page.fill('#off-token', 'a-token-as-the-console-gave-it');
  await page.click('#off-wrap');
  await expect(page.locator('#off-status')).toContainText('Wrapped: 256 bytes');
  await check('offline mode, the wrapped result and its files');

  await page.fill('#off-material', 'short');
  await check('offline mode, material that cannot be read, beside an earlier result');

  await page.selectOption('#off-cloud', 'aws');
  await page.selectOption('#off-key-type', 'ECC_NIST_P521');
  await page.click('#off-generate');
  await expect(page.locator('#off-status')).toContainText('Generated');
  await check('offline mode, AWS, a private key generated, an earlier result for another cloud');

  await page.selectOption('#off-cloud', 'azure');
  await page.selectOption('#off-key-type', 'EC-HSM_P-256');
  await page.fill('#off-public-key', PUBLIC_KEY);
  await page.fill('#off-token', 'https://contoso.vault.azure.net/keys/KEK/1');
  await page.click('#off-generate');
  await page.click('#off-wrap');
  await expect(page.locator('#off-status')).toContainText('Wrapped:');
  await expect(page.locator('#off-request')).toBeVisible();
  await check('offline mode, Azure: a .byok file and the body of its REST import');

  await page.selectOption('#off-cloud', 'vault');
  await expect(page.locator('#off-token')).toBeHidden();
  await check('offline mode, Vault: no token box, an earlier result for another cloud');
}

/**
 * Dark mode for real in both browsers: Chromium emulates prefers-color-scheme per context;
 * Firefox over WebDriver BiDi (Playwright 1.64) ignores that emulation, so its browser is
 * launched with the content colour-scheme preference set to dark. Every test checks that
 * the media query really matches, so an emulation that silently fails cannot pass.
 */
const darkTest = test.extend({
  colorScheme: 'dark',
  launchOptions: [
    async ({ launchOptions, browserName }, use) => {
      await use(browserName === 'firefox' ? { ...launchOptions, firefoxUserPrefs: { ...launchOptions.firefoxUserPrefs, 'layout.css.prefers-color-scheme.content-override': 0 } } : launchOptions);
    },
    { scope: 'worker' },
  ],
});
const lightTest = test.extend({ colorScheme: 'light' });

const luminance = (rgb: string) => {
  const [r, g, b] = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number)
    .map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

for (const [colorScheme, schemeTest] of [
  ['light', lightTest],
  ['dark', darkTest],
] as const) {
  schemeTest.describe(`${colorScheme} colour scheme`, () => {
    // One walk through the views, clicked at 375 px (the narrow layout must be usable, not
    // only look right); each view is checked at 375 px, then at 1100 px, and set back.
    schemeTest('axe finds no violation in any view, and nothing scrolls sideways, at 375 and 1100 px', async ({ demo, page }) => {
      await page.setViewportSize({ width: 375, height: 900 });
      const views: string[] = [];
      await everyView(demo, async (view) => {
        if (!views.length) expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
        views.push(view);
        for (const width of [375, 1100]) {
          await page.setViewportSize({ width, height: 900 });
          await demo.expectNoAxeViolations(`${view} (${colorScheme}, ${width} px)`);
          await demo.expectNoHorizontalScroll(`${view} (${colorScheme}, ${width} px)`);
        }
        await page.setViewportSize({ width: 375, height: 900 });
      });
      expect(views).toHaveLength(15);
    });

    schemeTest(`the page takes the ${colorScheme} palette from prefers-color-scheme`, async ({ demo, page }) => {
      await demo.open();
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
      const colours = await page.evaluate(() => {
        const css = (sel: string, prop: string) => getComputedStyle(document.querySelector(sel)!).getPropertyValue(prop);
        return { page: css('html', 'background-color'), text: css('body', 'color'), button: css('#create-key', 'background-color'), tab: css('#tab-mock', 'background-color') };
      });
      // The two palettes of style.css: a white page with dark text, or a near-black page with light text.
      const expected =
        colorScheme === 'light'
          ? { page: 'rgb(255, 255, 255)', text: 'rgb(29, 36, 48)', button: 'rgb(246, 248, 251)', tab: 'rgb(11, 87, 208)' }
          : { page: 'rgb(20, 23, 28)', text: 'rgb(230, 233, 238)', button: 'rgb(31, 36, 44)', tab: 'rgb(138, 180, 248)' };
      expect(colours).toEqual(expected);
      expect(Math.abs(luminance(colours.text) - luminance(colours.page))).toBeGreaterThan(0.6);
    });
  });
}

test('mode tabs follow the WAI-ARIA tabs pattern: roles, states, roving tabindex, arrows, Home/End, Tab into the panel', async ({ demo, page }) => {
  await demo.open();
  const tabs = page.locator('[role="tablist"] [role="tab"]');
  await expect(page.locator('[role="tablist"]')).toHaveAttribute('aria-label', 'Mode');
  await expect(tabs).toHaveCount(2);
  const expectSelected = async (id: 'mock' | 'offline') => {
    const other = id === 'mock' ? 'offline' : 'mock';
    await expect(page.locator(`#tab-${id}`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`#tab-${other}`)).toHaveAttribute('aria-selected', 'false');
    await expect(page.locator(`#tab-${id}`)).toHaveAttribute('tabindex', '0');
    await expect(page.locator(`#tab-${other}`)).toHaveAttribute('tabindex', '-1');
    await expect(page.locator(`#${id}`)).toBeVisible();
    await expect(page.locator(`#${other}`)).toBeHidden();
    await expect(page.locator(`#${id}`)).toHaveAttribute('role', 'tabpanel');
    await expect(page.locator(`#${id}`)).toHaveAttribute('aria-labelledby', `tab-${id}`);
    await expect(page.locator(`#tab-${id}`)).toHaveAttribute('aria-controls', id);
  };
  await expectSelected('mock');
  // The tab list is one stop in the tab sequence: Tab from the top lands on the selected tab.
  await page.locator('h1').click();
  await page.keyboard.press('Tab');
  await expect(page.locator('#tab-mock')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-offline')).toBeFocused();
  await expectSelected('offline');
  await page.keyboard.press('ArrowRight'); // wraps around
  await expect(page.locator('#tab-mock')).toBeFocused();
  await expectSelected('mock');
  await page.keyboard.press('ArrowLeft'); // wraps around
  await expectSelected('offline');
  await page.keyboard.press('Home');
  await expect(page.locator('#tab-mock')).toBeFocused();
  await expectSelected('mock');
  await page.keyboard.press('End');
  await expect(page.locator('#tab-offline')).toBeFocused();
  await expectSelected('offline');
  // Tab leaves the tab list for the panel's first control, skipping the unselected tab.
  await page.keyboard.press('Tab');
  await expect(page.locator('#off-cloud')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('#tab-offline')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator('#tab-mock')).not.toBeFocused();
  // The open tab is in the URL, so a reload opens it again.
  expect(new URL(page.url()).hash).toBe('#offline');
  await page.reload();
  await demo.ready();
  await expectSelected('offline');
});
