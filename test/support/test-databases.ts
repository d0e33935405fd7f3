import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database-handle.ts';

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
    return { ...database, drop: () => database.close() };
  }
  const name = `tessera_test_${uuidv7().replaceAll('-', '')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 20 });
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
