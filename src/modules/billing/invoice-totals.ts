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

/** A document level allowance (reduces the taxable amount) or charge (adds to it), EN 16931 BG-20/21. */
export interface TotalsAllowance {
  readonly kind: 'allowance' | 'charge';
  /** Positive, in minor units. */
  readonly amountMinor: bigint;
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

export interface InvoiceTotals {
  /** Sum of the line net amounts (BT-106). */
  readonly lineNetMinor: bigint;
  /** Sum of the document allowances (BT-107) and charges (BT-108). */
  readonly allowanceMinor: bigint;
  readonly chargeMinor: bigint;
  /** Document net, without VAT (BT-109): lines − allowances + charges. */
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
export function canonicalRate(rate: string): string {
  const bp = rateBasisPoints(rate);
  const whole = bp / 100n;
  const cents = bp % 100n;
  return cents === 0n ? `${whole}` : `${whole}.${cents.toString().padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * Document totals per EN 16931: the sum of line net amounts (BT-106); the document net (BT-109)
 * is that minus the allowances plus the charges; VAT per category and rate is computed on the
 * category's taxable amount (its lines − its allowances + its charges) and rounded (half away
 * from zero) to the minor unit once per category; gross = net + VAT.
 */
export function invoiceTotals(
  lines: readonly TotalsLine[],
  allowances: readonly TotalsAllowance[] = [],
): InvoiceTotals {
  const groups = new Map<string, { category: VatCategory; rate: string; taxable: bigint }>();
  const addTo = (category: VatCategory, vatRate: string, amount: bigint) => {
    const rate = canonicalRate(vatRate);
    const key = `${category}:${rate}`;
    const group = groups.get(key) ?? { category, rate, taxable: 0n };
    group.taxable += amount;
    groups.set(key, group);
  };
  let lineNet = 0n;
  let allowance = 0n;
  let charge = 0n;
  for (const line of lines) {
    lineNet += line.netMinor;
    addTo(line.vatCategory, line.vatRate, line.netMinor);
  }
  for (const item of allowances) {
    if (item.amountMinor <= 0n) throw new RangeError('an allowance or charge is a positive amount');
    if (item.kind === 'allowance') allowance += item.amountMinor;
    else charge += item.amountMinor;
    addTo(item.vatCategory, item.vatRate, item.kind === 'allowance' ? -item.amountMinor : item.amountMinor);
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
  const net = lineNet - allowance + charge;
  return {
    lineNetMinor: lineNet,
    allowanceMinor: allowance,
    chargeMinor: charge,
    netMinor: net,
    vatMinor: vat,
    grossMinor: net + vat,
    breakdown,
  };
}
