import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { TextField } from '../../ui/field.tsx';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { ErrorNotice, QueryView } from '../../ui/states.tsx';
import { NotFound } from '../not-found.tsx';
import { ContractFees } from './contract-fees.tsx';
import { BILLING_MODELS, hasFeeSchedule, useContract } from './contract-queries.ts';
import { isId, nameOf, useClients, useLegalEntities } from './finance-queries.ts';
import type { Contract } from './finance-types.ts';

/** One contract: its terms, its end date (editable), and its fee schedule when it bills fees. */
export function ContractPage() {
  const { id = '' } = useParams();
  const contract = useContract(id);
  const clients = useClients();
  const entities = useLegalEntities();
  if (!isId(id) || (contract.error instanceof ApiProblem && contract.error.status === 404))
    return <NotFound />;
  return (
    <QueryView query={contract}>
      {(data) => (
        <Page title={data.name}>
          <dl className="invoice-facts panel">
            <div>
              <dt>Client</dt>
              <dd>{nameOf(clients.data, data.clientId)}</dd>
            </div>
            <div>
              <dt>Legal entity</dt>
              <dd>{nameOf(entities.data, data.legalEntityId)}</dd>
            </div>
            <div>
              <dt>Billing</dt>
              <dd>
                {BILLING_MODELS[data.billingModel]} in {data.currency}
              </dd>
            </div>
            <div>
              <dt>Runs</dt>
              <dd>
                {formatDay(data.startsOn)} to {data.endsOn ? formatDay(data.endsOn) : 'no end date'} (
                {data.status})
              </dd>
            </div>
          </dl>
          <ContractEnd contract={data} />
          {hasFeeSchedule(data) ? <ContractFees contract={data} /> : null}
        </Page>
      )}
    </QueryView>
  );
}

/**
 * Sets or clears the contract's last day. The API refuses an end that would move across a fee
 * period already billed, and says so by the field.
 */
function ContractEnd({ contract }: { contract: Contract }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (endsOn: string | null) =>
      api<Contract>(`/api/v1/contracts/${encodeURIComponent(contract.id)}`, {
        method: 'PATCH',
        body: { endsOn },
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(['/api/v1/contracts', contract.id], next);
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/contracts', 'all'] });
      setSaved(
        next.endsOn
          ? `The contract now ends on ${formatDay(next.endsOn)}.`
          : 'The contract has no end date now.',
      );
    },
    onMutate: () => setSaved(null),
  });
  if (!session.can('write:organization')) return null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const endsOn = String(new FormData(event.currentTarget).get('endsOn') ?? '');
    save.mutate(endsOn === '' ? null : endsOn);
  }

  const problem = save.error instanceof ApiProblem ? save.error : null;
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="contract-end-title" noValidate>
      <h2 id="contract-end-title">End of the contract</h2>
      {saved ? (
        <p className="notice notice-ok" role="status">
          {saved}
        </p>
      ) : null}
      <TextField
        key={contract.endsOn ?? 'open'}
        label="Last day"
        name="endsOn"
        type="date"
        defaultValue={contract.endsOn ?? ''}
        problem={problem}
        hint="Empty: no end date. Fees of the period it ends in are billed to that day."
      />
      <ErrorNotice error={save.error} />
      <button type="submit" className="button-primary" disabled={save.isPending}>
        Save the end date
      </button>
    </form>
  );
}
