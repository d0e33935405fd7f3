import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogViolations } from '../../src/platform/db/catalog-invariants.ts';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.ts';
import { migrate } from '../../src/platform/db/migrations/migrate.ts';
import { createTestDatabase } from '../support/test-databases.ts';

let cell: DatabaseHandle & { drop(): Promise<void> };

beforeAll(async () => {
  cell = await createTestDatabase();
  await migrate(cell, 'cell');
});
afterAll(() => cell.drop());

describe('the catalog of a migrated cell', () => {
  it('holds every schema invariant', async () => {
    expect(await catalogViolations(cell.db)).toEqual([]);
  });

  it('has tables to check, so the check is not vacuous', async () => {
    const { rows } = await sql<{ n: bigint }>`
      SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
      WHERE n.nspname = 'public' AND c.relkind = 'r'`.execute(cell.db);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(5n);
  });

  it('reports each kind of breach, naming the table', async () => {
    await cell.session(async (session) => {
      await session.script(`BEGIN;
        CREATE TABLE careless (tenant_id uuid NOT NULL, id uuid NOT NULL, code text, PRIMARY KEY (id, tenant_id), UNIQUE (code));
        CREATE INDEX careless_code_idx ON careless (code);
        CREATE TABLE half_secured (tenant_id uuid NOT NULL, id uuid NOT NULL, careless_id uuid, PRIMARY KEY (tenant_id, id));
        ALTER TABLE half_secured ENABLE ROW LEVEL SECURITY;
        CREATE POLICY reads ON half_secured FOR SELECT USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
        CREATE TABLE lookup (code text PRIMARY KEY);
        CREATE VIEW everything AS SELECT * FROM careless;`);
      try {
        expect(await catalogViolations(session.db)).toEqual([
          'careless: row-level security is not enabled',
          'careless: row-level security is not forced',
          'careless: no policy for SELECT',
          'careless: no policy for INSERT',
          'careless: no policy for UPDATE',
          'careless: no policy for DELETE',
          'careless: primary key does not start with tenant_id',
          'careless: constraint careless_code_key does not include tenant_id',
          'careless: index careless_pkey does not lead with tenant_id',
          'careless: index careless_code_key does not lead with tenant_id',
          'careless: index careless_code_idx does not lead with tenant_id',
          'half_secured: row-level security is not forced',
          'half_secured: no policy for INSERT',
          'half_secured: no policy for UPDATE',
          'half_secured: no policy for DELETE',
          'half_secured: policy reads wraps a sub-select (fails on Citus)',
          'lookup: has no tenant_id and is not on the allow-list',
          'everything: view is not security_invoker',
        ]);
      } finally {
        await session.script('ROLLBACK');
      }
    });
  });
});
