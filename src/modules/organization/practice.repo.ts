import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { PracticeTable } from './organization.tables.ts';
import './organization.tables.ts';

export type PracticeRow = Selectable<PracticeTable>;

/** One practice of the transaction's tenant, if it exists and is in scope. */
export function findPractice(tx: TenantTransaction, id: string): Promise<PracticeRow | undefined> {
  return tx.db
    .selectFrom('practices')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's practices in scope, in id order, after `afterId`. */
export function listPracticePage(
  tx: TenantTransaction,
  limit: number,
  afterId: string | null,
): Promise<PracticeRow[]> {
  let query = tx.db.selectFrom('practices').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** The ids of the practices in scope whose path meets `ids`: those practices and their descendants. */
export async function listPracticeIdsUnder(tx: TenantTransaction, ids: readonly string[]): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('practices')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where((eb) => eb('path', '&&', eb.val([...ids])))
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export function insertPractice(
  tx: TenantTransaction,
  row: Omit<Insertable<PracticeTable>, 'created_at' | 'updated_at'>,
): Promise<PracticeRow> {
  return tx.db.insertInto('practices').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Changes a practice; a new `parent_path` moves the paths of all its descendants (ON UPDATE CASCADE). */
export function updatePracticeRow(
  tx: TenantTransaction,
  id: string,
  changes: Pick<Updateable<PracticeTable>, 'name' | 'code' | 'parent_id' | 'parent_path' | 'lead_person_id'>,
): Promise<PracticeRow | undefined> {
  return tx.db
    .updateTable('practices')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
