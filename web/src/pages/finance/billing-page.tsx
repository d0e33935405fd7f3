import { useState } from 'react';
import { Page } from '../../ui/page.tsx';
import { QueryView } from '../../ui/states.tsx';
import { BillingRunForm } from './billing-run-form.tsx';
import { BillingRunOutcome } from './billing-run-result.tsx';
import { BillingRuns } from './billing-runs.tsx';
import { useAllInvoices, useBillingRuns, useClients, useLegalEntities } from './finance-queries.ts';
import type { BillingRunResult } from './finance-types.ts';

/** Billing: start a run for a legal entity and period, see what it drafted and earlier runs. */
export function BillingPage() {
  const entities = useLegalEntities();
  const clients = useClients();
  const runs = useBillingRuns();
  const invoices = useAllInvoices();
  const [outcome, setOutcome] = useState<BillingRunResult | null>(null);
  return (
    <Page title="Billing">
      <QueryView query={entities}>
        {(list) => (
          <>
            <BillingRunForm entities={list} onDone={setOutcome} />
            {outcome ? <BillingRunOutcome run={outcome} clients={clients.data} /> : null}
            <h2>Billing runs</h2>
            <QueryView query={runs}>
              {(made) => (
                <QueryView query={invoices}>
                  {(all) => <BillingRuns runs={made} invoices={all} entities={list} clients={clients.data} />}
                </QueryView>
              )}
            </QueryView>
          </>
        )}
      </QueryView>
    </Page>
  );
}
