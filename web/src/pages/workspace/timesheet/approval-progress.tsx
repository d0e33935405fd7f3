import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import { formatMinutes } from '../../../ui/format.ts';
import type { TimeApproval, Timesheet } from '../api-types.ts';
import { STEP_NAMES } from '../approvals/step-names.ts';
import { projectLabel, useProjects } from '../lookups.ts';

const STATUS: Record<TimeApproval['status'], string> = {
  pending: 'badge badge-warn',
  approved: 'badge badge-ok',
  rejected: 'badge badge-danger',
  cancelled: 'badge',
};

/** Where a submitted week stands, per project and step of its latest round (for members who read time). */
export function ApprovalProgress({ timesheet }: { timesheet: Timesheet | null }) {
  const session = useSession();
  const projects = useProjects();
  const path = `/api/v1/time-approvals?timesheetId=${timesheet?.id}`;
  const steps = useQuery({
    queryKey: [path, timesheet?.status, timesheet?.round],
    queryFn: () => apiAll<TimeApproval>(path),
    enabled: session.can('read:time') && !!timesheet && timesheet.round > 0,
  });
  const latest = Math.max(0, ...(steps.data ?? []).map((step) => step.round));
  const rows = (steps.data ?? [])
    .filter((step) => step.round === latest)
    .sort((a, b) => a.projectId.localeCompare(b.projectId) || a.position - b.position);
  if (rows.length === 0) return null;
  return (
    <details className="approval-progress">
      <summary>Approval steps of round {latest}</summary>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Approval steps of this week</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Step</th>
              <th scope="col" className="num">
                Hours
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((step) => (
              <tr key={step.id}>
                <td>{projectLabel(projects, step.projectId)}</td>
                <td>{STEP_NAMES[step.approver]}</td>
                <td className="num">{formatMinutes(step.minutes)}</td>
                <td>
                  <span className={STATUS[step.status]}>{step.status}</span>
                  {step.reason ? <span className="muted"> — {step.reason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
