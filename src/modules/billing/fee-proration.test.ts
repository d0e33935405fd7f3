import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FeeInterval,
  type FeeRevision,
  feeLinesForPeriod,
  feePeriodContaining,
  feeShares,
  nextFeePeriod,
} from './fee-proration.ts';
import { divideHalfAway } from './invoice-totals.ts';

const june = feePeriodContaining('2026-06-10', 'month');
const rev = (revision: number, effectiveFrom: string, amountMinor: bigint): FeeRevision => ({
  revision,
  effectiveFrom,
  amountMinor,
});
const nets = (lines: ReturnType<typeof feeLinesForPeriod>) => lines.map((l) => [l.kind, l.netMinor]);

describe('fee periods', () => {
  it('are calendar months, quarters and years with their days', () => {
    expect(june).toEqual({ from: '2026-06-01', to: '2026-06-30', days: 30 });
    expect(feePeriodContaining('2028-02-29', 'month')).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
      days: 29,
    });
    expect(feePeriodContaining('2026-08-15', 'quarter')).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      days: 92,
    });
    expect(feePeriodContaining('2026-02-15', 'quarter')).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      days: 90,
    });
    expect(feePeriodContaining('2028-07-04', 'year')).toEqual({
      from: '2028-01-01',
      to: '2028-12-31',
      days: 366,
    });
    expect(nextFeePeriod(feePeriodContaining('2026-12-03', 'month'), 'month')).toEqual({
      from: '2027-01-01',
      to: '2027-01-31',
      days: 31,
    });
    expect(nextFeePeriod(feePeriodContaining('2026-11-03', 'quarter'), 'quarter').from).toBe('2027-01-01');
  });
});

describe('proration by day', () => {
  it('prorates a $10/month plan switched to $20 at exactly half the period to +$5.00', () => {
    const schedule = [rev(1, '2026-06-01', 1000n), rev(2, '2026-06-16', 2000n)];
    expect(feeShares(schedule, june).map((s) => [s.deltaMinor, s.days, s.netMinor])).toEqual([
      [1000n, 30, 1000n],
      [1000n, 15, 500n],
    ]);
    expect(nets(feeLinesForPeriod(schedule, june, new Set()))).toEqual([
      ['period', 1000n],
      ['adjustment', 500n],
    ]);
    // Billed in advance before the change was known: the change alone is left, +500.
    expect(nets(feeLinesForPeriod(schedule, june, new Set([1])))).toEqual([['adjustment', 500n]]);
    expect(feeLinesForPeriod(schedule, june, new Set([1, 2]))).toEqual([]);
  });

  it('prorates the first period of a fee starting mid-period: $31 from the 15th of a 31-day month is $17', () => {
    const schedule = [rev(1, '2026-05-15', 3100n)];
    const may = feePeriodContaining('2026-05-01', 'month');
    expect(nets(feeLinesForPeriod(schedule, may, new Set()))).toEqual([['period', 1700n]]);
    expect(nets(feeLinesForPeriod(schedule, nextFeePeriod(may, 'month'), new Set()))).toEqual([
      ['period', 3100n],
    ]);
  });

  it('credits a downgrade: $20 → $10 from the 16th of a 31-day month is −5.16', () => {
    const schedule = [rev(1, '2026-06-01', 2000n), rev(2, '2026-07-16', 1000n)];
    const july = feePeriodContaining('2026-07-01', 'month');
    expect(nets(feeLinesForPeriod(schedule, july, new Set([1])))).toEqual([['adjustment', -516n]]);
    // A stop is a change to 0: the rest of the period is credited, later periods bill nothing.
    const stopped = [rev(1, '2026-06-01', 2000n), rev(2, '2026-07-16', 0n)];
    expect(nets(feeLinesForPeriod(stopped, july, new Set([1])))).toEqual([['adjustment', -1032n]]);
    expect(feeLinesForPeriod(stopped, nextFeePeriod(july, 'month'), new Set())).toEqual([]);
  });

  it('bills a change recorded after later periods were billed as a whole-period adjustment of those', () => {
    // July was billed at $10; a change to $20 effective 16 June is recorded afterwards.
    const schedule = [rev(1, '2026-01-01', 1000n), rev(2, '2026-06-16', 2000n)];
    const july = feePeriodContaining('2026-07-01', 'month');
    expect(nets(feeLinesForPeriod(schedule, july, new Set([1])))).toEqual([['adjustment', 1000n]]);
    expect(nets(feeLinesForPeriod(schedule, june, new Set([1])))).toEqual([['adjustment', 500n]]);
    // A period billed fresh after both: one line at the price in force, for both revisions.
    const fresh = feeLinesForPeriod(schedule, july, new Set());
    expect(nets(fresh)).toEqual([['period', 2000n]]);
    expect(fresh[0]?.shares.map((s) => s.revision)).toEqual([1, 2]);
  });

  it('ends every share on the last day of a contract ending inside the period', () => {
    // $30/month ending on 10 June (30 days): 3000 × 10 / 30 = 1000.
    const monthly = [rev(1, '2026-01-01', 3000n)];
    expect(nets(feeLinesForPeriod(monthly, june, new Set(), '2026-06-10'))).toEqual([['period', 1000n]]);
    expect(feeShares(monthly, june, '2026-06-10').map((s) => s.days)).toEqual([10]);
    // A quarter of 92 days ending on 15 August: 1 July to 15 August is 46 days, 920 × 46 / 92 = 460.
    const q3 = feePeriodContaining('2026-07-01', 'quarter');
    expect(nets(feeLinesForPeriod([rev(1, '2026-01-01', 920n)], q3, new Set(), '2026-08-15'))).toEqual([
      ['period', 460n],
    ]);
    // $10 → $20 on 16 June, ending on 25 June: 1000 × 25/30 = 833.33 → 833, 1000 × 10/30 → 333.
    const changed = [rev(1, '2026-06-01', 1000n), rev(2, '2026-06-16', 2000n)];
    expect(nets(feeLinesForPeriod(changed, june, new Set(), '2026-06-25'))).toEqual([
      ['period', 833n],
      ['adjustment', 333n],
    ]);
    // A change after the end bills nothing; an end on the period's last day prorates nothing.
    expect(nets(feeLinesForPeriod(changed, june, new Set(), '2026-06-12'))).toEqual([['period', 400n]]);
    expect(nets(feeLinesForPeriod(monthly, june, new Set(), '2026-06-30'))).toEqual([['period', 3000n]]);
    expect(nets(feeLinesForPeriod(monthly, june, new Set(), '2026-09-30'))).toEqual([['period', 3000n]]);
  });

  it('rounds each line half away from zero', () => {
    // 1000 × 1/3 = 333.33 → 333; (−1000) × 15/30 → −500; 1 × 15/30 = 0.5 → 1.
    const quarter = feePeriodContaining('2026-07-01', 'quarter');
    expect(feeShares([rev(1, '2026-09-01', 920n)], quarter).map((s) => s.netMinor)).toEqual([300n]);
    expect(
      feeShares([rev(1, '2026-06-01', 1n), rev(2, '2026-06-16', 2n)], june).map((s) => s.netMinor),
    ).toEqual([1n, 1n]);
    expect(
      feeShares([rev(1, '2026-06-01', 2n), rev(2, '2026-06-16', 1n)], june).map((s) => s.netMinor),
    ).toEqual([2n, -1n]);
  });
});

/** Every day of a period, counted one by one (independent of the date arithmetic under test). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= to;
    d.setUTCDate(d.getUTCDate() + 1)
  )
    days.push(d.toISOString().slice(0, 10));
  return days;
}

const arbitrarySchedule = (upgradesOnly: boolean) =>
  fc
    .record({
      interval: fc.constantFrom<FeeInterval>('month', 'quarter', 'year'),
      year: fc.integer({ min: 2020, max: 2032 }),
      month: fc.integer({ min: 1, max: 12 }),
      startsBefore: fc.boolean(),
      end: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      base: fc.bigInt({ min: 0n, max: 10_000_000n }),
      changes: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 1, noNaN: true }),
          amount: fc.bigInt({ min: 0n, max: 10_000_000n }),
        }),
        { maxLength: 5 },
      ),
    })
    .map(({ interval, year, month, startsBefore, end, base, changes }) => {
      const period = feePeriodContaining(`${year}-${String(month).padStart(2, '0')}-01`, interval);
      const days = daysOf(period.from, period.to);
      // The contract's last day, inside the period, or none.
      const endsOn =
        end === null ? null : (days[Math.min(days.length - 1, Math.floor(end * days.length))] as string);
      const dates = changes
        .map((c) => days[Math.min(days.length - 1, Math.floor(c.at * days.length))] as string)
        .sort();
      let amount = base;
      const schedule: FeeRevision[] = [rev(1, startsBefore ? '2019-12-01' : period.from, base)];
      dates.forEach((date, i) => {
        const next = changes[i]?.amount ?? 0n;
        amount = upgradesOnly ? amount + next / 10n : next;
        schedule.push(rev(i + 2, date, amount));
      });
      return { period, days, schedule, endsOn };
    });

describe('proration properties (fast-check, seed 5005)', () => {
  const params = { seed: 5005, numRuns: 400 };

  it('sums the lines of a period to Σ amount_i × days_i / days rounded per piece, close to the exact proration', () => {
    fc.assert(
      fc.property(arbitrarySchedule(false), ({ period, days, schedule, endsOn }) => {
        const lines = feeLinesForPeriod(schedule, period, new Set(), endsOn);
        const billed = lines.reduce((sum, line) => sum + line.netMinor, 0n);
        // The pieces: the first amount over the whole period, each change over its remaining
        // days, all of them up to the contract's end.
        const served = days.filter((d) => endsOn === null || d <= endsOn);
        let previous = 0n;
        let pieces = 0n;
        let exact = 0n; // Σ amount in force on each day served (× days of the period)
        for (const row of schedule) {
          const remaining = served.filter((d) => d >= row.effectiveFrom).length;
          pieces += divideHalfAway((row.amountMinor - previous) * BigInt(remaining), BigInt(days.length));
          previous = row.amountMinor;
        }
        for (const d of served) {
          const inForce = schedule.filter((row) => row.effectiveFrom <= d).at(-1);
          exact += inForce?.amountMinor ?? 0n;
        }
        expect(billed).toBe(pieces);
        // Each rounded piece is within half a minor unit of its exact value.
        const error = billed * BigInt(days.length) - exact;
        expect(2n * (error < 0n ? -error : error)).toBeLessThanOrEqual(BigInt(schedule.length * days.length));
      }),
      params,
    );
  });

  it('never bills a negative line for upgrades, and bills the full amount when nothing changes', () => {
    fc.assert(
      fc.property(arbitrarySchedule(true), ({ period, schedule }) => {
        for (const line of feeLinesForPeriod(schedule, period, new Set()))
          expect(line.netMinor >= 0n).toBe(true);
        const [first] = schedule;
        if (!first) return;
        const unchanged = feeLinesForPeriod([{ ...first, effectiveFrom: period.from }], period, new Set());
        expect(unchanged.map((l) => l.netMinor)).toEqual(first.amountMinor === 0n ? [] : [first.amountMinor]);
      }),
      params,
    );
  });

  it('bills the same total whether the changes are known at the first run or arrive run by run', () => {
    fc.assert(
      fc.property(
        arbitrarySchedule(false),
        fc.integer({ min: 1, max: 6 }),
        ({ period, schedule, endsOn }, known) => {
          const all = feeLinesForPeriod(schedule, period, new Set(), endsOn);
          const firstRun = feeLinesForPeriod(schedule.slice(0, known), period, new Set(), endsOn);
          const billed = new Set(firstRun.flatMap((line) => line.shares.map((s) => s.revision)));
          const secondRun = feeLinesForPeriod(schedule, period, billed, endsOn);
          const total = (lines: typeof all) => lines.reduce((sum, line) => sum + line.netMinor, 0n);
          expect(total(firstRun) + total(secondRun)).toBe(total(all));
          // Nothing billed twice: the runs' revisions are disjoint.
          const again = secondRun.flatMap((line) => line.shares.map((s) => s.revision));
          expect(again.filter((r) => billed.has(r))).toEqual([]);
        },
      ),
      params,
    );
  });
});
