import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { ClientTable } from './organization.tables.ts';
import './organization.tables.ts';

export type ClientRow = Selectable<ClientTable>;

/** One client of the transaction's tenant, if it exists and it, its legal entity and its region are in scope. */
export function findClient(tx: TenantTransaction, id: string): Promise<ClientRow | undefined> {
  return tx.db
    .selectFrom('clients')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's clients in scope, in id order, after `afterId`. */
export function listClientPage(
  tx: TenantTransaction,
  limit: number,
  afterId: string | null,
): Promise<ClientRow[]> {
  let query = tx.db.selectFrom('clients').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export function insertClient(
  tx: TenantTransaction,
  row: Omit<Insertable<ClientTable>, 'created_at' | 'updated_at'>,
): Promise<ClientRow> {
  return tx.db.insertInto('clients').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateClientRow(
  tx: TenantTransaction,
  id: string,
  changes: Pick<
    Updateable<ClientTable>,
    | 'name'
    | 'legal_entity_id'
    | 'region_id'
    | 'status'
    | 'internal_notes'
    | 'country'
    | 'vat_id'
    | 'address_line'
    | 'city'
    | 'postal_code'
  >,
): Promise<ClientRow | undefined> {
  return tx.db
    .updateTable('clients')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
