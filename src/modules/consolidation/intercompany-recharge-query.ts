import type { Selectable } from 'kysely';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { IntercompanyRechargeTable } from './consolidation.tables.ts';
import './consolidation.tables.ts';

/** One month's recharge from a person's employing legal entity to the project's legal entity. */
export interface IntercompanyRecharge {
  readonly id: string;
  /** `YYYY-MM` */
  readonly month: string;
  /** 1 for the month's first recharge of the pair; 2, 3… for supplements of time approved later. */
  readonly sequence: number;
  readonly employingLegalEntityId: string;
  readonly projectLegalEntityId: string;
  /** The cost of the covered time, in the employing entity's functional currency. */
  readonly cost: { readonly amountMinor: number; readonly currency: string };
  readonly markupBasisPoints: number;
  /**
   * What the employing entity recharges, in its functional currency: the time's cost plus markup,
   * and the expenses at cost.
   */
  readonly amount: { readonly amountMinor: number; readonly currency: string };
  readonly minutes: number;
  readonly timeEntryCount: number;
  /** The covered expenses at cost (converted at the month-end rate), part of `amount`. */
  readonly expenses: { readonly amountMinor: number; readonly currency: string };
  readonly expenseCount: number;
  /** Dr inter-company receivable / Cr inter-company revenue in the employing entity's ledger. */
  readonly employingEntryId: string | null;
  /** Dr inter-company costs / Cr inter-company payable in the project entity's ledger. */
  readonly projectEntryId: string | null;
  readonly createdAt: string;
}

/** A page of the recharges the caller sees (either side in scope), newest month first. */
export async function listIntercompanyRecharges(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filter: { month?: string; legalEntityId?: string } = {},
): Promise<{ items: IntercompanyRecharge[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('intercompany_recharges').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filter.month) query = query.where('month', '=', `${filter.month}-01`);
  if (filter.legalEntityId) {
    const id = filter.legalEntityId;
    query = query.where((eb) =>
      eb.or([eb('employing_legal_entity_id', '=', id), eb('project_legal_entity_id', '=', id)]),
    );
  }
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

function safe(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return n;
}

/** A recharge row as the API shows it. */
export function present(row: Selectable<IntercompanyRechargeTable>): IntercompanyRecharge {
  const currency = row.currency.trim();
  return {
    id: row.id,
    month: row.month.slice(0, 7),
    sequence: row.sequence,
    employingLegalEntityId: row.employing_legal_entity_id,
    projectLegalEntityId: row.project_legal_entity_id,
    cost: { amountMinor: safe(BigInt(row.cost_minor)), currency },
    markupBasisPoints: row.markup_basis_points,
    amount: { amountMinor: safe(BigInt(row.amount_minor)), currency },
    minutes: safe(BigInt(row.minutes)),
    timeEntryCount: row.time_entry_count,
    expenses: { amountMinor: safe(BigInt(row.expenses_minor)), currency },
    expenseCount: row.expense_count,
    employingEntryId: row.employing_entry_id,
    projectEntryId: row.project_entry_id,
    createdAt: row.created_at.toISOString(),
  };
}
