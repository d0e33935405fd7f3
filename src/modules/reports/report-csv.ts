import { toCsv } from './csv.ts';
import type { CostedProjectFigures, ProjectFigures, ProjectReport } from './project-margin.report.ts';
import type { UtilizationReport } from './utilization.report.ts';

/** The utilization report as CSV: one line per person, then one per practice (`scope` says which). */
export function utilizationCsv(report: UtilizationReport): string {
  const header = [
    'scope',
    'person_id',
    'person_name',
    'practice_id',
    'people',
    'capacity_minutes',
    'billable_minutes',
    'total_minutes',
    'utilization',
  ];
  return toCsv(header, [
    ...report.people.map((p) => [
      'person',
      p.personId,
      p.name,
      p.practiceId,
      1,
      p.capacityMinutes,
      p.billableMinutes,
      p.totalMinutes,
      p.utilization,
    ]),
    ...report.practices.map((p) => [
      'practice',
      null,
      null,
      p.practiceId,
      p.people,
      p.capacityMinutes,
      p.billableMinutes,
      p.totalMinutes,
      p.utilization,
    ]),
  ]);
}

/**
 * The project report as CSV. The cost columns exist only when `withCost` (the same decision as
 * the JSON's): without it no header or line holds a cost or margin, not even an empty one.
 * Costs in several currencies share one field (`1200 GBP; 300 USD`), never added.
 */
export function projectCsv(
  report: ProjectReport<ProjectFigures | CostedProjectFigures>,
  withCost: boolean,
): string {
  const header = [
    'project_id',
    'code',
    'name',
    'currency',
    'minutes',
    'billable_minutes',
    'revenue_minor',
    'revenue_currency',
    'unpriced_minutes',
    ...(withCost ? ['costs', 'uncosted_minutes', 'margin_minor', 'margin_currency', 'margin_percent'] : []),
  ];
  const rows = report.projects.map((p) => {
    const base = [
      p.projectId,
      p.code,
      p.name,
      p.currency,
      p.minutes,
      p.billableMinutes,
      p.revenue.amountMinor,
      p.revenue.currency,
      p.unpricedMinutes,
    ];
    if (!withCost || !('costs' in p)) return base;
    return [
      ...base,
      p.costs.map((cost) => `${cost.amountMinor} ${cost.currency}`).join('; '),
      p.uncostedMinutes,
      p.margin?.amountMinor ?? null,
      p.margin?.currency ?? null,
      p.marginPercent,
    ];
  });
  return toCsv(header, rows);
}
