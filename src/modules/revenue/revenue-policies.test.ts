import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { addRate, createRateCard } from '../contracts/index.ts';
import { createChart, createFxRate } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { defineObligations, listObligations } from './obligation.service.ts';
import { runRecognition } from './recognition-run.service.ts';
import { revenueBalances, revenueSchedules } from './revenue-reports.ts';
import { insertApprovedTime } from './revenue-test-fixture.ts';

let t: TestTessera;
let w: TimeWorld;

const TABLES = [
  'performance_obligations',
  'revenue_recognitions',
  'revenue_recognition_runs',
  'contract_balance_movements',
] as const;

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await t.tessera.withTenant(staff(w.tenantId), async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    await createChart(tx, { legalEntityId: w.b.ltd });
    await createFxRate(tx, {
      base: 'GBP',
      quote: 'USD',
      date: '2026-01-01',
      rate: '1.2500000000',
      source: 'test',
    });
    for (const [contractId, personId, projectId] of [
      [w.contracts.globex, w.people.jin, w.projects.globex],
      [w.contracts.initech, w.people.lee, w.projects.initech],
    ] as const) {
      const card = await createRateCard(tx, { name: 'Rates', contractId });
      await addRate(tx, card.id, {
        personId,
        hourlyRate: { amountMinor: 10000, currency: 'USD' },
        validFrom: '2026-01-01',
      });
      await defineObligations(tx, contractId, {
        obligations: [{ name: 'Delivery', kind: 'time_and_materials', projectId }],
      });
      await insertApprovedTime(tx, { personId, projectId, workDate: '2026-03-02', minutes: 60 });
    }
    await runRecognition(tx, 'inc-march', { legalEntityId: w.b.inc, asOf: '2026-03-31' });
    await runRecognition(tx, 'ltd-march', { legalEntityId: w.b.ltd, asOf: '2026-03-31' });
  });
}, 120_000);
afterAll(() => t.cleanup());

// No tenant or legal entity filter on purpose: only the policies decide what comes back.
async function entitiesIn(
  table: (typeof TABLES)[number],
  scope: Partial<SegmentScope>,
  tenantId = w.tenantId,
): Promise<string[]> {
  return t.tessera.withTenant(
    userContext(tenantId, { scope }),
    async (tx) =>
      (
        await sql<{ legal_entity_id: string }>`
          SELECT DISTINCT legal_entity_id FROM ${sql.table(table)} ORDER BY 1`.execute(tx.db)
      ).rows.map((row) => row.legal_entity_id),
    { readOnly: true },
  );
}

describe('revenue recognition under row-level security', () => {
  it("shows finance scoped to Brightpath Ltd only Ltd's obligations, recognitions, runs and contract balances", async () => {
    const both = [w.b.inc, w.b.ltd].sort();
    for (const table of TABLES) {
      expect(await entitiesIn(table, {}), table).toEqual(both);
      expect(await entitiesIn(table, { legal_entity: [w.b.ltd] }), table).toEqual([w.b.ltd]);
      expect(await entitiesIn(table, { legal_entity: [] }), table).toEqual([]);
      // Another firm has none of these rows, whatever the scope.
      expect(await entitiesIn(table, {}, w.otherTenantId), table).toEqual([]);
    }
  });

  it("answers finance scoped to Ltd as if Inc's contracts and balances did not exist", async () => {
    const ltdFinance = userContext(w.tenantId, {
      scope: { legal_entity: [w.b.ltd] },
      clearance: 'restricted',
    });
    const read = <T>(work: Parameters<typeof t.tessera.withTenant<T>>[1]) =>
      t.tessera.withTenant(ltdFinance, work, { readOnly: true });
    await expect(read((tx) => listObligations(tx, w.contracts.globex))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(read((tx) => revenueSchedules(tx, w.contracts.globex))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(read((tx) => revenueBalances(tx, w.b.inc, '2026-03-31'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const ltd = await read((tx) => revenueBalances(tx, w.b.ltd, '2026-03-31'));
    expect(ltd.contracts.map((row) => [row.contractId, row.recognizedMinor, row.unbilledMinor])).toEqual([
      [w.contracts.initech, 10000, 10000],
    ]);
    expect((await read((tx) => listObligations(tx, w.contracts.initech))).length).toBe(1);
  });

  it("lets no one scoped to Ltd run recognition for Inc or write Inc's obligations", async () => {
    const ltdFinance = userContext(w.tenantId, {
      scope: { legal_entity: [w.b.ltd] },
      clearance: 'restricted',
    });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) =>
        runRecognition(tx, 'sneaky', { legalEntityId: w.b.inc, asOf: '2026-04-30' }),
      ),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) =>
        defineObligations(tx, w.contracts.globex, {
          priceMinor: 100,
          obligations: [
            {
              name: 'Sneaky',
              kind: 'ratable',
              standaloneSellingPriceMinor: 100,
              serviceStart: '2026-05-01',
              serviceEnd: '2026-05-31',
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
