import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { addCostRate } from '../resources/index.ts';
import { projectReport } from './project-margin.report.ts';
import { type ReportScenario, seedReportScenario } from './reports-scenario-fixture.ts';
import { utilizationReport } from './utilization.report.ts';

let t: TestTessera;
let brightpath: string;
let kestrel: string;
let s: ReportScenario;
let k: ReportScenario;
const period = { from: '2026-03-02', to: '2026-03-13' };

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  s = await seedReportScenario(t.tessera, brightpath);
  // The same scenario in another tenant: none of it may count in Brightpath's figures.
  k = await seedReportScenario(t.tessera, kestrel, 'Kestrel ');
});
afterAll(() => t.cleanup());

describe('cost rates under row-level security', () => {
  it('are invisible below restricted clearance, whatever the query', async () => {
    const count = (clearance: 'confidential' | 'restricted') =>
      t.tessera.withTenant(
        staff(brightpath, {}, clearance),
        async (tx) =>
          (await sql<{ n: bigint }>`SELECT count(*) AS n FROM person_cost_rates`.execute(tx.db)).rows[0]?.n,
        { readOnly: true },
      );
    expect(await count('confidential')).toBe(0n);
    // Ana's two rates, Ben's and Cai's: this tenant's only.
    expect(await count('restricted')).toBe(4n);
  });
});

describe('the project report', () => {
  it('has no cost fields below restricted clearance even when asked for cost', async () => {
    const report = await t.tessera.withTenant(
      staff(brightpath, {}, 'confidential'),
      (tx) => projectReport(tx, period, { cost: true }),
      { readOnly: true },
    );
    expect(report.projects.map((p) => p.code)).toEqual(['LAB', 'RUN', 'STRAT']);
    for (const project of report.projects) {
      expect(Object.keys(project).sort()).toEqual(
        [
          'billableMinutes',
          'code',
          'currency',
          'minutes',
          'name',
          'projectId',
          'revenue',
          'unpricedMinutes',
        ].sort(),
      );
    }
  });

  it('reports cost it cannot see as uncosted minutes and gives no margin, never a silently partial one', async () => {
    // Restricted clearance, but only Brightpath Inc.: Ben's cost rate (Ltd) is invisible.
    const report = await t.tessera.withTenant(
      staff(brightpath, { legal_entity: [s.segments.inc] }, 'restricted'),
      (tx) => projectReport(tx, period, { cost: true }),
      { readOnly: true },
    );
    const strat = report.projects.find((p) => p.code === 'STRAT');
    expect(strat).toMatchObject({
      revenue: { amountMinor: 388_000, currency: 'USD' },
      costs: [{ amountMinor: 129_000, currency: 'USD' }],
      uncostedMinutes: 420,
      margin: null,
      marginPercent: null,
    });
  });

  it("counts only the tenant's own entries", async () => {
    const [bp, k] = await Promise.all(
      [brightpath, kestrel].map((tenant) =>
        t.tessera.withTenant(
          staff(tenant, {}, 'restricted'),
          (tx) => projectReport(tx, period, { cost: true }),
          {
            readOnly: true,
          },
        ),
      ),
    );
    expect(bp?.projects.map((p) => p.minutes)).toEqual([60, 980, 1680]);
    expect(k?.projects.map((p) => p.minutes)).toEqual([60, 980, 1680]);
    expect(new Set(bp?.projects.map((p) => p.projectId))).not.toEqual(
      new Set(k?.projects.map((p) => p.projectId)),
    );
  });
});

describe('the utilization report', () => {
  it('counts nobody and nothing for a scope that covers no practice', async () => {
    const report = await t.tessera.withTenant(
      staff(brightpath, { practice: [] }),
      (tx) => utilizationReport(tx, period),
      {
        readOnly: true,
      },
    );
    expect(report).toMatchObject({ workingDays: 10, people: [], practices: [] });
  });
});

describe('rates that overlap', () => {
  it('take, on each day, the rate valid that day with the latest start (as billRateFor does)', async () => {
    // Kestrel's Cai: 50.00/h from 1 January (open), and 70.00/h from 12 to 13 March inside it.
    await t.tessera.withTenant(staff(kestrel, {}, 'restricted'), (tx) =>
      addCostRate(tx, k.people.cai, {
        hourlyCost: { amountMinor: 7000, currency: 'USD' },
        validFrom: '2026-03-12',
        validUntil: '2026-03-13',
      }),
    );
    const report = await t.tessera.withTenant(
      staff(kestrel, {}, 'restricted'),
      (tx) => projectReport(tx, period, { cost: true }),
      { readOnly: true },
    );
    // RUN: Ana 300 min at 60.00 (4 March), Cai 480 at 50.00 (9 March, before the nested rate) and
    // 200 at 70.00 (13 March, the nested rate started later): (300 × 6000 + 480 × 5000 + 200 × 7000) / 60
    // = (1,800,000 + 2,400,000 + 1,400,000) / 60 = 93,333.33 → 93,333; margin 133,000 − 93,333 = 39,667.
    expect(report.projects.find((p) => p.code === 'RUN')).toMatchObject({
      costs: [{ amountMinor: 93_333, currency: 'USD' }],
      margin: { amountMinor: 39_667, currency: 'USD' },
    });
  });
});
