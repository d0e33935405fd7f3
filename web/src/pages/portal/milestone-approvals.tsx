import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, apiAll, query } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { DecisionActions } from './decision-actions.tsx';
import { InboxTable } from './inbox-table.tsx';
import { MILESTONES, useProjectNames } from './portal-queries.ts';
import type { PortalMilestone } from './portal-types.ts';

/** Milestones the firm marked ready, waiting for the client to accept (or reject with a note). */
export function MilestoneApprovals() {
  const session = useSession();
  const projectName = useProjectNames();
  const milestones = useQuery({
    queryKey: [MILESTONES, { status: 'ready' }],
    queryFn: () => apiAll<PortalMilestone>(`${MILESTONES}${query({ status: 'ready' })}`),
    staleTime: 0,
  });
  if (!session.can('accept:milestones')) return null;
  return (
    <InboxTable
      id="milestone-approvals"
      title="Milestones"
      query={milestones}
      empty="No milestones are waiting for your acceptance."
      tableLabel="Milestones waiting for your acceptance"
      headers={
        <>
          <th scope="col">Milestone</th>
          <th scope="col">Project</th>
          <th scope="col">Due</th>
          <th scope="col" className="num">
            Amount
          </th>
        </>
      }
      row={(milestone) => (
        <tr key={milestone.id}>
          <td>{milestone.name}</td>
          <td>
            <Link to={`/portal/projects/${milestone.projectId}`}>{projectName(milestone.projectId)}</Link>
          </td>
          <td>{formatDay(milestone.dueOn)}</td>
          <td className="num">{formatMoney(milestone.amount)}</td>
          <td>
            <DecisionActions
              subject={`milestone ${milestone.name}`}
              approveLabel="Accept"
              reasonField="note"
              approve={() => api(`${MILESTONES}/${milestone.id}/accept`, { method: 'POST', body: {} })}
              reject={(note) =>
                api(`${MILESTONES}/${milestone.id}/reject`, { method: 'POST', body: { note } })
              }
              invalidates={[MILESTONES]}
            />
          </td>
        </tr>
      )}
    />
  );
}
