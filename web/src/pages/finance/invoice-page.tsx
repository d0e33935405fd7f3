import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem.ts';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/states.tsx';
import { NotFound } from '../not-found.tsx';
import { isId, nameOf, useClients, useInvoice, useLegalEntities } from './finance-queries.ts';
import { InvoiceActions } from './invoice-actions.tsx';
import {
  InvoiceAllowancesTable,
  InvoiceLinesTable,
  InvoiceTotals,
  VatSummary,
} from './invoice-document-parts.tsx';
import { invoiceTitle, paymentTermDays, statusBadge } from './invoice-format.ts';

/** One invoice: its parties, dates, lines, allowances, VAT and totals, and what can be done with it. */
export function InvoicePage() {
  const { id = '' } = useParams();
  const invoice = useInvoice(id);
  const clients = useClients();
  const entities = useLegalEntities();
  if (!isId(id) || (invoice.error instanceof ApiProblem && invoice.error.status === 404)) return <NotFound />;
  return (
    <QueryView query={invoice}>
      {(data) => {
        const terms = paymentTermDays(data);
        return (
          <Page title={invoiceTitle(data)}>
            <p>
              <span className={statusBadge(data.status)}>{data.status}</span>
            </p>
            <InvoiceActions invoice={data} />
            <dl className="invoice-facts panel">
              <div>
                <dt>Client</dt>
                <dd>{nameOf(clients.data, data.clientId)}</dd>
              </div>
              <div>
                <dt>Legal entity</dt>
                <dd>{nameOf(entities.data, data.legalEntityId)}</dd>
              </div>
              <div>
                <dt>Issue date</dt>
                <dd>{formatDay(data.issueDate)}</dd>
              </div>
              <div>
                <dt>Due date</dt>
                <dd>
                  {formatDay(data.dueDate)}
                  {terms !== null ? ` (${terms} days)` : ''}
                </dd>
              </div>
              {data.creditReason ? (
                <div>
                  <dt>Credit reason</dt>
                  <dd>{data.creditReason}</dd>
                </div>
              ) : null}
              {data.correctsInvoiceId ? (
                <div>
                  <dt>Corrects</dt>
                  <dd>
                    <CorrectedInvoiceLink id={data.correctsInvoiceId} />
                    {data.rebill
                      ? data.status === 'issued' || data.status === 'paid'
                        ? '; its work went back to billing'
                        : '; its work goes back to billing when this is issued'
                      : ''}
                  </dd>
                </div>
              ) : null}
            </dl>
            <InvoiceLinesTable invoice={data} />
            <InvoiceAllowancesTable invoice={data} />
            <div className="grid-2 invoice-summary">
              <VatSummary invoice={data} />
              <InvoiceTotals invoice={data} />
            </div>
          </Page>
        );
      }}
    </QueryView>
  );
}

/** The invoice a credit note corrects, by its number once known. */
function CorrectedInvoiceLink({ id }: { id: string }) {
  const corrected = useInvoice(id);
  return (
    <Link to={`/invoices/${id}`}>
      {corrected.data ? invoiceTitle(corrected.data) : 'the credited invoice'}
    </Link>
  );
}
