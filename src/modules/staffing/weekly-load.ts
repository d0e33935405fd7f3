/**
 * The arithmetic of the staffing view, pure: a person's allocated minutes per ISO week from their
 * assignments, and whether that week is over, under or ok against their capacity.
 *
 * An assignment books `allocation% × weekly capacity` for a full working week (Monday to Friday)
 * and that share prorated by the working days it covers in a partial one:
 *   minutes = round(percent × capacity × days / 500), half up, per assignment and week,
 * computed in integers (percent × capacity × days is exact), then summed per week.
 * A week is `over` when allocated > capacity, `under` when allocated < 80 % of capacity, else `ok`
 * (a capacity of 0 is `ok` when nothing is allocated and `over` otherwise).
 */

export type Load = 'over' | 'under' | 'ok';

/** The thresholds of `Load`, as percentages of capacity. */
export const LOAD_THRESHOLDS = Object.freeze({ overAbovePercent: 100, underBelowPercent: 80 });

export interface WeekLoad {
  /** ISO week, `2026-W10`. */
  readonly week: string;
  /** Its Monday. */
  readonly startsOn: string;
  readonly capacityMinutes: number;
  readonly allocatedMinutes: number;
  readonly load: Load;
}

export interface AssignmentSpan {
  readonly allocationPercent: number;
  readonly startsOn: string;
  readonly endsOn: string;
}

const DAY_MS = 86_400_000;

/** A `YYYY-MM-DD` date as days since the epoch (UTC). */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Days since the epoch as `YYYY-MM-DD`. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the ISO week of `date`. */
export function mondayOf(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  return dayString(day - ((((day + 3) % 7) + 7) % 7));
}

/** The ISO week (`2026-W01`) of the week starting on `monday`: the year of its Thursday. */
export function isoWeek(monday: string): string {
  const thursday = dayNumber(monday) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const firstThursday = dayNumber(mondayOf(`${year}-01-04`)) + 3;
  return `${year}-W${String((thursday - firstThursday) / 7 + 1).padStart(2, '0')}`;
}

/** The working days (Monday–Friday) of the week starting on `monday` that `[startsOn, endsOn]` covers. */
export function workingDaysCovered(monday: string, startsOn: string, endsOn: string): number {
  const first = Math.max(dayNumber(monday), dayNumber(startsOn));
  const last = Math.min(dayNumber(monday) + 4, dayNumber(endsOn));
  return Math.max(0, last - first + 1);
}

/** The load of a week: over above capacity, under below 80 % of it, else ok. */
export function loadOf(allocated: number, capacity: number): Load {
  if (allocated > capacity) return 'over';
  if (allocated * 100 < capacity * LOAD_THRESHOLDS.underBelowPercent) return 'under';
  return 'ok';
}

/** One person's weeks from `from` (a Monday): capacity, allocated minutes and load. */
export function weeklyLoad(
  capacityPerWeek: number,
  assignments: readonly AssignmentSpan[],
  from: string,
  weeks: number,
): WeekLoad[] {
  const first = dayNumber(from);
  return Array.from({ length: weeks }, (_, index) => {
    const monday = dayString(first + index * 7);
    let allocated = 0;
    for (const assignment of assignments) {
      const days = workingDaysCovered(monday, assignment.startsOn, assignment.endsOn);
      if (days > 0)
        allocated += Math.floor((assignment.allocationPercent * capacityPerWeek * days + 250) / 500);
    }
    return {
      week: isoWeek(monday),
      startsOn: monday,
      capacityMinutes: capacityPerWeek,
      allocatedMinutes: allocated,
      load: loadOf(allocated, capacityPerWeek),
    };
  });
}
