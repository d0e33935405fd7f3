import { type RawBuilder, sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
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
 * role sees. Entries are first summed per project, person, role and day; each such group then
 * gets its bill rate — the person's on the contract's card, else the role's (the assignment's
 * role, else the person's), else the person's then the role's on the tenant's default card in the
 * project's currency, valid on the day (latest start wins) — and, with `cost`, its person's cost
 * rate valid on the day (latest start wins). Amounts: round(Σ minutes × hourly rate / 60), one
 * rounding per project and currency, half away from zero. A contract the reader cannot see prices
 * nothing (its card would be invisible too, and the default card would be wrong).
 */
export function projectStatement(
  tenantId: string,
  query: ProjectReportQuery,
  options: { readonly cost: boolean },
): RawBuilder<ProjectRow> {
  const project = query.projectId ? sql`AND te.project_id = ${query.projectId}` : sql``;
  const costJoin = options.cost
    ? sql`LEFT JOIN LATERAL (
        SELECT cr.hourly_cost_minor, cr.currency
        FROM person_cost_rates cr
        WHERE cr.tenant_id = ${tenantId} AND cr.person_id = g.person_id
          AND cr.valid_from <= g.work_date AND (cr.valid_until IS NULL OR cr.valid_until >= g.work_date)
        ORDER BY cr.valid_from DESC LIMIT 1) cost ON true`
    : sql`LEFT JOIN LATERAL (SELECT NULL::bigint AS hourly_cost_minor, NULL::char(3) AS currency) cost ON true`;
  return sql<ProjectRow>`
    WITH grouped AS (
      SELECT te.project_id, te.contract_id, te.currency, te.person_id, coalesce(a.role, pe.role) AS role,
        te.work_date, sum(te.minutes) AS minutes, coalesce(sum(te.minutes) FILTER (WHERE te.billable), 0) AS billable
      FROM time_entries te
      JOIN assignments a ON a.tenant_id = te.tenant_id AND a.id = te.assignment_id
      LEFT JOIN people pe ON pe.tenant_id = te.tenant_id AND pe.id = te.person_id
      WHERE te.tenant_id = ${tenantId} AND te.work_date BETWEEN ${query.from}::date AND ${query.to}::date
        AND te.status IN (${sql.join(COUNTED_STATUSES.map((status) => sql`${status}`))}) ${project}
      GROUP BY te.project_id, te.contract_id, te.currency, te.person_id, coalesce(a.role, pe.role), te.work_date
    ),
    rated AS (
      SELECT g.project_id, g.currency, g.minutes, g.billable, rate.hourly_rate_minor,
        cost.hourly_cost_minor, cost.currency AS cost_currency
      FROM grouped g
      LEFT JOIN contracts k ON k.tenant_id = ${tenantId} AND k.id = g.contract_id
      LEFT JOIN LATERAL (
        SELECT r.hourly_rate_minor
        FROM rate_card_rates r JOIN rate_cards c ON c.tenant_id = r.tenant_id AND c.id = r.rate_card_id
        WHERE r.tenant_id = ${tenantId} AND k.id IS NOT NULL
          AND (c.contract_id = g.contract_id OR (c.contract_id IS NULL AND c.currency = g.currency))
          AND (r.person_id = g.person_id OR (r.role IS NOT NULL AND r.role = g.role))
          AND r.valid_from <= g.work_date AND (r.valid_until IS NULL OR r.valid_until >= g.work_date)
        ORDER BY c.contract_id IS NULL, r.person_id IS NULL, r.valid_from DESC
        LIMIT 1) rate ON g.billable > 0
      ${costJoin}
    ),
    per_project AS (
      SELECT project_id, min(currency) AS currency, sum(minutes)::bigint AS minutes,
        sum(billable)::bigint AS billable_minutes,
        coalesce(round(sum(billable * hourly_rate_minor) / 60.0), 0)::bigint AS revenue_minor,
        coalesce(sum(billable) FILTER (WHERE billable > 0 AND hourly_rate_minor IS NULL), 0)::bigint AS unpriced_minutes,
        coalesce(sum(minutes) FILTER (WHERE hourly_cost_minor IS NULL), 0)::bigint AS uncosted_minutes
      FROM rated GROUP BY project_id
    ),
    per_cost_currency AS (
      SELECT project_id, cost_currency, round(sum(minutes * hourly_cost_minor) / 60.0)::bigint AS cost_minor
      FROM rated WHERE hourly_cost_minor IS NOT NULL GROUP BY project_id, cost_currency
    ),
    costs AS (
      SELECT project_id,
        json_agg(json_build_object('currency', cost_currency, 'amount', cost_minor::text) ORDER BY cost_currency) AS costs,
        sum(cost_minor) AS total_minor, count(*) AS currencies, min(cost_currency) AS only_currency
      FROM per_cost_currency GROUP BY project_id
    ),
    figures AS (
      SELECT pp.*, c.costs,
        CASE WHEN pp.unpriced_minutes = 0 AND pp.uncosted_minutes = 0
          AND (c.project_id IS NULL OR (c.currencies = 1 AND c.only_currency = pp.currency))
          THEN pp.revenue_minor - coalesce(c.total_minor, 0) END AS margin_minor
      FROM per_project pp LEFT JOIN costs c ON c.project_id = pp.project_id
    )
    SELECT f.project_id, p.code, p.name, f.currency, f.minutes, f.billable_minutes, f.revenue_minor,
      f.unpriced_minutes, f.costs, f.uncosted_minutes, f.margin_minor::bigint AS margin_minor,
      CASE WHEN f.margin_minor IS NOT NULL AND f.revenue_minor <> 0
        THEN round(f.margin_minor * 100.0 / f.revenue_minor, 2) END AS margin_percent
    FROM figures f JOIN projects p ON p.tenant_id = ${tenantId} AND p.id = f.project_id
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
  const { rows } = await projectStatement(tx.ctx.tenantId, query, { cost }).execute(tx.db);
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
