import { rm } from 'node:fs/promises';
import { PERSONAS } from '../src/demo/world/world-personas.ts';
import { startTessera, waitForOutput } from './spawn-tessera.ts';

/** What a demo start showed: `/health`'s status, the web app's page status and body, the banner, the exit code. */
export interface DemoServeCheck {
  readonly health: number;
  readonly page: { readonly status: number; readonly body: string };
  readonly banner: string;
  readonly code: number | null;
}

/**
 * Starts `tessera serve --demo` on a free port in `dataDir`, waits for its banner to list the last
 * persona, asks `/health` and the web app's start page as a browser would, stops it with SIGTERM
 * and removes the folder (for tests).
 */
export async function serveDemoAndStop(dataDir: string): Promise<DemoServeCheck> {
  const child = startTessera(['serve', '--demo'], { TESSERA_DATA_DIR: dataDir, PORT: '0' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const lastPersona = PERSONAS.at(-1)?.email.replaceAll('.', '\\.') ?? '';
    const [banner, url] = await waitForOutput(
      child,
      new RegExp(`Tessera is running at (http://\\S+)[\\s\\S]*${lastPersona}.*\\n`),
    );
    const health = (await fetch(`${url}/health`)).status;
    const start = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    const page = { status: start.status, body: await start.text() };
    child.kill('SIGTERM');
    return { health, page, banner, code: await exited };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}
