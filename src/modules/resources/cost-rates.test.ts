import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createLegalEntity } from '../organization/legal-entity.service.ts';
import { addCostRate, listCostRates } from './cost-rate.service.ts';
import { createPerson } from './person.service.ts';

let t: TestTessera;
let app: HttpApp;
let tenant: string;
let person: string;
let finance: TestIdentity;
let lead: TestIdentity;
const canary = 'canary:brightpath:cost';

beforeAll(async () => {
  t = await openTestTessera();
  const opened = await openTestApp(t);
  app = opened.app;
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const restricted = userContext(tenant, { clearance: 'restricted' });
  person = await t.tessera.withTenant(restricted, async (tx) => {
    const ltd = await createLegalEntity(tx, {
      name: 'Brightpath Ltd',
      country: 'GB',
      functionalCurrency: 'GBP',
    });
    const jin = await createPerson(tx, { name: 'Jin Park', kind: 'employee', legalEntityId: ltd.id });
    await addCostRate(tx, jin.id, {
      hourlyCost: { amountMinor: 6500, currency: 'GBP' },
      validFrom: '2026-01-01',
      note: canary,
    });
    return jin.id;
  });
  finance = await opened.signIn(staffOf(tenant, ['finance']));
  lead = await opened.signIn(staffOf(tenant, ['practice-lead', 'auditor']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('cost rates (payroll-linked data)', () => {
  it('are returned to finance, who holds restricted clearance', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/people/${person}/cost-rates`,
      headers: finance.headers,
    });
    expect(response.json().items).toEqual([
      expect.objectContaining({
        hourlyCost: { amountMinor: 6500, currency: 'GBP' },
        validFrom: '2026-01-01',
        note: canary,
      }),
    ]);
  });

  it('are refused to a practice lead and auditor without the cost permission, and never appear in what they can read', async () => {
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/v1/people/${person}/cost-rates`,
          headers: lead.headers,
        })
      ).statusCode,
    ).toBe(403);
    const personView = await app.inject({
      method: 'GET',
      url: `/api/v1/people/${person}`,
      headers: lead.headers,
    });
    expect(personView.statusCode).toBe(200);
    expect(personView.body).not.toContain(canary);
    const audit = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/events?limit=200',
      headers: lead.headers,
    });
    expect(audit.body).not.toContain(canary);
    expect(audit.body).not.toContain('6500');
  });

  it('return nothing without the clearance setting, even to a direct query on the tenant transaction path', async () => {
    for (const clearance of ['public', 'internal', 'confidential'] as const) {
      const seen = await t.tessera.withTenant(
        userContext(tenant, { clearance }),
        async (tx) => {
          const direct = await sql<{ n: bigint }>`SELECT count(*) AS n FROM person_cost_rates`.execute(tx.db);
          return { direct: direct.rows[0]?.n, listed: await listCostRates(tx, person) };
        },
        { readOnly: true },
      );
      expect(seen).toEqual({ direct: 0n, listed: [] });
    }
    const restricted = await t.tessera.withTenant(
      userContext(tenant, { clearance: 'restricted' }),
      (tx) => listCostRates(tx, person),
      { readOnly: true },
    );
    expect(restricted).toHaveLength(1);
  });

  it('cannot be written without the clearance, even with the permission', async () => {
    const attempt = t.tessera.withTenant(userContext(tenant, { clearance: 'confidential' }), (tx) =>
      addCostRate(tx, person, { hourlyCost: { amountMinor: 1, currency: 'GBP' }, validFrom: '2026-06-01' }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("stay within the person's legal entity scope", async () => {
    const elsewhere = userContext(tenant, {
      clearance: 'restricted',
      scope: { legal_entity: ['01900000-0000-7000-8000-0000000000e9'] },
    });
    const seen = await t.tessera.withTenant(
      elsewhere,
      async (tx) =>
        (await sql<{ n: bigint }>`SELECT count(*) AS n FROM person_cost_rates`.execute(tx.db)).rows[0]?.n,
      { readOnly: true },
    );
    expect(seen).toBe(0n);
  });
});
