import type { Insertable, Selectable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { LegalEntityTable } from './organization.tables.ts';
import './organization.tables.ts';

export type LegalEntityRow = Selectable<LegalEntityTable>;

/** One legal entity of the transaction's tenant, if it exists and is in scope. */
export function findLegalEntity(tx: TenantTransaction, id: string): Promise<LegalEntityRow | undefined> {
  return tx.db
    .selectFrom('legal_entities')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's legal entities in id order, after `afterId`. */
export function listLegalEntityPage(
  tx: TenantTransaction,
  limit: number,
  afterId: string | null,
): Promise<LegalEntityRow[]> {
  let query = tx.db.selectFrom('legal_entities').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export function insertLegalEntity(
  tx: TenantTransaction,
  row: Omit<Insertable<LegalEntityTable>, 'created_at' | 'updated_at'>,
): Promise<LegalEntityRow> {
  return tx.db.insertInto('legal_entities').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateLegalEntityRow(
  tx: TenantTransaction,
  id: string,
  changes: Partial<
    Pick<
      LegalEntityRow,
      'name' | 'country' | 'functional_currency' | 'tax_id' | 'address_line' | 'city' | 'postal_code'
    >
  >,
): Promise<LegalEntityRow | undefined> {
  return tx.db
    .updateTable('legal_entities')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
