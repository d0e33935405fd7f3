import { useQueries } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { formatMoney } from '../../ui/format.ts';
import { Empty, ErrorNotice, Loading } from '../../ui/states.tsx';
import { type Bar, BarChart } from './bar-chart.tsx';
import { useAllInvoices, useLegalEntities } from './finance-queries.ts';
import type { Invoice, InvoiceStatus, RevenueBalances } from './finance-types.ts';

const STAGES = ['unbilled', 'draft', 'approved', 'issued', 'paid'] as const;
type Stage = (typeof STAGES)[number];

const STAGE_LABEL: Record<Stage, string> = {
  unbilled: 'Unbilled (recognized, not invoiced)',
  draft: 'Draft invoices',
  approved: 'Approved, not issued',
  issued: 'Issued, not paid',
  paid: 'Paid',
};

type Pipeline = Map<string, Record<Stage, bigint>>;

function stageOf(status: InvoiceStatus): Stage | null {
  return status === 'void' ? null : status;
}

/** Sums invoice totals per currency and stage, and the revenue balances' unbilled amounts. */
function pipelineOf(invoices: readonly Invoice[], balances: readonly RevenueBalances[]): Pipeline {
  const pipeline: Pipeline = new Map();
  const row = (currency: string) => {
    let figures = pipeline.get(currency);
    if (!figures) {
      figures = { unbilled: 0n, draft: 0n, approved: 0n, issued: 0n, paid: 0n };
      pipeline.set(currency, figures);
    }
    return figures;
  };
  for (const invoice of invoices) {
    const stage = stageOf(invoice.status);
    if (stage && invoice.kind === 'invoice') row(invoice.currency)[stage] += BigInt(invoice.grossMinor);
  }
  for (const balance of balances)
    for (const total of balance.totals) row(total.currency).unbilled += BigInt(total.unbilledMinor);
  return pipeline;
}

/** Revenue and billing pipeline per currency: unbilled, draft, approved, issued and paid. */
export function PipelinePanel({ asOf }: { asOf: string }) {
  const session = useSession();
  const readsRevenue = session.can('read:revenue');
  const invoices = useAllInvoices();
  const entities = useLegalEntities();
  const balances = useQueries({
    queries: (readsRevenue ? (entities.data ?? []) : []).map((entity) => ({
      queryKey: ['/api/v1/revenue/balances', entity.id, asOf],
      queryFn: () =>
        api<RevenueBalances>(`/api/v1/revenue/balances${query({ legalEntityId: entity.id, asOf })}`),
    })),
  });
  const balanceError = balances.find((result) => result.error)?.error;
  return (
    <section className="panel" aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">Revenue and billing pipeline</h2>
      {invoices.error ? <ErrorNotice error={invoices.error} /> : null}
      {balanceError ? <ErrorNotice error={balanceError} /> : null}
      {invoices.isPending || balances.some((result) => result.isPending) ? <Loading /> : null}
      {invoices.data
        ? (() => {
            const pipeline = pipelineOf(
              invoices.data,
              balances.flatMap((result) => (result.data ? [result.data] : [])),
            );
            if (pipeline.size === 0) return <Empty>No invoices yet.</Empty>;
            return (
              <div className="grid-2">
                {[...pipeline.entries()].map(([currency, figures]) => {
                  const stages = STAGES.filter((stage) => stage !== 'unbilled' || readsRevenue);
                  const bars: Bar[] = stages.map((stage) => ({
                    id: stage,
                    label: STAGE_LABEL[stage],
                    value: Number(figures[stage]),
                    text: formatMoney({ amountMinor: figures[stage].toString(), currency }),
                  }));
                  return (
                    <BarChart
                      key={currency}
                      title={`Pipeline in ${currency}`}
                      summary={bars.map((bar) => `${bar.label} ${bar.text}`).join('; ')}
                      bars={bars}
                      valueHeading={`Amount (${currency})`}
                    />
                  );
                })}
              </div>
            );
          })()
        : null}
      <p className="muted">
        Invoice totals including VAT, void invoices and credit notes left out.
        {readsRevenue ? ` Unbilled revenue from the revenue balances as of ${asOf}.` : ''}
      </p>
    </section>
  );
}
