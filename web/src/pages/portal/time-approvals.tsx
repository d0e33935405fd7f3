import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiAll, query } from '../../api/client.ts';
import { formatDay, formatMinutes } from '../../ui/format.ts';
import { QueryView } from '../../ui/states.tsx';
import { DecisionActions } from './decision-actions.tsx';
import { InboxTable } from './inbox-table.tsx';
import { TIME_APPROVALS, TIME_ENTRIES, useProjectNames } from './portal-queries.ts';
import type { PortalTimeEntry, TimeApprovalStep } from './portal-types.ts';

/** Weeks of time on the client's projects whose next approval step is the client's. */
export function TimeApprovals() {
  const projectName = useProjectNames();
  const steps = useQuery({
    queryKey: [TIME_APPROVALS, { decidableByMe: true }],
    queryFn: () => apiAll<TimeApprovalStep>(`${TIME_APPROVALS}${query({ decidableByMe: true })}`),
    // The firm's approvers move items into this inbox at any time: show it as it is now.
    staleTime: 0,
  });
  return (
    <InboxTable
      id="time-approvals"
      title="Time"
      query={steps}
      empty="No time is waiting for your approval."
      tableLabel="Time waiting for your approval"
      headers={
        <>
          <th scope="col">Week of</th>
          <th scope="col">Project</th>
          <th scope="col" className="num">
            Hours
          </th>
        </>
      }
      row={(step) => {
        const subject = `time on ${projectName(step.projectId)}, week of ${formatDay(step.weekStartsOn)}`;
        return (
          <tr key={step.id}>
            <td>{formatDay(step.weekStartsOn)}</td>
            <td>
              {projectName(step.projectId)}
              <StepEntries step={step} />
            </td>
            <td className="num">{formatMinutes(step.minutes)}</td>
            <td>
              <DecisionActions
                subject={subject}
                approveLabel="Approve"
                reasonField="reason"
                approve={() => api(`${TIME_APPROVALS}/${step.id}/approve`, { method: 'POST' })}
                reject={(reason) =>
                  api(`${TIME_APPROVALS}/${step.id}/reject`, { method: 'POST', body: { reason } })
                }
                invalidates={[TIME_APPROVALS, TIME_ENTRIES]}
              />
            </td>
          </tr>
        );
      }}
    />
  );
}

/** The days behind a week's hours, read when the approver opens them. */
function StepEntries({ step }: { step: TimeApprovalStep }) {
  const [open, setOpen] = useState(false);
  const params = { timesheetId: step.timesheetId, projectId: step.projectId };
  const entries = useQuery({
    queryKey: [TIME_ENTRIES, params],
    queryFn: () => apiAll<PortalTimeEntry>(`${TIME_ENTRIES}${query(params)}`),
    enabled: open,
  });
  return (
    <details className="portal-entries" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Days</summary>
      {open ? (
        <QueryView query={entries}>
          {(items) => (
            <ul>
              {items.map((entry) => (
                <li key={entry.id}>
                  {formatDay(entry.date)} · {formatMinutes(entry.minutes)}
                  {entry.note ? ` · ${entry.note}` : ''}
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      ) : null}
    </details>
  );
}
