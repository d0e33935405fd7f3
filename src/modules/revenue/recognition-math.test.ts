import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByStandalonePrice,
  completeMonths,
  percentCompleteCumulative,
  ratableCumulative,
  ratableSchedule,
  splitContractBalance,
  timeValue,
} from './recognition-math.ts';

describe('allocation by standalone selling price', () => {
  it('allocates standalone prices 20/30/40 sold as a bundle for 80 as 18/27/35', () => {
    // Whole units (a currency without minor units, or minor units): exact shares 17.78/26.67/35.56.
    expect(allocateByStandalonePrice(80n, [20n, 30n, 40n])).toEqual([18n, 27n, 35n]);
  });

  it('allocates $20.00/$30.00/$40.00 sold for $80.00 as $17.78/$26.67/$35.55', () => {
    expect(allocateByStandalonePrice(8000n, [2000n, 3000n, 4000n])).toEqual([1778n, 2667n, 3555n]);
  });

  it('gives a tie to the earlier part, whatever the order of equal remainders', () => {
    expect(allocateByStandalonePrice(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocateByStandalonePrice(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocateByStandalonePrice(0n, [5n, 0n])).toEqual([0n, 0n]);
  });

  it('refuses a bundle without a positive standalone price', () => {
    expect(() => allocateByStandalonePrice(100n, [0n, 0n])).toThrow(RangeError);
  });

  it('always sums exactly to the price, each part within one unit of its exact share (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 }),
        (price, ssps) => {
          fc.pre(ssps.some((ssp) => ssp > 0n));
          const parts = allocateByStandalonePrice(price, ssps);
          const total = ssps.reduce((a, b) => a + b, 0n);
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(price);
          for (const [index, part] of parts.entries()) {
            const exactTimesTotal = price * (ssps[index] as bigint);
            // floor(exact) <= part <= floor(exact) + 1
            expect(part * total <= exactTimesTotal + total).toBe(true);
            expect(part * total >= exactTimesTotal - total).toBe(true);
            expect(part >= 0n).toBe(true);
          }
        },
      ),
      { seed: 20260515, numRuns: 500 },
    );
  });
});

describe('ratable recognition by day', () => {
  it('recognizes $31 for a month starting on the 15th of a 31-day month as $17 in it and defers $14', () => {
    const service = { start: '2026-01-15', end: '2026-02-14' }; // 17 days in January, 14 in February
    expect(ratableCumulative(3100n, service, '2026-01-31')).toBe(1700n);
    expect(3100n - ratableCumulative(3100n, service, '2026-01-31')).toBe(1400n);
    expect(ratableSchedule(3100n, service).map((line) => [line.period.start, line.amountMinor])).toEqual([
      ['2026-01-01', 1700n],
      ['2026-02-01', 1400n],
    ]);
  });

  it('sums to the price over any service, month by month (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 800 }),
        (price, offset, length) => {
          const day = (n: number) =>
            new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const service = { start: day(offset), end: day(offset + length) };
          const schedule = ratableSchedule(price, service);
          expect(schedule.reduce((sum, line) => sum + line.amountMinor, 0n)).toBe(price);
          expect(schedule.every((line) => line.amountMinor >= 0n)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('lists the complete calendar months up to a day', () => {
    expect(completeMonths('2026-01-15', '2026-03-30')).toEqual([
      { start: '2026-01-01', end: '2026-01-31' },
      { start: '2026-02-01', end: '2026-02-28' },
    ]);
    expect(completeMonths('2024-02-10', '2024-02-29')).toEqual([{ start: '2024-02-01', end: '2024-02-29' }]);
  });
});

describe('percent complete, time and the contract balance', () => {
  it('recognizes cost to cost: $500 of $1,000 estimated cost earns half of a $500 fee, never beyond it', () => {
    expect(percentCompleteCumulative(50_000n, 50_000n, 100_000n)).toBe(25_000n);
    expect(percentCompleteCumulative(10_000n, 1n, 3n)).toBe(3_333n);
    expect(percentCompleteCumulative(10_000n, 2n, 3n)).toBe(6_667n);
    expect(percentCompleteCumulative(50_000n, 250_000n, 100_000n)).toBe(50_000n);
  });

  it('values time as billing does: 50 minutes at $100.01 an hour is $83.34', () => {
    expect(timeValue(50, 10_001n)).toBe(8_334n);
  });

  it('takes recognized revenue from deferred revenue first, and billed amounts from unbilled revenue first', () => {
    expect(splitContractBalance({ unbilledMinor: 0n, deferredMinor: 3_100n }, 1_700n)).toEqual({
      unbilledMinor: 0n,
      deferredMinor: -1_700n,
    });
    expect(splitContractBalance({ unbilledMinor: 0n, deferredMinor: 500n }, 1_700n)).toEqual({
      unbilledMinor: 1_200n,
      deferredMinor: -500n,
    });
    expect(splitContractBalance({ unbilledMinor: 10_000n, deferredMinor: 0n }, -12_000n)).toEqual({
      unbilledMinor: -10_000n,
      deferredMinor: 2_000n,
    });
  });
});
