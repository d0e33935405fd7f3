import { invoiceTotals } from './invoice-totals.ts';
import type { VatTreatment } from './tax-settings.service.ts';

/** A line a billing run drafts: what it bills, and the work (or fee) it bills. */
export interface DraftLine {
  readonly originKind: 'time' | 'expense' | 'milestone' | 'fee';
  readonly originIds: string[];
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: bigint;
  readonly netMinor: bigint;
}

/** A document a billing run drafts, with its totals. */
export interface DraftInvoice {
  /** An invoice, or a credit note of fee credits no invoice can carry (fee-credits.ts). */
  readonly kind: 'invoice' | 'credit_note';
  /** The credit note's corrected invoice. */
  readonly correctsInvoiceId: string | null;
  readonly contractId: string;
  readonly clientId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly currency: string;
  readonly vat: VatTreatment;
  readonly lines: DraftLine[];
  readonly netMinor: bigint;
  readonly vatMinor: bigint;
  readonly grossMinor: bigint;
}

/** The draft with these lines and their totals under its VAT. */
export function withLines(
  draft: Omit<DraftInvoice, 'lines' | 'netMinor' | 'vatMinor' | 'grossMinor'>,
  lines: DraftLine[],
): DraftInvoice {
  const totals = invoiceTotals(
    lines.map((line) => ({
      netMinor: line.netMinor,
      vatCategory: draft.vat.category,
      vatRate: draft.vat.rate,
    })),
  );
  return {
    ...draft,
    lines,
    netMinor: totals.netMinor,
    vatMinor: totals.vatMinor,
    grossMinor: totals.grossMinor,
  };
}
