import { divideRounded } from '../ledger/index.ts';
import {
  canonicalRate,
  type UblAllowanceCharge,
  type UblLine,
  type UblTotals,
  type UblVatBreakdown,
  type UblVatCategory,
} from './ubl-document.ts';

/** A rate's hundredths of a percent ("25" → 2500, "7.7" → 770); throws on anything else. */
export function rateHundredths(rate: string): bigint {
  const canonical = canonicalRate(rate);
  if (canonical === null) throw new RangeError(`not a VAT rate: ${rate}`);
  const [whole = '0', fraction = ''] = canonical.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** The breakdown key of a category and rate: O has no rate, Z/E/AE only 0. */
export function breakdownKey(category: UblVatCategory, rate: string): string {
  return category === 'O' ? 'O' : `${category}:${canonicalRate(rate) ?? rate}`;
}

/** VAT of a category's taxable amount: taxable × rate, rounded half away from zero once (BR-CO-17). */
export function categoryVat(category: UblVatCategory, rate: string, taxableMinor: bigint): bigint {
  if (category !== 'S') return 0n;
  return divideRounded(taxableMinor * rateHundredths(rate), 10_000n);
}

/**
 * The VAT breakdown and totals EN 16931 derives from lines and document allowances and charges:
 * per category and rate, taxable = lines − allowances + charges, VAT rounded once per group;
 * net = Σ lines − allowances + charges; gross = net + VAT; payable = gross − prepaid. For
 * callers that hold lines but not totals (tests, a loader before totals are stored).
 */
export function deriveUblAmounts(input: {
  readonly lines: readonly UblLine[];
  readonly allowanceCharges?: readonly UblAllowanceCharge[];
  readonly prepaidMinor?: bigint;
  /** Exemption reason and code per category (E needs one; AE and O have defaults). */
  readonly exemptions?: Partial<Record<UblVatCategory, { readonly reason?: string; readonly code?: string }>>;
}): { vatBreakdown: UblVatBreakdown[]; totals: UblTotals } {
  const groups = new Map<string, { category: UblVatCategory; rate: string; taxable: bigint }>();
  const add = (category: UblVatCategory, rate: string, amount: bigint) => {
    const key = breakdownKey(category, rate);
    const group = groups.get(key) ?? { category, rate: category === 'O' ? '0' : rate, taxable: 0n };
    group.taxable += amount;
    groups.set(key, group);
  };
  let lineNet = 0n;
  let allowances = 0n;
  let charges = 0n;
  for (const line of input.lines) {
    lineNet += line.netMinor;
    add(line.vatCategory, line.vatRate, line.netMinor);
  }
  for (const item of input.allowanceCharges ?? []) {
    if (item.kind === 'allowance') allowances += item.amountMinor;
    else charges += item.amountMinor;
    add(item.vatCategory, item.vatRate, item.kind === 'allowance' ? -item.amountMinor : item.amountMinor);
  }
  const vatBreakdown = [...groups.values()].map((group): UblVatBreakdown => {
    const exemption = input.exemptions?.[group.category];
    return {
      category: group.category,
      rate: canonicalRate(group.rate) ?? group.rate,
      taxableMinor: group.taxable,
      vatMinor: categoryVat(group.category, group.rate, group.taxable),
      ...(exemption?.reason === undefined ? {} : { exemptionReason: exemption.reason }),
      ...(exemption?.code === undefined ? {} : { exemptionCode: exemption.code }),
    };
  });
  const net = lineNet - allowances + charges;
  const vat = vatBreakdown.reduce((sum, group) => sum + group.vatMinor, 0n);
  const prepaid = input.prepaidMinor ?? 0n;
  return {
    vatBreakdown,
    totals: {
      lineNetMinor: lineNet,
      allowancesMinor: allowances,
      chargesMinor: charges,
      netMinor: net,
      vatMinor: vat,
      grossMinor: net + vat,
      ...(input.prepaidMinor === undefined ? {} : { prepaidMinor: prepaid }),
      payableMinor: net + vat - prepaid,
    },
  };
}
