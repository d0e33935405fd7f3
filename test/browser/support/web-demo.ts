import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTessera, waitForOutput } from '../../../cli/spawn-tessera.ts';
import { DEMO_PASSWORD } from '../../../src/demo/world/world-personas.ts';
import { prepareDemoEnvironment } from '../../support/demo-environment.ts';

/** Debian's Chromium, which `.ci/run` installs; playwright-core never downloads a browser. */
export const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests need Chromium. Without it they are skipped locally and fail under CI=true, so a CI
 * machine without a browser can never look green.
 */
/**
 * A browser test's time limit: a page drives a real server and Chromium, which share the machine's
 * cores with the other test files running beside it.
 */
export const BROWSER_TEST_TIMEOUT = 120_000;
export const browserMissing = !existsSync(CHROMIUM) && process.env.CI !== 'true';

/** Where the browser tests write their screenshots (kept out of git). */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Debian's Chromium headless, without the background traffic a closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Laptop and tablet viewports the app must work at. */
export const LAPTOP = { width: 1366, height: 800 } as const;
export const TABLET = { width: 820, height: 1100 } as const;

/** A real `tessera serve --demo` (the README's first command, web app included) and a Chromium. */
export interface WebDemo {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: string;
  readonly browser: Browser;
  /** A fresh browser context (own storage) at a viewport; `host` browses as e.g. atlas.localhost. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<{
    context: BrowserContext;
    page: Page;
  }>;
  /** The app's URL on another host name of this machine (Chromium resolves *.localhost locally). */
  urlOn(host: string): string;
  close(): Promise<void>;
}

/** Starts the demo server on a free port and launches Chromium; both are stopped by `close`. */
export async function startWebDemo(label: string): Promise<WebDemo> {
  const demo = await prepareDemoEnvironment(label);
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    child = startTessera(['serve', '--demo'], { ...demo.env, PORT: '0' });
    const [, url] = (await waitForOutput(child, /Tessera is running at (http:\/\/\S+)/)) as unknown as [
      string,
      string,
    ];
    const port = new URL(url).port;
    browser = await launchChromium();
    const started = browser;
    const server = child;
    return {
      url,
      port,
      browser: started,
      newPage: async (options = {}) => {
        const context = await started.newContext({ viewport: options.viewport ?? LAPTOP });
        return { context, page: await context.newPage() };
      },
      urlOn: (host) => `http://${host}:${port}`,
      close: async () => {
        await started.close().catch(() => {});
        await stop(server);
        await demo.cleanup();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    if (child) await stop(child);
    await demo.cleanup();
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Signs a demo persona in through the sign-in form, and waits for the signed-in shell. */
export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Saves a full-page screenshot as test-output/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
