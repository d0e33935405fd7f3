import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { seedDemoPlatform } from './demo/seed-demo-platform.ts';
import type { TesseraConfig } from './platform/config/config.ts';
import { openTessera, type Tessera } from './platform/runtime.ts';

/** Where `npm run build:web` (and `npm start`, when stale) puts the built web app. */
export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly tessera: Tessera;
  /** Whether the built web app is served beside the API. */
  readonly webApp: boolean;
  close(): Promise<void>;
}

/**
 * Opens Tessera (migrating the control plane and every cell), seeds the demo platform when asked,
 * starts the outbox dispatcher and listens. Prints nothing: the CLI says what it started.
 */
export async function startServer(config: TesseraConfig, options: { demo: boolean }): Promise<RunningServer> {
  let log: ((error: unknown, detail: object) => void) | undefined;
  const tessera = await openTessera(config, { onOutboxError: (error, detail) => log?.(error, detail) });
  try {
    if (options.demo || config.demo) await seedDemoPlatform(tessera);
    const app = await buildApp(tessera, { logger: { level: config.logLevel }, webRoot: WEB_ROOT });
    log = (error, detail) => app.log.warn({ err: error, ...detail }, 'outbox delivery failed; will retry');
    tessera.outbox.start();
    const address = await app.listen({ host: config.host, port: config.port });
    return {
      url: address,
      tessera,
      webApp: existsSync(join(WEB_ROOT, 'index.html')),
      close: async () => {
        await app.close();
        await tessera.close();
      },
    };
  } catch (error) {
    await tessera.close();
    throw error;
  }
}
