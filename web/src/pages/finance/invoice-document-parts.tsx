import { formatMinutes } from '../../ui/format.ts';
import type { Invoice, InvoiceLine } from './finance-types.ts';
import { invoiceMoney, vatCategoryLabel, vatRateLabel } from './invoice-format.ts';

/** Time lines count minutes at an hourly price: shown as hours; other lines as a count. */
function quantityOf(line: InvoiceLine): string {
  return line.originKind === 'time' ? `${formatMinutes(line.quantity)} h` : String(line.quantity);
}

/** The invoice's lines: description, quantity, unit price, VAT and net. */
export function InvoiceLinesTable({ invoice }: { invoice: Invoice }) {
  return (
    <div className="table-wrap">
      <table className="invoice-lines">
        <caption>Lines</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Unit price
            </th>
            <th scope="col" className="num">
              VAT
            </th>
            <th scope="col" className="num">
              Net
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.lineNo}</td>
              <td>{line.description}</td>
              <td className="num">{quantityOf(line)}</td>
              <td className="num">
                {invoiceMoney(invoice, line.unitPriceMinor)}
                {line.originKind === 'time' ? ' / h' : ''}
              </td>
              <td className="num">
                {line.vatCategory} {vatRateLabel(line.vatRate)}
              </td>
              <td className="num">{invoiceMoney(invoice, line.netMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Document level allowances (discounts) and charges, when there are any. */
export function InvoiceAllowancesTable({ invoice }: { invoice: Invoice }) {
  if (invoice.allowances.length === 0) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>Allowances and charges</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Reason</th>
            <th scope="col" className="num">
              VAT
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.allowances.map((allowance) => (
            <tr key={allowance.id}>
              <td>{allowance.kind === 'allowance' ? 'Allowance' : 'Charge'}</td>
              <td>{allowance.reason}</td>
              <td className="num">
                {allowance.vatCategory} {vatRateLabel(allowance.vatRate)}
              </td>
              <td className="num">
                {invoiceMoney(
                  invoice,
                  allowance.kind === 'allowance' ? -allowance.amountMinor : allowance.amountMinor,
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The VAT summary per category and rate, with the exemption reason when one applies. */
export function VatSummary({ invoice }: { invoice: Invoice }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>VAT summary</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Taxable
            </th>
            <th scope="col" className="num">
              VAT
            </th>
          </tr>
        </thead>
        <tbody>
          {invoice.vatBreakdown.map((row) => (
            <tr key={`${row.category}-${row.rate}`}>
              <td>
                {vatCategoryLabel(row.category)} ({row.category})
              </td>
              <td className="num">{vatRateLabel(row.rate)}</td>
              <td className="num">{invoiceMoney(invoice, row.taxableMinor)}</td>
              <td className="num">{invoiceMoney(invoice, row.vatMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {invoice.vatExemptionReason ? (
        <p className="muted vat-exemption">
          {invoice.vatExemptionReason}
          {invoice.vatExemptionCode ? ` (${invoice.vatExemptionCode})` : ''}
        </p>
      ) : null}
    </div>
  );
}

/** Net of lines, allowances, charges, net, VAT and the total to pay. */
export function InvoiceTotals({ invoice }: { invoice: Invoice }) {
  const rows: [string, number][] = [['Lines', invoice.lineNetMinor]];
  if (invoice.allowanceTotalMinor) rows.push(['Allowances', -invoice.allowanceTotalMinor]);
  if (invoice.chargeTotalMinor) rows.push(['Charges', invoice.chargeTotalMinor]);
  rows.push(['Net', invoice.netMinor], ['VAT', invoice.vatMinor]);
  return (
    <dl className="invoice-totals">
      {rows.map(([label, amount]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{invoiceMoney(invoice, amount)}</dd>
        </div>
      ))}
      <div className="invoice-total">
        <dt>Total {invoice.currency}</dt>
        <dd>{invoiceMoney(invoice, invoice.grossMinor)}</dd>
      </div>
    </dl>
  );
}
