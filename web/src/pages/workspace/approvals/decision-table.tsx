import { type ReactNode, useState } from 'react';
import { ApiProblem } from '../../../api/problem.ts';
import { TextField } from '../../../ui/field.tsx';
import { ErrorNotice } from '../../../ui/states.tsx';

/** One item awaiting the reader's decision. */
export interface DecisionRow {
  readonly id: string;
  /** Read aloud for its checkbox: "Jin Park, 2026-W49, GLX-MIG". */
  readonly label: string;
  readonly cells: readonly ReactNode[];
}

interface DecisionTableProps {
  readonly caption: string;
  readonly columns: readonly { readonly title: string; readonly numeric?: boolean }[];
  readonly rows: readonly DecisionRow[];
  /** What one item is called in messages: "week", "expense". */
  readonly noun: string;
  decide(id: string, decision: { kind: 'approve' } | { kind: 'reject'; reason: string }): Promise<unknown>;
  /** Reloads the inbox after decisions. */
  onDecided(): Promise<void>;
}

const reasonOf = (failure: unknown) =>
  failure instanceof ApiProblem
    ? (failure.detail ?? failure.title)
    : failure instanceof Error
      ? failure.message
      : 'Failed';

/** An inbox table: select items, approve them in bulk, or reject them with a reason. */
export function DecisionTable(props: DecisionTableProps) {
  const { rows, noun } = props;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonProblem, setReasonProblem] = useState<unknown>(null);
  const [failures, setFailures] = useState<ReadonlyMap<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const chosen = rows.filter((row) => selected.has(row.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function run(decision: { kind: 'approve' } | { kind: 'reject'; reason: string }) {
    setBusy(true);
    setDone(null);
    setReasonProblem(null);
    const failed = new Map<string, string>();
    const decidedIds = new Set<string>();
    try {
      for (const row of chosen) {
        try {
          await props.decide(row.id, decision);
          decidedIds.add(row.id);
        } catch (failure) {
          // A refused reason is the same for every item: show it by the field and stop.
          if (failure instanceof ApiProblem && failure.fieldMessages('reason').length) {
            setReasonProblem(failure);
            break;
          }
          failed.set(row.id, reasonOf(failure));
        }
      }
    } finally {
      setFailures(failed);
      // What was not decided stays selected, to try again.
      setSelected(new Set(chosen.map((row) => row.id).filter((id) => !decidedIds.has(id))));
      const decided = decidedIds.size;
      if (decided > 0) {
        const verb = decision.kind === 'approve' ? 'Approved' : 'Rejected';
        setDone(`${verb} ${decided} ${noun}${decided === 1 ? '' : 's'}.`);
        if (decision.kind === 'reject' && failed.size === 0) {
          setRejecting(false);
          setReason('');
        }
        await props.onDecided();
      }
      setBusy(false);
    }
  }

  const allSelected = rows.length > 0 && chosen.length === rows.length;
  const problem = reasonProblem instanceof ApiProblem ? reasonProblem : null;
  return (
    <div className="decision-table">
      <div className="toolbar decision-actions">
        <button
          type="button"
          className="button-primary"
          disabled={busy || chosen.length === 0}
          onClick={() => void run({ kind: 'approve' })}
        >
          Approve selected ({chosen.length})
        </button>
        <button
          type="button"
          className="button-danger"
          aria-expanded={rejecting}
          disabled={busy || chosen.length === 0}
          onClick={() => setRejecting((open) => !open)}
        >
          Reject selected…
        </button>
      </div>
      {rejecting ? (
        <form
          className="panel reject-form"
          aria-label={`Reject the selected ${noun}s`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void run({ kind: 'reject', reason });
          }}
        >
          <TextField
            label="Reason for rejecting"
            name="reason"
            hint={`Shown to the person; say what to change. Applies to the ${chosen.length} selected.`}
            problem={problem}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          {problem ? null : <ErrorNotice error={reasonProblem} />}
          <div className="toolbar">
            <button type="submit" className="button-danger" disabled={busy || chosen.length === 0}>
              Reject {chosen.length} selected
            </button>
            <button type="button" className="button-quiet" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <div aria-live="polite">{done ? <p className="notice notice-ok">{done}</p> : null}</div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="select-col">
                <input
                  type="checkbox"
                  aria-label={`Select all ${noun}s`}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((row) => row.id)))}
                />
              </th>
              {props.columns.map((column) => (
                <th key={column.title} scope="col" className={column.numeric ? 'num' : undefined}>
                  {column.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={selected.has(row.id) ? 'row-selected' : undefined}>
                <td className="select-col">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.label}`}
                    checked={selected.has(row.id)}
                    onChange={() => toggle(row.id)}
                  />
                </td>
                {row.cells.map((cell, index) => (
                  <td
                    key={props.columns[index]?.title ?? index}
                    className={props.columns[index]?.numeric ? 'num' : undefined}
                  >
                    {cell}
                    {index === row.cells.length - 1 && failures.has(row.id) ? (
                      <small className="field-error row-failure">Not decided: {failures.get(row.id)}</small>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
