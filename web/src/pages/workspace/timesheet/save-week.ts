import { api } from '../../../api/client.ts';
import { ApiProblem } from '../../../api/problem.ts';
import type { TimeEntry } from '../api-types.ts';
import { minutesFromHours } from '../hours.ts';
import type { WeekRow } from './week-rows.ts';

/** What the person typed and has not saved: hours per cell (`rowKey|day`) and notes per line. */
export interface WeekDraft {
  readonly cells: Readonly<Record<string, string>>;
  readonly notes: Readonly<Record<string, string>>;
}

/** The outcome of saving: what was saved, and the messages to show by each cell and note. */
export interface SaveOutcome {
  readonly savedCells: ReadonlySet<string>;
  readonly savedNotes: ReadonlySet<string>;
  readonly cellProblems: ReadonlyMap<string, readonly string[]>;
  readonly noteProblems: ReadonlyMap<string, readonly string[]>;
  /** Months the API answered as closed. */
  readonly closedMonths: ReadonlySet<string>;
}

export const cellKey = (rowKey: string, day: string) => `${rowKey}|${day}`;

const CELL_FIELDS = ['minutes', 'date', 'projectId', 'taskId', 'billable'];

/** Messages the API gave for a cell's request: its field messages, else its detail. */
function messagesOf(failure: unknown): { cell: string[]; note: string[]; closed: boolean } {
  if (!(failure instanceof ApiProblem)) {
    return { cell: [failure instanceof Error ? failure.message : 'Not saved'], note: [], closed: false };
  }
  const cell = CELL_FIELDS.flatMap((field) => failure.fieldMessages(field));
  const note = failure.fieldMessages('note');
  if (cell.length === 0 && note.length === 0) cell.push(failure.detail ?? failure.title);
  return { cell, note, closed: failure.code === 'TIME_PERIOD_CLOSED' };
}

/**
 * Saves the draft of a week through the time-entry API, cell by cell: a new value on an empty cell
 * creates an entry, a changed value updates the cell's entry, an emptied cell deletes it. A day
 * holding several entries is never merged or dropped (the grid shows it read-only). A changed note
 * goes with the line's changed cells, and onto its other entries. Every failure is kept by its
 * cell; the rest is saved.
 */
export async function saveWeek(
  rows: readonly WeekRow[],
  days: readonly string[],
  draft: WeekDraft,
): Promise<SaveOutcome> {
  const savedCells = new Set<string>();
  const savedNotes = new Set<string>();
  const cellProblems = new Map<string, string[]>();
  const noteProblems = new Map<string, string[]>();
  const closedMonths = new Set<string>();

  const fail = (key: string, rowKey: string, failure: unknown, day: string) => {
    const messages = messagesOf(failure);
    if (messages.cell.length) cellProblems.set(key, messages.cell);
    if (messages.note.length) noteProblems.set(rowKey, messages.note);
    if (messages.closed) closedMonths.add(day.slice(0, 7));
  };

  for (const row of rows) {
    const note = draft.notes[row.key];
    const noteBody = note === undefined ? {} : { note: note.trim() === '' ? null : note };
    let noteFailed = false;
    for (const day of days) {
      const key = cellKey(row.key, day);
      const typed = draft.cells[key];
      if (typed === undefined) continue;
      const entries = row.entriesByDay.get(day) ?? [];
      const minutes = minutesFromHours(typed);
      if (minutes === null) {
        cellProblems.set(key, ['Enter hours as 7:30 or 7.5']);
        continue;
      }
      try {
        await saveCell(row, day, entries, minutes === 'empty' || minutes === 0 ? null : minutes, noteBody);
        savedCells.add(key);
      } catch (failure) {
        fail(key, row.key, failure, day);
        if (messagesOf(failure).note.length) noteFailed = true;
      }
    }
    if (note === undefined) continue;
    // The note also goes onto the line's entries whose cells were not changed.
    for (const day of days) {
      if (draft.cells[cellKey(row.key, day)] !== undefined) continue;
      for (const entry of row.entriesByDay.get(day) ?? []) {
        if ((entry.note ?? '') === note) continue;
        try {
          await api(`/api/v1/time-entries/${entry.id}`, { method: 'PATCH', body: noteBody });
        } catch (failure) {
          fail(cellKey(row.key, day), row.key, failure, day);
          noteFailed = true;
        }
      }
    }
    if (!noteFailed) savedNotes.add(row.key);
  }
  return { savedCells, savedNotes, cellProblems, noteProblems, closedMonths };
}

async function saveCell(
  row: WeekRow,
  day: string,
  entries: readonly TimeEntry[],
  minutes: number | null,
  noteBody: { note?: string | null },
): Promise<void> {
  const [first, ...others] = entries;
  if (others.length > 0) throw new Error('This day holds several entries: the grid does not change them');
  if (minutes === null) {
    if (first) await api(`/api/v1/time-entries/${first.id}`, { method: 'DELETE' });
    return;
  }
  if (!first) {
    await api<TimeEntry>('/api/v1/time-entries', {
      method: 'POST',
      body: { projectId: row.projectId, taskId: row.taskId, date: day, minutes, ...noteBody },
    });
    return;
  }
  await api<TimeEntry>(`/api/v1/time-entries/${first.id}`, {
    method: 'PATCH',
    body: { minutes, ...noteBody },
  });
}
