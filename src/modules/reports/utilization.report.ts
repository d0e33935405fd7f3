import { type RawBuilder, sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { withAggregatePlans } from './aggregate-plans.ts';
import { BASIS, COUNTED_STATUSES, type ReportPeriod, requirePeriod } from './report-period.ts';

/** One person's utilization in a period. */
export interface PersonUtilization {
  readonly personId: string;
  readonly name: string;
  readonly practiceId: string | null;
  /** The weekly capacity pro-rated by the working days (Monday to Friday) of the period. */
  readonly capacityMinutes: number;
  readonly billableMinutes: number;
  readonly totalMinutes: number;
  /** billable / capacity, to 4 decimals (half away from zero); null without capacity. */
  readonly utilization: number | null;
}

/** A practice's utilization: the sums over its people (their own practice, not its sub-practices). */
export interface PracticeUtilization {
  /** Null: the people without a practice. */
  readonly practiceId: string | null;
  readonly people: number;
  readonly capacityMinutes: number;
  readonly billableMinutes: number;
  readonly totalMinutes: number;
  readonly utilization: number | null;
}

export interface UtilizationReport {
  readonly from: string;
  readonly to: string;
  readonly workingDays: number;
  readonly basis: string;
  readonly people: readonly PersonUtilization[];
  readonly practices: readonly PracticeUtilization[];
}

export interface UtilizationQuery extends ReportPeriod {
  /** Only the people of this practice. */
  readonly practiceId?: string;
}

interface UtilizationRow {
  readonly is_practice: number;
  readonly person_id: string | null;
  readonly name: string | null;
  readonly practice_id: string | null;
  readonly people: bigint;
  readonly working_days: number;
  readonly capacity_minutes: bigint;
  readonly billable_minutes: bigint;
  readonly total_minutes: bigint;
  readonly utilization: string | null;
}

/**
 * The utilization aggregate as one SQL statement, per person and per practice (grouping sets), for
 * the people and time entries of `tenantId` that the executing role sees. The report runs it in
 * the tenant transaction (row-level security decides); the benchmark also runs it as the owner.
 *
 * - billable minutes: the person's billable entries in the period (COUNTED_STATUSES);
 * - capacity: round(capacity_minutes_per_week × working days / 5), working days being Monday to
 *   Friday (no holiday calendar yet);
 * - people: those active, and those who left but booked time in the period.
 */
export function utilizationStatement(tenantId: string, query: UtilizationQuery): RawBuilder<UtilizationRow> {
  const practice = query.practiceId ? sql`AND p.practice_id = ${query.practiceId}` : sql``;
  return sql<UtilizationRow>`
    WITH period AS MATERIALIZED (
      SELECT count(*)::int AS working_days
      FROM generate_series(${query.from}::date, ${query.to}::date, interval '1 day') AS d
      WHERE extract(isodow FROM d) < 6
    ),
    booked AS MATERIALIZED (
      SELECT person_id, sum(minutes) FILTER (WHERE billable) AS billable_minutes, sum(minutes) AS total_minutes
      FROM time_entries
      WHERE tenant_id = ${tenantId} AND work_date BETWEEN ${query.from}::date AND ${query.to}::date
        AND status IN (${sql.join(COUNTED_STATUSES.map((status) => sql`${status}`))})
      GROUP BY person_id
    ),
    staff AS (
      SELECT p.id, p.name, p.practice_id, period.working_days,
        round(p.capacity_minutes_per_week * period.working_days / 5.0) AS capacity_minutes,
        coalesce(b.billable_minutes, 0) AS billable_minutes, coalesce(b.total_minutes, 0) AS total_minutes
      FROM people p CROSS JOIN period LEFT JOIN booked b ON b.person_id = p.id
      WHERE p.tenant_id = ${tenantId} AND (p.status = 'active' OR b.person_id IS NOT NULL) ${practice}
    )
    SELECT GROUPING(id, name) AS is_practice, id AS person_id, name, practice_id, count(*) AS people,
      max(working_days) AS working_days, sum(capacity_minutes)::bigint AS capacity_minutes,
      sum(billable_minutes)::bigint AS billable_minutes, sum(total_minutes)::bigint AS total_minutes,
      CASE WHEN sum(capacity_minutes) > 0
        THEN round(sum(billable_minutes) / sum(capacity_minutes), 4) END AS utilization
    FROM staff
    GROUP BY GROUPING SETS ((practice_id, id, name), (practice_id))
    ORDER BY practice_id NULLS LAST, GROUPING(id, name), name, id`;
}

/**
 * Utilization per person and per practice for a period (at most a year): billable minutes over
 * pro-rated capacity, from the people and the time the caller sees — row-level security decides,
 * so a practice lead gets their practice's people and the time booked on projects in their scope.
 */
export async function utilizationReport(
  tx: TenantTransaction,
  query: UtilizationQuery,
): Promise<UtilizationReport> {
  requirePeriod(query);
  const { rows } = await withAggregatePlans(tx, () =>
    utilizationStatement(tx.ctx.tenantId, query).execute(tx.db),
  );
  const workingDays = await workingDaysOf(tx, query, rows);
  const people: PersonUtilization[] = [];
  const practices: PracticeUtilization[] = [];
  for (const row of rows) {
    const figures = {
      capacityMinutes: Number(row.capacity_minutes),
      billableMinutes: Number(row.billable_minutes),
      totalMinutes: Number(row.total_minutes),
      utilization: row.utilization === null ? null : Number(row.utilization),
    };
    if (Number(row.is_practice) === 0) {
      people.push({
        personId: row.person_id as string,
        name: row.name as string,
        practiceId: row.practice_id,
        ...figures,
      });
    } else {
      practices.push({ practiceId: row.practice_id, people: Number(row.people), ...figures });
    }
  }
  return { from: query.from, to: query.to, workingDays, basis: BASIS, people, practices };
}

async function workingDaysOf(
  tx: TenantTransaction,
  period: ReportPeriod,
  rows: readonly UtilizationRow[],
): Promise<number> {
  if (rows[0]) return Number(rows[0].working_days);
  const { rows: counted } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM generate_series(${period.from}::date, ${period.to}::date, interval '1 day') AS d
    WHERE extract(isodow FROM d) < 6`.execute(tx.db);
  return Number(counted[0]?.n ?? 0);
}
