import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { billRateFor } from '../contracts/index.ts';
import { divideRounded } from '../ledger/index.ts';
import { type Period, percentCompleteCumulative, ratableCumulative, timeValue } from './recognition-math.ts';

/** What recognition needs of an obligation. */
export interface TargetObligation {
  readonly id: string;
  readonly contractId: string;
  readonly kind: 'time_and_materials' | 'milestone' | 'fixed_fee_percent_complete' | 'ratable';
  readonly allocatedPriceMinor: bigint | null;
  readonly projectId: string | null;
  readonly milestoneId: string | null;
  readonly serviceStart: string | null;
  readonly serviceEnd: string | null;
  readonly estimatedTotalCostMinor: bigint | null;
  readonly costCurrency: string | null;
}

/** Cumulative revenue at each period's end, or why it cannot be computed. */
export type Targets =
  | { readonly ok: true; readonly cumulative: bigint[] }
  | { readonly ok: false; readonly reason: string };

const text = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/**
 * An obligation's cumulative revenue at the end of each period (in order):
 * - ratable: the price by service days elapsed;
 * - milestone: the price once the milestone is accepted (on its acceptance day, UTC);
 * - time and materials: approved billable time on the project by work date, each entry at its
 *   bill rate (`billRateFor`, as billing prices it; unrated entries are never billed either);
 * - percent complete: the price × approved time's cost at cost rates over the estimated total
 *   cost. Time without a cost rate in the obligation's cost currency (or not visible to the
 *   caller) leaves the obligation unrecognized, with the reason.
 */
export async function cumulativeTargets(
  tx: TenantTransaction,
  obligation: TargetObligation,
  periods: readonly Period[],
): Promise<Targets> {
  const last = periods.at(-1)?.end;
  if (last === undefined) return { ok: true, cumulative: [] };
  const price = obligation.allocatedPriceMinor ?? 0n;
  const tenantId = tx.ctx.tenantId;
  switch (obligation.kind) {
    case 'ratable': {
      const service = { start: obligation.serviceStart ?? '', end: obligation.serviceEnd ?? '' };
      return { ok: true, cumulative: periods.map((period) => ratableCumulative(price, service, period.end)) };
    }
    case 'milestone': {
      const row = (
        await sql<{ status: string; accepted_on: string | null }>`
          SELECT status, to_char((decided_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS accepted_on
          FROM project_milestones WHERE tenant_id = ${tenantId} AND id = ${obligation.milestoneId}`.execute(
          tx.db,
        )
      ).rows[0];
      if (!row) return { ok: false, reason: 'the milestone is not visible' };
      const accepted = row.status === 'accepted' ? row.accepted_on : null;
      return {
        ok: true,
        cumulative: periods.map((period) => (accepted !== null && accepted <= period.end ? price : 0n)),
      };
    }
    case 'time_and_materials': {
      const entries = (
        await sql<{ person_id: string; role: string | null; work_date: string; minutes: number }>`
          SELECT e.person_id, coalesce(a.role, p.role) AS role, to_char(e.work_date, 'YYYY-MM-DD') AS work_date, e.minutes
          FROM time_entries e
          JOIN people p ON p.tenant_id = e.tenant_id AND p.id = e.person_id
          JOIN assignments a ON a.tenant_id = e.tenant_id AND a.id = e.assignment_id
          WHERE e.tenant_id = ${tenantId} AND e.project_id = ${obligation.projectId}
            AND e.status = 'approved' AND e.billable AND e.work_date <= ${last}::date
          ORDER BY e.work_date, e.id`.execute(tx.db)
      ).rows;
      const rates = new Map<string, bigint | null>();
      const values: [string, bigint][] = [];
      for (const entry of entries) {
        const on = text(entry.work_date);
        const key = `${entry.person_id}|${entry.role ?? ''}|${on}`;
        if (!rates.has(key)) {
          const rate = await billRateFor(tx, {
            contractId: obligation.contractId,
            personId: entry.person_id,
            role: entry.role,
            on,
          });
          rates.set(key, rate ? BigInt(rate.hourlyRate.amountMinor) : null);
        }
        const rate = rates.get(key) ?? null;
        if (rate !== null) values.push([on, timeValue(entry.minutes, rate)]);
      }
      return {
        ok: true,
        cumulative: periods.map((period) =>
          values.reduce((sum, [on, value]) => (on <= period.end ? sum + value : sum), 0n),
        ),
      };
    }
    case 'fixed_fee_percent_complete': {
      const entries = (
        await sql<{ work_date: string; minutes: number; cost: string | null; currency: string | null }>`
          SELECT to_char(e.work_date, 'YYYY-MM-DD') AS work_date, e.minutes, c.hourly_cost_minor::text AS cost,
            c.currency
          FROM time_entries e
          LEFT JOIN LATERAL (
            SELECT r.hourly_cost_minor, r.currency FROM person_cost_rates r
            WHERE r.tenant_id = e.tenant_id AND r.person_id = e.person_id AND r.valid_from <= e.work_date
              AND (r.valid_until IS NULL OR r.valid_until >= e.work_date)
            ORDER BY r.valid_from DESC LIMIT 1) c ON true
          WHERE e.tenant_id = ${tenantId} AND e.project_id = ${obligation.projectId}
            AND e.status = 'approved' AND e.work_date <= ${last}::date`.execute(tx.db)
      ).rows;
      const currency = obligation.costCurrency ?? '';
      if (entries.some((entry) => entry.cost === null || entry.currency?.trim() !== currency))
        return { ok: false, reason: `approved time without a visible cost rate in ${currency}` };
      const estimated = obligation.estimatedTotalCostMinor ?? 1n;
      return {
        ok: true,
        cumulative: periods.map((period) => {
          const scaled = entries.reduce(
            (sum, entry) =>
              text(entry.work_date) <= period.end
                ? sum + BigInt(entry.minutes) * BigInt(entry.cost ?? 0)
                : sum,
            0n,
          );
          return percentCompleteCumulative(price, divideRounded(scaled, 60n), estimated);
        }),
      };
    }
  }
}
