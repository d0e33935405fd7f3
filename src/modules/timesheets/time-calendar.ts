import { AppError } from '../../platform/errors/index.ts';

/** Calendar arithmetic on `YYYY-MM-DD` days (UTC, no time zones: a work date is a calendar day). */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The UTC midnight of a valid calendar day, or null (`2026-02-30` is not a day). */
export function parseDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

/** `YYYY-MM-DD` of a date (UTC). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The Monday that starts the ISO week of a day. */
export function isoWeekStart(day: string): string {
  const date = parseDay(day);
  if (!date) throw notADay(day);
  const isoWeekday = ((date.getUTCDay() + 6) % 7) + 1;
  return dayOf(new Date(date.getTime() - (isoWeekday - 1) * DAY_MS));
}

/** True for a Monday. */
export function isMonday(day: string): boolean {
  const date = parseDay(day);
  return date !== null && date.getUTCDay() === 1;
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  const date = parseDay(day);
  if (!date) throw notADay(day);
  return dayOf(new Date(date.getTime() + n * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a) throw notADay(from);
  if (!b) throw notADay(to);
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

/** `YYYY-MM` of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The first day (`YYYY-MM-01`) of a `YYYY-MM` month, or null when it is not one. */
export function firstDayOfMonth(month: string): string | null {
  return MONTH.test(month) ? `${month}-01` : null;
}

/** Input validation already refuses what is not a day; a service called otherwise still gets a 400. */
function notADay(day: string): AppError {
  return new AppError('VALIDATION_FAILED', { day }, { detail: `${day} is not a calendar day (YYYY-MM-DD).` });
}
