import { AppError } from '../../platform/errors/index.ts';

/** The days a report covers, both included (`YYYY-MM-DD`). */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

/** The longest period a report covers: a year, leap day included. */
export const MAX_PERIOD_DAYS = 366;

/**
 * Which time entries the reports count: those submitted or approved. Drafts are not claimed yet
 * and rejected entries are being corrected; submitted time is counted so that this week's
 * figures are not empty until the approvers have caught up (an approval changes no minutes).
 */
export const COUNTED_STATUSES = ['submitted', 'approved'] as const;
export const BASIS = 'time entries submitted or approved, dated in the period';

/** 400 unless `to` is on or after `from` and the period spans at most MAX_PERIOD_DAYS days. */
export function requirePeriod(period: ReportPeriod): void {
  const days = (dayNumber(period.to) - dayNumber(period.from)) / 86_400_000 + 1;
  const problem = !Number.isFinite(days)
    ? 'from and to must be calendar days'
    : days < 1
      ? 'must be on or after from'
      : days > MAX_PERIOD_DAYS
        ? `the period spans at most ${MAX_PERIOD_DAYS} days`
        : null;
  if (problem) {
    throw new AppError(
      'VALIDATION_FAILED',
      { resource: 'report', ...period },
      { detail: 'The report period is not valid', fieldProblems: [{ path: '/query/to', message: problem }] },
    );
  }
}

/** Milliseconds of a calendar day at 00:00 UTC; NaN for a day that does not exist (`2026-02-30`). */
function dayNumber(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms : Number.NaN;
}
