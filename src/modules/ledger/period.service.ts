import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { LedgerPeriodTable, PeriodStatus } from './ledger.tables.ts';
import { monthOf, monthStart, referenceNotFound, visibleLegalEntity } from './ledger-rules.ts';
import './ledger.tables.ts';

/** A month of a legal entity's ledger that was posted into, closed or reopened. */
export interface LedgerPeriod {
  readonly id: string;
  readonly legalEntityId: string;
  /** `YYYY-MM` */
  readonly month: string;
  readonly status: PeriodStatus;
  readonly closedAt: string | null;
  readonly closedByMembershipId: string | null;
  readonly reopenedAt: string | null;
  readonly reopenedByMembershipId: string | null;
  readonly reopenReason: string | null;
}

/**
 * Closes a legal entity's month: from then on the database refuses every entry dated in it (409
 * LEDGER_PERIOD_CLOSED), whoever posts. Waits for postings into the month in flight. A month
 * closed already is a 409. Audited and announced as `ledger_period.closed`.
 */
export async function closePeriod(
  tx: TenantTransaction,
  input: { readonly legalEntityId: string; readonly month: string },
): Promise<LedgerPeriod> {
  const entity = await visibleLegalEntity(tx, input.legalEntityId);
  if (!entity) throw referenceNotFound('legal_entity', input.legalEntityId, '/body/legalEntityId');
  const { rows } = await sql<Selectable<LedgerPeriodTable>>`
    INSERT INTO ledger_periods AS p (tenant_id, id, legal_entity_id, month, status, closed_at, closed_by_membership_id)
    VALUES (${tx.ctx.tenantId}, ${uuidv7()}, ${entity.id}, ${monthStart(input.month)}, 'closed', now(),
            ${tx.ctx.actor.membershipId})
    ON CONFLICT (tenant_id, legal_entity_id, month) DO UPDATE
      SET status = 'closed', closed_at = now(), closed_by_membership_id = excluded.closed_by_membership_id,
          updated_at = now()
      WHERE p.status = 'open'
    RETURNING *`.execute(tx.db);
  const row = rows[0];
  if (!row)
    throw new AppError(
      'CONFLICT',
      { legalEntityId: entity.id, month: input.month },
      {
        detail: `The period ${input.month} is closed already`,
      },
    );
  const period = present(row);
  tx.audit({
    action: 'ledger_period.closed',
    resourceKind: 'ledger_period',
    resourceId: period.id,
    after: { legalEntityId: period.legalEntityId, month: period.month, status: period.status },
  });
  tx.emit({
    topic: 'ledger_period.closed',
    resourceKind: 'ledger_period',
    resourceId: period.id,
    payload: { period },
  });
  return period;
}

/**
 * Reopens a closed month, saying why; postings dated in it are accepted again. A month that is
 * open is a 409. Audited (with the reason) and announced as `ledger_period.reopened`.
 */
export async function reopenPeriod(
  tx: TenantTransaction,
  id: string,
  input: { readonly reason: string },
): Promise<LedgerPeriod> {
  const before = present(await findPeriod(tx, id));
  if (before.status !== 'closed')
    throw new AppError('CONFLICT', { id }, { detail: `The period ${before.month} is open` });
  const row = await tx.db
    .updateTable('ledger_periods')
    .set({
      status: 'open',
      reopened_at: new Date(),
      reopened_by_membership_id: tx.ctx.actor.membershipId,
      reopen_reason: input.reason,
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .where('status', '=', 'closed')
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', { id }, { detail: `The period ${before.month} is open` });
  const period = present(row);
  tx.audit({
    action: 'ledger_period.reopened',
    resourceKind: 'ledger_period',
    resourceId: id,
    before: { status: before.status },
    after: { status: period.status, reopenReason: input.reason },
  });
  tx.emit({
    topic: 'ledger_period.reopened',
    resourceKind: 'ledger_period',
    resourceId: id,
    payload: { period },
  });
  return period;
}

/** One period; NOT_FOUND unless its legal entity is in scope. */
export async function getPeriod(tx: TenantTransaction, id: string): Promise<LedgerPeriod> {
  return present(await findPeriod(tx, id));
}

/** A page of the periods the caller sees, optionally of one legal entity, in id order. */
export async function listPeriods(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filter: { readonly legalEntityId?: string } = {},
): Promise<{ items: LedgerPeriod[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('ledger_periods').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filter.legalEntityId) query = query.where('legal_entity_id', '=', filter.legalEntityId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

async function findPeriod(tx: TenantTransaction, id: string): Promise<Selectable<LedgerPeriodTable>> {
  const row = await tx.db
    .selectFrom('ledger_periods')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'ledger_period', id });
  return row;
}

function present(row: Selectable<LedgerPeriodTable>): LedgerPeriod {
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    month: monthOf(row.month),
    status: row.status,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedByMembershipId: row.closed_by_membership_id,
    reopenedAt: row.reopened_at?.toISOString() ?? null,
    reopenedByMembershipId: row.reopened_by_membership_id,
    reopenReason: row.reopen_reason,
  };
}
