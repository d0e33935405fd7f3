import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';

/**
 * Runs a report statement with nested loops and sorts discouraged and JIT off, then restores the
 * three settings.
 *
 * Why: under row-level security the planner cannot estimate a segment policy (an OR of a setting
 * test and a column test) and expects about one row from every protected table, so it picks
 * nested loops and sort-based aggregates. For a report that reads a year of a tenant's time, that
 * plan re-runs whole aggregates once per outer row: measured on 20,000 entries (PGlite), the
 * project report took 447 s instead of 0.3 s. Hash joins and hash aggregates are right for these
 * statements whatever the estimates. The same misestimates (and the penalty of the plans switched
 * off) inflate the plan's cost past PostgreSQL's JIT thresholds: JIT then compiled for about a second
 * on a statement that runs in less (PostgreSQL 15, 1M entries), so JIT is off for them too.
 * `SET LOCAL` (one statement each, Citus forwards them) keeps the change inside the transaction; a
 * failed statement rolls the transaction back anyway.
 */
const SETTINGS = ['enable_nestloop', 'enable_sort', 'jit'] as const;

export async function withAggregatePlans<T>(tx: TenantTransaction, work: () => Promise<T>): Promise<T> {
  for (const setting of SETTINGS) await sql`SET LOCAL ${sql.raw(setting)} = off`.execute(tx.db);
  const result = await work();
  for (const setting of SETTINGS) await sql`SET LOCAL ${sql.raw(setting)} TO DEFAULT`.execute(tx.db);
  return result;
}
