import { useEffect, useState } from 'react';
import { formatMinutes } from '../../../ui/format.ts';
import type { Assignment, Project, Task, Timesheet } from '../api-types.ts';
import { longDay, shortDay } from '../calendar.ts';
import { type Names, projectLabel } from '../lookups.ts';
import { cellTotal, GridRow } from './grid-row.tsx';
import { type SaveOutcome, saveWeek } from './save-week.ts';
import { type AddedRow, type WeekRow, weekRows } from './week-rows.ts';

export interface TimesheetGridProps {
  readonly days: readonly string[];
  readonly timesheet: Timesheet | null;
  readonly assignments: readonly Assignment[];
  readonly tasks: readonly Task[];
  readonly projects: Names<Project>;
  readonly closedMonths: ReadonlySet<string>;
  /** Reloads the week after a save. */
  onSaved(): Promise<void>;
  /** Told whether the grid holds unsaved input (so that leaving the week can ask first). */
  onDirtyChange(dirty: boolean): void;
  /** Submits the saved week. */
  onSubmit(): Promise<void>;
  readonly submitting: boolean;
}

const NO_PROBLEMS: SaveOutcome = {
  savedCells: new Set(),
  savedNotes: new Set(),
  cellProblems: new Map(),
  noteProblems: new Map(),
  closedMonths: new Set(),
};

/** The week grid: a line per assigned project and task, hours per day, totals, notes; save and submit. */
export function TimesheetGrid(props: TimesheetGridProps) {
  const { days, timesheet, assignments, tasks, projects } = props;
  const [cells, setCells] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [taskChoice, setTaskChoice] = useState<Record<string, string | null>>({});
  const [added, setAdded] = useState<AddedRow[]>([]);
  const [outcome, setOutcome] = useState<SaveOutcome>(NO_PROBLEMS);
  const [learnedClosed, setLearnedClosed] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const pendingRows = new Set(
    [...Object.keys(cells), ...Object.keys(notes)].map((key) => key.split('|')[0] ?? ''),
  );
  // Booked lines first, then the assigned projects in view, then those outside it.
  const rank = (row: WeekRow) => (row.fresh ? 1 : 0) + (projects.byId.has(row.projectId) ? 0 : 2);
  const sheetLocked = timesheet?.status === 'submitted' || timesheet?.status === 'approved';
  // A locked week shows what it holds; an open one also offers every assignment of the week.
  const rows = weekRows(
    timesheet?.entries ?? [],
    sheetLocked ? [] : assignments,
    sheetLocked ? [] : added,
    taskChoice,
    pendingRows,
  ).sort((a, b) => rank(a) - rank(b));
  const isLocked = (row: WeekRow, day: string) =>
    sheetLocked ||
    props.closedMonths.has(day.slice(0, 7)) ||
    learnedClosed.has(day.slice(0, 7)) ||
    (row.entriesByDay.get(day) ?? []).some(
      (entry) => entry.status === 'submitted' || entry.status === 'approved',
    );
  const dirty = Object.keys(cells).length > 0 || Object.keys(notes).length > 0;
  const { onDirtyChange } = props;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const tasksOf = (projectId: string) =>
    tasks.filter((task) => task.projectId === projectId && task.status === 'open');

  async function save(): Promise<boolean> {
    setSaving(true);
    setMessage(null);
    try {
      const result = await saveWeek(rows, days, { cells, notes });
      setOutcome(result);
      setLearnedClosed((known) => new Set([...known, ...result.closedMonths]));
      setCells((current) => without(current, result.savedCells));
      setNotes((current) => without(current, result.savedNotes));
      const failedRows = new Set([...result.cellProblems.keys()].map((key) => key.split('|')[0]));
      setAdded((current) => current.filter((row) => failedRows.has(row.key)));
      await props.onSaved();
      const failed = result.cellProblems.size + result.noteProblems.size;
      setMessage(failed ? null : 'Saved.');
      return failed === 0;
    } finally {
      setSaving(false);
    }
  }

  async function submit() {
    if (dirty && !(await save())) return;
    await props.onSubmit();
  }

  const dayTotal = (day: string) => rows.reduce((sum, row) => sum + cellTotal(row, day, cells), 0);
  const weekTotal = days.reduce((sum, day) => sum + dayTotal(day), 0);
  const assignedProjects = [...new Set(assignments.map((assignment) => assignment.projectId))];
  const failures = outcome.cellProblems.size + outcome.noteProblems.size;
  const closedInWeek = [...new Set(days.map((day) => day.slice(0, 7)))].filter(
    (month) => props.closedMonths.has(month) || learnedClosed.has(month),
  );

  return (
    <form
      className="timesheet-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {closedInWeek.length ? (
        <p className="muted">
          {closedInWeek.join(', ')} {closedInWeek.length === 1 ? 'is a closed month' : 'are closed months'}:
          its days are locked.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="week-grid">
          <caption className="visually-hidden">Hours per project and task, Monday to Sunday</caption>
          <thead>
            <tr>
              <th scope="col">Project / task</th>
              {days.map((day) => (
                <th key={day} scope="col" className="num">
                  <abbr title={longDay(day)}>{shortDay(day)}</abbr>
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <GridRow
                key={row.key}
                row={row}
                label={projectLabel(projects, row.projectId)}
                days={days}
                tasks={tasksOf(row.projectId)}
                cells={cells}
                note={notes[row.key]}
                cellProblems={outcome.cellProblems}
                noteProblems={outcome.noteProblems.get(row.key)}
                isLocked={isLocked}
                onCell={(key, value) => {
                  setCells((current) => ({ ...current, [key]: value }));
                  setMessage(null);
                }}
                onNote={(value) => setNotes((current) => ({ ...current, [row.key]: value }))}
                onTask={(taskId) => setTaskChoice((current) => ({ ...current, [row.key]: taskId }))}
              />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Day total</th>
              {days.map((day) => (
                <td key={day} className="num" aria-label={`Total ${longDay(day)}`}>
                  {formatMinutes(dayTotal(day))}
                </td>
              ))}
              <td className="num week-total" aria-label="Week total">
                {formatMinutes(weekTotal)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {rows.length === 0 ? (
        <p className="state state-empty">
          No assignment of yours covers this week, so there is nothing to book on.
        </p>
      ) : null}
      <div className="toolbar grid-actions">
        {!sheetLocked && assignedProjects.length > 0 ? (
          <AddLine
            projects={assignedProjects.map((id) => ({ id, label: projectLabel(projects, id) }))}
            onAdd={(projectId) =>
              setAdded((current) => [
                ...current,
                { key: `x:${projectId}:${current.length}:${Date.now()}`, projectId },
              ])
            }
          />
        ) : null}
        <span className="spacer" />
        <button type="submit" className="button-primary" disabled={sheetLocked || saving || !dirty}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="button-accent"
          disabled={sheetLocked || saving || props.submitting}
          onClick={() => void submit()}
        >
          {props.submitting ? 'Submitting…' : 'Submit week'}
        </button>
      </div>
      <div aria-live="polite">
        {message ? <p className="notice notice-ok">{message}</p> : null}
        {failures > 0 ? (
          <p className="notice notice-error" role="alert">
            {failures === 1 ? 'One change was' : `${failures} changes were`} not saved: see the message by the
            cell.
          </p>
        ) : null}
      </div>
    </form>
  );
}

function without(record: Record<string, string>, keys: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.has(key)));
}

/** Adds a line for another task of an assigned project. */
function AddLine({
  projects,
  onAdd,
}: {
  projects: { id: string; label: string }[];
  onAdd(projectId: string): void;
}) {
  const [projectId, setProjectId] = useState(projects[0]?.id ?? '');
  return (
    <div className="add-line">
      <label>
        <span>Add a line for</span>
        <select value={projectId} onChange={(event) => setProjectId(event.target.value)}>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => projectId && onAdd(projectId)}>
        Add line
      </button>
    </div>
  );
}
