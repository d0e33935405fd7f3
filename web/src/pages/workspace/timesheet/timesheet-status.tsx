import type { TimeStatus, Timesheet } from '../api-types.ts';

const LABELS: Record<TimeStatus, { text: string; tone: string }> = {
  draft: { text: 'Draft', tone: 'badge' },
  submitted: { text: 'Submitted, awaiting approval', tone: 'badge badge-warn' },
  approved: { text: 'Approved', tone: 'badge badge-ok' },
  rejected: { text: 'Rejected', tone: 'badge badge-danger' },
};

/** Where the week stands: its state, and the reason when it was rejected. */
export function TimesheetStatus({ timesheet }: { timesheet: Timesheet | null }) {
  const status = timesheet?.status ?? 'draft';
  const label = LABELS[status];
  return (
    <div className="timesheet-status">
      <p>
        Status: <span className={label.tone}>{label.text}</span>
        {timesheet && timesheet.round > 1 ? <span className="muted"> · round {timesheet.round}</span> : null}
        {!timesheet ? <span className="muted"> · nothing booked yet</span> : null}
      </p>
      {status === 'rejected' ? (
        <div className="notice notice-error" role="status">
          <strong>Rejected:</strong> {timesheet?.rejectionReason ?? 'no reason given'}. Change the week and
          submit it again.
        </div>
      ) : null}
      {status === 'submitted' || status === 'approved' ? (
        <p className="muted">The week is locked while it is {status}.</p>
      ) : null}
    </div>
  );
}
