import { formatDay } from '../../../ui/format.ts';
import { addDays, isoWeek, mondayOf, today } from '../calendar.ts';

/** Moves between ISO weeks: previous, this week, next, or the week of a chosen day. */
export function WeekPicker({ monday, onChange }: { monday: string; onChange(monday: string): void }) {
  const current = mondayOf(today());
  return (
    <div className="toolbar week-picker">
      <button type="button" onClick={() => onChange(addDays(monday, -7))}>
        ← Previous week
      </button>
      <p className="week-title" aria-live="polite">
        <strong>{isoWeek(monday)}</strong>{' '}
        <span className="muted">
          {formatDay(monday)} – {formatDay(addDays(monday, 6))}
        </span>
      </p>
      <button type="button" onClick={() => onChange(addDays(monday, 7))}>
        Next week →
      </button>
      <button
        type="button"
        className="button-quiet"
        onClick={() => onChange(current)}
        disabled={monday === current}
      >
        This week
      </button>
      <label className="week-jump">
        <span>Week of</span>
        <input
          type="date"
          value={monday}
          onChange={(event) => {
            if (event.target.value) onChange(mondayOf(event.target.value));
          }}
        />
      </label>
    </div>
  );
}
