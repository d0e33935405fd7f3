import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import '../organization/organization.tables.ts';

export interface VisibleEntity {
  readonly id: string;
  readonly name: string;
  readonly functionalCurrency: string;
}

/**
 * The legal entities the caller sees (row-level security decides), by id: the ones named, each of
 * which must be visible (404 NOT_FOUND otherwise: out of scope and unknown are the same), or all
 * of them when none are named.
 */
export async function visibleEntities(
  tx: TenantTransaction,
  ids: readonly string[] | null,
  path: string,
): Promise<Map<string, VisibleEntity>> {
  let query = tx.db
    .selectFrom('legal_entities')
    .select(['id', 'name', 'functional_currency'])
    .where('tenant_id', '=', tx.ctx.tenantId);
  if (ids !== null && ids.length > 0) query = query.where('id', 'in', [...ids]);
  const rows = await query.orderBy('name').orderBy('id').execute();
  const found = new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, name: row.name, functionalCurrency: row.functional_currency.trim() },
    ]),
  );
  for (const [index, id] of (ids ?? []).entries())
    if (!found.has(id))
      throw new AppError(
        'NOT_FOUND',
        { resource: 'legal_entity', id },
        { fieldProblems: [{ path: `${path}/${index}`, message: 'no such legal entity' }] },
      );
  return found;
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** The day before a `YYYY-MM-DD` date. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
