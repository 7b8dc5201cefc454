// What every demo spec shares: a `demo` fixture that opens the page and, after the test,
// fails it on any page error, console error or warning, or CSP violation; helpers that
// drive the page as a person would; and readers for what the page sent and offered.
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export const DEMO_URL = process.env.DEMO_URL ?? 'http://localhost:5180/';
export const BUILT_DEMO_URL = process.env.BUILT_DEMO_URL ?? 'http://localhost:5181/';

export type Cloud = 'tencent' | 'aliyun' | 'aws';
export const CLOUD_NAMES: Record<Cloud, string> = { tencent: 'Tencent Cloud KMS', aliyun: 'Alibaba Cloud KMS', aws: 'AWS KMS' };

export class Demo {
  /** Every console message, whatever its type (to prove secrets never reach the console). */
  readonly console: string[] = [];
  readonly problems: string[] = [];
  /** HTTP error answers of the mocked KMS that the browser reported on the console. */
  kmsRefusals = 0;
  readonly status: Locator;

  constructor(
    readonly page: Page,
    readonly browserName: string,
  ) {
    this.status = page.locator('#status');
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.name}: ${e.message}`));
    page.on('console', (m) => {
      this.console.push(m.text());
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      // Chromium reports every HTTP error status as a failed load. Alibaba's and AWS's wire formats
      // answer refusals with 4xx/5xx (SPEC §3, §5), so a refusal by the mocked KMS at /api/kms is not a page error.
      if (/^Failed to load resource: the server responded with a status of [45]\d\d/.test(m.text()) && new URL(m.location().url, 'http://x').pathname === '/api/kms') {
        this.kmsRefusals++;
        return;
      }
      this.problems.push(`console.${m.type()}: ${m.text()}`);
    });
  }

  /** Open the page (before any of its scripts: CSP violation and Blob recorders) and wait for the mocked KMS. */
  async open(url = DEMO_URL): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[]; blobs: Map<string, Blob> };
      w.cspViolations = [];
      w.blobs = new Map();
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      // Keeps each Blob behind an object URL: Playwright sees no download events in Firefox over BiDi.
      const original = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (o: Blob | MediaSource) => {
        const url = original(o);
        if (o instanceof Blob) w.blobs.set(url, o);
        return url;
      };
    });
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await expect(this.page.locator('body')).toHaveAttribute('data-ready', 'yes', { timeout: 30_000 });
    await expect(this.status).toHaveClass('ok');
  }

  /** Everything that went wrong on the page so far (errors, warnings, CSP violations). */
  async allProblems(): Promise<string[]> {
    const violations = await this.page
      .evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [])
      .catch(() => ['(the page could not be asked for its CSP violations)']);
    return [...this.problems, ...violations.map((v) => `csp: ${v}`)];
  }

  // ---- mock mode ----

  async useCloud(cloud: Cloud): Promise<void> {
    if ((await this.page.inputValue('#cloud')) === cloud) return;
    await this.page.selectOption('#cloud', cloud);
    await expect(this.status).toHaveText(`Talking to the mocked ${CLOUD_NAMES[cloud]}.`);
  }

  /** Create an external key of a key type (clouds.ts row id) and return its KeyId; it is then selected. */
  async createKey(cloud: Cloud, keyType: string): Promise<string> {
    await this.useCloud(cloud);
    await this.page.selectOption('#key-type', keyType);
    await this.page.click('#create-key');
    await expect(this.status).toContainText('it waits for key material (PendingImport)');
    const keyId = (await this.status.textContent())!.match(/^Created (\S+) /)![1]!;
    await expect(this.page.locator(`#keys li[data-key-id="${keyId}"] input`)).toBeChecked();
    return keyId;
  }

  async generate(): Promise<string> {
    await this.page.click('#generate');
    await expect(this.status).toContainText('Generated in this page', { timeout: 60_000 });
    return this.page.inputValue('#material');
  }

  async importSelected(): Promise<void> {
    await this.page.click('#import');
    await expect(this.status).toContainText('the key is Enabled', { timeout: 60_000 });
  }

  keyState(keyId: string): Locator {
    return this.page.locator(`#keys li[data-key-id="${keyId}"] .state`);
  }

  async faults(f: { throttle?: string; internalErrors?: string; delay?: string; retries?: string; baseDelay?: string }): Promise<void> {
    if (f.retries !== undefined) await this.page.selectOption('#max-retries', f.retries);
    if (f.baseDelay !== undefined) await this.page.selectOption('#base-delay', f.baseDelay);
    if (f.throttle !== undefined) await this.page.selectOption('#throttle', f.throttle);
    if (f.internalErrors !== undefined) await this.page.selectOption('#internal-errors', f.internalErrors);
    if (f.delay !== undefined) await this.page.selectOption('#delay', f.delay);
  }

  /** Requests the mocked KMS received, as its lifecycle events saw them. */
  wire(action?: string): Locator {
    return this.page.locator(action ? `#wire li[data-action="${action}"]` : '#wire li');
  }

  /** The arguments of the n-th request of an action (-1: the last), once the log has read them. */
  async wireParams(action: string, n = -1): Promise<Record<string, unknown>> {
    const items = this.wire(action);
    const count = await items.count();
    const item = items.nth(n < 0 ? count + n : n);
    await expect(item).toHaveAttribute('data-params', /.*/);
    return JSON.parse((await item.getAttribute('data-params'))!) as Record<string, unknown>;
  }

  async wireResults(action?: string): Promise<string[]> {
    const items = this.wire(action);
    await expect(items.last()).toHaveAttribute('data-result', /.+/);
    return items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.result ?? ''));
  }

  // ---- files ----

  private realDownloads = 0;

  /**
   * The bytes behind a download link: a real download in Chromium, the page's own Blob in
   * Firefox (Playwright sees no download events there over BiDi). Headless Chromium lets one
   * page download 10 files, then blocks the rest: past that the Blob is read there too.
   */
  async download(link: Locator): Promise<{ name: string; bytes: Buffer }> {
    const name = (await link.getAttribute('download'))!;
    if (this.browserName === 'chromium' && this.realDownloads++ < 10) {
      const [download] = await Promise.all([this.page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(name);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { name, bytes: Buffer.concat(chunks) };
    }
    const href = (await link.getAttribute('href'))!;
    const bytes = await this.page.evaluate(async (url) => {
      const blob = (window as unknown as { blobs: Map<string, Blob> }).blobs.get(url);
      return blob ? [...new Uint8Array(await blob.arrayBuffer())] : null;
    }, href);
    expect(bytes, `the page made no Blob for ${name}`).not.toBeNull();
    return { name, bytes: Buffer.from(bytes!) };
  }

  fileLink(listId: string, name: string): Locator {
    return this.page.locator(`#${listId} a[download="${name}"]`);
  }

  // ---- checks ----

  /** axe-core on the page as it is now: no violations of any rule it runs by default. */
  async expectNoAxeViolations(view: string): Promise<void> {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    const found = results.violations.map((v) => `${view}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(found).toEqual([]);
    expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  }

  /** No horizontal scrolling of the page. */
  async expectNoHorizontalScroll(view: string): Promise<void> {
    const { scrollWidth, clientWidth } = await this.page.evaluate(() => ({
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth, `${view}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`).toBeLessThanOrEqual(clientWidth);
  }
}

/** `demo` opens the dev demo; after each test, any page error, console error/warning or CSP violation fails it. */
export const test = base.extend<{ demo: Demo }>({
  demo: async ({ page, browserName }, use) => {
    const demo = new Demo(page, browserName);
    await use(demo);
    expect(await demo.allProblems()).toEqual([]);
  },
});

export { expect };
