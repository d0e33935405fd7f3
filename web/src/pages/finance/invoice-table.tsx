import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { nameOf } from './finance-queries.ts';
import type { Client, Invoice } from './finance-types.ts';
import { invoiceMoney, invoiceTitle, statusBadge } from './invoice-format.ts';

/** A table of invoices: number (link to the detail), client, status, totals and due date. */
export function InvoiceTable({
  invoices,
  clients,
  caption,
}: {
  invoices: readonly Invoice[];
  clients: readonly Client[] | undefined;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
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
