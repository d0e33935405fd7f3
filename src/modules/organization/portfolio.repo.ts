import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { PortfolioTable } from './organization.tables.ts';
import './organization.tables.ts';

export type PortfolioRow = Selectable<PortfolioTable>;

/** One portfolio of the transaction's tenant, if it exists and is in scope. */
export function findPortfolio(tx: TenantTransaction, id: string): Promise<PortfolioRow | undefined> {
  return tx.db
    .selectFrom('portfolios')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's portfolios in scope, in id order, after `afterId`. */
export function listPortfolioPage(
  tx: TenantTransaction,
  limit: number,
  afterId: string | null,
): Promise<PortfolioRow[]> {
  let query = tx.db.selectFrom('portfolios').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export function insertPortfolio(
  tx: TenantTransaction,
  row: Omit<Insertable<PortfolioTable>, 'created_at' | 'updated_at'>,
): Promise<PortfolioRow> {
  return tx.db.insertInto('portfolios').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updatePortfolioRow(
  tx: TenantTransaction,
  id: string,
  changes: Pick<Updateable<PortfolioTable>, 'name'>,
): Promise<PortfolioRow | undefined> {
  return tx.db
    .updateTable('portfolios')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
