import { formatMinutes } from '../../../ui/format.ts';
import type { Task } from '../api-types.ts';
import { longDay } from '../calendar.ts';
import { minutesFromHours } from '../hours.ts';
import { cellKey } from './save-week.ts';
import { cellMinutes, holdsSeveral, notesDiffer, sharedNote, type WeekRow } from './week-rows.ts';

export interface GridRowProps {
  readonly row: WeekRow;
  readonly label: string;
  readonly days: readonly string[];
  readonly tasks: readonly Task[];
  readonly cells: Readonly<Record<string, string>>;
  readonly note: string | undefined;
  readonly cellProblems: ReadonlyMap<string, readonly string[]>;
  readonly noteProblems: readonly string[] | undefined;
  isLocked(row: WeekRow, day: string): boolean;
  onCell(key: string, value: string): void;
  onNote(value: string): void;
  onTask(taskId: string | null): void;
}

/** What a cell shows: the typed text, else its saved minutes as h:mm. */
export function cellText(row: WeekRow, day: string, cells: Readonly<Record<string, string>>): string {
  const typed = cells[cellKey(row.key, day)];
  if (typed !== undefined) return typed;
  const minutes = cellMinutes(row, day);
  return minutes ? formatMinutes(minutes) : '';
}

/** The minutes a cell counts for the totals (typed text that is not hours counts as none). */
export function cellTotal(row: WeekRow, day: string, cells: Readonly<Record<string, string>>): number {
  const minutes = minutesFromHours(cellText(row, day, cells));
  return typeof minutes === 'number' ? minutes : 0;
}

/** One line of the week grid: the project and task, a cell per day, the line's total and note. */
export function GridRow(props: GridRowProps) {
  const { row, label, days, tasks, cells } = props;
  const taskName = tasks.find((task) => task.id === row.taskId)?.name;
  const lineName = taskName ? `${label} / ${taskName}` : label;
  const total = days.reduce((sum, day) => sum + cellTotal(row, day, cells), 0);
  const noteId = `note-${row.key}`;
  return (
    <tr>
      <th scope="row" className="line-name">
        <span>{label}</span>
        {row.fresh && tasks.length > 0 ? (
          <label className="task-choice">
            <span className="visually-hidden">Task for {label}</span>
            <select value={row.taskId ?? ''} onChange={(event) => props.onTask(event.target.value || null)}>
              <option value="">No task</option>
              {tasks.map((task) => (
                <option key={task.id} value={task.id}>
                  {task.name}
                </option>
              ))}
            </select>
          </label>
        ) : taskName ? (
          <span className="muted"> / {taskName}</span>
        ) : null}
      </th>
      {days.map((day) => {
        const key = cellKey(row.key, day);
        const problems = props.cellProblems.get(key);
        const locked = props.isLocked(row, day);
        // Several entries on one day are never merged or dropped by the grid: the cell only shows them.
        const several = holdsSeveral(row, day);
        const text = cellText(row, day, cells);
        return (
          <td
            key={day}
            className={`hours-cell${problems ? ' cell-invalid' : ''}${locked ? ' cell-locked' : ''}`}
          >
            <input
              type="text"
              inputMode="decimal"
              size={5}
              aria-label={`Hours, ${lineName}, ${longDay(day)}${locked ? ' (locked)' : several ? ' (several entries)' : ''}`}
              aria-invalid={problems ? true : undefined}
              aria-describedby={problems ? `${key}-error` : undefined}
              readOnly={locked || several}
              title={
                locked
                  ? 'Locked: submitted, approved or in a closed month'
                  : several
                    ? 'Several entries on this day: the grid shows their total and does not change them'
                    : undefined
              }
              value={text}
              onChange={(event) => props.onCell(key, event.target.value)}
            />
            {problems ? (
              <small id={`${key}-error`} className="field-error">
                {problems.join('; ')}
              </small>
            ) : null}
          </td>
        );
      })}
      <td className="num line-total">{formatMinutes(total)}</td>
      <td className="line-note">
        <input
          type="text"
          id={noteId}
          aria-label={`Note, ${lineName}`}
          aria-invalid={props.noteProblems ? true : undefined}
          aria-describedby={props.noteProblems ? `${noteId}-error` : undefined}
          value={props.note ?? sharedNote(row)}
          readOnly={notesDiffer(row) || days.every((day) => props.isLocked(row, day))}
          title={
            notesDiffer(row) ? 'The entries of this line carry different notes: kept as they are' : undefined
          }
          onChange={(event) => props.onNote(event.target.value)}
        />
        {props.noteProblems ? (
          <small id={`${noteId}-error`} className="field-error">
            {props.noteProblems.join('; ')}
          </small>
        ) : null}
      </td>
    </tr>
  );
}
