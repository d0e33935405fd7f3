import { loadConfig } from '../../src/platform/config/config.ts';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.ts';
import { openTessera, type Tessera } from '../../src/platform/runtime.ts';
import {
  type Classification,
  FULL_SCOPE,
  type SegmentScope,
  type TenantContext,
} from '../../src/platform/tenancy/tenant-context.ts';
import { createTestDatabase } from './test-databases.ts';

export interface TestTessera {
  readonly tessera: Tessera;
  /** Opens (once) the test database behind a `test:<name>` cell location. */
  database(name: string): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

/**
 * A Tessera on throw-away databases of this run's backend. Extra cells registered with a
 * `test:<name>` location get a database of their own; it survives the registry closing it, so
 * in-memory cells keep their data until cleanup.
 */
export async function openTestTessera(env: Record<string, string> = {}): Promise<TestTessera> {
  const main = await createTestDatabase();
  const extra = new Map<string, Promise<Awaited<ReturnType<typeof createTestDatabase>>>>();
  const database = (name: string) => {
    let db = extra.get(name);
    if (!db) {
      db = createTestDatabase();
      extra.set(name, db);
    }
    return db;
  };
  const tessera = await openTessera(loadConfig({ TESSERA_CELL_NAME: 'eu-pool-1', ...env }), {
    main,
    openLocation: async (location) => {
      if (!location.startsWith('test:')) throw new Error(`test cells use test:<name>, not ${location}`);
      const db = await database(location.slice('test:'.length));
      return { ...db, close: async () => {} };
    },
  });
  return {
    tessera,
    database,
    cleanup: async () => {
      await tessera.close();
      for (const db of extra.values()) await (await db).drop();
      await main.drop();
    },
  };
}

/** A user's context in a tenant, with full scope unless narrowed. */
export function userContext(
  tenantId: string,
  overrides: { scope?: Partial<SegmentScope>; clearance?: Classification; userId?: string } = {},
): TenantContext {
  return {
    tenantId,
    actor: { kind: 'user', id: overrides.userId ?? 'test-user', membershipId: null },
    scope: { ...FULL_SCOPE, ...overrides.scope },
    clearance: overrides.clearance ?? 'internal',
    requestId: null,
    grantId: null,
  };
}
