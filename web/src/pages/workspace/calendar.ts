/** Calendar days as `YYYY-MM-DD` strings, computed in UTC so that no time zone shifts a day. */

function toDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + count);
  return toDay(date);
}

/** The Monday of the ISO week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Today in the browser's own calendar. */
export function today(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The seven days of the week starting on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** "2026-W49" for the ISO week holding `day`. */
export function isoWeek(day: string): string {
  const thursday = toDate(addDays(mondayOf(day), 3));
  const year = thursday.getUTCFullYear();
  const firstThursday = toDate(addDays(mondayOf(`${year}-01-04`), 3));
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** "Mon 30" — the weekday and day of month of a day. */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    toDate(day),
  );
}

/** "Monday 30 November" — for labels read aloud. */
export function longDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(toDate(day));
}

/** Whether `day` is a `YYYY-MM-DD` calendar day. */
export function isDay(day: string | null | undefined): day is string {
  return !!day && /^\d{4}-\d{2}-\d{2}$/.test(day) && toDay(toDate(day)) === day;
}
