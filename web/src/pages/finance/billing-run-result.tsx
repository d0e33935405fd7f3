import { formatMoney } from '../../ui/format.ts';
import { nameOf } from './finance-queries.ts';
import type { BillingRunResult, Client } from './finance-types.ts';
import { InvoiceTable } from './invoice-table.tsx';

/** What a run just did: the drafts it made (or would make, for a preview), and unrated time. */
export function BillingRunOutcome({
  run,
  clients,
}: {
  run: BillingRunResult;
  clients: readonly Client[] | undefined;
}) {
  const unrated = run.unratedTimeEntryIds.length;
  const unratedNote =
    unrated > 0
      ? ` ${unrated} time entr${unrated === 1 ? 'y has' : 'ies have'} no rate and were left out.`
      : '';
  if (run.dryRun) {
    return (
      <section className="panel" aria-labelledby="run-outcome" role="status">
        <h2 id="run-outcome">Preview: {run.preview.length} document(s) would be drafted</h2>
        <p className="muted">{unratedNote}</p>
        {run.preview.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Invoices the run would draft</caption>
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Document</th>
                  <th scope="col" className="num">
                    Net
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {run.preview.map((draft) => (
                  <tr key={`${draft.contractId}:${draft.correctsInvoiceId ?? 'invoice'}`}>
                    <td>{nameOf(clients, draft.clientId)}</td>
                    <td>{draft.kind === 'credit_note' ? 'Credit note (fee credit)' : 'Invoice'}</td>
                    <td className="num">
                      {formatMoney({ amountMinor: draft.netMinor, currency: draft.currency })}
                    </td>
                    <td className="num">
                      {formatMoney({ amountMinor: draft.grossMinor, currency: draft.currency })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="run-outcome">
      <div className="notice notice-ok" role="status">
        <h2 id="run-outcome">
          {run.replayed ? 'This run was already made: ' : 'Billing run done: '}
          {run.invoices.length} draft document{run.invoices.length === 1 ? '' : 's'}
        </h2>
        {run.invoices.length === 0 ? 'There was no approved, unbilled work in the period.' : null}
        {unratedNote}
      </div>
      {run.invoices.length > 0 ? (
        <InvoiceTable invoices={run.invoices} clients={clients} caption="Invoices drafted by this run" />
      ) : null}
    </section>
  );
}
