import { rm } from 'node:fs/promises';
import { startTessera, waitForOutput } from './spawn-tessera.ts';

/**
 * Starts `tessera serve --demo` on a free port in `dataDir`, asks `/health`, stops it with SIGTERM
 * and removes the folder (for tests): the health status and the exit status.
 */
export async function serveDemoAndStop(dataDir: string): Promise<{ health: number; code: number | null }> {
  const child = startTessera(['serve', '--demo'], { TESSERA_DATA_DIR: dataDir, PORT: '0' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const [, url] = await waitForOutput(child, /Tessera is running at (http:\/\/\S+)/);
    const health = (await fetch(`${url}/health`)).status;
    child.kill('SIGTERM');
    return { health, code: await exited };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}
