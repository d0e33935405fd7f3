import { formatDay, formatInstant } from '../../ui/format.ts';
import { Empty } from '../../ui/states.tsx';
import { nameOf } from './finance-queries.ts';
import type { BillingRun, Client, Invoice, LegalEntity } from './finance-types.ts';
import { InvoiceTable } from './invoice-table.tsx';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The runs in scope, newest first as the API lists them (a run that drafted nothing too), and the
 * invoices each drafted that the reader may see, with their state today.
 */
export function BillingRuns({
  runs,
  invoices,
  entities,
  clients,
}: {
  runs: readonly BillingRun[];
  invoices: readonly Invoice[];
  entities: readonly LegalEntity[];
  clients: readonly Client[] | undefined;
}) {
  if (runs.length === 0) return <Empty>No billing runs yet. Start one above.</Empty>;
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  return (
    <ol className="billing-runs">
      {runs.map((run) => {
        const drafted = run.invoiceIds.flatMap((id) => byId.get(id) ?? []);
        const drafts = drafted.filter((invoice) => invoice.status === 'draft').length;
        const title = `${nameOf(entities, run.legalEntityId)} — ${formatDay(run.periodFrom)} to ${formatDay(run.periodTo)}`;
        return (
          <li key={run.id} className="panel">
            <h3>{title}</h3>
            <p className="muted">
              Run {formatInstant(run.createdAt)}: {plural(run.invoiceCount, 'invoice')} drafted
              {run.invoiceCount > 0 ? `, ${drafts} still draft` : ''}
            </p>
            {drafted.length > 0 ? (
              <InvoiceTable invoices={drafted} clients={clients} caption={`Invoices of the run ${title}`} />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
