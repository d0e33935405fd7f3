const TONE: Readonly<Record<string, string>> = {
  active: 'badge-ok',
  approved: 'badge-ok',
  suspended: 'badge-danger',
  denied: 'badge-danger',
  revoked: 'badge-danger',
  requested: 'badge-warn',
  expired: '',
};

/** A tenant's, cell's or grant's state as a coloured pill. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${TONE[status] ?? ''}`}>{status}</span>;
}
