import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { convertMinor, createFxRate } from '../ledger/index.ts';
import { consolidate } from './consolidation.service.ts';
import { bookTime, type ConsolidationWorld, seedConsolidationWorld } from './consolidation-test-fixture.ts';
import { runIntercompanyRecharges } from './intercompany-recharge.service.ts';
import { lastDayOf } from './legal-entity-scope.ts';

let t: TestTessera;
let w: ConsolidationWorld;

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedConsolidationWorld(t);
}, 180_000);
afterAll(() => t.cleanup());

const IC_ROLES = [
  'intercompany_receivable',
  'intercompany_payable',
  'revenue_intercompany',
  'intercompany_costs',
];

describe('eliminations (property, fixed seed)', () => {
  it('cancel each pair exactly in the recharge currency, leave no inter-company balance, and balance', async () => {
    let month = 0;
    const day = fc.integer({ min: 1, max: 28 });
    const minutes = fc.integer({ min: 1, max: 600 });
    const work = fc.array(fc.tuple(day, minutes), { minLength: 0, maxLength: 3 });
    // GBP/USD at month end: 1.0000 to 1.9999.
    const rate = fc
      .integer({ min: 10_000, max: 19_999 })
      .map((n) => `${Math.floor(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`);
    await fc.assert(
      fc.asyncProperty(work, work, rate, async (elena, jin, closing) => {
        month += 1;
        const m = `${2027 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}`;
        const to = lastDayOf(m);
        for (const [d, min] of elena)
          await bookTime(t, w, w.assignments.elenaGlobex, `${m}-${String(d).padStart(2, '0')}`, min);
        for (const [d, min] of jin)
          await bookTime(t, w, w.assignments.jinInitech, `${m}-${String(d).padStart(2, '0')}`, min);
        await t.tessera.withTenant(w.finance, (tx) =>
          createFxRate(tx, { base: 'GBP', quote: 'USD', date: to, rate: closing, source: 'property' }),
        );
        const run = await t.tessera.withTenant(w.finance, (tx) => runIntercompanyRecharges(tx, { month: m }));
        expect(run.recharges).toHaveLength((elena.length > 0 ? 1 : 0) + (jin.length > 0 ? 1 : 0));
        const report = await t.tessera.withTenant(
          w.finance,
          (tx) => consolidate(tx, { from: `${m}-01`, to, reportingCurrency: 'USD' }),
          { readOnly: true },
        );
        for (const pair of report.eliminations) {
          // Σ over both entities of the eliminated balances, in the recharge currency: 0, so 0 at any one rate.
          expect(pair.receivable.transactionMinor + pair.payable.transactionMinor).toBe(0);
          expect(pair.revenue.transactionMinor + pair.costs.transactionMinor).toBe(0);
          const atClosing = (amount: number) => convertMinor(BigInt(amount), pair.currency, 'USD', closing);
          expect(atClosing(pair.receivable.transactionMinor) + atClosing(pair.payable.transactionMinor)).toBe(
            0n,
          );
          // The month's recharge was converted at this month-end rate: a GBP recharge leaves no difference in
          // the result; a USD one at most the cent of the inverse rate's rounding.
          if (pair.currency === 'GBP') expect(pair.resultFxDifferenceMinor).toBe(0);
          else expect(Math.abs(pair.resultFxDifferenceMinor)).toBeLessThanOrEqual(1);
        }
        for (const key of IC_ROLES)
          expect(report.lines.find((line) => line.key === key)?.consolidatedMinor ?? 0).toBe(0);
        const differences = (key: string) =>
          report.lines.find((line) => line.key === key)?.consolidatedMinor ?? 0;
        expect(differences('intercompany_balance_fx_difference')).toBe(
          report.eliminations.reduce((sum, pair) => sum + pair.balanceFxDifferenceMinor, 0),
        );
        expect(differences('intercompany_result_fx_difference')).toBe(
          report.eliminations.reduce((sum, pair) => sum + pair.resultFxDifferenceMinor, 0),
        );
        expect(report.totals.balanceSheet.eliminationMinor).toBe(0);
        expect(report.totals.profitAndLoss.eliminationMinor).toBe(0);
        expect(report.totals.all).toEqual({ translatedMinor: 0, eliminationMinor: 0, consolidatedMinor: 0 });
      }),
      { seed: 20261130, numRuns: 12 },
    );
  }, 300_000);
});
