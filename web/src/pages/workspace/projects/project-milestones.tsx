import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../../api/client.ts';
import { formatDay, formatMoney } from '../../../ui/format.ts';
import { Empty, QueryView } from '../../../ui/states.tsx';
import type { Milestone } from '../api-types.ts';
import { MilestoneStatus } from './project-status.tsx';

/** The project's milestones: status, amount and due date. */
export function ProjectMilestones({ projectId }: { projectId: string }) {
  const path = `/api/v1/milestones?projectId=${projectId}`;
  const milestones = useQuery({ queryKey: [path], queryFn: () => apiAll<Milestone>(path) });
  return (
    <QueryView query={milestones}>
      {(items) =>
        items.length === 0 ? (
          <Empty>This project has no milestones.</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Milestones</caption>
              <thead>
                <tr>
                  <th scope="col">Milestone</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {[...items]
                  .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
                  .map((milestone) => (
                    <tr key={milestone.id}>
                      <td>
                        {milestone.name}
                        {milestone.decisionNote ? (
                          <div className="muted">{milestone.decisionNote}</div>
                        ) : null}
                      </td>
                      <td>
                        <MilestoneStatus status={milestone.status} />
                      </td>
                      <td className="num">{formatMoney(milestone.amount)}</td>
                      <td>{formatDay(milestone.dueOn)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
