import { formatDay } from '../../ui/format.ts';
import { Empty } from '../../ui/states.tsx';
import { nameOf } from './finance-queries.ts';
import type { Client, Invoice, LegalEntity } from './finance-types.ts';
import { InvoiceTable } from './invoice-table.tsx';

interface RunSummary {
  readonly id: string;
  readonly legalEntityId: string;
  readonly startedAt: string;
  readonly invoices: Invoice[];
}

/** Billing runs as their invoices show them (the API lists invoices, each with its run), newest first. */
function runsOf(invoices: readonly Invoice[]): RunSummary[] {
  const runs = new Map<string, RunSummary>();
  for (const invoice of invoices) {
    if (!invoice.billingRunId || invoice.kind !== 'invoice') continue;
    const run = runs.get(invoice.billingRunId) ?? {
      id: invoice.billingRunId,
      legalEntityId: invoice.legalEntityId,
      startedAt: invoice.createdAt,
      invoices: [],
    };
    run.invoices.push(invoice);
    runs.set(run.id, run);
  }
  return [...runs.values()].sort((a, b) => b.id.localeCompare(a.id));
}

/** The runs in scope and the invoices each drafted, with their state today. */
export function BillingRuns({
  invoices,
  entities,
  clients,
}: {
  invoices: readonly Invoice[];
  entities: readonly LegalEntity[];
  clients: readonly Client[] | undefined;
}) {
  const runs = runsOf(invoices);
  if (runs.length === 0) return <Empty>No billing runs yet. Start one above.</Empty>;
  return (
    <ol className="billing-runs">
      {runs.map((run) => {
        const drafts = run.invoices.filter((invoice) => invoice.status === 'draft').length;
        const title = `${nameOf(entities, run.legalEntityId)} — run of ${formatDay(run.startedAt.slice(0, 10))}`;
        return (
          <li key={run.id} className="panel">
            <h3>{title}</h3>
            <p className="muted">
              {run.invoices.length} invoice{run.invoices.length === 1 ? '' : 's'} drafted, {drafts} still
              draft
            </p>
            <InvoiceTable invoices={run.invoices} clients={clients} caption={`Invoices of the ${title}`} />
          </li>
        );
      })}
    </ol>
  );
}
