import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiAll } from '../../../api/client.ts';
import { formatDay, formatMoney } from '../../../ui/format.ts';
import { Empty, QueryView } from '../../../ui/states.tsx';
import type { Expense } from '../api-types.ts';
import { personLabel, projectLabel, usePeople, useProjects } from '../lookups.ts';
import { DecisionTable } from './decision-table.tsx';

const INBOX = '/api/v1/expenses?inbox=true';

/** The expenses awaiting my decision. */
export function ExpenseInbox() {
  const queryClient = useQueryClient();
  const people = usePeople();
  const projects = useProjects();
  const inbox = useQuery({ queryKey: [INBOX], queryFn: () => apiAll<Expense>(INBOX) });
  return (
    <QueryView query={inbox}>
      {(expenses) =>
        expenses.length === 0 ? (
          <Empty>No expense awaits your approval.</Empty>
        ) : (
          <DecisionTable
            caption="Expenses awaiting your approval"
            noun="expense"
            columns={[
              { title: 'Person' },
              { title: 'Date' },
              { title: 'Project' },
              { title: 'Expense' },
              { title: 'Amount', numeric: true },
            ]}
            rows={expenses.map((expense) => {
              const person = personLabel(people, expense.personId);
              const amount = formatMoney(expense.amount);
              return {
                id: expense.id,
                label: `${person}, ${expense.category} ${amount} on ${formatDay(expense.incurredOn)}`,
                cells: [
                  person,
                  formatDay(expense.incurredOn),
                  projectLabel(projects, expense.projectId),
                  <span key="what">
                    <span className="badge">{expense.category}</span> {expense.description ?? ''}
                  </span>,
                  amount,
                ],
              };
            })}
            decide={(id, decision) =>
              api(`/api/v1/expenses/${id}/${decision.kind}`, {
                method: 'POST',
                ...(decision.kind === 'reject' ? { body: { reason: decision.reason } } : {}),
              })
            }
            onDecided={() => queryClient.invalidateQueries({ queryKey: [INBOX] })}
          />
        )
      }
    </QueryView>
  );
}
