import { type RawBuilder, sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { withAggregatePlans } from './aggregate-plans.ts';
import { BASIS, COUNTED_STATUSES, type ReportPeriod, requirePeriod } from './report-period.ts';

/** Money: integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** A project's figures for a reader without cost clearance: hours and revenue only. */
export interface ProjectFigures {
  readonly projectId: string;
  readonly code: string;
  readonly name: string;
  /** The project's (its contract's) currency: revenue is in it. */
  readonly currency: string;
  readonly minutes: number;
  readonly billableMinutes: number;
  /** Billable minutes at the bill rate of each entry's person or role on its day (billRateFor's precedence). */
  readonly revenue: Money;
  /** Billable minutes no bill rate applies to (or whose contract the reader cannot see): not in revenue. */
  readonly unpricedMinutes: number;
}

/** With cost clearance: cost at cost rates, and the margin when it can be computed. */
export interface CostedProjectFigures extends ProjectFigures {
  /** Cost per currency of the cost rates (never added across currencies). */
  readonly costs: readonly Money[];
  /** Minutes without a cost rate valid on their day that the reader can see: not in costs. */
  readonly uncostedMinutes: number;
  /**
   * revenue − cost, when every minute is priced and costed and every cost is in the revenue's
   * currency; otherwise null (no margin is better than a wrong one: no FX conversion here).
   */
  readonly margin: Money | null;
  /** margin / revenue × 100, to 2 decimals (half away from zero); null without margin or revenue. */
  readonly marginPercent: number | null;
}

export interface ProjectReport<P extends ProjectFigures = ProjectFigures> {
  readonly from: string;
  readonly to: string;
  readonly basis: string;
  readonly projects: readonly P[];
}

export interface ProjectReportQuery extends ReportPeriod {
  readonly projectId?: string;
}

interface ProjectRow {
  readonly project_id: string;
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly minutes: bigint;
  readonly billable_minutes: bigint;
  readonly revenue_minor: bigint;
  readonly unpriced_minutes: bigint;
  readonly costs: { currency: string; amount: string }[] | string | null;
  readonly uncosted_minutes: bigint | null;
  readonly margin_minor: bigint | null;
  readonly margin_percent: string | null;
}

/**
 * The project aggregate as one SQL statement, for the projects and time entries the executing
 * role sees. Rates are resolved set-based, not per entry:
 * - each bill rate (rate card × person or role) and each cost rate (person) is cut into day ranges
 *   at every start and every day after an end; each range takes the rate valid on its first day
 *   with the latest start (exactly billRateFor's rule, overlaps included), so ranges never overlap;
 * - each entry then joins by equality and day range (hash joins): the person's rate on its
 *   contract's card, else its role's (the assignment's role, else the person's), else the
 *   person's then the role's on the tenant's default card in the project's currency; with `cost`,
 *   its person's cost rate.
 * Amounts: round(Σ minutes × hourly rate / 60), one rounding per project (revenue) and per project
 * and currency (cost), half away from zero. A contract the reader cannot see prices nothing (its
 * card is invisible too, and the default card would be wrong).
 */
export function projectStatement(
  tenantId: string,
  query: ProjectReportQuery,
  options: { readonly cost: boolean },
): RawBuilder<ProjectRow> {
  const project = query.projectId ? sql`AND te.project_id = ${query.projectId}` : sql``;
  const within = (alias: string) =>
    sql`te.work_date BETWEEN ${sql.ref(`${alias}.from_day`)} AND ${sql.ref(`${alias}.until_day`)}`;
  const costRates = options.cost
    ? sql`,
    cost_breaks AS (
      SELECT person_id, valid_from AS day FROM person_cost_rates WHERE tenant_id = ${tenantId}
      UNION SELECT person_id, valid_until + 1 FROM person_cost_rates
      WHERE tenant_id = ${tenantId} AND valid_until IS NOT NULL
    ),
    cost_rates AS MATERIALIZED (
      SELECT s.person_id, s.day AS from_day, coalesce(s.next_day - 1, 'infinity'::date) AS until_day,
        w.hourly_cost_minor, w.currency
      FROM (SELECT b.*, lead(b.day) OVER (PARTITION BY b.person_id ORDER BY b.day) AS next_day FROM cost_breaks b) s
      CROSS JOIN LATERAL (
        SELECT cr.hourly_cost_minor, cr.currency FROM person_cost_rates cr
        WHERE cr.tenant_id = ${tenantId} AND cr.person_id = s.person_id
          AND cr.valid_from <= s.day AND (cr.valid_until IS NULL OR cr.valid_until >= s.day)
        ORDER BY cr.valid_from DESC LIMIT 1) w
    )`
    : sql``;
  const costColumns = options.cost
    ? sql`co.hourly_cost_minor AS cost, co.currency AS cost_currency`
    : sql`NULL::bigint AS cost, NULL::char(3) AS cost_currency`;
  const costJoin = options.cost
    ? sql`LEFT JOIN cost_rates co ON co.person_id = te.person_id AND ${within('co')}`
    : sql``;
  return sql<ProjectRow>`
    WITH rates AS (
      SELECT r.rate_card_id, c.contract_id, c.currency, r.person_id, r.role, r.hourly_rate_minor,
        r.valid_from, r.valid_until
      FROM rate_card_rates r JOIN rate_cards c ON c.tenant_id = r.tenant_id AND c.id = r.rate_card_id
      WHERE r.tenant_id = ${tenantId}
    ),
    rate_breaks AS (
      SELECT rate_card_id, person_id, role, valid_from AS day FROM rates
      UNION SELECT rate_card_id, person_id, role, valid_until + 1 FROM rates WHERE valid_until IS NOT NULL
    ),
    bill_rates AS MATERIALIZED (
      SELECT w.contract_id, w.currency, s.person_id, s.role, s.day AS from_day,
        coalesce(s.next_day - 1, 'infinity'::date) AS until_day, w.hourly_rate_minor
      FROM (
        SELECT b.*, lead(b.day) OVER (PARTITION BY b.rate_card_id, b.person_id, b.role ORDER BY b.day) AS next_day
        FROM rate_breaks b) s
      CROSS JOIN LATERAL (
        SELECT r.contract_id, r.currency, r.hourly_rate_minor FROM rates r
        WHERE r.rate_card_id = s.rate_card_id AND r.person_id IS NOT DISTINCT FROM s.person_id
          AND r.role IS NOT DISTINCT FROM s.role AND r.valid_from <= s.day
          AND (r.valid_until IS NULL OR r.valid_until >= s.day)
        ORDER BY r.valid_from DESC LIMIT 1) w
    )${costRates},
    entries AS (
      SELECT te.project_id, te.currency, te.minutes, CASE WHEN te.billable THEN te.minutes ELSE 0 END AS billable,
        CASE WHEN te.billable AND k.id IS NOT NULL THEN coalesce(
          cp.hourly_rate_minor, cr.hourly_rate_minor, dp.hourly_rate_minor, dr.hourly_rate_minor) END AS rate,
        ${costColumns}
      FROM time_entries te
      JOIN assignments a ON a.tenant_id = te.tenant_id AND a.id = te.assignment_id
      LEFT JOIN people pe ON pe.tenant_id = te.tenant_id AND pe.id = te.person_id
      LEFT JOIN contracts k ON k.tenant_id = te.tenant_id AND k.id = te.contract_id
      LEFT JOIN bill_rates cp ON cp.contract_id = te.contract_id AND cp.person_id = te.person_id AND ${within('cp')}
      LEFT JOIN bill_rates cr ON cr.contract_id = te.contract_id AND cr.role = coalesce(a.role, pe.role)
        AND ${within('cr')}
      LEFT JOIN bill_rates dp ON dp.contract_id IS NULL AND dp.currency = te.currency AND dp.person_id = te.person_id
        AND ${within('dp')}
      LEFT JOIN bill_rates dr ON dr.contract_id IS NULL AND dr.currency = te.currency
        AND dr.role = coalesce(a.role, pe.role) AND ${within('dr')}
      ${costJoin}
      WHERE te.tenant_id = ${tenantId} AND te.work_date BETWEEN ${query.from}::date AND ${query.to}::date
        AND te.status IN (${sql.join(COUNTED_STATUSES.map((status) => sql`${status}`))}) ${project}
    ),
    per_cost_currency AS MATERIALIZED (
      SELECT project_id, min(currency) AS currency, cost_currency, sum(minutes) AS minutes, sum(billable) AS billable,
        sum(billable::bigint * rate) AS revenue_by_60,
        sum(billable) FILTER (WHERE billable > 0 AND rate IS NULL) AS unpriced,
        sum(minutes) FILTER (WHERE cost IS NULL) AS uncosted,
        round(sum(minutes::bigint * cost) / 60.0)::bigint AS cost_minor
      FROM entries GROUP BY project_id, cost_currency
    ),
    figures AS (
      SELECT project_id, min(currency) AS currency, sum(minutes)::bigint AS minutes,
        sum(billable)::bigint AS billable_minutes,
        coalesce(round(sum(revenue_by_60) / 60.0), 0)::bigint AS revenue_minor,
        coalesce(sum(unpriced), 0)::bigint AS unpriced_minutes,
        coalesce(sum(uncosted), 0)::bigint AS uncosted_minutes,
        json_agg(json_build_object('currency', cost_currency, 'amount', cost_minor::text) ORDER BY cost_currency)
          FILTER (WHERE cost_currency IS NOT NULL) AS costs,
        count(cost_currency) AS currencies, min(cost_currency) AS only_currency, sum(cost_minor) AS total_cost
      FROM per_cost_currency GROUP BY project_id
    ),
    margins AS (
      SELECT f.*, CASE WHEN f.unpriced_minutes = 0 AND f.uncosted_minutes = 0
          AND (f.currencies = 0 OR (f.currencies = 1 AND f.only_currency = f.currency))
        THEN f.revenue_minor - coalesce(f.total_cost, 0) END AS margin_minor
      FROM figures f
    )
    SELECT m.project_id, p.code, p.name, m.currency, m.minutes, m.billable_minutes, m.revenue_minor,
      m.unpriced_minutes, m.costs, m.uncosted_minutes, m.margin_minor::bigint AS margin_minor,
      CASE WHEN m.margin_minor IS NOT NULL AND m.revenue_minor <> 0
        THEN round(m.margin_minor * 100.0 / m.revenue_minor, 2) END AS margin_percent
    FROM margins m JOIN projects p ON p.tenant_id = ${tenantId} AND p.id = m.project_id
    ORDER BY p.code`;
}

/**
 * Hours, revenue at bill rates and — only with `cost` (the route passes it for principals with
 * `read:cost` and restricted clearance) — cost at cost rates and margin, per project the caller
 * sees, for a period of at most a year. Without `cost` the cost rates are not read at all and
 * the cost fields are absent from every project, not null.
 */
export async function projectReport(
  tx: TenantTransaction,
  query: ProjectReportQuery,
  options: { readonly cost: false },
): Promise<ProjectReport<ProjectFigures>>;
export async function projectReport(
  tx: TenantTransaction,
  query: ProjectReportQuery,
  options: { readonly cost: boolean },
): Promise<ProjectReport<ProjectFigures | CostedProjectFigures>>;
export async function projectReport(
  tx: TenantTransaction,
  query: ProjectReportQuery,
  options: { readonly cost: boolean },
): Promise<ProjectReport<ProjectFigures | CostedProjectFigures>> {
  requirePeriod(query);
  // Cost needs restricted clearance in the transaction too: the policy of person_cost_rates would
  // hide every rate anyway, and a report of costs that are all missing is not one to give.
  const cost = options.cost && tx.ctx.clearance === 'restricted';
  const { rows } = await withAggregatePlans(tx, () =>
    projectStatement(tx.ctx.tenantId, query, { cost }).execute(tx.db),
  );
  const projects = rows.map((row) => (cost ? costed(row) : uncosted(row)));
  return { from: query.from, to: query.to, basis: BASIS, projects };
}

function uncosted(row: ProjectRow): ProjectFigures {
  return {
    projectId: row.project_id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    minutes: Number(row.minutes),
    billableMinutes: Number(row.billable_minutes),
    revenue: { amountMinor: safe(row.revenue_minor, row.project_id), currency: row.currency },
    unpricedMinutes: Number(row.unpriced_minutes),
  };
}

function costed(row: ProjectRow): CostedProjectFigures {
  const costs = (typeof row.costs === 'string' ? JSON.parse(row.costs) : (row.costs ?? [])) as {
    currency: string;
    amount: string;
  }[];
  return {
    ...uncosted(row),
    costs: costs.map((cost) => ({
      amountMinor: safe(BigInt(cost.amount), row.project_id),
      currency: cost.currency.trim(),
    })),
    uncostedMinutes: Number(row.uncosted_minutes ?? 0),
    margin:
      row.margin_minor === null
        ? null
        : { amountMinor: safe(row.margin_minor, row.project_id), currency: row.currency },
    marginPercent: row.margin_percent === null ? null : Number(row.margin_percent),
  };
}

function safe(value: bigint, projectId: string): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount))
    throw new AppError('INTERNAL', { reason: 'amount beyond safe integer', resource: 'project', projectId });
  return amount;
}
