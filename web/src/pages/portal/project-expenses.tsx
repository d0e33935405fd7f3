import { useQuery } from '@tanstack/react-query';
import { apiAll, query } from '../../api/client.ts';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { QueryTable } from '../../ui/query-table.tsx';
import { EXPENSES } from './portal-queries.ts';
import type { PortalExpense } from './portal-types.ts';
import { StatusBadge } from './status-badge.tsx';

/** The expenses booked on a project, newest first. */
export function ProjectExpenses({ projectId }: { projectId: string }) {
  const expenses = useQuery({
    queryKey: [EXPENSES, { projectId }],
    queryFn: () => apiAll<PortalExpense>(`${EXPENSES}${query({ projectId })}`),
  });
  return (
    <section aria-labelledby="expenses-title">
      <h2 id="expenses-title">Expenses</h2>
      <QueryTable
        query={expenses}
        empty="No expenses are booked on this project."
        label="Expenses"
        headers={
          <>
            <th scope="col">Day</th>
            <th scope="col">Category</th>
            <th scope="col">Description</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Amount
            </th>
          </>
        }
        rows={(items) =>
          [...items]
            .sort((a, b) => b.incurredOn.localeCompare(a.incurredOn))
            .map((expense) => (
              <tr key={expense.id}>
                <td>{formatDay(expense.incurredOn)}</td>
                <td>{expense.category}</td>
                <td>{expense.description ?? ''}</td>
                <td>
                  <StatusBadge status={expense.status} />
                </td>
                <td className="num">{formatMoney(expense.amount)}</td>
              </tr>
            ))
        }
      />
    </section>
  );
}
