import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiAll } from '../../api/client.ts';
import { formatInstant } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { SUPPORT_GRANTS } from './console-queries.ts';
import type { SupportGrant } from './console-types.ts';
import { RequestGrantForm } from './request-grant-form.tsx';
import { StatusBadge } from './status-badge.tsx';

export const MY_GRANTS = `${SUPPORT_GRANTS}/mine`;

/**
 * The support engineer's grants: requested ones wait for the tenant's admin (the tenant approves,
 * never the platform); the engineer asks, follows their state and revokes them.
 */
export function SupportGrantsPage() {
  const queryClient = useQueryClient();
  const grants = useQuery({
    queryKey: [MY_GRANTS],
    queryFn: () => apiAll<SupportGrant>(MY_GRANTS),
    // A tenant admin decides elsewhere: always show the state as it is now.
    staleTime: 0,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<SupportGrant>(`${SUPPORT_GRANTS}/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [MY_GRANTS] }),
  });
  return (
    <Page title="Support grants">
      <p className="muted">
        A request waits for an admin of the tenant; approval starts the clock. A break-glass grant starts at
        once and alerts the tenant.
      </p>
      <RequestGrantForm />
      <ErrorNotice error={revoke.error} />
      <QueryTable
        query={grants}
        empty="You have not asked for support access yet."
        label="Your support grants"
        headers={
          <>
            <th scope="col">Tenant</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">Requested</th>
            <th scope="col">Expires</th>
            <th scope="col">Action</th>
          </>
        }
        rows={(items) =>
          items.map((grant) => (
            <tr key={grant.id}>
              <td>
                <code>{grant.tenantId}</code>
              </td>
              <td>
                {grant.reason}
                {grant.breakGlass ? <span className="badge badge-danger">break-glass</span> : null}
                {grant.decisionNote ? <div className="muted">Tenant’s note: {grant.decisionNote}</div> : null}
              </td>
              <td>
                <StatusBadge status={grant.status} />{' '}
                {grant.active ? <span className="badge badge-ok">active</span> : null}
              </td>
              <td>{formatInstant(grant.requestedAt)}</td>
              <td>{formatInstant(grant.expiresAt)}</td>
              <td>
                {grant.status === 'requested' || grant.active ? (
                  <button
                    type="button"
                    className="button-danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(grant.id)}
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))
        }
      />
    </Page>
  );
}
