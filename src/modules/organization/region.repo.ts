import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { RegionTable } from './organization.tables.ts';
import './organization.tables.ts';

export type RegionRow = Selectable<RegionTable>;

/** One region of the transaction's tenant, if it exists and is in scope. */
export function findRegion(tx: TenantTransaction, id: string): Promise<RegionRow | undefined> {
  return tx.db
    .selectFrom('regions')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's regions in scope, in id order, after `afterId`. */
export function listRegionPage(
  tx: TenantTransaction,
  limit: number,
  afterId: string | null,
): Promise<RegionRow[]> {
  let query = tx.db.selectFrom('regions').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export function insertRegion(
  tx: TenantTransaction,
  row: Omit<Insertable<RegionTable>, 'created_at' | 'updated_at'>,
): Promise<RegionRow> {
  return tx.db.insertInto('regions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateRegionRow(
  tx: TenantTransaction,
  id: string,
  changes: Pick<Updateable<RegionTable>, 'code' | 'name'>,
): Promise<RegionRow | undefined> {
  return tx.db
    .updateTable('regions')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
