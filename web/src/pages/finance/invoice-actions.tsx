import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { CreditNoteForm } from './credit-note-form.tsx';
import type { Invoice } from './finance-types.ts';
import { invoiceTitle, today } from './invoice-format.ts';
import { downloadUbl } from './ubl-download.ts';

type Action = 'approve' | 'issue' | 'void' | 'rebill';

/** What can be done with an invoice in its state, as far as the membership may. */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [confirmVoid, setConfirmVoid] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: Action; body?: unknown }) =>
      api<Invoice>(`/api/v1/invoices/${encodeURIComponent(invoice.id)}/${action}`, {
        method: 'POST',
        ...(body !== undefined ? { body } : {}),
      }),
    onSuccess: (next, { action }) => {
      queryClient.setQueryData(['/api/v1/invoices', invoice.id], next);
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/invoices'] });
      // A voided (or rebilled) invoice's work is unbilled again: the pipeline's billing preview changes.
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/billing-runs'] });
      setConfirmVoid(false);
      setDone(
        action === 'issue'
          ? `Issued as ${invoiceTitle(next)}.`
          : action === 'approve'
            ? 'Approved. It can now be issued.'
            : action === 'rebill'
              ? "The credited invoice's work is unbilled again: the next billing run bills it."
              : 'Voided. Its work is unbilled again.',
      );
    },
  });
  const download = useMutation({ mutationFn: () => downloadUbl(invoice) });

  function issue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const issueDate = String(form.get('issueDate') ?? '');
    const terms = String(form.get('paymentTermDays') ?? '');
    act.mutate({
      action: 'issue',
      body: {
        ...(issueDate ? { issueDate } : {}),
        ...(terms ? { paymentTermDays: Number(terms) } : {}),
      },
    });
  }

  const problem = act.error instanceof ApiProblem ? act.error : null;
  const canApprove = session.can('approve:invoices');
  const issued = invoice.status === 'issued' || invoice.status === 'paid';
  return (
    <section className="panel no-print invoice-actions" aria-label="Invoice actions">
      {done ? (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={act.error ?? download.error} />
      <div className="toolbar">
        {invoice.status === 'draft' && canApprove ? (
          <button
            type="button"
            className="button-primary"
            disabled={act.isPending}
            onClick={() => act.mutate({ action: 'approve' })}
          >
            Approve invoice
          </button>
        ) : null}
        {(invoice.status === 'draft' || invoice.status === 'approved') && canApprove ? (
          confirmVoid ? (
            <>
              <button
                type="button"
                className="button-danger"
                disabled={act.isPending}
                onClick={() => act.mutate({ action: 'void' })}
              >
                Confirm: void this invoice
              </button>
              <button type="button" className="button-quiet" onClick={() => setConfirmVoid(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="button-danger" onClick={() => setConfirmVoid(true)}>
              Void invoice
            </button>
          )
        ) : null}
        {issued ? (
          <button type="button" disabled={download.isPending} onClick={() => download.mutate()}>
            {download.isPending ? 'Preparing UBL…' : 'Download UBL (XML)'}
          </button>
        ) : null}
        {issued && invoice.kind === 'credit_note' && !invoice.rebill && session.can('credit:invoices') ? (
          <button type="button" disabled={act.isPending} onClick={() => act.mutate({ action: 'rebill' })}>
            Send the invoice's work back to billing
          </button>
        ) : null}
        <Link className="button-link" to={`/invoices/${invoice.id}/print`}>
          Printable view
        </Link>
      </div>
      {issued && invoice.kind === 'invoice' && session.can('credit:invoices') ? (
        <CreditNoteForm invoice={invoice} />
      ) : null}
      {invoice.status === 'approved' && session.can('issue:invoices') ? (
        <form className="issue-form" onSubmit={issue} aria-label="Issue the invoice" noValidate>
          <TextField
            label="Issue date"
            name="issueDate"
            type="date"
            defaultValue={today()}
            problem={problem}
          />
          <TextField
            label="Payment terms (days)"
            name="paymentTermDays"
            type="number"
            inputMode="numeric"
            defaultValue="30"
            problem={problem}
            hint="The due date follows from the issue date"
          />
          <button type="submit" className="button-accent" disabled={act.isPending}>
            Issue invoice
          </button>
        </form>
      ) : null}
    </section>
  );
}
