import { sql } from 'kysely';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { isoDay, uuidList } from './sql-values.ts';

/**
 * A billing run as stored: its legal entity, period, the invoices it drafted (in draft order; none
 * when there was nothing to bill) and who made it. The Idempotency-Key is never part of it: it is
 * the client's retry token, and whoever holds it can replay the run, so it stays in the database.
 * A run is scoped by its legal entity only, its invoices also by client, practice and region:
 * `invoiceIds` and `invoiceCount` hold those the caller may see, so that a run never reveals that
 * an invoice out of scope exists.
 */
export interface BillingRunRecord {
  readonly id: string;
  readonly legalEntityId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly invoiceIds: string[];
  readonly invoiceCount: number;
  readonly createdAt: string;
  readonly createdByMembershipId: string | null;
}

export interface BillingRunFilter {
  readonly legalEntityId?: string;
  /** Runs whose period overlaps `from`–`to` (either end may be left open). */
  readonly from?: string;
  readonly to?: string;
}

interface RunRecordRow {
  id: string;
  legal_entity_id: string;
  period_from: string | Date;
  period_to: string | Date;
  invoice_ids: string[] | string;
  created_at: Date | string;
  created_by_membership_id: string | null;
}

// Deliberately not `idempotency_key` (see BillingRunRecord). The invoices, in draft order, are
// those row security lets the caller read.
const COLUMNS = sql`r.id, r.legal_entity_id, r.period_from, r.period_to, r.created_at, r.created_by_membership_id,
  ARRAY(SELECT u.id FROM unnest(r.invoice_ids) WITH ORDINALITY AS u(id, n)
    WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = r.tenant_id AND i.id = u.id)
    ORDER BY u.n) AS invoice_ids`;

function present(row: RunRecordRow): BillingRunRecord {
  const invoiceIds = uuidList(row.invoice_ids);
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    periodFrom: isoDay(row.period_from),
    periodTo: isoDay(row.period_to),
    invoiceIds,
    invoiceCount: invoiceIds.length,
    createdAt: new Date(row.created_at).toISOString(),
    createdByMembershipId: row.created_by_membership_id,
  };
}

/**
 * The billing runs in the caller's scope, newest first by id (UUID v7: the order they were made),
 * in keyset pages. Row security leaves out the runs of legal entities out of scope.
 */
export async function listBillingRuns(
  tx: TenantTransaction,
  page: { readonly limit: number; readonly cursor?: string | null | undefined },
  filter: BillingRunFilter = {},
): Promise<{ items: BillingRunRecord[]; nextCursor: string | null }> {
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from)
    throw new AppError(
      'VALIDATION_FAILED',
      { from: filter.from, to: filter.to },
      { fieldProblems: [{ path: '/query/to', message: 'must not be before from' }] },
    );
  const rows = (
    await sql<RunRecordRow>`SELECT ${COLUMNS} FROM billing_runs r WHERE r.tenant_id = ${tx.ctx.tenantId}
      ${filter.legalEntityId ? sql`AND r.legal_entity_id = ${filter.legalEntityId}` : sql``}
      ${filter.from ? sql`AND r.period_to >= ${filter.from}::date` : sql``}
      ${filter.to ? sql`AND r.period_from <= ${filter.to}::date` : sql``}
      ${page.cursor ? sql`AND r.id < ${page.cursor}` : sql``}
      ORDER BY r.id DESC LIMIT ${page.limit + 1}`.execute(tx.db)
  ).rows;
  return toPage(rows, page.limit, present);
}

/** One billing run; NOT_FOUND when absent, another tenant's or out of the caller's scope. */
export async function getBillingRun(tx: TenantTransaction, id: string): Promise<BillingRunRecord> {
  const row = (
    await sql<RunRecordRow>`SELECT ${COLUMNS} FROM billing_runs r
      WHERE r.tenant_id = ${tx.ctx.tenantId} AND r.id = ${id}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'billing_run', id });
  return present(row);
}
