import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';

/** What is still owed on an invoice, with the parts it is computed from (minor units). */
export interface OpenAmount {
  readonly grossMinor: bigint;
  readonly allocatedMinor: bigint;
  readonly creditedMinor: bigint;
  readonly openMinor: bigint;
}

/**
 * THE open amount of invoices: gross − active payment allocations − gross of the issued credit
 * notes correcting it. Every rule that reads "open" (allocation limits, paid ⇔ open = 0) goes
 * through this one function.
 *
 * Credit notes are rows of `invoices` (`kind = 'credit_note'`, amounts positive) correcting the
 * invoice by `corrects_invoice_id`; an issued one settles what it credits.
 * Callers hold the invoice rows locked (`FOR UPDATE`), so the sums are those of committed work
 * queued behind the lock.
 */
export async function openAmounts(
  tx: TenantTransaction,
  invoiceIds: readonly string[],
): Promise<Map<string, OpenAmount>> {
  if (invoiceIds.length === 0) return new Map();
  const { rows } = await sql<{
    id: string;
    gross: bigint | string;
    allocated: bigint | string;
    credited: bigint | string;
  }>`
    SELECT i.id, i.gross_minor AS gross,
      coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a
        WHERE a.tenant_id = i.tenant_id AND a.invoice_id = i.id AND a.removed_at IS NULL), 0)::bigint AS allocated,
      coalesce((SELECT sum(c.gross_minor) FROM invoices c
        WHERE c.tenant_id = i.tenant_id AND c.corrects_invoice_id = i.id
          AND c.kind = 'credit_note' AND c.status IN ('issued', 'paid')), 0)::bigint AS credited
    FROM invoices i
    WHERE i.tenant_id = ${tx.ctx.tenantId} AND i.id = ANY(${[...invoiceIds]}::uuid[])`.execute(tx.db);
  return new Map(
    rows.map((row) => {
      const grossMinor = BigInt(row.gross);
      const allocatedMinor = BigInt(row.allocated);
      const creditedMinor = BigInt(row.credited);
      return [
        row.id,
        { grossMinor, allocatedMinor, creditedMinor, openMinor: grossMinor - allocatedMinor - creditedMinor },
      ] as const;
    }),
  );
}
