import { describe, expect, it } from 'vitest';
import { divideHalfAway, invoiceTotals, rateBasisPoints, timeLineNet } from './invoice-totals.ts';

describe('invoice totals (EN 16931)', () => {
  it('lines of 100 and 50 at 25% VAT: 150.00 net, 37.50 VAT, 187.50 gross', () => {
    const totals = invoiceTotals([
      { netMinor: 10000n, vatCategory: 'S', vatRate: '25' },
      { netMinor: 5000n, vatCategory: 'S', vatRate: '25.00' },
    ]);
    expect(totals).toEqual({
      netMinor: 15000n,
      vatMinor: 3750n,
      grossMinor: 18750n,
      breakdown: [{ category: 'S', rate: '25', taxableMinor: 15000n, vatMinor: 3750n }],
    });
  });

  it('rounds VAT once per category, not per line', () => {
    // Three lines of 0.05 at 10%: per line 0.01 each (0.03); per category 0.015 → 0.02.
    const line = { netMinor: 5n, vatCategory: 'S', vatRate: '10' } as const;
    expect(invoiceTotals([line, line, line]).vatMinor).toBe(2n);
  });

  it('keeps categories apart; exempt and reverse charge carry no VAT', () => {
    const totals = invoiceTotals([
      { netMinor: 10000n, vatCategory: 'S', vatRate: '20' },
      { netMinor: 3333n, vatCategory: 'E', vatRate: '0' },
      { netMinor: 2000n, vatCategory: 'AE', vatRate: '0' },
      { netMinor: 999n, vatCategory: 'S', vatRate: '7.7' },
    ]);
    expect(totals.breakdown.map((b) => [b.category, b.rate, b.vatMinor])).toEqual([
      ['AE', '0', 0n],
      ['E', '0', 0n],
      ['S', '20', 2000n],
      ['S', '7.7', 77n],
    ]);
    expect(totals.grossMinor).toBe(totals.netMinor + 2077n);
  });

  it('rounds half away from zero', () => {
    expect(divideHalfAway(5n, 10n)).toBe(1n);
    expect(divideHalfAway(-5n, 10n)).toBe(-1n);
    expect(divideHalfAway(4n, 10n)).toBe(0n);
    expect(timeLineNet(90, 15000n)).toBe(22500n);
    expect(timeLineNet(1, 1000n)).toBe(17n);
    expect(rateBasisPoints('7.70')).toBe(770n);
    expect(() => rateBasisPoints('abc')).toThrow();
  });
});
