import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { testBackend } from '../../../test/support/test-databases.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import { createLegalEntity } from '../../modules/organization/legal-entity.service.ts';
import type { AppError } from '../errors/index.ts';

let t: TestTessera;
let tenantA: string;
let tenantB: string;
let entityOfB: string;

const entity = (name: string) => ({ name, country: 'DE', functionalCurrency: 'EUR' });

beforeAll(async () => {
  t = await openTestTessera();
  tenantA = await createTestTenant(t.tessera, { name: 'Alpha' });
  tenantB = await createTestTenant(t.tessera, { name: 'Beta' });
  await t.tessera.withTenant(userContext(tenantA), (tx) => createLegalEntity(tx, entity('Alpha GmbH')));
  entityOfB = (
    await t.tessera.withTenant(userContext(tenantB), (tx) => createLegalEntity(tx, entity('Beta GmbH')))
  ).id;
});
afterAll(() => t.cleanup());

describe('a transaction without tenant context', () => {
  it('sees no rows and cannot insert, even as the application role', async () => {
    await t.tessera.main.session(async (session) => {
      await session.script('BEGIN; SET LOCAL ROLE tessera_app;');
      try {
        const visible = await sql<{ n: bigint }>`SELECT count(*) AS n FROM legal_entities`.execute(
          session.db,
        );
        expect(visible.rows[0]?.n).toBe(0n);
        await expect(
          sql`INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency)
              VALUES (${tenantA}, gen_random_uuid(), 'Sneaky', 'DE', 'EUR')`.execute(session.db),
        ).rejects.toThrow(/row-level security/);
      } finally {
        await session.script('ROLLBACK');
      }
    });
    const owner = await sql<{ n: bigint }>`SELECT count(*) AS n FROM legal_entities`.execute(
      t.tessera.main.db,
    );
    expect(owner.rows[0]?.n).toBeGreaterThanOrEqual(2n);
  });

  it('is refused before it starts when the tenant id is not a UUID', async () => {
    await expect(t.tessera.main.session(async () => {})).resolves.toBeUndefined();
    const cell = await t.tessera.cells.forTenant(tenantA);
    await expect(
      cell.withTenant({ ...userContext(tenantA), tenantId: '' }, async () => 1),
    ).rejects.toMatchObject({
      code: 'TENANT_CONTEXT_MISSING',
    });
  });
});

describe("a tenant's transaction", () => {
  it("cannot read another tenant's rows, even without a tenant filter in the query", async () => {
    const rows = await t.tessera.withTenant(
      userContext(tenantA),
      async (tx) =>
        (
          await sql<{ tenant_id: string; name: string }>`SELECT tenant_id, name FROM legal_entities`.execute(
            tx.db,
          )
        ).rows,
    );
    expect(rows.map((row) => row.name)).toEqual(['Alpha GmbH']);
    expect(rows.every((row) => row.tenant_id === tenantA)).toBe(true);
  });

  it('cannot insert a row for another tenant', async () => {
    const attempt = t.tessera.withTenant(userContext(tenantA), async (tx) => {
      await sql`INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency)
                VALUES (${tenantB}, gen_random_uuid(), 'Planted', 'DE', 'EUR')`.execute(tx.db);
      tx.audit({ action: 'test.insert', resourceKind: 'legal_entity', resourceId: null });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<AppError>);
  });

  it("cannot update or delete another tenant's row", async () => {
    const touched = await t.tessera.withTenant(userContext(tenantA), async (tx) => {
      const updated = await sql`UPDATE legal_entities SET name = 'Hijacked' WHERE id = ${entityOfB}`.execute(
        tx.db,
      );
      const deleted = await sql`DELETE FROM legal_entities WHERE id = ${entityOfB}`.execute(tx.db);
      tx.audit({ action: 'test.attempt', resourceKind: 'legal_entity', resourceId: entityOfB });
      return Number(updated.numAffectedRows ?? 0n) + Number(deleted.numAffectedRows ?? 0n);
    });
    expect(touched).toBe(0);
    const still = await t.tessera.withTenant(
      userContext(tenantB),
      async (tx) =>
        (await sql<{ name: string }>`SELECT name FROM legal_entities WHERE id = ${entityOfB}`.execute(tx.db))
          .rows,
    );
    expect(still).toEqual([{ name: 'Beta GmbH' }]);
  });

  it('cannot move its own row to another tenant', async () => {
    const attempt = t.tessera.withTenant(userContext(tenantA), async (tx) => {
      await sql`UPDATE legal_entities SET tenant_id = ${tenantB} WHERE tenant_id = ${tenantA}`.execute(tx.db);
      tx.audit({ action: 'test.move', resourceKind: 'legal_entity', resourceId: null });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs as the application role with its tenant set', async () => {
    const settings = await t.tessera.withTenant(
      userContext(tenantA),
      async (tx) =>
        (
          await sql<{ role: string; tenant: string }>`
        SELECT current_user AS role, current_setting('app.tenant_id') AS tenant`.execute(tx.db)
        ).rows[0],
    );
    expect(settings).toEqual({ role: 'tessera_app', tenant: tenantA });
  });
});

describe('fifty concurrent transactions of different tenants', () => {
  it("never see each other's rows or settings", async () => {
    const tenants = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createTestTenant(t.tessera, { name: `Concurrent ${i}` })),
    );
    const observations = await Promise.all(
      tenants.map((tenantId, i) =>
        t.tessera.withTenant(userContext(tenantId), async (tx) => {
          await createLegalEntity(tx, entity(`Entity of ${i}`));
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 13));
          const rows = await sql<{
            tenant_id: string;
            name: string;
          }>`SELECT tenant_id, name FROM legal_entities`.execute(tx.db);
          const setting = await sql<{
            tenant: string;
          }>`SELECT current_setting('app.tenant_id') AS tenant`.execute(tx.db);
          return { tenantId, i, rows: rows.rows, setting: setting.rows[0]?.tenant };
        }),
      ),
    );
    for (const seen of observations) {
      expect(seen.setting).toBe(seen.tenantId);
      expect(seen.rows).toEqual([{ tenant_id: seen.tenantId, name: `Entity of ${seen.i}` }]);
    }
  });
});

describe('segment scope', () => {
  it('shows only the legal entities in scope, and none for an empty scope', async () => {
    const tenant = await createTestTenant(t.tessera, { name: 'Scoped' });
    const [inc, ltd] = await t.tessera.withTenant(userContext(tenant), async (tx) => [
      await createLegalEntity(tx, { name: 'Scoped Inc.', country: 'US', functionalCurrency: 'USD' }),
      await createLegalEntity(tx, { name: 'Scoped Ltd', country: 'GB', functionalCurrency: 'GBP' }),
    ]);
    const names = (scope: readonly string[]) =>
      t.tessera.withTenant(userContext(tenant, { scope: { legal_entity: scope } }), async (tx) =>
        (await sql<{ name: string }>`SELECT name FROM legal_entities ORDER BY name`.execute(tx.db)).rows.map(
          (r) => r.name,
        ),
      );
    expect(await names([ltd?.id as string])).toEqual(['Scoped Ltd']);
    expect(await names([inc?.id as string, ltd?.id as string])).toEqual(['Scoped Inc.', 'Scoped Ltd']);
    expect(await names([])).toEqual([]);
  });

  it('refuses a legal entity outside the scope, even inserted by hand past the service', async () => {
    const tenant = await createTestTenant(t.tessera, { name: 'Narrow' });
    const narrow = userContext(tenant, { scope: { legal_entity: ['01900000-0000-7000-8000-000000000000'] } });
    await expect(
      t.tessera.withTenant(narrow, (tx) => createLegalEntity(tx, entity('Outside'))),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const byHand = t.tessera.withTenant(narrow, async (tx) => {
      await sql`INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency)
                VALUES (${tenant}, gen_random_uuid(), 'Outside', 'DE', 'EUR')`.execute(tx.db);
      tx.audit({ action: 'test.insert', resourceKind: 'legal_entity', resourceId: null });
    });
    await expect(byHand).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the transaction guarantees', () => {
  it('refuses a change that records no audit event, and rolls it back', async () => {
    const attempt = t.tessera.withTenant(userContext(tenantA), async (tx) => {
      await sql`UPDATE legal_entities SET tax_id = 'DE-unaudited' WHERE tenant_id = ${tenantA}`.execute(
        tx.db,
      );
    });
    await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL' });
    const taxIds = await t.tessera.withTenant(
      userContext(tenantA),
      async (tx) =>
        (await sql<{ tax_id: string | null }>`SELECT tax_id FROM legal_entities`.execute(tx.db)).rows,
    );
    expect(taxIds).toEqual([{ tax_id: null }]);
  });

  it('lets PostgreSQL refuse any write in a read-only transaction', async () => {
    const attempt = t.tessera.withTenant(
      userContext(tenantA),
      (tx) => createLegalEntity(tx, entity('Read only')),
      { readOnly: true },
    );
    await expect(attempt).rejects.toThrow(/read-only/);
  });

  // PGlite runs in one thread without timer interrupts, so only a real PostgreSQL can cancel.
  it.skipIf(testBackend === 'pglite')(
    'cancels a statement that runs past the statement timeout with a clean error',
    async () => {
      const quick = await openTestTessera({ TESSERA_STATEMENT_TIMEOUT_MS: '200' });
      try {
        const tenant = await createTestTenant(quick.tessera);
        const attempt = quick.tessera.withTenant(
          userContext(tenant),
          (tx) => sql`SELECT pg_sleep(3)`.execute(tx.db),
          { readOnly: true },
        );
        await expect(attempt).rejects.toMatchObject({ code: 'STATEMENT_TIMEOUT', status: 503 });
      } finally {
        await quick.cleanup();
      }
    },
  );
});
