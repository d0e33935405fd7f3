/** EN 16931 VAT categories: standard, zero rated, exempt, reverse charge, not subject. */
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'O'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/** A line as the totals see it: its net amount (rounded per line) and its VAT. */
export interface TotalsLine {
  readonly netMinor: bigint;
  readonly vatCategory: VatCategory;
  /** The percent rate with at most two decimals ("25", "7.70"). */
  readonly vatRate: string;
}

export interface VatBreakdown {
  readonly category: VatCategory;
  readonly rate: string;
  readonly taxableMinor: bigint;
  readonly vatMinor: bigint;
}

export interface InvoiceTotals {
  readonly netMinor: bigint;
  readonly vatMinor: bigint;
  readonly grossMinor: bigint;
  readonly breakdown: readonly VatBreakdown[];
}

/** A percent rate with at most two decimals as hundredths of a percent (25 → 2500). */
export function rateBasisPoints(rate: string): bigint {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(rate);
  if (!match) throw new Error(`not a VAT rate: ${rate}`);
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** `numerator / denominator` rounded half away from zero (denominator > 0). */
export function divideHalfAway(numerator: bigint, denominator: bigint): bigint {
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator * sign;
  return sign * ((magnitude * 2n + denominator) / (denominator * 2n));
}

/** A line's net amount: minutes at an hourly rate (minor units), rounded per line. */
export function timeLineNet(minutes: number, hourlyRateMinor: bigint): bigint {
  return divideHalfAway(BigInt(minutes) * hourlyRateMinor, 60n);
}

/** The canonical form of a rate ("25.00" → "25", "7.7" → "7.7"). */
function canonicalRate(rate: string): string {
  const bp = rateBasisPoints(rate);
  const whole = bp / 100n;
  const cents = bp % 100n;
  return cents === 0n ? `${whole}` : `${whole}.${cents.toString().padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * Document totals per EN 16931: the sum of line net amounts; VAT per category and rate, computed
 * on the category's taxable amount and rounded (half away from zero) to the minor unit once per
 * category; gross = net + VAT.
 */
export function invoiceTotals(lines: readonly TotalsLine[]): InvoiceTotals {
  const groups = new Map<string, { category: VatCategory; rate: string; taxable: bigint }>();
  let net = 0n;
  for (const line of lines) {
    net += line.netMinor;
    const rate = canonicalRate(line.vatRate);
    const key = `${line.vatCategory}:${rate}`;
    const group = groups.get(key) ?? { category: line.vatCategory, rate, taxable: 0n };
    group.taxable += line.netMinor;
    groups.set(key, group);
  }
  const breakdown = [...groups.values()]
    .sort((a, b) => (a.category + a.rate < b.category + b.rate ? -1 : 1))
    .map((group) => ({
      category: group.category,
      rate: group.rate,
      taxableMinor: group.taxable,
      vatMinor: divideHalfAway(group.taxable * rateBasisPoints(group.rate), 10000n),
    }));
  const vat = breakdown.reduce((sum, group) => sum + group.vatMinor, 0n);
  return { netMinor: net, vatMinor: vat, grossMinor: net + vat, breakdown };
}
