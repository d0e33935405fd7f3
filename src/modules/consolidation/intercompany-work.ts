import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { convertMinor, findRateOn } from '../ledger/index.ts';
import '../expenses/expenses.tables.ts';
import './consolidation.tables.ts';

/** An approved inter-company time entry of the month, not recharged yet. */
export interface TimeRow {
  id: string;
  person_id: string;
  person_legal_entity_id: string;
  legal_entity_id: string;
  work_date: string;
  minutes: number;
}

/**
 * The month's approved inter-company time that no recharge covers, locked against a concurrent
 * run (`FOR UPDATE`). A concurrent run may have covered some of it while this one waited for the
 * locks: its links are committed by then, and those entries are left out.
 */
export async function lockUncoveredTime(tx: TenantTransaction, from: string, to: string): Promise<TimeRow[]> {
  const tenantId = tx.ctx.tenantId;
  const locked = (
    await sql<TimeRow>`
      SELECT e.id, e.person_id, e.person_legal_entity_id, e.legal_entity_id, e.work_date, e.minutes
      FROM time_entries e
      WHERE e.tenant_id = ${tenantId} AND e.intercompany AND e.status = 'approved'
        AND e.work_date BETWEEN ${from}::date AND ${to}::date
        AND NOT EXISTS (SELECT 1 FROM intercompany_recharge_entries r
          WHERE r.tenant_id = e.tenant_id AND r.time_entry_id = e.id)
      ORDER BY e.person_legal_entity_id, e.legal_entity_id, e.work_date, e.id
      FOR UPDATE OF e`.execute(tx.db)
  ).rows;
  return withoutCoveredMeanwhile(tx, locked, {
    table: 'intercompany_recharge_entries',
    column: 'time_entry_id',
  });
}

/** An approved inter-company expense of the month, not recharged yet. */
export interface ExpenseRow {
  id: string;
  person_legal_entity_id: string;
  legal_entity_id: string;
  amount_minor: bigint | string;
  currency: string;
}

/**
 * The month's approved inter-company expenses (by the day incurred) that no recharge covers,
 * locked like the time (`lockUncoveredTime`).
 */
export async function lockUncoveredExpenses(
  tx: TenantTransaction,
  from: string,
  to: string,
): Promise<ExpenseRow[]> {
  const tenantId = tx.ctx.tenantId;
  const locked = (
    await sql<ExpenseRow>`
      SELECT e.id, e.person_legal_entity_id, e.legal_entity_id, e.amount_minor, e.currency
      FROM expenses e
      WHERE e.tenant_id = ${tenantId} AND e.intercompany AND e.status = 'approved'
        AND e.incurred_on BETWEEN ${from}::date AND ${to}::date
        AND NOT EXISTS (SELECT 1 FROM intercompany_recharge_expenses r
          WHERE r.tenant_id = e.tenant_id AND r.expense_id = e.id)
      ORDER BY e.person_legal_entity_id, e.legal_entity_id, e.incurred_on, e.id
      FOR UPDATE OF e`.execute(tx.db)
  ).rows;
  return withoutCoveredMeanwhile(tx, locked, {
    table: 'intercompany_recharge_expenses',
    column: 'expense_id',
  });
}

/**
 * The locked rows no recharge links to. A run that waited for the locks sees, in a statement of
 * its own, the links a concurrent run committed meanwhile (the lock query's own NOT EXISTS was
 * evaluated before the wait).
 */
async function withoutCoveredMeanwhile<Row extends { id: string }>(
  tx: TenantTransaction,
  locked: Row[],
  links:
    | { table: 'intercompany_recharge_entries'; column: 'time_entry_id' }
    | { table: 'intercompany_recharge_expenses'; column: 'expense_id' },
): Promise<Row[]> {
  if (locked.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    SELECT ${sql.ref(links.column)} AS id FROM ${sql.table(links.table)}
    WHERE tenant_id = ${tx.ctx.tenantId} AND ${sql.ref(links.column)} = ANY(${locked.map((row) => row.id)}::uuid[])`.execute(
    tx.db,
  );
  const covered = new Set(rows.map((row) => row.id));
  return locked.filter((row) => !covered.has(row.id));
}

/**
 * The rate converting `base` into `quote` at the month end, or a 422 naming the month: a recharge
 * is never posted with part of it unconverted.
 */
export async function monthEndRate(
  tx: TenantTransaction,
  base: string,
  quote: string,
  on: string,
): Promise<string> {
  const rate = await findRateOn(tx, base, quote, on);
  if (rate) return rate.rate;
  throw new AppError(
    'FX_RATE_MISSING',
    { base, quote, on },
    {
      detail: `No ${base}/${quote} rate on or before ${on}`,
      fieldProblems: [{ path: '/body/month', message: `no ${base}/${quote} rate on or before ${on}` }],
    },
  );
}

/**
 * What a pair's expenses cost the employing entity, in its functional `currency`: summed per
 * receipt currency, each sum converted once at the month-end rate (half away from zero).
 */
export async function expensesInCurrency(
  tx: TenantTransaction,
  rows: readonly ExpenseRow[],
  currency: string,
  on: string,
): Promise<bigint> {
  const sums = new Map<string, bigint>();
  for (const row of rows) {
    const from = row.currency.trim();
    sums.set(from, (sums.get(from) ?? 0n) + BigInt(row.amount_minor));
  }
  let total = 0n;
  for (const [from, sum] of [...sums].sort(([a], [b]) => a.localeCompare(b)))
    total +=
      from === currency ? sum : convertMinor(sum, from, currency, await monthEndRate(tx, from, currency, on));
  return total;
}
