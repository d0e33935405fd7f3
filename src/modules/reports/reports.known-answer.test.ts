import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { billRateFor } from '../contracts/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { projectReport } from './project-margin.report.ts';
import { type ReportScenario, seedReportScenario } from './reports-scenario-fixture.ts';
import { utilizationReport } from './utilization.report.ts';

// The scenario (people, capacities, rates, cost rates, entries) is described in
// reports-scenario-fixture.ts. Every figure below is worked out by hand from it.

let t: TestTessera;
let app: HttpApp;
let tenant: string;
let s: ReportScenario;
let finance: TestIdentity;
let lead: TestIdentity;
let strategyLead: TestIdentity;

const period = { from: '2026-03-02', to: '2026-03-13' };
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

beforeAll(async () => {
  t = await openTestTessera();
  const opened = await openTestApp(t);
  app = opened.app;
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  s = await seedReportScenario(t.tessera, tenant);
  finance = await opened.signIn(staffOf(tenant, ['finance']));
  lead = await opened.signIn(staffOf(tenant, ['practice-lead']));
  strategyLead = await opened.signIn(staffOf(tenant, ['practice-lead'], { practice: [s.segments.strategy] }));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

/** STRAT, RUN and LAB as a cleared reader gets them (ordered by code). */
function expectedCostedProjects() {
  return [
    {
      projectId: s.projects.lab,
      code: 'LAB',
      name: 'LAB',
      currency: 'USD',
      // Dee, 12 March, 60 billable minutes: no rate for a designer on C2 or the default card.
      minutes: 60,
      billableMinutes: 60,
      revenue: usd(0),
      unpricedMinutes: 60,
      // Dee has no cost rate.
      costs: [],
      uncostedMinutes: 60,
      margin: null,
      marginPercent: null,
    },
    {
      projectId: s.projects.run,
      code: 'RUN',
      name: 'RUN',
      currency: 'USD',
      // Ana 4 March 300 (billable) + Cai 9 March 480 (billable) + Cai 13 March 200 (not billable);
      // Cai's 240 on Saturday 14 March is after the period.
      minutes: 300 + 480 + 200,
      billableMinutes: 300 + 480,
      // C2 has no card, so the default card: Ana as analyst (her assignment's role) 90.00/h;
      // Cai by person 110.00/h (before the role's 100.00/h).
      // (300 × 9000 + 480 × 11000) / 60 = (2,700,000 + 5,280,000) / 60 = 133,000
      revenue: usd(133_000),
      unpricedMinutes: 0,
      // Ana 4 March at 60.00/h; Cai 680 minutes at 50.00/h:
      // (300 × 6000 + 680 × 5000) / 60 = 5,200,000 / 60 = 86,666.67 → 86,667
      costs: [usd(86_667)],
      uncostedMinutes: 0,
      // 133,000 − 86,667 = 46,333; 46,333 / 133,000 = 34.8368…% → 34.84
      margin: usd(46_333),
      marginPercent: 34.84,
    },
    {
      projectId: s.projects.strat,
      code: 'STRAT',
      name: 'STRAT',
      currency: 'USD',
      // Ana 2, 3, 10 (submitted) March 480 + 480 + 240 billable and 11 March 60 not billable; Ben
      // 5 March 420. Not counted: Ana 27 February (before), Ana's draft of 12 March, Ben's rejected
      // entry of 6 March.
      minutes: 480 + 480 + 240 + 60 + 420,
      billableMinutes: 480 + 480 + 240 + 420,
      // C1's card: Ana by person, 150.00/h until 9 March then 160.00/h; Ben as consultant (his
      // assignment's role, not his own "analyst") 120.00/h.
      // (960 × 15000 + 240 × 16000 + 420 × 12000) / 60 = (14,400,000 + 3,840,000 + 5,040,000) / 60 = 388,000
      revenue: usd(388_000),
      unpricedMinutes: 0,
      // Ana: 2 and 3 March at 60.00/h, 10 and 11 March at 66.00/h: (960 × 6000 + 300 × 6600) / 60
      //   = (5,760,000 + 1,980,000) / 60 = 129,000 USD
      // Ben (Ltd, inter-company): 420 × 4000 / 60 = 28,000 GBP — never added to the dollars.
      costs: [{ amountMinor: 28_000, currency: 'GBP' }, usd(129_000)],
      uncostedMinutes: 0,
      // Costs in two currencies: no margin without an exchange rate.
      margin: null,
      marginPercent: null,
    },
  ];
}

const withoutCost = (projects: ReturnType<typeof expectedCostedProjects>) =>
  projects.map(({ costs: _c, uncostedMinutes: _u, margin: _m, marginPercent: _p, ...rest }) => rest);

describe('utilization (known answer)', () => {
  it('divides billable minutes by capacity pro-rated to the working days, per person and practice', async () => {
    const report = await t.tessera.withTenant(staff(tenant), (tx) => utilizationReport(tx, period), {
      readOnly: true,
    });
    // 2 to 13 March 2026: two Monday-to-Friday weeks, 10 working days.
    expect(report.workingDays).toBe(10);
    expect(report.people).toEqual([
      // capacity 2400 × 10 / 5 = 4800; billable 480 + 480 + 240 (STRAT) + 300 (RUN) = 1500;
      // total 1500 + 60 = 1560; 1500 / 4800 = 0.3125
      person(s.people.ana, 'Ana Lima', s.segments.strategy, 4800, 1500, 1560, 0.3125),
      // 1200 × 10 / 5 = 2400; 420; 420 / 2400 = 0.175
      person(s.people.ben, 'Ben Okafor', s.segments.strategy, 2400, 420, 420, 0.175),
      // 4800; 480 billable, 680 in all; 480 / 4800 = 0.1
      person(s.people.cai, 'Cai Wen', s.segments.technology, 4800, 480, 680, 0.1),
      // 1800 × 10 / 5 = 3600; 60; 60 / 3600 = 0.01666… → 0.0167
      person(s.people.dee, 'Dee Park', s.segments.technology, 3600, 60, 60, 0.0167),
    ]);
    expect(report.practices).toEqual([
      // Strategy: 4800 + 2400 = 7200; 1500 + 420 = 1920; 1560 + 420 = 1980; 1920 / 7200 = 0.2666… → 0.2667
      { practiceId: s.segments.strategy, people: 2, ...figures(7200, 1920, 1980, 0.2667) },
      // Technology: 4800 + 3600 = 8400; 480 + 60 = 540; 680 + 60 = 740; 540 / 8400 = 0.06428… → 0.0643
      { practiceId: s.segments.technology, people: 2, ...figures(8400, 540, 740, 0.0643) },
    ]);
  });

  it("counts, for a practice lead scoped to Strategy, that practice's people and the time on its projects", async () => {
    const report = await t.tessera.withTenant(
      staff(tenant, { practice: [s.segments.strategy] }),
      (tx) => utilizationReport(tx, period),
      { readOnly: true },
    );
    // Ana's 300 minutes on RUN (Technology) are outside the scope: 1200 billable, 1260 in all.
    expect(report.people).toEqual([
      person(s.people.ana, 'Ana Lima', s.segments.strategy, 4800, 1200, 1260, 0.25),
      person(s.people.ben, 'Ben Okafor', s.segments.strategy, 2400, 420, 420, 0.175),
    ]);
  });

  it('refuses a period that ends before it starts or spans more than 366 days', async () => {
    const refused = (from: string, to: string) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/reports/utilization?from=${from}&to=${to}`,
        headers: finance.headers,
      });
    expect((await refused('2026-03-13', '2026-03-12')).statusCode).toBe(400);
    expect((await refused('2026-01-01', '2027-01-02')).statusCode).toBe(400);
    expect((await refused('2026-02-30', '2026-03-01')).statusCode).toBe(400);
    expect((await refused('2024-01-01', '2024-12-31')).statusCode).toBe(200);
  });
});

describe('project figures (known answer)', () => {
  it('gives hours, revenue at bill rates, cost at cost rates and margin to a reader with cost clearance', async () => {
    const report = await t.tessera.withTenant(
      staff(tenant, {}, 'restricted'),
      (tx) => projectReport(tx, period, { cost: true }),
      { readOnly: true },
    );
    expect(report.projects).toEqual(expectedCostedProjects());
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/projects?from=${period.from}&to=${period.to}`,
      headers: finance.headers,
    });
    expect(answer.json().projects).toEqual(expectedCostedProjects());
  });

  it('prices every entry exactly as billRateFor does', async () => {
    const revenueByProject = await t.tessera.withTenant(
      staff(tenant),
      async (tx) => {
        const { rows } = await sql<{
          project_id: string;
          contract_id: string;
          person_id: string;
          role: string | null;
          work_date: string;
          minutes: number;
        }>`
          SELECT te.project_id, te.contract_id, te.person_id, coalesce(a.role, p.role) AS role, te.work_date, te.minutes
          FROM time_entries te JOIN assignments a ON a.id = te.assignment_id JOIN people p ON p.id = te.person_id
          WHERE te.billable AND te.status IN ('submitted', 'approved')
            AND te.work_date BETWEEN ${period.from}::date AND ${period.to}::date`.execute(tx.db);
        const sums = new Map<string, number>();
        for (const row of rows) {
          const rate = await billRateFor(tx, {
            contractId: row.contract_id,
            personId: row.person_id,
            role: row.role,
            on: row.work_date,
          });
          sums.set(
            row.project_id,
            (sums.get(row.project_id) ?? 0) + row.minutes * (rate?.hourlyRate.amountMinor ?? 0),
          );
        }
        return sums;
      },
      { readOnly: true },
    );
    const report = await t.tessera.withTenant(
      staff(tenant),
      (tx) => projectReport(tx, period, { cost: false }),
      {
        readOnly: true,
      },
    );
    for (const project of report.projects)
      expect(project.revenue.amountMinor, project.code).toBe(
        Math.round((revenueByProject.get(project.projectId) ?? 0) / 60),
      );
  });

  it('leaves cost and margin out entirely for a practice lead without cost clearance, in JSON and CSV', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/projects?from=${period.from}&to=${period.to}`,
      headers: lead.headers,
    });
    expect(answer.statusCode).toBe(200);
    // The same figures as finance gets, without the cost fields: absent, not null.
    expect(answer.json().projects).toEqual(withoutCost(expectedCostedProjects()));
    for (const project of answer.json().projects)
      for (const field of ['costs', 'uncostedMinutes', 'margin', 'marginPercent'])
        expect(Object.hasOwn(project, field), field).toBe(false);
    expect(answer.body).not.toMatch(/cost|margin/i);

    const csv = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/projects.csv?from=${period.from}&to=${period.to}`,
      headers: lead.headers,
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toBe(
      [
        'project_id,code,name,currency,minutes,billable_minutes,revenue_minor,revenue_currency,unpriced_minutes',
        `${s.projects.lab},LAB,LAB,USD,60,60,0,USD,60`,
        `${s.projects.run},RUN,RUN,USD,980,780,133000,USD,0`,
        `${s.projects.strat},STRAT,STRAT,USD,1680,1620,388000,USD,0`,
        '',
      ].join('\r\n'),
    );
    // Finance's CSV has the cost columns, costs per currency in one field.
    const financeCsv = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/projects.csv?from=${period.from}&to=${period.to}`,
      headers: finance.headers,
    });
    expect(financeCsv.body.split('\r\n')[0]).toBe(
      'project_id,code,name,currency,minutes,billable_minutes,revenue_minor,revenue_currency,unpriced_minutes,costs,uncosted_minutes,margin_minor,margin_currency,margin_percent',
    );
    expect(financeCsv.body).toContain(
      `${s.projects.run},RUN,RUN,USD,980,780,133000,USD,0,86667 USD,0,46333,USD,34.84`,
    );
    expect(financeCsv.body).toContain(
      `${s.projects.strat},STRAT,STRAT,USD,1680,1620,388000,USD,0,28000 GBP; 129000 USD,0,,,`,
    );
  });

  it('gives a practice lead scoped to Strategy the figures of its projects only', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/projects?from=${period.from}&to=${period.to}`,
      headers: strategyLead.headers,
    });
    expect(answer.json().projects).toEqual(
      withoutCost(expectedCostedProjects()).filter((p) => p.code === 'STRAT'),
    );
  });
});

function figures(
  capacityMinutes: number,
  billableMinutes: number,
  totalMinutes: number,
  utilization: number,
) {
  return { capacityMinutes, billableMinutes, totalMinutes, utilization };
}

function person(
  personId: string,
  name: string,
  practiceId: string,
  capacity: number,
  billable: number,
  total: number,
  utilization: number,
) {
  return { personId, name, practiceId, ...figures(capacity, billable, total, utilization) };
}
