import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';

/** What a release made billable again, counted per kind of work. */
export interface ReleasedWork {
  readonly timeEntries: number;
  readonly expenses: number;
  readonly milestones: number;
  readonly feePeriods: number;
}

/**
 * Makes the time entries, expenses and milestones billed on an invoice unbilled again, so that
 * the next billing run picks them up. With `feePeriods`, the fee periods it billed are released
 * too, with the fee credits its credit notes billed against them (a run's stop or downgrade
 * credit, fee-credits.ts): the next run bills those periods afresh, changes included. A voided
 * invoice's are released by the next run, which sees the invoice void.
 */
export async function releaseBilledWork(
  tx: TenantTransaction,
  invoiceId: string,
  options: { readonly feePeriods: boolean },
): Promise<ReleasedWork> {
  const tenantId = tx.ctx.tenantId;
  const release = async (table: 'time_entries' | 'expenses') =>
    (
      await sql`UPDATE ${sql.table(table)} SET billing_state = 'unbilled', invoice_id = NULL,
          invoice_line_id = NULL, billed_at = NULL, updated_at = now()
        WHERE tenant_id = ${tenantId} AND invoice_id = ${invoiceId} AND billing_state = 'billed'`.execute(
        tx.db,
      )
    ).numAffectedRows ?? 0n;
  const timeEntries = await release('time_entries');
  const expenses = await release('expenses');
  const milestones =
    (
      await sql`UPDATE project_milestones SET invoice_id = NULL, invoice_line_id = NULL, billed_at = NULL,
          updated_at = now()
        WHERE tenant_id = ${tenantId} AND invoice_id = ${invoiceId}`.execute(tx.db)
    ).numAffectedRows ?? 0n;
  const feePeriods = options.feePeriods
    ? ((
        await sql`UPDATE contract_fee_billings SET released_at = now()
          WHERE tenant_id = ${tenantId} AND released_at IS NULL
            AND (invoice_id = ${invoiceId} OR invoice_id IN (SELECT c.id FROM invoices c
              WHERE c.tenant_id = ${tenantId} AND c.corrects_invoice_id = ${invoiceId} AND c.kind = 'credit_note'))`.execute(
          tx.db,
        )
      ).numAffectedRows ?? 0n)
    : 0n;
  return {
    timeEntries: Number(timeEntries),
    expenses: Number(expenses),
    milestones: Number(milestones),
    feePeriods: Number(feePeriods),
  };
}
