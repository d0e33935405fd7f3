import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database-handle.ts';
import { migrate } from '../../src/platform/db/migrations/migrate.ts';

/** The backend this test run uses: a real PostgreSQL when TESSERA_TEST_PG_URL is set, else PGlite. */
export const testBackend: 'postgres' | 'pglite' = process.env.TESSERA_TEST_PG_URL ? 'postgres' : 'pglite';

let template: Promise<Blob> | undefined;

/**
 * A fresh, empty database for one test file: a new database on the test PostgreSQL server, or
 * an in-memory PGlite started from the migrated template. `drop()` removes it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  const adminUrl = process.env.TESSERA_TEST_PG_URL;
  if (!adminUrl) {
    template ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]));
    const database = await openDatabase('pglite:memory', { pgliteTemplate: await template });
    await switchOffRlsWhenAsked(database);
    return { ...database, drop: () => database.close() };
  }
  const name = `tessera_test_${uuidv7().replaceAll('-', '')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 20 });
  await migrate(database, 'control');
  await migrate(database, 'cell');
  await switchOffRlsWhenAsked(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Runs one statement as the test server's administrator (outside any test database). */
export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The test-only switch TESSERA_TEST_WITHOUT_RLS=1 turns row-level security off on every tenant
 * table, to show which tests depend on it (`npm run test:without-rls`: they must fail).
 */
async function switchOffRlsWhenAsked(database: DatabaseHandle): Promise<void> {
  if (process.env.TESSERA_TEST_WITHOUT_RLS !== '1') return;
  await database.session((session) =>
    session.script(`DO $$
      DECLARE t record;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
                 WHERE n.nspname = 'public' AND c.relkind = 'r' LOOP
          EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t.relname);
          EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t.relname);
        END LOOP;
      END $$;`),
  );
}
