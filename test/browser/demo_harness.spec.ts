// The demo specs pass only if the page stays clean: this proves the watchers see what
// they are meant to see (a page error, a console error, a CSP violation), in each browser,
// so that a clean run means something.
import { expect, test } from './demo_support.js';

test('the demo fixture sees page errors, console errors and CSP violations', async ({ demo, page }) => {
  await demo.open();
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('probe: uncaught');
    });
    console.error('probe: console error');
    // Inline script: refused by the page's CSP.
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
  });
  await expect.poll(async () => (await demo.allProblems()).join('\n')).toMatch(/pageerror: Error: probe: uncaught/);
  const problems = await demo.allProblems();
  expect(problems).toContainEqual('console.error: probe: console error');
  expect(problems.some((p) => p.startsWith('csp: script-src'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  // Seen: now clear them, so that the fixture's own check passes.
  demo.problems.length = 0;
  await page.evaluate(() => ((window as unknown as { cspViolations: string[] }).cspViolations.length = 0));
});
