import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { closePeriod, createFxRate, getJournalEntry, trialBalance } from '../ledger/index.ts';
import { addCostRate } from '../resources/index.ts';
import { consolidate } from './consolidation.service.ts';
import {
  bookExpense,
  bookTime,
  type ConsolidationWorld,
  postSimple,
  seedConsolidationWorld,
} from './consolidation-test-fixture.ts';
import { runIntercompanyRecharges } from './intercompany-recharge.service.ts';
import { listIntercompanyRecharges } from './intercompany-recharge-query.ts';
import { setRechargeMarkup } from './intercompany-settings.service.ts';

let t: TestTessera;
let w: ConsolidationWorld;

const asFinance = <T>(work: (tx: TenantTransaction) => Promise<T>) => t.tessera.withTenant(w.finance, work);
const lineOf = (report: Awaited<ReturnType<typeof consolidate>>, key: string) =>
  report.lines.find((line) => line.key === key);
const columns = (report: Awaited<ReturnType<typeof consolidate>>, key: string) => {
  const line = lineOf(report, key);
  return line ? [line.translatedMinor, line.eliminationMinor, line.consolidatedMinor] : undefined;
};
const countEntries = () =>
  asFinance(async (tx) =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*)::text AS n FROM journal_entries
          WHERE tenant_id = ${w.tenantId} AND source_kind = 'intercompany_recharge'`.execute(tx.db)
      ).rows[0]?.n,
    ),
  );

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedConsolidationWorld(t);
  await asFinance((tx) =>
    createFxRate(tx, { base: 'GBP', quote: 'USD', date: '2026-03-31', rate: '1.27', source: 'test' }),
  );
  // Ltd's capital (January), Inc's external revenue from Globex (March).
  await postSimple(t, w, w.b.ltd, '2026-01-10', { role: 'cash' }, { role: 'share_capital' }, 100_000n, 'GBP');
  await postSimple(
    t,
    w,
    w.b.inc,
    '2026-03-15',
    { role: 'receivables' },
    { role: 'revenue_services' },
    300_000n,
    'USD',
  );
  // Elena (Ltd) works 2 × 8 h on Globex (Inc); Jin (Inc) 4 h on Initech (Ltd); a draft hour is not recharged.
  await bookTime(t, w, w.assignments.elenaGlobex, '2026-03-09', 480);
  await bookTime(t, w, w.assignments.elenaGlobex, '2026-03-10', 480);
  await bookTime(t, w, w.assignments.jinInitech, '2026-03-11', 240);
  await bookTime(t, w, w.assignments.jinInitech, '2026-03-12', 60, 'submitted');
}, 180_000);
afterAll(() => t.cleanup());

describe('inter-company recharges', () => {
  it('posts both halves of each pair at cost, in each ledger, balanced per entity and currency', async () => {
    const run = await asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-03' }));
    expect(run.recharges.map((r) => [r.sequence, r.replayed])).toEqual([
      [1, false],
      [1, false],
    ]);
    const byPair = (employing: string) => run.recharges.find((r) => r.employingLegalEntityId === employing);
    // Elena: 960 min × GBP 60.00 / 60 = GBP 960.00, recharged by Ltd to Inc.
    expect(byPair(w.b.ltd)).toMatchObject({
      projectLegalEntityId: w.b.inc,
      month: '2026-03',
      cost: { amountMinor: 96_000, currency: 'GBP' },
      amount: { amountMinor: 96_000, currency: 'GBP' },
      markupBasisPoints: 0,
      minutes: 960,
      timeEntryCount: 2,
      replayed: false,
    });
    // Jin: 240 min × USD 80.00 / 60 = USD 320.00, recharged by Inc to Ltd.
    expect(byPair(w.b.inc)).toMatchObject({
      projectLegalEntityId: w.b.ltd,
      amount: { amountMinor: 32_000, currency: 'USD' },
      minutes: 240,
      timeEntryCount: 1,
    });
    const entries = await asFinance(async (tx) => {
      const ltdToInc = byPair(w.b.ltd);
      const incToLtd = byPair(w.b.inc);
      return Promise.all(
        [
          ltdToInc?.employingEntryId,
          ltdToInc?.projectEntryId,
          incToLtd?.employingEntryId,
          incToLtd?.projectEntryId,
        ].map((id) => getJournalEntry(tx, id as string)),
      );
    });
    const summary = entries.map((entry) => [
      entry.legalEntityId,
      entry.entryDate,
      entry.lines.map((line) => [
        line.side,
        line.amount.amountMinor,
        line.amount.currency,
        line.functionalAmount.amountMinor,
        line.functionalAmount.currency,
      ]),
    ]);
    expect(summary).toEqual([
      // Ltd: Dr inter-company receivable / Cr inter-company revenue, GBP 960.00.
      [
        w.b.ltd,
        '2026-03-31',
        [
          ['debit', 96_000, 'GBP', 96_000, 'GBP'],
          ['credit', 96_000, 'GBP', 96_000, 'GBP'],
        ],
      ],
      // Inc: Dr inter-company costs / Cr inter-company payable, GBP 960.00 = USD 1,219.20 at 1.27.
      [
        w.b.inc,
        '2026-03-31',
        [
          ['debit', 96_000, 'GBP', 121_920, 'USD'],
          ['credit', 96_000, 'GBP', 121_920, 'USD'],
        ],
      ],
      [
        w.b.inc,
        '2026-03-31',
        [
          ['debit', 32_000, 'USD', 32_000, 'USD'],
          ['credit', 32_000, 'USD', 32_000, 'USD'],
        ],
      ],
      // Ltd: USD 320.00 at 1 / 1.27 = 0.7874015748 → GBP 251.97.
      [
        w.b.ltd,
        '2026-03-31',
        [
          ['debit', 32_000, 'USD', 25_197, 'GBP'],
          ['credit', 32_000, 'USD', 25_197, 'GBP'],
        ],
      ],
    ]);
    for (const legalEntityId of [w.b.inc, w.b.ltd]) {
      const tb = await asFinance((tx) =>
        trialBalance(tx, { legalEntityId, from: '2026-03-01', to: '2026-03-31' }),
      );
      expect(tb.totals.functional.debitMinor).toBe(tb.totals.functional.creditMinor);
      for (const currency of tb.totals.currencies) expect(currency.debitMinor).toBe(currency.creditMinor);
      const roles = tb.accounts.map((account) => [account.code, account.functional.closingMinor]);
      expect(roles).toEqual(
        legalEntityId === w.b.ltd
          ? [
              ['1000', 100_000],
              ['1400', 96_000],
              ['2400', -25_197],
              ['3000', -100_000],
              ['4400', -96_000],
              ['5300', 25_197],
            ]
          : [
              ['1100', 300_000],
              ['1400', 32_000],
              ['2400', -121_920],
              ['4000', -300_000],
              ['4400', -32_000],
              ['5300', 121_920],
            ],
      );
    }
  });

  it('posts nothing twice when run again', async () => {
    const before = await countEntries();
    const first = await asFinance((tx) => listIntercompanyRecharges(tx, { limit: 50, cursor: null }));
    const again = await asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-03' }));
    expect(again.recharges.every((r) => r.replayed)).toBe(true);
    expect(again.recharges.map((r) => r.id).sort()).toEqual(first.items.map((r) => r.id).sort());
    expect(await countEntries()).toBe(before);
    expect(before).toBe(4);
  });

  it('posts a pair once under two concurrent runs: the second waits, then replays', async () => {
    const before = await countEntries();
    await bookTime(t, w, w.assignments.elenaGlobex, '2026-05-04', 90);
    const runs = await Promise.all([
      asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-05' })),
      asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-05' })),
    ]);
    expect(runs.map((run) => run.recharges.map((r) => r.replayed)).sort()).toEqual([[false], [true]]);
    expect(runs[0]?.recharges[0]?.id).toBe(runs[1]?.recharges[0]?.id);
    expect(await countEntries()).toBe(before + 2);
  });

  it('converts a cost rate in a third currency at the month-end rate, and posts nothing without it', async () => {
    await asFinance((tx) =>
      addCostRate(tx, w.people.jin, {
        hourlyCost: { amountMinor: 7000, currency: 'EUR' },
        validFrom: '2026-06-01',
      }),
    );
    await bookTime(t, w, w.assignments.jinInitech, '2026-06-08', 180);
    const before = await countEntries();
    await expect(asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-06' }))).rejects.toMatchObject(
      {
        code: 'FX_RATE_MISSING',
        context: { base: 'EUR', quote: 'USD', on: '2026-06-30' },
      },
    );
    expect(await countEntries()).toBe(before);
    await asFinance((tx) =>
      createFxRate(tx, { base: 'EUR', quote: 'USD', date: '2026-06-30', rate: '1.085', source: 'test' }),
    );
    const run = await asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-06' }));
    // 180 min × EUR 70.00 = EUR 210.00 = USD 227.85 at 1.085; Ltd books it at 1 / 1.27 (the latest GBP/USD) = GBP 179.41.
    expect(run.recharges).toMatchObject([
      { employingLegalEntityId: w.b.inc, amount: { amountMinor: 22_785, currency: 'USD' } },
    ]);
    const entry = await asFinance((tx) => getJournalEntry(tx, run.recharges[0]?.projectEntryId as string));
    expect(entry.lines.map((line) => line.functionalAmount)).toEqual([
      { amountMinor: 17_941, currency: 'GBP' },
      { amountMinor: 17_941, currency: 'GBP' },
    ]);
  });

  it('recharges time approved after the month’s recharge as a supplement, each entry once', async () => {
    const september = (more: { postOn?: string } = {}) =>
      asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-09', ...more }));
    const entryOf = (id: string | null) => asFinance((tx) => getJournalEntry(tx, id as string));
    await bookTime(t, w, w.assignments.elenaGlobex, '2026-09-07', 120);
    const first = await september();
    // 120 min × GBP 60.00 / 60 = GBP 120.00.
    expect(first.recharges).toMatchObject([{ sequence: 1, replayed: false, minutes: 120 }]);
    const base = await countEntries();

    // Approved after the recharge: the next run posts a supplement of the pair, for it alone.
    await bookTime(t, w, w.assignments.elenaGlobex, '2026-09-21', 60);
    const second = await september();
    expect(second.recharges.map((r) => [r.sequence, r.replayed, r.minutes, r.cost.amountMinor])).toEqual([
      [1, true, 120, 12_000],
      [2, false, 60, 6_000],
    ]);
    const supplement = await entryOf(second.recharges[1]?.employingEntryId ?? null);
    expect(supplement).toMatchObject({
      entryDate: '2026-09-30',
      description: 'Inter-company recharge 2026-09, supplement 1',
    });
    expect(await countEntries()).toBe(base + 2);
    expect((await september()).recharges.every((r) => r.replayed)).toBe(true);
    expect(await countEntries()).toBe(base + 2);

    // Once September's books are closed, a supplement is posted on an open day the run names.
    for (const legalEntityId of [w.b.ltd, w.b.inc])
      await asFinance((tx) => closePeriod(tx, { legalEntityId, month: '2026-09' }));
    await bookTime(t, w, w.assignments.elenaGlobex, '2026-09-28', 30);
    await expect(september()).rejects.toMatchObject({ code: 'LEDGER_PERIOD_CLOSED' });
    await expect(september({ postOn: '2026-09-15' })).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      fieldProblems: [{ path: '/body/postOn', message: 'before the month ends (2026-09-30)' }],
    });
    expect(await countEntries()).toBe(base + 2);
    const third = await september({ postOn: '2026-10-02' });
    expect(third.recharges.map((r) => [r.sequence, r.replayed, r.minutes])).toEqual([
      [1, true, 120],
      [2, true, 60],
      [3, false, 30],
    ]);
    expect(await entryOf(third.recharges[2]?.projectEntryId ?? null)).toMatchObject({
      legalEntityId: w.b.inc,
      entryDate: '2026-10-02',
      description: 'Inter-company recharge 2026-09, supplement 2',
    });
  });

  it('recharges inter-company expenses at cost with the time of their pair, converted at the month end', async () => {
    const november = () => asFinance((tx) => runIntercompanyRecharges(tx, { month: '2026-11' }));
    await asFinance((tx) => setRechargeMarkup(tx, 1000));
    try {
      // Elena (Ltd, GBP) works an hour on Globex (Inc) and spends GBP 45.00 on the way; Jin (Inc,
      // USD) spends GBP 100.00 for Initech (Ltd) and books no time.
      await bookTime(t, w, w.assignments.elenaGlobex, '2026-11-10', 60);
      await bookExpense(t, w, w.assignments.elenaGlobex, '2026-11-10', 4_500, 'GBP');
      await bookExpense(t, w, w.assignments.jinInitech, '2026-11-12', 10_000, 'GBP');
      const before = await countEntries();
      const run = await november();
      const byPair = (employing: string) => run.recharges.find((r) => r.employingLegalEntityId === employing);
      // The hour at GBP 60.00 plus 10 % markup, the expense at cost: GBP 66.00 + 45.00.
      expect(byPair(w.b.ltd)).toMatchObject({
        cost: { amountMinor: 6_000, currency: 'GBP' },
        expenses: { amountMinor: 4_500, currency: 'GBP' },
        amount: { amountMinor: 11_100, currency: 'GBP' },
        timeEntryCount: 1,
        expenseCount: 1,
      });
      // Expenses alone: GBP 100.00 at the month-end GBP/USD 1.27 is USD 127.00, no markup.
      expect(byPair(w.b.inc)).toMatchObject({
        cost: { amountMinor: 0, currency: 'USD' },
        expenses: { amountMinor: 12_700, currency: 'USD' },
        amount: { amountMinor: 12_700, currency: 'USD' },
        minutes: 0,
        timeEntryCount: 0,
        expenseCount: 1,
      });
      expect(await countEntries()).toBe(before + 4);
      const entry = await asFinance((tx) => getJournalEntry(tx, byPair(w.b.inc)?.employingEntryId as string));
      expect(entry.lines.map((line) => [line.side, line.amount.amountMinor])).toEqual([
        ['debit', 12_700],
        ['credit', 12_700],
      ]);
      // Each expense is recharged once; one approved later is its pair's supplement.
      expect((await november()).recharges.every((r) => r.replayed)).toBe(true);
      await bookExpense(t, w, w.assignments.jinInitech, '2026-11-20', 2_000, 'GBP');
      const again = await november();
      expect(again.recharges.filter((r) => !r.replayed)).toMatchObject([
        { sequence: 2, employingLegalEntityId: w.b.inc, expenses: { amountMinor: 2_540 }, expenseCount: 1 },
      ]);
    } finally {
      await asFinance((tx) => setRechargeMarkup(tx, 0));
    }
  });

  it('refuses time without a visible cost rate (no restricted clearance) before writing anything', async () => {
    await expect(
      t.tessera.withTenant({ ...w.finance, clearance: 'confidential' }, (tx) =>
        runIntercompanyRecharges(tx, { month: '2026-04' }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the consolidated report', () => {
  it('translates to USD and eliminates the inter-company pairs exactly in the month they were posted', async () => {
    const report = await asFinance((tx) =>
      consolidate(tx, { from: '2026-03-01', to: '2026-03-31', reportingCurrency: 'USD' }),
    );
    expect(
      report.legalEntities.map((e) => [e.id, e.functionalCurrency, e.closingRate?.rate ?? null]),
    ).toEqual([
      [w.b.inc, 'USD', null],
      [w.b.ltd, 'GBP', '1.2700000000'],
    ]);
    expect(lineOf(report, 'share_capital')?.entities[0]).toMatchObject({
      functional: { amountMinor: -100_000, currency: 'GBP' },
      translatedMinor: -125_000,
    });
    expect(report.legalEntities[1]?.openingRate).toMatchObject({ rate: '1.2500000000', on: '2026-02-28' });
    expect(columns(report, 'cash')).toEqual([127_000, 0, 127_000]);
    expect(columns(report, 'receivables')).toEqual([300_000, 0, 300_000]);
    // Ltd's GBP 960.00 at 1.27 and Inc's USD 320.00 against Inc's USD 1,219.20 and Ltd's GBP 251.97 at 1.27.
    expect(columns(report, 'intercompany_receivable')).toEqual([153_920, -153_920, 0]);
    expect(columns(report, 'intercompany_payable')).toEqual([-153_920, 153_920, 0]);
    expect(columns(report, 'revenue_intercompany')).toEqual([-153_920, 153_920, 0]);
    expect(columns(report, 'intercompany_costs')).toEqual([153_920, -153_920, 0]);
    expect(lineOf(report, 'intercompany_balance_fx_difference')).toBeUndefined();
    expect(lineOf(report, 'intercompany_result_fx_difference')).toBeUndefined();
    // External revenue stays; Ltd's GBP 1,000.00 of capital gained 0.02 a pound: CTA USD 20.00.
    expect(columns(report, 'revenue_services')).toEqual([-300_000, 0, -300_000]);
    expect(columns(report, 'share_capital')).toEqual([-125_000, 0, -125_000]);
    expect(columns(report, 'cumulative_translation_adjustment')).toEqual([-2_000, 0, -2_000]);
    expect(report.totals).toEqual({
      balanceSheet: { translatedMinor: 300_000, eliminationMinor: 0, consolidatedMinor: 300_000 },
      profitAndLoss: { translatedMinor: -300_000, eliminationMinor: 0, consolidatedMinor: -300_000 },
      all: { translatedMinor: 0, eliminationMinor: 0, consolidatedMinor: 0 },
    });
    const ltdToInc = report.eliminations.find((p) => p.employingLegalEntityId === w.b.ltd);
    expect(ltdToInc).toMatchObject({
      currency: 'GBP',
      receivable: { transactionMinor: 96_000, functionalMinor: 96_000, translatedMinor: 121_920 },
      payable: { transactionMinor: -96_000, functionalMinor: -121_920, translatedMinor: -121_920 },
      balanceFxDifferenceMinor: 0,
      resultFxDifferenceMinor: 0,
    });
  });

  it('shows the FX mismatch of the pair explicitly once the rate moves, and still balances', async () => {
    await asFinance((tx) =>
      createFxRate(tx, { base: 'GBP', quote: 'USD', date: '2026-04-30', rate: '1.30', source: 'test' }),
    );
    const report = await asFinance((tx) =>
      consolidate(tx, { from: '2026-04-01', to: '2026-04-30', reportingCurrency: 'USD' }),
    );
    // Receivables at 1.30: Ltd GBP 960.00 = 1,248.00, Inc 320.00; payables: Inc 1,219.20 (booked at
    // 1.27, not revalued), Ltd GBP 251.97 = 327.56. Eliminated: −1,568.00 and +1,546.76; the rest
    // is the explicit difference 1,248.00 − 1,219.20 + 320.00 − 327.56 = 21.24.
    expect(columns(report, 'intercompany_receivable')).toEqual([156_800, -156_800, 0]);
    expect(columns(report, 'intercompany_payable')).toEqual([-154_676, 154_676, 0]);
    expect(columns(report, 'intercompany_balance_fx_difference')).toEqual([0, 2_124, 2_124]);
    const pairs = report.eliminations.map((p) => [
      p.receivable.transactionMinor + p.payable.transactionMinor,
      p.balanceFxDifferenceMinor,
    ]);
    expect(pairs.sort()).toEqual([
      [0, -756],
      [0, 2_880],
    ]);
    expect(report.totals.all).toEqual({ translatedMinor: 0, eliminationMinor: 0, consolidatedMinor: 0 });
    expect(report.totals.balanceSheet.eliminationMinor).toBe(0);
  });

  it('answers a missing rate with a 422 naming the pairs, never a partial sum', async () => {
    await expect(
      asFinance((tx) => consolidate(tx, { from: '2026-03-01', to: '2026-03-31', reportingCurrency: 'EUR' })),
    ).rejects.toMatchObject({
      code: 'FX_RATE_MISSING',
      context: {
        missing: [
          'GBP/EUR on or before 2026-02-28',
          'GBP/EUR on or before 2026-03-31',
          'USD/EUR on or before 2026-03-31',
        ],
      },
    });
  });

  it('consolidates in GBP too, with the same eliminations', async () => {
    await asFinance((tx) =>
      createFxRate(tx, {
        base: 'USD',
        quote: 'GBP',
        date: '2026-03-31',
        rate: '0.7874015748',
        source: 'test',
      }),
    );
    const report = await asFinance((tx) =>
      consolidate(tx, { from: '2026-03-01', to: '2026-03-31', reportingCurrency: 'GBP' }),
    );
    expect(lineOf(report, 'intercompany_receivable')?.consolidatedMinor).toBe(0);
    expect(lineOf(report, 'intercompany_payable')?.consolidatedMinor).toBe(0);
    expect(report.totals.all.consolidatedMinor).toBe(0);
    expect(columns(report, 'revenue_services')).toEqual([-236_220, 0, -236_220]);
  });
});
