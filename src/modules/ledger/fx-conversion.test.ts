import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateMinor,
  convertMinor,
  divideRounded,
  formatRate,
  invertRate,
  isRate,
  minorUnitExponent,
  normalizeRate,
  parseRate,
} from './fx-conversion.ts';

describe('rates', () => {
  it('are exact decimals with at most 10 decimals, printed as PostgreSQL prints numeric(18,10)', () => {
    expect(normalizeRate('1.085')).toBe('1.0850000000');
    expect(normalizeRate('0.0000000001')).toBe('0.0000000001');
    expect(normalizeRate('99999999.9999999999')).toBe('99999999.9999999999');
    expect(parseRate('1.1')).toBe(11_000_000_000n);
    expect(formatRate(1n)).toBe('0.0000000001');
    for (const bad of ['0', '0.0', '-1', '1e3', '1.12345678901', '123456789', '.5', 'NaN', '1,5'])
      expect(isRate(bad), bad).toBe(false);
  });

  it('invert to 10 decimals, rounded half away from zero', () => {
    expect(invertRate('2')).toBe('0.5000000000');
    expect(invertRate('3')).toBe('0.3333333333');
    expect(invertRate('0.8500000000')).toBe('1.1764705882');
    expect(invertRate('1.5')).toBe('0.6666666667');
  });
});

describe('converting minor units', () => {
  it('reproduces known answers, rounding half away from zero', () => {
    // 100.00 EUR at 1.0850 USD = 108.50 USD
    expect(convertMinor(10_000n, 'EUR', 'USD', '1.085')).toBe(10_850n);
    // 0.05 EUR at 1.1 = 0.055 USD → 0.06 (half up), not 0.05 (half even)
    expect(convertMinor(5n, 'EUR', 'USD', '1.1')).toBe(6n);
    // 0.15 EUR at 0.5 = 0.075 → 0.08
    expect(convertMinor(15n, 'EUR', 'GBP', '0.5')).toBe(8n);
    // 0.25 at 0.5 = 0.125 → 0.13
    expect(convertMinor(25n, 'EUR', 'GBP', '0.5')).toBe(13n);
    // 1,234.56 GBP at 1.2678901234 USD = 1,565.30... USD
    expect(convertMinor(123_456n, 'GBP', 'USD', '1.2678901234')).toBe(156_529n);
    // JPY has no minor unit: 1,000.00 USD at 151.234 = 151,234 JPY
    expect(convertMinor(100_000n, 'USD', 'JPY', '151.234')).toBe(151_234n);
    // and back: 151,234 JPY at 0.0066123 USD = 1,000.0046... USD → 1,000.00
    expect(convertMinor(151_234n, 'JPY', 'USD', '0.0066123')).toBe(100_000n);
    // KWD has three decimals: 10.00 EUR at 0.333 = 3.330 KWD
    expect(convertMinor(1_000n, 'EUR', 'KWD', '0.333')).toBe(3_330n);
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('BHD')).toBe(3);
  });

  it('rounds negative amounts symmetrically', () => {
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-4n, 3n)).toBe(-1n);
    expect(convertMinor(-5n, 'EUR', 'USD', '1.1')).toBe(-6n);
  });

  it('is exact: the result is within half a minor unit of the true product', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
        (amount, scaledRate) => {
          const converted = convertMinor(amount, 'EUR', 'USD', formatRate(scaledRate));
          // |converted * 10^10 - amount * rate| <= 10^10 / 2
          const error = converted * 10n ** 10n - amount * scaledRate;
          return (error < 0n ? -error : error) * 2n <= 10n ** 10n;
        },
      ),
      { seed: 20_261_130, numRuns: 500 },
    );
  });
});

describe('allocating a total', () => {
  it('splits by largest remainder, the earlier part first on a tie', () => {
    expect(allocateMinor(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocateMinor(8_000n, [2_000n, 3_000n, 4_000n])).toEqual([1_778n, 2_667n, 3_555n]);
    expect(allocateMinor(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(allocateMinor(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(() => allocateMinor(1n, [0n])).toThrow();
  });

  it('always sums exactly to the total, each part within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          fc.pre(weights.some((weight) => weight > 0n));
          const parts = allocateMinor(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0n);
          return (
            parts.reduce((a, b) => a + b, 0n) === total &&
            parts.every((part, i) => {
              const exact = total * (weights[i] as bigint);
              const error = part * sum - exact;
              return (error < 0n ? -error : error) < sum;
            })
          );
        },
      ),
      { seed: 20_261_130, numRuns: 500 },
    );
  });
});
