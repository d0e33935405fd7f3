// Builds the web app into web/dist when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves the app and a second start does not rebuild it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const builtIndex = join(webDir, 'dist', 'index.html');

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** True when web/dist is missing or a source file changed after the last build. */
export function webBuildIsStale(): boolean {
  if (!existsSync(builtIndex)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'public']
    .map((name) => join(webDir, name))
    .filter((path) => existsSync(path));
  return Math.max(...sources.map(newestChange)) > statSync(builtIndex).mtimeMs;
}

/** Builds the web app if it is stale; returns whether it built. */
export async function buildWebIfStale({ quiet = false }: { quiet?: boolean } = {}): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  if (!quiet) console.log('Building the web app (web/dist)…');
  const { build } = await import('vite');
  // Vite follows NODE_ENV over the mode: under a test runner (NODE_ENV=test) it would bundle
  // React's development build. The app is always built for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(webDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: quiet ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWebIfStale({ quiet: process.argv.includes('--quiet') });
}
