import { useQueries } from '@tanstack/react-query';
import { api, idempotencyKey, query } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { formatMoney } from '../../ui/format.ts';
import { Empty, ErrorNotice, Loading } from '../../ui/states.tsx';
import { type Bar, BarChart } from './bar-chart.tsx';
import { useAllInvoices, useLegalEntities } from './finance-queries.ts';
import type { BillingRunResult, RevenueBalances } from './finance-types.ts';
import { pipelineOf, STAGE_LABEL, STAGES, type Stage } from './pipeline-figures.ts';

interface Period {
  readonly from: string;
  readonly to: string;
}

/** A billing run's preview (dryRun: nothing is written) of approved, unbilled work in the period. */
function previewBilling(legalEntityId: string, period: Period): Promise<BillingRunResult> {
  return api<BillingRunResult>('/api/v1/billing-runs', {
    method: 'POST',
    headers: { 'idempotency-key': idempotencyKey() },
    body: { legalEntityId, periodFrom: period.from, periodTo: period.to, dryRun: true },
  });
}

/**
 * Revenue and billing pipeline per currency: unbilled work (with billing permission), unbilled
 * revenue (with revenue permission), then draft, approved, issued and paid invoices.
 */
export function PipelinePanel({ period }: { period: Period }) {
  const session = useSession();
  const runsBilling = session.can('run:billing');
  const readsRevenue = session.can('read:revenue');
  const invoices = useAllInvoices();
  const entities = useLegalEntities().data ?? [];
  const previews = useQueries({
    queries: (runsBilling ? entities : []).map((entity) => ({
      queryKey: ['/api/v1/billing-runs', 'preview', entity.id, period],
      queryFn: () => previewBilling(entity.id, period),
    })),
  });
  const balances = useQueries({
    queries: (readsRevenue ? entities : []).map((entity) => ({
      queryKey: ['/api/v1/revenue/balances', entity.id, period.to],
      queryFn: () =>
        api<RevenueBalances>(
          `/api/v1/revenue/balances${query({ legalEntityId: entity.id, asOf: period.to })}`,
        ),
    })),
  });
  const pending = invoices.isPending || [...previews, ...balances].some((result) => result.isPending);
  const error = invoices.error ?? [...previews, ...balances].find((result) => result.error)?.error;
  const stages = STAGES.filter(
    (stage) => (stage !== 'unbilledWork' || runsBilling) && (stage !== 'unbilledRevenue' || readsRevenue),
  );
  const pipeline =
    invoices.data && !pending
      ? pipelineOf(
          invoices.data,
          previews.flatMap((result) => (result.data ? [result.data] : [])),
          balances.flatMap((result) => (result.data ? [result.data] : [])),
        )
      : null;
  return (
    <section className="panel" aria-labelledby="pipeline-title">
      <h2 id="pipeline-title">Revenue and billing pipeline</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {pending ? <Loading /> : null}
      {pipeline && pipeline.size === 0 ? <Empty>No unbilled work and no invoices yet.</Empty> : null}
      {pipeline && pipeline.size > 0 ? (
        <div className="chart-stack">
          {[...pipeline.entries()].map(([currency, figures]) => (
            <BarChart
              key={currency}
              title={`Pipeline in ${currency}`}
              summary={stages
                .map((stage) => `${STAGE_LABEL[stage]} ${money(figures[stage], currency)}`)
                .join('; ')}
              bars={stages.map((stage): Bar => barOf(stage, figures[stage], currency))}
              valueHeading={`Amount (${currency})`}
            />
          ))}
        </div>
      ) : null}
      <p className="muted">
        Amounts include VAT; void invoices and credit notes are left out.
        {runsBilling
          ? ` Unbilled work: what a billing run of ${period.from} to ${period.to} would draft.`
          : ''}
        {readsRevenue ? ` Unbilled revenue: recognized but not billed, as of ${period.to}.` : ''}
      </p>
    </section>
  );
}

function money(amount: bigint, currency: string): string {
  return formatMoney({ amountMinor: amount.toString(), currency });
}

function barOf(stage: Stage, amount: bigint, currency: string): Bar {
  return { id: stage, label: STAGE_LABEL[stage], value: Number(amount), text: money(amount, currency) };
}
