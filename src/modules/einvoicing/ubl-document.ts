/**
 * The input of the UBL export: an issued invoice or credit note as EN 16931 sees it, independent
 * of where it comes from (the loader reads it from the database; tests build it by hand).
 *
 * Amounts are bigint minor units of the document currency (cents for EUR, yen for JPY), as shown
 * on the document: a credit note's amounts are positive (the CreditNote says they are credited).
 * Rates are percent strings with at most two decimals ("25", "7.7"), as billing stores them.
 * Dates are `YYYY-MM-DD`. BT-/BG- numbers in the comments are EN 16931's business terms.
 */

/** EN 16931 VAT categories Tessera uses: standard, zero rated, exempt, reverse charge, not subject. */
export type UblVatCategory = 'S' | 'Z' | 'E' | 'AE' | 'O';
export const UBL_VAT_CATEGORIES: readonly UblVatCategory[] = Object.freeze(['S', 'Z', 'E', 'AE', 'O']);

/** Seller (BG-4) or buyer (BG-7). */
export interface UblParty {
  /** BT-27 / BT-44. */
  readonly name: string;
  /** BT-29 / BT-46: an identifier of the party (no scheme). */
  readonly identifier?: string;
  /** BT-31 / BT-48: VAT identifier with its ISO 3166 country prefix ("DE123456789"; Greece "EL"). */
  readonly vatId?: string;
  /** BT-32 (seller only): a tax registration identifier that is not a VAT identifier. */
  readonly taxRegistrationId?: string;
  /** BT-30 / BT-47: legal (company) registration identifier. */
  readonly legalRegistrationId?: string;
  /** BT-35 / BT-50. */
  readonly addressLine?: string;
  /** BT-37 / BT-52. */
  readonly city?: string;
  /** BT-38 / BT-53. */
  readonly postalCode?: string;
  /** BT-40 / BT-55: ISO 3166-1 alpha-2. */
  readonly country: string;
}

/** An invoice line (BG-25). */
export interface UblLine {
  /** BT-126: unique within the document. */
  readonly id: string;
  /** BT-153 (item name); written as BT-154 (description) too when longer than a name should be. */
  readonly description: string;
  /** BT-129: a decimal string ("7.5"); negative only for a negative line (its price stays positive). */
  readonly quantity: string;
  /** BT-130: UN/ECE rec. 20 — `HUR` hours, `MIN` minutes, `C62` units (one). */
  readonly unitCode: string;
  /** BT-131: the line's net amount as billed (rounded per line). */
  readonly netMinor: bigint;
  /** BT-146: the net price, never negative; BT-149 base quantity (same unit as the quantity). */
  readonly price: { readonly amountMinor: bigint; readonly baseQuantity?: string };
  /** BT-151. */
  readonly vatCategory: UblVatCategory;
  /** BT-152: 0 for Z, E, AE; ignored (and not written) for O. */
  readonly vatRate: string;
}

/** A document-level allowance (BG-20) or charge (BG-21). */
export interface UblAllowanceCharge {
  readonly kind: 'allowance' | 'charge';
  /** BT-97 / BT-104; a reason or a reason code (or both) is required. */
  readonly reason?: string;
  /** BT-98 (UNCL 5189, e.g. "95" discount) / BT-105 (UNCL 7161, e.g. "FC" freight). */
  readonly reasonCode?: string;
  /** BT-92 / BT-99, not negative. */
  readonly amountMinor: bigint;
  readonly vatCategory: UblVatCategory;
  readonly vatRate: string;
}

/** A VAT breakdown (BG-23): one per category and rate used by the lines, allowances and charges. */
export interface UblVatBreakdown {
  readonly category: UblVatCategory;
  readonly rate: string;
  /** BT-116: lines − allowances + charges of this category and rate. */
  readonly taxableMinor: bigint;
  /** BT-117: 0 unless S. */
  readonly vatMinor: bigint;
  /** BT-120: required for E (or a code); defaults to "Reverse charge" / "Not subject to VAT" for AE / O. */
  readonly exemptionReason?: string;
  /** BT-121: VATEX code; defaults to VATEX-EU-AE / VATEX-EU-O for AE / O. */
  readonly exemptionCode?: string;
}

/** Document totals (BG-22). */
export interface UblTotals {
  /** BT-106: Σ line net amounts. */
  readonly lineNetMinor: bigint;
  /** BT-107. */
  readonly allowancesMinor: bigint;
  /** BT-108. */
  readonly chargesMinor: bigint;
  /** BT-109 = BT-106 − BT-107 + BT-108. */
  readonly netMinor: bigint;
  /** BT-110 = Σ BT-117. */
  readonly vatMinor: bigint;
  /** BT-112 = BT-109 + BT-110. */
  readonly grossMinor: bigint;
  /** BT-113: already paid. */
  readonly prepaidMinor?: bigint;
  /** BT-115 = BT-112 − BT-113. */
  readonly payableMinor: bigint;
}

export interface UblDocument {
  readonly kind: 'invoice' | 'credit_note';
  /** BT-1. */
  readonly number: string;
  /** BT-2. */
  readonly issueDate: string;
  /** BT-9; on a credit note UBL carries it in the payment means, so it needs `paymentMeans`. */
  readonly dueDate?: string;
  /** BT-22. */
  readonly note?: string;
  /** BT-5: ISO 4217, minor unit of at most two decimals (EN 16931 amounts have at most two). */
  readonly currency: string;
  /** BT-6 and BT-111: the VAT accounting currency and the total VAT in it (seller's functional currency). */
  readonly taxCurrency?: { readonly code: string; readonly vatMinor: bigint };
  /** BT-10. */
  readonly buyerReference?: string;
  /** BT-13. */
  readonly orderReference?: string;
  /** BT-12. */
  readonly contractReference?: string;
  /** BG-14: BT-73, BT-74. */
  readonly invoicePeriod?: { readonly start: string; readonly end: string };
  /** BG-3: the invoice a credit note corrects (required on credit notes). */
  readonly precedingInvoice?: { readonly number: string; readonly issueDate?: string };
  readonly seller: UblParty;
  readonly buyer: UblParty;
  /** BT-20. */
  readonly paymentTerms?: string;
  /** BG-16: BT-81 UNCL 4461 code ("30" credit transfer, "58" SEPA credit transfer), BT-84 account. */
  readonly paymentMeans?: { readonly code: string; readonly iban?: string; readonly paymentId?: string };
  readonly lines: readonly UblLine[];
  readonly allowanceCharges?: readonly UblAllowanceCharge[];
  readonly vatBreakdown: readonly UblVatBreakdown[];
  readonly totals: UblTotals;
}

/** UBL's names for the two documents. */
export const UBL_SYNTAX = Object.freeze({
  invoice: { root: 'Invoice', line: 'InvoiceLine', quantity: 'InvoicedQuantity', typeCode: '380' },
  credit_note: { root: 'CreditNote', line: 'CreditNoteLine', quantity: 'CreditedQuantity', typeCode: '381' },
});

/** The canonical text of a percent rate ("25.00" → "25", "7.70" → "7.7"); null when not a rate. */
export function canonicalRate(rate: string): string | null {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(rate);
  if (!match) return null;
  const whole = String(Number(match[1]));
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
