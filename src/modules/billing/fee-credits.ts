import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { createCreditNote } from './credit-note.service.ts';
import { type DraftInvoice, type DraftLine, withLines } from './draft-invoice.ts';
import type { RunFeeLines } from './fee-lines.ts';
import type { Invoice } from './invoice.service.ts';
import type { VatCategory } from './invoice-totals.ts';

/**
 * A fee credit a run moves to a credit note: a negative fee line of a contract whose draft nets to
 * nothing or less — a downgrade or a stop after its period was billed in advance, with no later
 * charge to net against — credited on the fee line of the issued invoice that billed the period.
 */
export interface FeeCredit {
  readonly contractId: string;
  readonly line: DraftLine;
  /** The issued (or paid) invoice that billed the line's period, and its fee line credited. */
  readonly invoiceId: string;
  readonly invoiceLineId: string;
  /** The credited line's VAT, which the credit note's line keeps. */
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

interface BilledLineRow {
  invoice_id: string;
  invoice_line_id: string;
  vat_category: VatCategory;
  vat_rate: string;
  left_minor: string;
}

/**
 * The fee credits of the run's drafts that cannot be invoiced: an invoice is issued only with a
 * positive net, so a draft netting to zero or less would never reach the client. Each negative
 * fee line of such a draft is credited instead on the fee line of the period's issued invoice
 * with the most left to credit (and enough for it). A credit whose period is billed only on a
 * draft invoice, or on lines with too little left, stays on the draft, which then waits (void the
 * earlier draft and run again: the period is billed afresh).
 */
export async function planFeeCredits(
  tx: TenantTransaction,
  drafts: readonly DraftInvoice[],
  fees: RunFeeLines,
): Promise<FeeCredit[]> {
  const credits: FeeCredit[] = [];
  // What this run already plans to credit of each invoice line.
  const planned = new Map<string, bigint>();
  for (const draft of drafts) {
    if (draft.netMinor > 0n) continue;
    for (const line of draft.lines) {
      const fee = fees.feeLineOf(line);
      if (!fee || line.netMinor >= 0n) continue;
      const wanted = -line.netMinor;
      const { rows } = await sql<BilledLineRow>`
        SELECT DISTINCT b.invoice_id, b.invoice_line_id, l.vat_category, l.vat_rate::text AS vat_rate,
          (l.net_minor - coalesce((SELECT sum(c.net_minor) FROM invoice_lines c
            JOIN invoices cn ON cn.tenant_id = c.tenant_id AND cn.id = c.invoice_id
            WHERE c.tenant_id = l.tenant_id AND c.corrects_line_id = l.id AND cn.status <> 'void'), 0))::text AS left_minor
        FROM contract_fee_billings b
        JOIN invoices i ON i.tenant_id = b.tenant_id AND i.id = b.invoice_id
        JOIN invoice_lines l ON l.tenant_id = b.tenant_id AND l.id = b.invoice_line_id
        WHERE b.tenant_id = ${tx.ctx.tenantId} AND b.contract_id = ${fee.contractId}
          AND b.period_from = ${fee.period.from}::date AND b.released_at IS NULL
          AND i.kind = 'invoice' AND i.status IN ('issued', 'paid')
        ORDER BY b.invoice_line_id`.execute(tx.db);
      const target = rows
        .map((row) => ({ ...row, left: BigInt(row.left_minor) - (planned.get(row.invoice_line_id) ?? 0n) }))
        .sort((a, b) => (a.left === b.left ? 0 : a.left > b.left ? -1 : 1))
        .find((row) => row.left >= wanted);
      if (!target) continue;
      planned.set(target.invoice_line_id, (planned.get(target.invoice_line_id) ?? 0n) + wanted);
      credits.push({
        contractId: fee.contractId,
        line,
        invoiceId: target.invoice_id,
        invoiceLineId: target.invoice_line_id,
        vatCategory: target.vat_category,
        vatRate: target.vat_rate,
      });
    }
  }
  return credits;
}

/** Groups credits by the invoice they correct, in the order first met. */
function byInvoice(credits: readonly FeeCredit[]): Map<string, FeeCredit[]> {
  const groups = new Map<string, FeeCredit[]>();
  for (const credit of credits)
    groups.set(credit.invoiceId, [...(groups.get(credit.invoiceId) ?? []), credit]);
  return groups;
}

/**
 * The credit notes a dry run would draft, as previews: one per corrected invoice, its lines the
 * credits as positive amounts (as a credit note shows them) under the credited lines' VAT.
 */
export function previewFeeCredits(
  credits: readonly FeeCredit[],
  drafts: readonly DraftInvoice[],
): DraftInvoice[] {
  return [...byInvoice(credits)].flatMap(([invoiceId, group]) => {
    const first = group[0] as FeeCredit;
    const draft = drafts.find((d) => d.contractId === first.contractId);
    if (!draft) return [];
    return [
      withLines(
        {
          ...draft,
          kind: 'credit_note',
          correctsInvoiceId: invoiceId,
          vat: {
            category: first.vatCategory,
            rate: first.vatRate,
            exemptionReason: null,
            exemptionCode: null,
          },
        },
        group.map(({ line }) => ({
          ...line,
          quantity: 1,
          unitPriceMinor: -line.netMinor,
          netMinor: -line.netMinor,
        })),
      ),
    ];
  });
}

/**
 * Drafts one credit note per invoice the credits correct (one line per fee line credited, the
 * amounts of several credits of one line added up) and claims each credit's fee shares for the
 * credit note's line, as a billing of the period (`contract_fee_billings`, negative amounts).
 * The credit note says why: the reason is the fee line's own text. A share claimed meanwhile by
 * another run is a CONFLICT, as for any line of the run.
 */
export async function draftFeeCredits(
  tx: TenantTransaction,
  credits: readonly FeeCredit[],
  fees: RunFeeLines,
): Promise<Invoice[]> {
  const creditNotes: Invoice[] = [];
  for (const [invoiceId, group] of byInvoice(credits)) {
    const amounts = new Map<string, bigint>();
    for (const credit of group)
      amounts.set(credit.invoiceLineId, (amounts.get(credit.invoiceLineId) ?? 0n) - credit.line.netMinor);
    const { creditNote } = await createCreditNote(tx, invoiceId, {
      reason: [...new Set(group.map((credit) => credit.line.description))].join('; ').slice(0, 500),
      lines: [...amounts].map(([lineId, amountMinor]) => ({ lineId, amountMinor })),
    });
    const lineIdOf = new Map(creditNote.lines.map((line) => [line.correctsLineId, line.id] as const));
    const lineIds = group.map((credit) => lineIdOf.get(credit.invoiceLineId) ?? '');
    const claimed = await fees.claim(
      tx,
      creditNote.id,
      group.map((credit) => credit.line),
      lineIds,
    );
    if (claimed !== new Set(lineIds).size)
      throw new AppError(
        'CONFLICT',
        {},
        { detail: 'Work of this run was billed concurrently; run it again' },
      );
    creditNotes.push(creditNote);
  }
  return creditNotes;
}
