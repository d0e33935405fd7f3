import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiAll } from '../../../api/client.ts';
import { formatDay, formatMinutes } from '../../../ui/format.ts';
import { Empty, QueryView } from '../../../ui/states.tsx';
import type { TimeApproval } from '../api-types.ts';
import { isoWeek } from '../calendar.ts';
import { personLabel, projectLabel, usePeople, useProjects } from '../lookups.ts';
import { DecisionTable } from './decision-table.tsx';
import { STEP_NAMES } from './step-names.ts';

const INBOX = '/api/v1/time-approvals?status=pending&decidableByMe=true';

/** The weeks of time awaiting my decision, per project. */
export function TimeInbox() {
  const queryClient = useQueryClient();
  const people = usePeople();
  const projects = useProjects();
  const inbox = useQuery({ queryKey: [INBOX], queryFn: () => apiAll<TimeApproval>(INBOX) });
  return (
    <QueryView query={inbox}>
      {(approvals) =>
        approvals.length === 0 ? (
          <Empty>No time awaits your approval.</Empty>
        ) : (
          <DecisionTable
            caption="Time awaiting your approval"
            noun="week"
            columns={[
              { title: 'Person' },
              { title: 'Week' },
              { title: 'Project' },
              { title: 'Step' },
              { title: 'Hours', numeric: true },
            ]}
            rows={approvals.map((approval) => {
              const person = personLabel(people, approval.personId);
              const week = approval.weekStartsOn ? isoWeek(approval.weekStartsOn) : '—';
              const project = projectLabel(projects, approval.projectId);
              return {
                id: approval.id,
                label: `${person}, ${week}, ${project}`,
                cells: [
                  person,
                  <span key="week">
                    {week} <span className="muted">from {formatDay(approval.weekStartsOn)}</span>
                  </span>,
                  project,
                  STEP_NAMES[approval.approver],
                  formatMinutes(approval.minutes),
                ],
              };
            })}
            decide={(id, decision) =>
              api(`/api/v1/time-approvals/${id}/${decision.kind}`, {
                method: 'POST',
                ...(decision.kind === 'reject' ? { body: { reason: decision.reason } } : {}),
              })
            }
            onDecided={async () => {
              await queryClient.invalidateQueries({ queryKey: [INBOX] });
              await queryClient.invalidateQueries({ queryKey: ['/api/v1/time-approvals'] });
            }}
          />
        )
      }
    </QueryView>
  );
}
