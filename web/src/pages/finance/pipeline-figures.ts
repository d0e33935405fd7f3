import type { BillingRunResult, Invoice, RevenueBalances } from './finance-types.ts';

export const STAGES = ['unbilledWork', 'unbilledRevenue', 'draft', 'approved', 'issued', 'paid'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABEL: Record<Stage, string> = {
  unbilledWork: 'Unbilled work',
  unbilledRevenue: 'Unbilled revenue',
  draft: 'Draft invoices',
  approved: 'Approved invoices',
  issued: 'Issued, unpaid',
  paid: 'Paid',
};

/** Amounts in minor units per currency and stage. */
export type Pipeline = Map<string, Record<Stage, bigint>>;

/**
 * Sums the pipeline per currency: approved work a billing run would draft (its preview), revenue
 * recognized but not billed (revenue balances), then invoice totals by state. Void invoices and
 * credit notes are left out.
 */
export function pipelineOf(
  invoices: readonly Invoice[],
  previews: readonly BillingRunResult[],
  balances: readonly RevenueBalances[],
): Pipeline {
  const pipeline: Pipeline = new Map();
  const row = (currency: string) => {
    let figures = pipeline.get(currency);
    if (!figures) {
      figures = { unbilledWork: 0n, unbilledRevenue: 0n, draft: 0n, approved: 0n, issued: 0n, paid: 0n };
      pipeline.set(currency, figures);
    }
    return figures;
  };
  // A fee credit that would go to a credit note lowers what the runs would bill.
  for (const preview of previews)
    for (const draft of preview.preview)
      row(draft.currency).unbilledWork += BigInt(
        draft.kind === 'credit_note' ? -draft.grossMinor : draft.grossMinor,
      );
  for (const balance of balances)
    for (const total of balance.totals) row(total.currency).unbilledRevenue += BigInt(total.unbilledMinor);
  for (const invoice of invoices)
    if (invoice.kind === 'invoice' && invoice.status !== 'void')
      row(invoice.currency)[invoice.status] += BigInt(invoice.grossMinor);
  return pipeline;
}
