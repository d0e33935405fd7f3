import type { Assignment, TimeEntry } from '../api-types.ts';

/** One line of the week grid: a project (and task) with its entries per day. */
export interface WeekRow {
  readonly key: string;
  readonly projectId: string;
  readonly taskId: string | null;
  /** A line without saved time yet: its task can still be chosen. */
  readonly fresh: boolean;
  readonly entriesByDay: ReadonlyMap<string, readonly TimeEntry[]>;
}

/** A line the person added for another task of an assigned project. */
export interface AddedRow {
  readonly key: string;
  readonly projectId: string;
}

/** Whether an assignment covers any day of the week. */
export function coversWeek(assignment: Assignment, days: readonly string[]): boolean {
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  return assignment.startsOn <= last && assignment.endsOn >= first;
}

/**
 * The grid's lines: one per project and task already booked this week, one per assigned project
 * not booked yet (kept while it holds unsaved input), then the lines the person added.
 */
export function weekRows(
  entries: readonly TimeEntry[],
  assignments: readonly Assignment[],
  added: readonly AddedRow[],
  taskChoice: Readonly<Record<string, string | null>>,
  pendingRows: ReadonlySet<string>,
): WeekRow[] {
  const booked = new Map<
    string,
    { projectId: string; taskId: string | null; byDay: Map<string, TimeEntry[]> }
  >();
  for (const entry of entries) {
    const key = `e:${entry.projectId}/${entry.taskId ?? ''}`;
    let row = booked.get(key);
    if (!row) {
      row = { projectId: entry.projectId, taskId: entry.taskId, byDay: new Map() };
      booked.set(key, row);
    }
    row.byDay.set(entry.date, [...(row.byDay.get(entry.date) ?? []), entry]);
  }
  const rows: WeekRow[] = [...booked].map(([key, row]) => ({
    key,
    projectId: row.projectId,
    taskId: row.taskId,
    fresh: false,
    entriesByDay: row.byDay,
  }));
  const bookedProjects = new Set(rows.map((row) => row.projectId));
  const assignedProjects = [...new Set(assignments.map((assignment) => assignment.projectId))];
  for (const projectId of assignedProjects) {
    const key = `a:${projectId}`;
    if (bookedProjects.has(projectId) && !pendingRows.has(key)) continue;
    rows.push(freshRow(key, projectId, taskChoice));
  }
  for (const row of added) rows.push(freshRow(row.key, row.projectId, taskChoice));
  return rows;
}

function freshRow(
  key: string,
  projectId: string,
  taskChoice: Readonly<Record<string, string | null>>,
): WeekRow {
  return { key, projectId, taskId: taskChoice[key] ?? null, fresh: true, entriesByDay: new Map() };
}

/** The minutes a cell holds. */
export function cellMinutes(row: WeekRow, day: string): number {
  return (row.entriesByDay.get(day) ?? []).reduce((sum, entry) => sum + entry.minutes, 0);
}

/** The note a line's entries share, or '' when they differ or there is none. */
export function sharedNote(row: WeekRow): string {
  const notes = new Set([...row.entriesByDay.values()].flat().map((entry) => entry.note ?? ''));
  return notes.size === 1 ? ([...notes][0] ?? '') : '';
}

/** Whether the line's entries carry different notes: one note field could not show them all. */
export function notesDiffer(row: WeekRow): boolean {
  return new Set([...row.entriesByDay.values()].flat().map((entry) => entry.note ?? '')).size > 1;
}

/** Whether a day of the line holds several entries (from an import or the API): one cell cannot show them. */
export function holdsSeveral(row: WeekRow, day: string): boolean {
  return (row.entriesByDay.get(day)?.length ?? 0) > 1;
}
