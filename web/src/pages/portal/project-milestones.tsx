import { useQuery } from '@tanstack/react-query';
import { api, apiAll, query } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import { formatDay, formatMoney } from '../../ui/format.ts';
import { QueryTable } from '../../ui/query-table.tsx';
import { DecisionActions } from './decision-actions.tsx';
import { MILESTONES } from './portal-queries.ts';
import type { PortalMilestone } from './portal-types.ts';
import { StatusBadge } from './status-badge.tsx';

/** A project's milestones; a ready one can be accepted, or rejected with a note. */
export function ProjectMilestones({ projectId }: { projectId: string }) {
  const session = useSession();
  const milestones = useQuery({
    queryKey: [MILESTONES, { projectId }],
    queryFn: () => apiAll<PortalMilestone>(`${MILESTONES}${query({ projectId })}`),
  });
  const mayDecide = session.can('accept:milestones');
  return (
    <section aria-labelledby="milestones-title">
      <h2 id="milestones-title">Milestones</h2>
      <QueryTable
        query={milestones}
        empty="This project has no milestones."
        label="Milestones"
        headers={
          <>
            <th scope="col">Milestone</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Decision</th>
          </>
        }
        rows={(items) =>
          items.map((milestone) => (
            <tr key={milestone.id}>
              <td>{milestone.name}</td>
              <td>{formatDay(milestone.dueOn)}</td>
              <td className="num">{formatMoney(milestone.amount)}</td>
              <td>
                <StatusBadge status={milestone.status} />
                {milestone.decisionNote ? <div className="muted">{milestone.decisionNote}</div> : null}
              </td>
              <td>
                {mayDecide && milestone.status === 'ready' ? (
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
                ) : (
                  <span className="muted">{milestone.decidedAt ? formatDay(milestone.decidedAt) : '—'}</span>
                )}
              </td>
            </tr>
          ))
        }
      />
    </section>
  );
}
