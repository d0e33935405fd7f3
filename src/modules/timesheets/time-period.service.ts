import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { firstDayOfMonth, monthOf } from './time-calendar.ts';
import './timesheets.tables.ts';

/** A closed month: no entry dated in it can be created, changed, deleted or submitted. */
export interface ClosedPeriod {
  readonly month: string;
  readonly closedAt: string;
  readonly closedByMembershipId: string | null;
}

function monthDay(month: string): string {
  const day = firstDayOfMonth(month);
  if (day === null) {
    throw new AppError(
      'VALIDATION_FAILED',
      { month },
      { fieldProblems: [{ path: '/params/month', message: 'must be YYYY-MM' }] },
    );
  }
  return day;
}

/** Closes a month of the tenant's time (409 when it is closed already); audited as `time_period.closed`. */
export async function closePeriod(tx: TenantTransaction, month: string): Promise<ClosedPeriod> {
  const row = await tx.db
    .insertInto('time_period_closures')
    .values({
      tenant_id: tx.ctx.tenantId,
      month: monthDay(month),
      closed_by_membership_id: tx.ctx.actor.membershipId,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'month']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', { month }, { detail: `${month} is closed already.` });
  const period = present(row);
  tx.audit({
    action: 'time_period.closed',
    resourceKind: 'time_period',
    resourceId: month,
    after: { ...period },
  });
  tx.emit({
    topic: 'time_period.closed',
    resourceKind: 'time_period',
    resourceId: month,
    payload: { period },
  });
  return period;
}

/** Reopens a closed month (409 when it is open); audited as `time_period.reopened`. */
export async function reopenPeriod(tx: TenantTransaction, month: string): Promise<{ month: string }> {
  const row = await tx.db
    .deleteFrom('time_period_closures')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('month', '=', monthDay(month))
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', { month }, { detail: `${month} is not closed.` });
  tx.audit({
    action: 'time_period.reopened',
    resourceKind: 'time_period',
    resourceId: month,
    before: { ...present(row) },
  });
  tx.emit({
    topic: 'time_period.reopened',
    resourceKind: 'time_period',
    resourceId: month,
    payload: { month },
  });
  return { month };
}

/** The tenant's closed months, most recent first, after `cursor` (a month) when given. */
export async function listClosedPeriods(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: ClosedPeriod[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('time_period_closures').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (page.cursor) query = query.where('month', '<', monthDay(page.cursor));
  const rows = await query
    .orderBy('month', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map(present);
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.month ?? null) : null };
}

function present(row: {
  month: string;
  closed_at: Date;
  closed_by_membership_id: string | null;
}): ClosedPeriod {
  return {
    month: monthOf(row.month),
    closedAt: row.closed_at.toISOString(),
    closedByMembershipId: row.closed_by_membership_id,
  };
}
