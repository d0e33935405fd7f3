import { useQuery } from '@tanstack/react-query';
import { api, apiAll, query } from '../../api/client.ts';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { DecisionActions } from './decision-actions.tsx';
import { InboxTable } from './inbox-table.tsx';
import { EXPENSES, useProjectNames } from './portal-queries.ts';
import type { PortalExpense } from './portal-types.ts';

/** Expenses on the client's projects that wait for the client's decision. */
export function ExpenseApprovals() {
  const projectName = useProjectNames();
  const expenses = useQuery({
    queryKey: [EXPENSES, { inbox: true }],
    queryFn: () => apiAll<PortalExpense>(`${EXPENSES}${query({ inbox: true })}`),
    // The firm's approvers move items into this inbox at any time: show it as it is now.
    staleTime: 0,
  });
  return (
    <InboxTable
      id="expense-approvals"
      title="Expenses"
      query={expenses}
      empty="No expenses are waiting for your approval."
      tableLabel="Expenses waiting for your approval"
      headers={
        <>
          <th scope="col">Day</th>
          <th scope="col">Project</th>
          <th scope="col">Description</th>
          <th scope="col" className="num">
            Amount
          </th>
        </>
      }
      row={(expense) => (
        <tr key={expense.id}>
          <td>{formatDay(expense.incurredOn)}</td>
          <td>{projectName(expense.projectId)}</td>
          <td>
            {expense.description ?? ''} <span className="muted">({expense.category})</span>
          </td>
          <td className="num">{formatMoney(expense.amount)}</td>
          <td>
            <DecisionActions
              subject={`expense ${expense.description ?? expense.category} of ${formatDay(expense.incurredOn)}`}
              approveLabel="Approve"
              reasonField="reason"
              approve={() => api(`${EXPENSES}/${expense.id}/approve`, { method: 'POST' })}
              reject={(reason) =>
                api(`${EXPENSES}/${expense.id}/reject`, { method: 'POST', body: { reason } })
              }
              invalidates={[EXPENSES]}
            />
          </td>
        </tr>
      )}
    />
  );
}
