import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../api/client.ts';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { INVOICES } from './portal-queries.ts';
import type { PortalInvoice } from './portal-types.ts';
import { StatusBadge } from './status-badge.tsx';

const UNSENT: ReadonlySet<string> = new Set(['draft', 'approved']);

/** "Invoices": the invoices and credit notes addressed to the client, with their lines. */
export function PortalInvoicesPage() {
  const invoices = useQuery({
    queryKey: [INVOICES],
    // Drafts and approved-but-unissued invoices are the firm's work in progress, not documents sent to the client.
    queryFn: async () =>
      (await apiAll<PortalInvoice>(INVOICES)).filter((invoice) => !UNSENT.has(invoice.status)),
  });
  return (
    <Page title="Invoices">
      <QueryTable
        query={invoices}
        empty="No invoices have been issued to you yet."
        label="Your invoices"
        headers={
          <>
            <th scope="col">Number</th>
            <th scope="col">Issued</th>
            <th scope="col">Due</th>
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
          </>
        }
        rows={(items) =>
          items.map((invoice) => {
            const money = (amountMinor: number | string) =>
              formatMoney({ amountMinor, currency: invoice.currency });
            const label = `${invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${invoice.number ?? '(draft)'}`;
            return (
              <tr key={invoice.id}>
                <td>
                  <details className="portal-entries">
                    <summary>{label}</summary>
                    <ul>
                      {invoice.lines.map((line) => (
                        <li key={line.id}>
                          {line.description} · {money(line.netMinor)}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
                <td>{formatDay(invoice.issueDate)}</td>
                <td>{formatDay(invoice.dueDate)}</td>
                <td>
                  <StatusBadge status={invoice.status} />
                </td>
                <td className="num">{money(invoice.netMinor)}</td>
                <td className="num">{money(invoice.vatMinor)}</td>
                <td className="num">{money(invoice.grossMinor)}</td>
              </tr>
            );
          })
        }
      />
    </Page>
  );
}
