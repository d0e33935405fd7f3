import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, idempotencyKey } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { Field, TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import type { BillingRunResult, LegalEntity } from './finance-types.ts';

export interface BillingRunRequest {
  readonly legalEntityId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly dryRun: boolean;
}

/** The first and last day of the month before the given day, the usual billing period. */
function lastMonth(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  const day = (date: Date) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return { from: day(first), to: day(last) };
}

/**
 * Starts a billing run for a legal entity and period: one Idempotency-Key per submit, so a
 * double click or a retried request never drafts twice. The API's messages show at their fields.
 */
export function BillingRunForm({
  entities,
  onDone,
}: {
  entities: readonly LegalEntity[];
  onDone: (run: BillingRunResult, request: BillingRunRequest) => void;
}) {
  const queryClient = useQueryClient();
  const period = lastMonth();
  const run = useMutation({
    mutationFn: ({ request, key }: { request: BillingRunRequest; key: string }) =>
      api<BillingRunResult>('/api/v1/billing-runs', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          legalEntityId: request.legalEntityId,
          periodFrom: request.periodFrom,
          periodTo: request.periodTo,
          ...(request.dryRun ? { dryRun: true } : {}),
        },
      }),
    onSuccess: (result, { request }) => {
      if (!result.dryRun) {
        void queryClient.invalidateQueries({ queryKey: ['/api/v1/invoices'] });
        void queryClient.invalidateQueries({ queryKey: ['/api/v1/billing-runs'] });
      }
      onDone(result, request);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (run.isPending) return;
    const form = new FormData(event.currentTarget);
    const request: BillingRunRequest = {
      legalEntityId: String(form.get('legalEntityId') ?? ''),
      periodFrom: String(form.get('periodFrom') ?? ''),
      periodTo: String(form.get('periodTo') ?? ''),
      dryRun: form.get('dryRun') === 'on',
    };
    run.mutate({ request, key: idempotencyKey() });
  }

  const problem = run.error instanceof ApiProblem ? run.error : null;
  return (
    <form className="panel billing-form" onSubmit={submit} aria-labelledby="billing-form-title" noValidate>
      <h2 id="billing-form-title">Start a billing run</h2>
      <p className="muted">
        Drafts one invoice per contract from approved, unbilled time, expenses and accepted milestones of the
        period.
      </p>
      <div className="billing-form-fields">
        <Field label="Legal entity" name="legalEntityId" problem={problem}>
          {(props) => (
            <select
              name="legalEntityId"
              defaultValue={entities.length === 1 ? entities[0]?.id : ''}
              {...props}
            >
              <option value="">Choose a legal entity</option>
              {entities.map((entity) => (
                <option key={entity.id} value={entity.id}>
                  {entity.name} ({entity.functionalCurrency})
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label="Period from"
          name="periodFrom"
          type="date"
          defaultValue={period.from}
          problem={problem}
        />
        <TextField label="Period to" name="periodTo" type="date" defaultValue={period.to} problem={problem} />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="dryRun" /> Preview only (draft nothing)
      </label>
      <ErrorNotice error={run.error} />
      <button type="submit" className="button-primary" disabled={run.isPending}>
        {run.isPending ? 'Running billing…' : 'Start billing run'}
      </button>
    </form>
  );
}
