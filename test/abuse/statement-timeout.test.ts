import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBrightpath, staff } from '../../src/modules/organization/segments-test-fixture.ts';
import { reportsRoutes } from '../../src/modules/reports/index.ts';
import type { Permission, Principal } from '../../src/platform/auth/principal.ts';
import { buildTestApp } from '../../src/platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import { FULL_SCOPE } from '../../src/platform/tenancy/tenant-context.ts';
import { createTestTenant } from '../support/fixtures.ts';
import { testBackend } from '../support/test-databases.ts';
import { openTestTessera, type TestTessera } from '../support/test-tessera.ts';

/**
 * Abuse: a request whose query runs past the statement timeout is cancelled by PostgreSQL and
 * answered with a clean 503 problem, and the server goes on serving. The firm is large (3,000
 * people) and the routes' transactions get a tiny timeout (2 ms, set the way the tenant
 * transaction sets its configured one: `SET LOCAL statement_timeout`), so a year's utilization
 * report cannot finish in time; seeding keeps the configured timeout. (The configured timeout
 * itself is proven in tenant-transaction.test.ts.) PGlite runs in one thread without timer
 * interrupts: only a real PostgreSQL can cancel.
 */
const PEOPLE = 3_000;
let t: TestTessera;
let app: HttpApp;
let tenantId: string;

async function authenticate(): Promise<Principal> {
  return {
    kind: 'tenant',
    userId: uuidv7(),
    membershipId: uuidv7(),
    permissions: new Set(['read:reports'] as Permission[]),
    via: 'session',
    tenantId,
    scope: FULL_SCOPE,
    clearance: 'internal',
    grantId: null,
  };
}

describe.skipIf(testBackend === 'pglite')('a query past the statement timeout (PostgreSQL)', () => {
  beforeAll(async () => {
    t = await openTestTessera();
    tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
    const b = await seedBrightpath(t.tessera, tenantId);
    await t.tessera.withTenant(staff(tenantId), async (tx) => {
      await sql`INSERT INTO people (tenant_id, id, name, kind, legal_entity_id, practice_id)
        SELECT ${tenantId}, gen_random_uuid(), 'Consultant ' || n, 'employee', ${b.inc}, ${b.pricing}
        FROM generate_series(1, ${PEOPLE}) AS n`.execute(tx.db);
      tx.audit({ action: 'test.seeded', resourceKind: 'person', resourceId: null });
    });
    const withTinyTimeout: typeof t.tessera.withTenant = (ctx, fn, options) =>
      t.tessera.withTenant(
        ctx,
        async (tx) => {
          await sql`SET LOCAL statement_timeout = 2`.execute(tx.db);
          return fn(tx);
        },
        options,
      );
    app = await buildTestApp({ authenticate, modules: [reportsRoutes(withTinyTimeout)] });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('answers 503 STATEMENT_TIMEOUT as problem+json, and serves the next request', async () => {
    const report = () =>
      app.inject({ method: 'GET', url: '/api/v1/reports/utilization?from=2026-01-01&to=2026-12-31' });
    const answer = await report();
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({ status: 503, code: 'STATEMENT_TIMEOUT' });
    // The connection went back to the pool in a usable state: the same request is cancelled again,
    // cleanly, rather than failing on a broken transaction.
    const again = await report();
    expect(again.statusCode).toBe(503);
    expect(again.json()).toMatchObject({ code: 'STATEMENT_TIMEOUT' });
  });
});
