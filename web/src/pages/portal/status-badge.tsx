const TONE: Readonly<Record<string, string>> = {
  accepted: 'badge-ok',
  approved: 'badge-ok',
  issued: 'badge-ok',
  paid: 'badge-ok',
  active: 'badge-ok',
  ready: 'badge-warn',
  pending: 'badge-warn',
  submitted: 'badge-warn',
  rejected: 'badge-danger',
  voided: 'badge-danger',
};

/** A record's state as a coloured pill ("ready", "approved", "rejected"). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{status.replaceAll('_', ' ')}</span>;
}
