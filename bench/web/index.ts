import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfStale } from '../../scripts/build-web.ts';
import { launchChromium, signIn } from '../../test/browser/support/web-demo.ts';
import type { Benchmark } from '../lib/benchmark.ts';
import { parseFlags, usage, wholeNumber } from '../lib/flags.ts';
import { log } from '../lib/log.ts';
import { machineOf, type ResultRow } from '../lib/report.ts';
import { type ServerProcess, startServer } from '../lib/server-process.ts';
import { summarize } from '../lib/stats.ts';
import { measureNavigation, type ScreenTiming } from './screen-timing.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = join(ROOT, 'bin/tessera.mjs');

const FLAGS = {
  rounds: { type: 'string', default: '5', help: 'cold and warm visits per screen' },
  persona: { type: 'string', default: 'priya.raman@brightpath.example', help: 'who signs in' },
  json: { type: 'boolean', help: 'print one JSON object of all figures on stdout' },
} as const;

/** A warm route change (data already loaded once) must feel instant: under this. */
const WARM_LIMIT_MS = 100;
/** A cold one may take the time of its API calls plus this, for parsing and drawing. */
const COLD_OVERHEAD_MS = 150;

export const web: Benchmark = {
  name: 'web',
  summary:
    'Route changes in the web app, in Debian’s Chromium on the demo (embedded database): for each\n' +
    'screen in the navigation, the time from the click to the settled screen (heading shown, nothing\n' +
    'loading), on a cold cache (after a page load) against the time its API calls took in the same\n' +
    'navigation, and on a warm cache (visited before) against 100 ms.',
  usage: usage(FLAGS),
  run: async (args) => {
    const flags = parseFlags(args, FLAGS);
    const rounds = wholeNumber(flags.rounds, 'rounds', 1, 100);
    const persona = String(flags.persona);
    const loadAtStart = loadavg()[0];
    await buildWebIfStale({ quiet: true });
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-web-'));
    let server: ServerProcess | undefined;
    const browser = await launchChromium();
    try {
      log('  web: starting the demo server…');
      server = await startServer({ cli: CLI, cwd: ROOT, dataDir, timeoutMs: 180_000 });
      // The measuring scripts are evaluated as strings, which the app's CSP forbids in the page.
      const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      await signIn(page, server.url, persona);
      const screens = await discoverScreens(page);
      log(`  web: ${screens.length} screens for ${persona}: ${screens.map((s) => s.label).join(', ')}`);
      const cold: ScreenTiming[] = [];
      const warm: ScreenTiming[] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (const [index, screen] of screens.entries()) {
          const other = screens[(index + 1) % screens.length] as Screen;
          // A page load empties the app's cache: the next navigation is cold.
          await page.goto(`${server.url}${other.path}`);
          await page.getByRole('heading', { level: 1, name: other.title, exact: true }).waitFor();
          cold.push(await measureNavigation(page, screen.label, screen.title));
          await measureNavigation(page, other.label, other.title);
          warm.push(await measureNavigation(page, screen.label, screen.title));
        }
        log(`  web: round ${round + 1}/${rounds} done`);
      }
      const rows = screens.flatMap((screen) => rowsOf(screen.label, cold, warm));
      return {
        rows,
        data: { persona, rounds, screens, cold, warm, machine: machineOf(loadAtStart) },
        completed: true,
      };
    } finally {
      await browser.close();
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface Screen {
  readonly label: string;
  readonly path: string;
  readonly title: string;
}

/** The navigation's screens with their paths and headings (visited once, untimed). */
async function discoverScreens(page: import('playwright-core').Page): Promise<Screen[]> {
  const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const links = (await nav.evaluateAll((anchors) =>
    anchors.map((a) => ({ label: (a.textContent ?? '').trim(), path: a.getAttribute('href') ?? '' })),
  )) as { label: string; path: string }[];
  const screens: Screen[] = [];
  for (const link of links) {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: link.label, exact: true })
      .click();
    await page.waitForURL((url) => url.pathname === link.path);
    await page.waitForFunction(
      `!document.querySelector('main [role="status"], main [aria-busy="true"]') && !!document.getElementById('page-title')`,
      undefined,
      { timeout: 60_000 },
    );
    screens.push({ ...link, title: (await page.locator('#page-title').textContent()) ?? '' });
  }
  return screens;
}

function rowsOf(label: string, cold: readonly ScreenTiming[], warm: readonly ScreenTiming[]): ResultRow[] {
  const coldReady = summarize(cold.filter((t) => t.screen === label).map((t) => t.readyMs)).median;
  const coldApi = summarize(cold.filter((t) => t.screen === label).map((t) => t.apiMs)).median;
  const warmReady = summarize(warm.filter((t) => t.screen === label).map((t) => t.readyMs)).median;
  return [
    {
      backend: 'PGlite',
      measure: `${label}: cold (vs its API calls)`,
      unit: 'ms',
      ours: coldReady,
      baseline: coldApi,
      ratio: coldApi > 0 ? coldReady / coldApi : null,
      target: `≤ API + ${COLD_OVERHEAD_MS} ms`,
      pass: coldReady <= coldApi + COLD_OVERHEAD_MS,
    },
    {
      backend: 'PGlite',
      measure: `${label}: warm`,
      unit: 'ms',
      ours: warmReady,
      baseline: null,
      ratio: null,
      target: `≤ ${WARM_LIMIT_MS} ms`,
      pass: warmReady <= WARM_LIMIT_MS,
    },
  ];
}
