import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { findRow, getInvoice, type Invoice, releaseForRebilling, wrongState } from './invoice.service.ts';

/**
 * Sends the work of an invoice credited in full back to billing after the fact, through one of
 * its issued credit notes that did not ask for it: the invoice's time entries and expenses become
 * unbilled, its milestones lose it and its fee periods are released, exactly as issuing a credit
 * note with `rebill` does (ADR 0010), and the credit note is marked `rebill`. Only once the issued
 * credit notes leave nothing of the invoice's net (work still partly billed would be billed twice)
 * and only once per invoice (409 otherwise); all of the work or none (403 when the caller's scope
 * hides part of it). Audited on the credit note, and on the invoice as `invoice.work_released`.
 */
export async function rebillCreditedInvoice(tx: TenantTransaction, creditNoteId: string): Promise<Invoice> {
  const note = await findRow(tx, creditNoteId, true);
  if (note.kind !== 'credit_note' || note.corrects_invoice_id === null)
    throw new AppError(
      'CONFLICT',
      { resource: note.kind, id: creditNoteId },
      {
        detail: "An invoice's work goes back to billing through a credit note of it, not the invoice itself",
      },
    );
  if (note.status !== 'issued' && note.status !== 'paid') throw wrongState(note, 'used to rebill');
  const invoice = await findRow(tx, note.corrects_invoice_id, true);
  const sentBack = await sql`SELECT 1 FROM invoices
    WHERE tenant_id = ${tx.ctx.tenantId} AND corrects_invoice_id = ${invoice.id} AND kind = 'credit_note'
      AND status IN ('issued', 'paid') AND rebill`.execute(tx.db);
  if (sentBack.rows.length > 0)
    throw new AppError(
      'CONFLICT',
      { resource: 'invoice', id: invoice.id },
      { detail: "The invoice's work has been sent back to billing already" },
    );
  // releaseForRebilling refuses (409) unless the issued credit notes cover the invoice's net.
  await sql`UPDATE invoices SET rebill = true, updated_at = now()
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${creditNoteId}`.execute(tx.db);
  await releaseForRebilling(tx, invoice.id, creditNoteId);
  tx.audit({
    action: 'credit_note.rebilled',
    resourceKind: 'credit_note',
    resourceId: creditNoteId,
    before: { rebill: false },
    after: { rebill: true, correctsInvoiceId: invoice.id },
  });
  const rebilled = await getInvoice(tx, creditNoteId);
  tx.emit({
    topic: 'credit_note.rebilled',
    resourceKind: 'credit_note',
    resourceId: creditNoteId,
    payload: { invoice: rebilled },
  });
  return rebilled;
}
