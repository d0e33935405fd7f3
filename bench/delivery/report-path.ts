import { type Kysely, sql } from 'kysely';
import {
  projectReport,
  projectStatement,
  utilizationReport,
  utilizationStatement,
} from '../../src/modules/reports/index.ts';
import { runTenantTransaction } from '../../src/platform/db/tenant-transaction.ts';
import { FULL_SCOPE, type TenantContext } from '../../src/platform/tenancy/tenant-context.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize, timeUs } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';
import { YEAR } from './load.ts';

export interface ReportPathOptions {
  /** Timed reports per path. */
  readonly queries: number;
  readonly warmup: number;
  /** Also time the project report (hours, revenue, cost, margin) on both paths. */
  readonly projects: boolean;
}

export interface ReportPathResult {
  readonly queries: number;
  readonly period: { readonly from: string; readonly to: string };
  /** Entries the utilization report counts (submitted and approved, in the period). */
  readonly countedEntries: number;
  readonly peopleRows: number;
  /** ms per utilization report through the tenant transaction: context, RLS, the service, commit. */
  readonly serviceMs: Summary;
  /** ms per run of the same statement by the owner (no RLS, explicit tenant filter), autocommit. */
  readonly ownerMs: Summary;
  readonly ratio: number;
  /** Diagnostic: ms per run of the statement by the owner with the report's planner settings (aggregate-plans.ts). */
  readonly ownerSamePlanMs: Summary;
  /**
   * Diagnostic, measured last: the tenant path once the segment policies of time_entries and people
   * are dropped from the benchmark's database (the tenant policy stays), against the owner again:
   * what the five per-row segment policies cost.
   */
  readonly withoutSegmentPolicies: {
    readonly serviceMs: Summary;
    readonly ownerMs: Summary;
    readonly ratio: number;
  };
  /** The project report (bill rates and cost rates per group, margin), both paths, if measured. */
  readonly projectReport?: { readonly serviceMs: Summary; readonly ownerMs: Summary; readonly ratio: number };
}

/**
 * The utilization report of a year over the tenant's time entries, as a finance user of the tenant
 * (every segment, restricted clearance) through `runTenantTransaction` and `utilizationReport`,
 * against `utilizationStatement` run by the table owner. Both must give the same figures. The two
 * paths alternate, each starting every other round.
 */
export async function measureReportPath(
  target: BenchTarget,
  tenantId: string,
  options: ReportPathOptions,
): Promise<ReportPathResult> {
  const period = { from: YEAR.from, to: YEAR.to };
  const owner = target.database.db as Kysely<unknown>;
  const ctx: TenantContext = {
    tenantId,
    actor: { kind: 'user', id: 'bench-finance', membershipId: null },
    scope: FULL_SCOPE,
    clearance: 'restricted',
    requestId: null,
    grantId: null,
  };
  const viaService = async () =>
    (
      await runTenantTransaction(
        target.database,
        ctx,
        (tx) => utilizationReport(tx, period),
        target.settings,
        {
          readOnly: true,
        },
      )
    ).result;
  const viaOwner = async () => (await utilizationStatement(tenantId, period).execute(owner)).rows;

  const service = await viaService();
  const raw = await viaOwner();
  const billable = (rows: readonly { billable_minutes: bigint; is_practice: number }[]) =>
    rows
      .filter((row) => Number(row.is_practice) === 0)
      .reduce((sum, row) => sum + Number(row.billable_minutes), 0);
  const serviceBillable = service.people.reduce((sum, person) => sum + person.billableMinutes, 0);
  if (service.people.length === 0 || serviceBillable !== billable(raw)) {
    throw new Error(
      `report path: service and owner disagree: ${serviceBillable} vs ${billable(raw)} billable minutes`,
    );
  }
  const counted = Number(
    (
      await target.database.db
        .selectFrom('time_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', 'in', ['submitted', 'approved'])
        .where('work_date', '>=', period.from)
        .where('work_date', '<=', period.to)
        .executeTakeFirst()
    )?.n ?? 0,
  );
  log(
    `  report path: ${counted.toLocaleString('en')} entries counted, ${service.people.length} people; ${options.queries} timed reports per path`,
  );
  const utilization = await alternate(viaService, viaOwner, options);
  // The owner's statement planned like the report's (hash joins and aggregates), in a transaction.
  const viaOwnerSamePlan = () =>
    target.database.session(async (session) => {
      await session.script(
        'BEGIN READ ONLY; SET LOCAL enable_nestloop = off; SET LOCAL enable_sort = off; SET LOCAL jit = off',
      );
      await utilizationStatement(tenantId, period).execute(session.db);
      await session.script('COMMIT');
    });
  const samePlan = await alternate(viaOwnerSamePlan, viaOwner, { ...options, warmup: 1 });
  let projects: ReportPathResult['projectReport'];
  if (options.projects) {
    const projectViaService = () =>
      runTenantTransaction(
        target.database,
        ctx,
        (tx) => projectReport(tx, period, { cost: true }),
        target.settings,
        {
          readOnly: true,
        },
      );
    const projectViaOwner = () => projectStatement(tenantId, period, { cost: true }).execute(owner);
    const measured = await alternate(projectViaService, projectViaOwner, {
      ...options,
      queries: Math.max(1, Math.ceil(options.queries / 2)),
    });
    projects = measured;
    log(
      `  project report: ${measured.serviceMs.mean.toFixed(0)} ms through the service, ${measured.ownerMs.mean.toFixed(0)} ms as owner`,
    );
  }
  const { rows: policies } = await sql<{ tablename: string; policyname: string }>`
    SELECT tablename, policyname FROM pg_policies
    WHERE tablename IN ('time_entries', 'people') AND policyname <> 'tenant_isolation'`.execute(owner);
  await target.database.session((session) =>
    session.script(policies.map((p) => `DROP POLICY ${p.policyname} ON ${p.tablename};`).join('\n')),
  );
  const withoutSegmentPolicies = await alternate(viaService, viaOwner, options);
  log(
    `  without the ${policies.length} segment policies: ${withoutSegmentPolicies.serviceMs.mean.toFixed(0)} ms through the service`,
  );
  return {
    queries: options.queries,
    period,
    countedEntries: counted,
    peopleRows: service.people.length,
    ...utilization,
    ownerSamePlanMs: samePlan.serviceMs,
    withoutSegmentPolicies,
    ...(projects ? { projectReport: projects } : {}),
  };
}

async function alternate(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: { queries: number; warmup: number },
): Promise<{ serviceMs: Summary; ownerMs: Summary; ratio: number }> {
  for (let i = 0; i < options.warmup; i += 1) {
    await a();
    await b();
  }
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < options.queries; i += 1) {
    const runA = async () => first.push((await timeUs(a)) / 1000);
    const runB = async () => second.push((await timeUs(b)) / 1000);
    if (i % 2 === 0) {
      await runA();
      await runB();
    } else {
      await runB();
      await runA();
    }
  }
  const serviceMs = summarize(first);
  const ownerMs = summarize(second);
  return { serviceMs, ownerMs, ratio: serviceMs.mean / ownerMs.mean };
}
