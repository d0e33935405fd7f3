import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { approveInvoice, issueInvoice, runBilling } from '../billing/index.ts';
import { addRate, createContract, createRateCard } from '../contracts/index.ts';
import { accountBalance, accountForRole, createChart } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { addCostRate } from '../resources/index.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { defineObligations, listObligations } from './obligation.service.ts';
import { runRecognition } from './recognition-run.service.ts';
import { revenueBalances, revenueSchedules } from './revenue-reports.ts';
import {
  acceptMilestone,
  insertApprovedTime,
  insertFeeInvoice,
  insertMilestone,
} from './revenue-test-fixture.ts';

let t: TestTessera;
let w: TimeWorld;
const c = { retainer: '', fixedFee: '', tm: '' };
const o = { retainer: '', tm: '', percent: '', milestone: '' };
let fixedFeeProject = '';
let signOff = '';

// Finance: every segment, restricted clearance (cost rates).
const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(w.tenantId, {}, 'restricted'), work);
const vat = { vatCategory: 'S', vatRate: '25' } as const;

/** Bills the entity's approved work of a period and issues the invoices on `issueDate`. */
async function billAndIssue(key: string, periodFrom: string, periodTo: string, issueDate: string) {
  return inTenant(async (tx) => {
    const run = await runBilling(tx, key, { legalEntityId: w.b.inc, periodFrom, periodTo, ...vat });
    for (const invoice of run.invoices) {
      await approveInvoice(tx, invoice.id);
      await issueInvoice(tx, invoice.id, { issueDate });
    }
    return run.invoices.map((invoice) => [invoice.contractId, invoice.netMinor]);
  });
}

const recognize = (key: string, asOf: string) =>
  inTenant((tx) => runRecognition(tx, key, { legalEntityId: w.b.inc, asOf }));

async function balancesOn(asOf: string) {
  const report = await inTenant((tx) => revenueBalances(tx, w.b.inc, asOf));
  const of = (contractId: string) => {
    const row = report.contracts.find((r) => r.contractId === contractId);
    return row ? [row.recognizedMinor, row.billedMinor, row.unbilledMinor, row.deferredMinor] : null;
  };
  return { report, of };
}

async function ledgerOn(asOf: string) {
  return inTenant(async (tx) => {
    const usd = async (role: 'unbilled_revenue' | 'deferred_revenue') => {
      const account = await accountForRole(tx, w.b.inc, role);
      const balance = await accountBalance(tx, account.id, asOf);
      return balance.currencies.find((row) => row.currency === 'USD')?.balanceMinor ?? 0;
    };
    return { unbilled: await usd('unbilled_revenue'), deferred: -(await usd('deferred_revenue')) || 0 };
  });
}

const journalCount = () =>
  inTenant(async (tx) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM journal_entries`.execute(tx.db)).rows[0]?.n),
  );

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await inTenant(async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    const card = await createRateCard(tx, { name: 'Globex rates', contractId: w.contracts.globex });
    await addRate(tx, card.id, {
      personId: w.people.jin,
      hourlyRate: { amountMinor: 10000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    await addCostRate(tx, w.people.jin, {
      hourlyCost: { amountMinor: 5000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const contract = (name: string, billingModel: 'retainer' | 'fixed_fee') =>
      createContract(tx, {
        name,
        clientId: w.b.globex,
        legalEntityId: w.b.inc,
        practiceId: w.b.pricing,
        currency: 'USD',
        billingModel,
        startsOn: '2026-01-01',
        status: 'active',
      });
    c.retainer = (await contract('Globex retainer', 'retainer')).id;
    c.fixedFee = (await contract('Globex pricing study', 'fixed_fee')).id;
    c.tm = w.contracts.globex;
    fixedFeeProject = await insertProjectRow(tx, {
      contractId: c.fixedFee,
      practiceId: w.b.pricing,
      code: 'GLOBEX-FF',
    });
    await insertAssignmentRow(tx, { personId: w.people.jin, projectId: fixedFeeProject });
    signOff = await insertMilestone(tx, fixedFeeProject, {
      name: 'Sign-off',
      amountMinor: 20000,
      dueOn: '2026-02-20',
    });
  });
}, 120_000);
afterAll(() => t.cleanup());

describe('performance obligations', () => {
  it('allocates a bundle price by standalone selling price; time and materials keeps its own consideration', async () => {
    const retainer = await inTenant((tx) =>
      defineObligations(tx, c.retainer, {
        priceMinor: 3100,
        obligations: [
          {
            name: 'Advisory retainer',
            kind: 'ratable',
            standaloneSellingPriceMinor: 3100,
            serviceStart: '2026-01-15',
            serviceEnd: '2026-02-14',
          },
        ],
      }),
    );
    o.retainer = retainer[0]?.id ?? '';
    const bundle = await inTenant((tx) =>
      defineObligations(tx, c.fixedFee, {
        priceMinor: 54000,
        obligations: [
          {
            name: 'Pricing study',
            kind: 'fixed_fee_percent_complete',
            standaloneSellingPriceMinor: 40000,
            projectId: fixedFeeProject,
            estimatedTotalCostMinor: 100000,
            costCurrency: 'USD',
          },
          { name: 'Sign-off', kind: 'milestone', standaloneSellingPriceMinor: 20000, milestoneId: signOff },
        ],
      }),
    );
    expect(bundle.map((ob) => [ob.kind, ob.standaloneSellingPriceMinor, ob.allocatedPriceMinor])).toEqual([
      ['fixed_fee_percent_complete', 40000, 36000],
      ['milestone', 20000, 18000],
    ]);
    o.percent = bundle[0]?.id ?? '';
    o.milestone = bundle[1]?.id ?? '';
    const tm = await inTenant((tx) =>
      defineObligations(tx, c.tm, {
        obligations: [{ name: 'Pricing work', kind: 'time_and_materials', projectId: w.projects.globex }],
      }),
    );
    o.tm = tm[0]?.id ?? '';
    expect(tm[0]?.allocatedPriceMinor).toBeNull();
    expect((await inTenant((tx) => listObligations(tx, c.fixedFee))).map((ob) => ob.id)).toEqual([
      o.percent,
      o.milestone,
    ]);
  });

  it('refuses what does not fit its kind, naming each field, and a project counted twice', async () => {
    const error = await inTenant((tx) =>
      defineObligations(tx, c.tm, {
        priceMinor: 100,
        obligations: [
          {
            name: 'No days',
            kind: 'ratable',
            standaloneSellingPriceMinor: 100,
            projectId: w.projects.globex,
          },
          { name: 'Again', kind: 'time_and_materials', projectId: w.projects.globex },
          { name: 'Foreign', kind: 'time_and_materials', projectId: w.projects.initech },
        ],
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BUSINESS_RULE_VIOLATED' });
    expect((error as { fieldProblems: { path: string }[] }).fieldProblems.map((p) => p.path).sort()).toEqual(
      [
        '/body/obligations/0/projectId',
        '/body/obligations/0/serviceEnd',
        '/body/obligations/0/serviceStart',
        '/body/obligations/1',
        '/body/obligations/1/projectId',
        '/body/obligations/2/projectId',
      ].sort(),
    );
  });
});

describe('recognition and the contract balance', () => {
  it('shows a retainer billed in advance as deferred revenue, recognizes $17 of $31 in January and defers $14', async () => {
    await inTenant(async (tx) => {
      const id = await insertFeeInvoice(tx, c.retainer, 3100);
      await approveInvoice(tx, id);
      await issueInvoice(tx, id, { issueDate: '2026-01-10' });
    });
    expect((await balancesOn('2026-01-10')).of(c.retainer)).toEqual([0, 3100, 0, 3100]);
    expect((await balancesOn('2026-01-09')).of(c.retainer)).toEqual([0, 0, 0, 0]);

    const jan = await recognize('jan', '2026-01-31');
    expect(
      jan.recognitions
        .filter((r) => r.amountMinor !== 0)
        .map((r) => [r.obligationId, r.periodStart, r.amountMinor]),
    ).toEqual([[o.retainer, '2026-01-01', 1700]]);
    expect((await balancesOn('2026-01-31')).of(c.retainer)).toEqual([1700, 3100, 0, 1400]);
  });

  it('recognizes percent complete by cost (10 h at $50 of $1,000 is half of $360) and a milestone on acceptance', async () => {
    await inTenant(async (tx) => {
      await insertApprovedTime(tx, {
        personId: w.people.jin,
        projectId: fixedFeeProject,
        workDate: '2026-02-10',
        minutes: 600,
        billable: false,
      });
      await acceptMilestone(tx, signOff, '2026-02-20T15:00:00Z');
    });
    const feb = await recognize('feb', '2026-02-28');
    expect(
      feb.recognitions
        .filter((r) => r.amountMinor !== 0)
        .map((r) => [r.obligationId, r.amountMinor])
        .sort(),
    ).toEqual(
      [
        [o.retainer, 1400],
        [o.percent, 18000],
        [o.milestone, 18000],
      ].sort(),
    );
    expect((await balancesOn('2026-02-28')).of(c.retainer)).toEqual([3100, 3100, 0, 0]);
    expect((await balancesOn('2026-02-28')).of(c.fixedFee)).toEqual([36000, 0, 36000, 0]);
    // The milestone bills at its own amount ($200), not its allocated price ($180).
    expect(await billAndIssue('bill-feb', '2026-02-01', '2026-02-28', '2026-03-01')).toEqual([
      [c.fixedFee, 20000],
    ]);
    expect((await balancesOn('2026-03-01')).of(c.fixedFee)).toEqual([36000, 20000, 16000, 0]);
  });

  it('shows time delivered but not invoiced as unbilled revenue, and none once it is invoiced', async () => {
    await inTenant((tx) =>
      insertApprovedTime(tx, {
        personId: w.people.jin,
        projectId: w.projects.globex,
        workDate: '2026-03-02',
        minutes: 60,
      }),
    );
    const mar = await recognize('mar', '2026-03-31');
    expect(
      mar.recognitions.filter((r) => r.amountMinor !== 0).map((r) => [r.obligationId, r.amountMinor]),
    ).toEqual([[o.tm, 10000]]);
    expect((await balancesOn('2026-03-31')).of(c.tm)).toEqual([10000, 0, 10000, 0]);
    expect(await billAndIssue('bill-mar', '2026-03-01', '2026-03-31', '2026-04-05')).toEqual([[c.tm, 10000]]);
    expect((await balancesOn('2026-04-05')).of(c.tm)).toEqual([10000, 10000, 0, 0]);
  });

  it('keeps one side per contract when a month is recognized after a later invoice (a back-dated posting)', async () => {
    await inTenant((tx) =>
      insertApprovedTime(tx, {
        personId: w.people.jin,
        projectId: w.projects.globex,
        workDate: '2026-04-06',
        minutes: 30,
      }),
    );
    expect(await billAndIssue('bill-apr', '2026-04-01', '2026-04-30', '2026-05-04')).toEqual([[c.tm, 5000]]);
    expect((await balancesOn('2026-05-04')).of(c.tm)).toEqual([10000, 15000, 0, 5000]);
    const apr = await recognize('apr', '2026-04-30');
    expect(
      apr.recognitions.filter((r) => r.amountMinor !== 0).map((r) => [r.obligationId, r.amountMinor]),
    ).toEqual([[o.tm, 5000]]);
    expect((await balancesOn('2026-04-30')).of(c.tm)).toEqual([15000, 10000, 5000, 0]);
    expect((await balancesOn('2026-05-04')).of(c.tm)).toEqual([15000, 15000, 0, 0]);
  });

  it('posts nothing new when re-run, under the same key (a replay) or another', async () => {
    const before = await journalCount();
    const again = await recognize('apr-again', '2026-04-30');
    expect(again.replayed).toBe(false);
    expect(again.recognitions).toEqual([]);
    const replay = await recognize('apr', '2026-04-30');
    expect(replay.replayed).toBe(true);
    expect(replay.recognitions.filter((r) => r.amountMinor !== 0).map((r) => r.amountMinor)).toEqual([5000]);
    await expect(recognize('apr', '2026-05-31')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await journalCount()).toBe(before);
  });

  it("keeps the ledger's unbilled and deferred revenue equal to the balances report at every date", async () => {
    const dates = [
      '2026-01-09',
      '2026-01-10',
      '2026-01-31',
      '2026-02-15',
      '2026-02-28',
      '2026-03-01',
      '2026-03-31',
      '2026-04-05',
      '2026-04-30',
      '2026-05-03',
      '2026-05-04',
      '2026-12-31',
    ];
    const seen: [string, number, number][] = [];
    for (const asOf of dates) {
      const { report } = await balancesOn(asOf);
      const totals = report.totals.find((row) => row.currency === 'USD');
      const ledger = await ledgerOn(asOf);
      expect([asOf, ledger.unbilled, ledger.deferred]).toEqual([
        asOf,
        totals?.unbilledMinor ?? 0,
        totals?.deferredMinor ?? 0,
      ]);
      seen.push([asOf, ledger.unbilled, ledger.deferred]);
    }
    expect(seen).toEqual([
      ['2026-01-09', 0, 0],
      ['2026-01-10', 0, 3100],
      ['2026-01-31', 0, 1400],
      ['2026-02-15', 0, 1400],
      ['2026-02-28', 36000, 0],
      ['2026-03-01', 16000, 0],
      ['2026-03-31', 26000, 0],
      ['2026-04-05', 16000, 0],
      ['2026-04-30', 21000, 0],
      ['2026-05-03', 21000, 0],
      ['2026-05-04', 16000, 0],
      ['2026-12-31', 16000, 0],
    ]);
  });

  it('posts only balanced entries, per currency and in functional currency', async () => {
    const unbalanced = await inTenant(
      async (tx) =>
        (
          await sql<{ entry_id: string }>`
            SELECT entry_id FROM journal_lines WHERE tenant_id = ${w.tenantId}
            GROUP BY entry_id, currency
            HAVING sum(debit_minor) <> sum(credit_minor)
            UNION
            SELECT entry_id FROM journal_lines WHERE tenant_id = ${w.tenantId}
            GROUP BY entry_id HAVING sum(functional_debit_minor) <> sum(functional_credit_minor)`.execute(
            tx.db,
          )
        ).rows,
    );
    expect(unbalanced).toEqual([]);
    const kinds = await inTenant(async (tx) =>
      (
        await sql<{ source_kind: string; purpose: string; n: string }>`
            SELECT source_kind, purpose, count(*)::text AS n FROM journal_entries WHERE tenant_id = ${w.tenantId}
            GROUP BY source_kind, purpose ORDER BY 1, 2`.execute(tx.db)
      ).rows.map((row) => [row.source_kind, row.purpose, Number(row.n)]),
    );
    expect(kinds).toEqual([
      ['invoice', 'issue', 4],
      ['revenue_recognition', 'reclassification', 1],
      ['revenue_recognition', 'recognition', 6],
    ]);
  });

  it('lists each obligation schedule: months recognized, then a ratable obligation plans the rest', async () => {
    const schedules = await inTenant((tx) => revenueSchedules(tx, c.retainer));
    expect(schedules[0]?.lines.map((line) => [line.periodStart, line.amountMinor, line.status])).toEqual([
      ['2026-01-01', 1700, 'recognized'],
      ['2026-02-01', 1400, 'recognized'],
    ]);
  });

  it('refuses new obligations on a contract that already issued invoices', async () => {
    await expect(
      inTenant((tx) =>
        defineObligations(tx, c.retainer, {
          priceMinor: 100,
          obligations: [
            {
              name: 'More',
              kind: 'ratable',
              standaloneSellingPriceMinor: 100,
              serviceStart: '2026-03-01',
              serviceEnd: '2026-03-31',
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE_VIOLATED' });
  });
});

describe('concurrent recognition runs', () => {
  it('recognize each month of an obligation once when two runs under different keys race', async () => {
    const obligation = await inTenant(async (tx) => {
      const contract = await createContract(tx, {
        name: 'Globex hosting',
        clientId: w.b.globex,
        legalEntityId: w.b.inc,
        practiceId: w.b.pricing,
        currency: 'USD',
        billingModel: 'subscription',
        startsOn: '2026-05-01',
        status: 'active',
      });
      const [defined] = await defineObligations(tx, contract.id, {
        priceMinor: 6100,
        obligations: [
          {
            name: 'Hosting',
            kind: 'ratable',
            standaloneSellingPriceMinor: 6100,
            serviceStart: '2026-05-01',
            serviceEnd: '2026-06-30',
          },
        ],
      });
      return defined?.id as string;
    });
    const before = await journalCount();
    const runs = await Promise.allSettled([
      recognize('race-a', '2026-06-30'),
      recognize('race-b', '2026-06-30'),
    ]);
    expect(runs.map((run) => run.status)).toEqual(['fulfilled', 'fulfilled']);
    const posted = runs.flatMap((run) =>
      run.status === 'fulfilled'
        ? run.value.recognitions
            .filter((r) => r.obligationId === obligation)
            .map((r) => [r.periodStart, r.amountMinor])
        : [],
    );
    // 31 of 61 days in May, 30 in June.
    expect(posted.sort()).toEqual([
      ['2026-05-01', 3100],
      ['2026-06-01', 3000],
    ]);
    expect(await journalCount()).toBe(before + 2);
  });
});

describe('late approvals', () => {
  it('catch up time approved after its month was recognized in the next month recognized', async () => {
    await inTenant((tx) =>
      insertApprovedTime(tx, {
        personId: w.people.jin,
        projectId: w.projects.globex,
        workDate: '2026-03-20',
        minutes: 30,
      }),
    );
    const jul = await recognize('jul', '2026-07-31');
    expect(
      jul.recognitions
        .filter((r) => r.amountMinor !== 0)
        .map((r) => [r.obligationId, r.periodStart, r.amountMinor]),
    ).toEqual([[o.tm, '2026-07-01', 5000]]);
    expect((await balancesOn('2026-07-31')).of(c.tm)).toEqual([20000, 15000, 5000, 0]);
    const { report } = await balancesOn('2026-07-31');
    expect(await ledgerOn('2026-07-31')).toEqual({
      unbilled: report.totals[0]?.unbilledMinor,
      deferred: report.totals[0]?.deferredMinor,
    });
  });
});
