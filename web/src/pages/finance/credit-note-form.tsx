import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, idempotencyKey } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import type { Invoice } from './finance-types.ts';

/**
 * Drafts a credit note of the whole of an issued invoice, optionally releasing its work to bill
 * again ("credit and rebill"), then opens the draft to approve and issue it. One idempotency key
 * per form: a retry after a lost answer returns the same credit note, never a second one.
 */
export function CreditNoteForm({ invoice }: { invoice: Invoice }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(idempotencyKey);
  const credit = useMutation({
    mutationFn: (body: { reason: string; full: true; rebill: boolean }) =>
      api<Invoice>(`/api/v1/invoices/${encodeURIComponent(invoice.id)}/credit-notes`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body,
      }),
    onSuccess: (creditNote) => {
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/invoices'] });
      navigate(`/invoices/${creditNote.id}`);
    },
    // Refused: nothing was made under this key, and a corrected form may use a new one.
    onError: (error) => {
      if (error instanceof ApiProblem && error.status < 500) setKey(idempotencyKey());
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (credit.isPending) return;
    const form = new FormData(event.currentTarget);
    credit.mutate({
      reason: String(form.get('reason') ?? ''),
      full: true,
      rebill: form.get('rebill') === 'on',
    });
  }

  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Credit this invoice…
      </button>
    );
  const problem = credit.error instanceof ApiProblem ? credit.error : null;
  return (
    <form className="credit-note-form" onSubmit={submit} aria-labelledby="credit-note-title" noValidate>
      <h2 id="credit-note-title">Credit the whole invoice</h2>
      <p className="muted">
        Drafts a credit note of everything not credited yet. It is approved and issued like an invoice.
      </p>
      <TextField label="Reason" name="reason" required maxLength={500} problem={problem} />
      <label className="checkbox">
        <input type="checkbox" name="rebill" /> Bill its work again: once the credit note is issued, the
        invoice's time, expenses, milestones and fee periods go to the next billing run
      </label>
      <ErrorNotice error={credit.error} />
      <div className="toolbar">
        <button type="submit" className="button-primary" disabled={credit.isPending}>
          {credit.isPending ? 'Drafting…' : 'Draft the credit note'}
        </button>
        <button type="button" className="button-quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
