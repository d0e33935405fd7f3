import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openTessera } from '../../src/platform/runtime.ts';
import { createTestDatabase } from './test-databases.ts';

/** The environment of a real `tessera serve --demo` process, and how to clean up after it. */
export interface DemoEnvironment {
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * Prepares a fresh data folder and, when the suite runs on PostgreSQL, two fresh databases: the
 * control plane (with the default cell) and Brightpath's cell us-pool-1, registered before the demo
 * is seeded so that the demo keeps it on PostgreSQL too.
 */
export async function prepareDemoEnvironment(label: string): Promise<DemoEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), `tessera-${label}-`));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const env: Record<string, string> = { TESSERA_DATA_DIR: dataDir };
  if (process.env.TESSERA_TEST_PG_URL) {
    const main = await createTestDatabase();
    const cell = await createTestDatabase();
    cleanups.push(
      () => main.drop(),
      () => cell.drop(),
    );
    env.DATABASE_URL = main.location;
    const tessera = await openTessera(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    await tessera.cells.register({
      name: 'us-pool-1',
      region: 'us',
      kind: 'pooled',
      location: cell.location,
    });
    await tessera.close();
  }
  return {
    env,
    cleanup: async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    },
  };
}
