import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { Field, TextField } from '../../ui/field.tsx';
import { formatDay, formatMoney, parseMoney } from '../../ui/format.ts';
import { QueryTable } from '../../ui/query-table.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { useContractFees } from './contract-queries.ts';
import type { Contract, ContractFee } from './finance-types.ts';

const INTERVALS = { month: 'per month', quarter: 'per quarter', year: 'per year' } as const;

/** A retainer or subscription contract's fee schedule (history, never edited) and a change to add. */
export function ContractFees({ contract }: { contract: Contract }) {
  const session = useSession();
  const fees = useContractFees(contract.id, true);
  return (
    <section className="panel" aria-labelledby="contract-fees-title">
      <h2 id="contract-fees-title">Fee schedule</h2>
      <QueryTable
        query={fees}
        label="Fee schedule"
        empty="No fee yet: billing runs bill this contract's fees once it has one."
        headers={
          <>
            <th scope="col">From</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Line text</th>
          </>
        }
        rows={(items) =>
          items.map((fee) => (
            <tr key={fee.id}>
              <td>{formatDay(fee.effectiveFrom)}</td>
              <td className="num">
                {formatMoney(fee.amount)} {INTERVALS[fee.interval]}
              </td>
              <td>{fee.description}</td>
            </tr>
          ))
        }
      />
      {session.can('write:organization') ? <FeeChangeForm contract={contract} fees={fees.data} /> : null}
    </section>
  );
}

/** Adds the first fee or a change effective on a day (a stop is a change to 0). */
function FeeChangeForm({ contract, fees }: { contract: Contract; fees: readonly ContractFee[] | undefined }) {
  const queryClient = useQueryClient();
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const latest = fees?.at(-1);
  const add = useMutation({
    mutationFn: (body: unknown) =>
      api<ContractFee>(`/api/v1/contracts/${encodeURIComponent(contract.id)}/fees`, { method: 'POST', body }),
    onSuccess: (fee) => {
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/contracts', contract.id, 'fees'] });
      setAdded(
        `${formatMoney(fee.amount)} ${INTERVALS[fee.interval]} from ${formatDay(fee.effectiveFrom)} added.`,
      );
    },
    onMutate: () => setAdded(null),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountMinor = parseMoney(String(form.get('amount') ?? ''), contract.currency);
    if (amountMinor === null || amountMinor < 0n) {
      setAmountProblem(`an amount in ${contract.currency}, such as 1250.00`);
      return;
    }
    setAmountProblem(null);
    const description = String(form.get('description') ?? '').trim();
    add.mutate({
      amount: { amountMinor: Number(amountMinor), currency: contract.currency },
      interval: String(form.get('interval') ?? 'month'),
      effectiveFrom: String(form.get('effectiveFrom') ?? ''),
      ...(description ? { description } : {}),
    });
  }

  const problem = add.error instanceof ApiProblem ? add.error : null;
  return (
    <form className="fee-change-form" onSubmit={submit} aria-labelledby="fee-change-title" noValidate>
      <h3 id="fee-change-title">{latest ? 'Change the fee' : 'Set the fee'}</h3>
      {added ? (
        <p className="notice notice-ok" role="status">
          {added}
        </p>
      ) : null}
      <Field label={`Amount (${contract.currency})`} name="amount" problem={problem}>
        {(props) => (
          <>
            <input
              name="amount"
              inputMode="decimal"
              {...props}
              aria-invalid={props['aria-invalid'] || amountProblem !== null}
              aria-describedby={
                [props['aria-describedby'], amountProblem ? `${props.id}-amount` : null]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
            />
            {amountProblem ? (
              <small id={`${props.id}-amount`} className="field-error">
                {amountProblem}
              </small>
            ) : null}
          </>
        )}
      </Field>
      <Field label="Billed" name="interval" problem={problem}>
        {(props) => (
          <select name="interval" defaultValue={latest?.interval ?? 'month'} {...props}>
            {Object.entries(INTERVALS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField label="Effective from" name="effectiveFrom" type="date" required problem={problem} />
      <TextField
        label="Line text (optional)"
        name="description"
        maxLength={200}
        problem={problem}
        hint="What invoices call the fee; the previous text when empty"
      />
      <ErrorNotice error={add.error} />
      <button type="submit" className="button-primary" disabled={add.isPending}>
        Add the fee change
      </button>
    </form>
  );
}
