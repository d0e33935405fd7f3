import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideHalfAway,
  invoiceTotals,
  rateBasisPoints,
  type TotalsAllowance,
  type TotalsLine,
  timeLineNet,
  VAT_CATEGORIES,
} from './invoice-totals.ts';

describe('invoice totals (EN 16931)', () => {
  it('lines of 100 and 50 at 25% VAT: 150.00 net, 37.50 VAT, 187.50 gross', () => {
    const totals = invoiceTotals([
      { netMinor: 10000n, vatCategory: 'S', vatRate: '25' },
      { netMinor: 5000n, vatCategory: 'S', vatRate: '25.00' },
    ]);
    expect(totals).toEqual({
      lineNetMinor: 15000n,
      allowanceMinor: 0n,
      chargeMinor: 0n,
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

  it('lines of 100 and 50 with a document allowance of 10 at 25% VAT: 140.00 net, 35.00 VAT, 175.00 gross', () => {
    const totals = invoiceTotals(
      [
        { netMinor: 10000n, vatCategory: 'S', vatRate: '25' },
        { netMinor: 5000n, vatCategory: 'S', vatRate: '25' },
      ],
      [{ kind: 'allowance', amountMinor: 1000n, vatCategory: 'S', vatRate: '25' }],
    );
    expect(totals).toEqual({
      lineNetMinor: 15000n,
      allowanceMinor: 1000n,
      chargeMinor: 0n,
      netMinor: 14000n,
      vatMinor: 3500n,
      grossMinor: 17500n,
      breakdown: [{ category: 'S', rate: '25', taxableMinor: 14000n, vatMinor: 3500n }],
    });
  });

  it('puts a charge and an allowance in their own categories', () => {
    // 200.00 at 20% with a 5.00 charge at 20%; 50.00 exempt with a 0.01 allowance exempt.
    const totals = invoiceTotals(
      [
        { netMinor: 20000n, vatCategory: 'S', vatRate: '20' },
        { netMinor: 5000n, vatCategory: 'E', vatRate: '0' },
      ],
      [
        { kind: 'charge', amountMinor: 500n, vatCategory: 'S', vatRate: '20' },
        { kind: 'allowance', amountMinor: 1n, vatCategory: 'E', vatRate: '0' },
      ],
    );
    expect(totals.breakdown.map((b) => [b.category, b.taxableMinor, b.vatMinor])).toEqual([
      ['E', 4999n, 0n],
      ['S', 20500n, 4100n],
    ]);
    expect([totals.netMinor, totals.vatMinor, totals.grossMinor]).toEqual([25499n, 4100n, 29599n]);
    expect(() =>
      invoiceTotals([], [{ kind: 'charge', amountMinor: 0n, vatCategory: 'S', vatRate: '20' }]),
    ).toThrow();
  });

  it('always has gross = net + the VAT of its categories, net = lines − allowances + charges (property)', () => {
    const vat = fc.oneof(
      fc.record({
        vatCategory: fc.constant('S' as const),
        vatRate: fc.constantFrom('25', '20', '7.7', '5.5', '19'),
      }),
      fc.record({
        vatCategory: fc.constantFrom(...VAT_CATEGORIES.filter((c) => c !== 'S')),
        vatRate: fc.constant('0'),
      }),
    );
    const line: fc.Arbitrary<TotalsLine> = fc
      .tuple(fc.bigInt({ min: -1_000_000n, max: 100_000_000n }), vat)
      .map(([netMinor, v]) => ({ netMinor, ...v }));
    const allowance: fc.Arbitrary<TotalsAllowance> = fc
      .tuple(
        fc.constantFrom('allowance' as const, 'charge' as const),
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        vat,
      )
      .map(([kind, amountMinor, v]) => ({ kind, amountMinor, ...v }));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.array(allowance, { maxLength: 4 }),
        (lines, items) => {
          const totals = invoiceTotals(lines, items);
          const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
          const signed = (a: TotalsAllowance) => (a.kind === 'allowance' ? -a.amountMinor : a.amountMinor);
          expect(totals.lineNetMinor).toBe(sum(lines.map((l) => l.netMinor)));
          expect(totals.netMinor).toBe(totals.lineNetMinor - totals.allowanceMinor + totals.chargeMinor);
          expect(totals.netMinor).toBe(sum([...lines.map((l) => l.netMinor), ...items.map(signed)]));
          expect(sum(totals.breakdown.map((b) => b.taxableMinor))).toBe(totals.netMinor);
          expect(totals.vatMinor).toBe(sum(totals.breakdown.map((b) => b.vatMinor)));
          expect(totals.grossMinor).toBe(totals.netMinor + totals.vatMinor);
          for (const b of totals.breakdown) {
            // Rounded once per category: within half a minor unit of the exact VAT.
            const exact = b.taxableMinor * rateBasisPoints(b.rate);
            const diff = b.vatMinor * 10000n - exact;
            expect(diff <= 5000n && diff >= -5000n).toBe(true);
            if (b.category !== 'S') expect(b.vatMinor).toBe(0n);
          }
        },
      ),
      { seed: 20261130, numRuns: 500 },
    );
  });
});
