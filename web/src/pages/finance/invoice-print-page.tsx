import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem.ts';
import { formatDay } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { NotFound } from '../not-found.tsx';
import { isId, useClients, useInvoice, useLegalEntities } from './finance-queries.ts';
import type { Client, Invoice, LegalEntity } from './finance-types.ts';
import {
  InvoiceAllowancesTable,
  InvoiceLinesTable,
  InvoiceTotals,
  VatSummary,
} from './invoice-document-parts.tsx';
import { invoiceMoney, invoiceTitle, paymentTermDays } from './invoice-format.ts';

/** A party's postal lines, leaving out what the firm has not recorded. */
function Address({ party }: { party: Pick<Client, 'addressLine' | 'postalCode' | 'city' | 'country'> }) {
  const place = [party.postalCode, party.city].filter(Boolean).join(' ');
  return (
    <>
      {party.addressLine ? <div>{party.addressLine}</div> : null}
      {place ? <div>{place}</div> : null}
      {party.country ? <div>{party.country}</div> : null}
    </>
  );
}

function Parties({ seller, buyer }: { seller: LegalEntity | undefined; buyer: Client | undefined }) {
  return (
    <div className="document-parties">
      <section aria-labelledby="seller-title">
        <h2 id="seller-title">From</h2>
        <strong>{seller?.name ?? '—'}</strong>
        {seller ? <Address party={seller} /> : null}
        {seller?.taxId ? <div>VAT / tax id: {seller.taxId}</div> : null}
      </section>
      <section aria-labelledby="buyer-title">
        <h2 id="buyer-title">Bill to</h2>
        <strong>{buyer?.name ?? '—'}</strong>
        {buyer ? <Address party={buyer} /> : null}
        {buyer?.vatId ? <div>VAT id: {buyer.vatId}</div> : null}
      </section>
    </div>
  );
}

function PaymentTerms({ invoice }: { invoice: Invoice }) {
  const terms = paymentTermDays(invoice);
  if (invoice.kind === 'credit_note')
    return <p>This credit note reduces the amount owed by the total above.</p>;
  if (!invoice.dueDate) return <p>Payment terms are set when the invoice is issued.</p>;
  return (
    <p>
      Please pay {invoiceMoney(invoice, invoice.grossMinor)} by {formatDay(invoice.dueDate)}
      {terms !== null ? ` (${terms} days net)` : ''}, quoting {invoiceTitle(invoice).toLowerCase()}.
    </p>
  );
}

/** The invoice as an A4 document, printed or saved as PDF through the browser's print dialog. */
export function InvoicePrintPage() {
  const { id = '' } = useParams();
  const invoice = useInvoice(id);
  const clients = useClients();
  const entities = useLegalEntities();
  if (!isId(id) || (invoice.error instanceof ApiProblem && invoice.error.status === 404)) return <NotFound />;
  if (invoice.error) return <ErrorNotice error={invoice.error} />;
  if (!invoice.data) return <Loading />;
  const data = invoice.data;
  const official = data.status === 'issued' || data.status === 'paid';
  return (
    <div className="print-view">
      <div className="toolbar no-print">
        <Link to={`/invoices/${data.id}`}>Back to the invoice</Link>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      </div>
      <article className="invoice-document" aria-labelledby="document-title">
        <header className="document-header">
          <h1 id="document-title">{invoiceTitle(data)}</h1>
          {official ? null : <p className="document-draft">{data.status} — not a valid tax document</p>}
          <dl className="document-meta">
            <div>
              <dt>Issue date</dt>
              <dd>{formatDay(data.issueDate)}</dd>
            </div>
            <div>
              <dt>Due date</dt>
              <dd>{formatDay(data.dueDate)}</dd>
            </div>
            <div>
              <dt>Currency</dt>
              <dd>{data.currency}</dd>
            </div>
          </dl>
        </header>
        <Parties
          seller={entities.data?.find((entity) => entity.id === data.legalEntityId)}
          buyer={clients.data?.find((client) => client.id === data.clientId)}
        />
        {data.creditReason ? <p>Reason: {data.creditReason}</p> : null}
        <InvoiceLinesTable invoice={data} />
        <InvoiceAllowancesTable invoice={data} />
        <div className="document-summary">
          <VatSummary invoice={data} />
          <InvoiceTotals invoice={data} />
        </div>
        <footer className="document-terms">
          <h2>Payment terms</h2>
          <PaymentTerms invoice={data} />
        </footer>
      </article>
    </div>
  );
}
