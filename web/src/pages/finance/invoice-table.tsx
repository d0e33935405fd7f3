import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { nameOf } from './finance-queries.ts';
import type { Client, Invoice, LegalEntity } from './finance-types.ts';
import { invoiceMoney, invoiceTitle, statusBadge } from './invoice-format.ts';

/**
 * A table of invoices: number (link to the detail), client, status, totals and due date; the legal
 * entity too when several are given (each numbers its invoices from 1).
 */
export function InvoiceTable({
  invoices,
  clients,
  entities,
  caption,
}: {
  invoices: readonly Invoice[];
  clients: readonly Client[] | undefined;
  entities?: readonly LegalEntity[] | undefined;
  caption: string;
}) {
  const byEntity = (entities?.length ?? 0) > 1;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            {byEntity ? <th scope="col">Legal entity</th> : null}
            <th scope="col">Client</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Net
            </th>
            <th scope="col" className="num">
              VAT
            </th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id}>
              <td>
                <Link to={`/invoices/${invoice.id}`}>{invoiceTitle(invoice)}</Link>
              </td>
              {byEntity ? <td>{nameOf(entities, invoice.legalEntityId)}</td> : null}
              <td>{nameOf(clients, invoice.clientId)}</td>
              <td>
                <span className={statusBadge(invoice.status)}>{invoice.status}</span>
              </td>
              <td className="num">{invoiceMoney(invoice, invoice.netMinor)}</td>
              <td className="num">{invoiceMoney(invoice, invoice.vatMinor)}</td>
              <td className="num">{invoiceMoney(invoice, invoice.grossMinor)}</td>
              <td>{formatDay(invoice.issueDate)}</td>
              <td>{formatDay(invoice.dueDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
