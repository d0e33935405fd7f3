import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblem } from '../../api/problem.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';

interface DecisionActionsProps {
  /** What is decided, for the buttons' accessible names ("time of Globex pricing review, week of 2 Mar 2026"). */
  readonly subject: string;
  readonly approveLabel: string;
  readonly rejectLabel?: string;
  /** The body field the API reads the reason from (`reason`, or `note` for milestones). */
  readonly reasonField: 'reason' | 'note';
  readonly approve: () => Promise<unknown>;
  readonly reject: (reason: string) => Promise<unknown>;
  /** Query keys (API paths) the decision changes. */
  readonly invalidates: readonly string[];
}

/** Approve at once, or reject with a reason the API requires; the API's refusal shows beside the field. */
export function DecisionActions(props: DecisionActionsProps) {
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const refresh = () =>
    Promise.all(props.invalidates.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
  const approve = useMutation({ mutationFn: props.approve, onSuccess: refresh });
  const reject = useMutation({ mutationFn: props.reject, onSuccess: refresh });
  const busy = approve.isPending || reject.isPending;

  function submitRejection(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    reject.mutate(String(form.get(props.reasonField) ?? ''));
  }

  const problem = reject.error instanceof ApiProblem ? reject.error : null;
  return (
    <div className="decision">
      <div className="decision-buttons">
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          aria-label={`${props.approveLabel}: ${props.subject}`}
          onClick={() => approve.mutate()}
        >
          {props.approveLabel}
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={busy}
          aria-expanded={rejecting}
          aria-label={`${props.rejectLabel ?? 'Reject'}: ${props.subject}`}
          onClick={() => setRejecting((open) => !open)}
        >
          {props.rejectLabel ?? 'Reject'}
        </button>
      </div>
      <ErrorNotice error={approve.error} />
      {rejecting ? (
        <form className="decision-reason" onSubmit={submitRejection} noValidate>
          <Field label={`Reason for rejecting ${props.subject}`} name={props.reasonField} problem={problem}>
            {(field) => <textarea name={props.reasonField} rows={2} {...field} />}
          </Field>
          <ErrorNotice error={reject.error} />
          <button type="submit" className="button-danger" disabled={busy}>
            Send rejection
          </button>
        </form>
      ) : null}
    </div>
  );
}
