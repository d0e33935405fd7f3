import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiAll, query } from '../../api/client.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { PLATFORM_GRANTS } from './console-queries.ts';
import type { OverseenGrant } from './console-types.ts';
import { GrantQueueRow } from './grant-queue-row.tsx';

const STATUSES = ['requested', 'approved', 'denied', 'revoked'] as const;

/** Requests still waiting come first, the longest-waiting on top; then the rest, newest first. */
function queueOrder(items: readonly OverseenGrant[]): OverseenGrant[] {
  const waiting = items
    .filter((grant) => grant.status === 'requested')
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  return [...waiting, ...items.filter((grant) => grant.status !== 'requested')];
}

/**
 * The platform operators' queue of every tenant's support grants. The tenant's admins decide;
 * the platform watches who asked whom, for what, and ends any grant at once when it must.
 */
export function GrantQueuePage() {
  const [status, setStatus] = useState('');
  const [ended, setEnded] = useState<OverseenGrant | null>(null);
  const grants = useQuery({
    queryKey: [PLATFORM_GRANTS, status],
    queryFn: () => apiAll<OverseenGrant>(`${PLATFORM_GRANTS}${query({ status })}`),
    // Tenants decide elsewhere: always show the state as it is now.
    staleTime: 0,
  });
  return (
    <Page title="Support grants">
      <p className="muted">
        Every tenant’s support access. The tenant’s admins approve or deny each request; the platform oversees
        them and can end any grant at once.
      </p>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="grant-status">Status</label>
          <select id="grant-status" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">All</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      {ended ? (
        <p className="notice notice-ok" role="status">
          Revoked: {ended.engineer.name}’s access to {ended.tenant.name} has ended.
        </p>
      ) : null}
      <QueryTable
        query={grants}
        empty={status ? `No ${status} support grants.` : 'No support engineer has asked for access yet.'}
        label="Support grants of every tenant"
        className="grant-queue"
        headers={
          <>
            <th scope="col">Tenant</th>
            <th scope="col">Engineer</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">When</th>
            <th scope="col">Action</th>
          </>
        }
        rows={(items) =>
          queueOrder(items).map((grant) => (
            <GrantQueueRow key={grant.id} grant={grant} onRevoked={setEnded} />
          ))
        }
      />
    </Page>
  );
}
