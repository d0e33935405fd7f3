import type { Page } from 'playwright-core';

/** One navigation measured in the browser: until the screen is ready, and the API calls it made. */
export interface ScreenTiming {
  readonly screen: string;
  /** Click on the navigation link → heading shown and nothing loading any more (ms). */
  readonly readyMs: number;
  /** From the first API request the navigation started to the end of the last one (ms); 0 if none. */
  readonly apiMs: number;
  readonly apiCalls: number;
}

/**
 * A page script, run every frame: whether the current screen shows `title` with nothing loading;
 * the first frame it does is noted in the page (window.tesseraSettledAt).
 */
const SETTLED = (title: string) => `(() => {
  const heading = document.getElementById('page-title');
  if (!heading || heading.textContent !== ${JSON.stringify(title)}) return false;
  if (document.querySelector('main [role="status"], main [aria-busy="true"]')) return false;
  window.tesseraSettledAt = performance.now();
  return true;
})()`;

/** A page script: the API requests (resource timings) that started after `since`. */
const API_SINCE = (since: number) => `performance.getEntriesByType('resource')
  .filter((entry) => entry.startTime >= ${since} && new URL(entry.name).pathname.startsWith('/api/'))
  .map((entry) => ({ start: entry.startTime, end: entry.responseEnd }))`;

/**
 * Clicks the navigation link `label` and waits until the screen titled `title` has settled: its
 * heading is shown and no loading state remains. Both instants are taken inside the page (the
 * click event and the first settled frame).
 */
export async function measureNavigation(page: Page, label: string, title: string): Promise<ScreenTiming> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  await page.evaluate('performance.clearResourceTimings()');
  // The click is timed in the page, so the test driver's own round trips are not counted.
  await link.evaluate((element) => {
    (
      element as unknown as { addEventListener(type: string, listener: () => void, options: object): void }
    ).addEventListener('click', () => Object.assign(globalThis, { tesseraClickedAt: performance.now() }), {
      once: true,
      capture: true,
    });
  });
  await link.click();
  await page.waitForFunction(SETTLED(title), undefined, { polling: 'raf', timeout: 60_000 });
  const [started, settled] = (await page.evaluate('[window.tesseraClickedAt, window.tesseraSettledAt]')) as [
    number,
    number,
  ];
  const calls = (await page.evaluate(API_SINCE(started))) as { start: number; end: number }[];
  const apiMs = calls.length
    ? Math.max(...calls.map((call) => call.end)) - Math.min(...calls.map((call) => call.start))
    : 0;
  return { screen: label, readyMs: settled - started, apiMs, apiCalls: calls.length };
}
