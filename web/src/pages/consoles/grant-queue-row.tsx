import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { formatInstant } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/states.tsx';
import { PLATFORM_GRANTS } from './console-queries.ts';
import type { OverseenGrant } from './console-types.ts';
import { ageOf } from './grant-age.ts';
import { StatusBadge } from './status-badge.tsx';

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "18 read-only permissions, 60 min, 2 requests made under it". */
function factsOf(grant: OverseenGrant): string {
  return [
    counted(grant.permissions.length, 'read-only permission', 'read-only permissions'),
    `${grant.durationMinutes} min`,
    `${counted(grant.useCount, 'request', 'requests')} made under it`,
  ].join(', ');
}

/** One grant of the platform's queue, with its kill switch behind a confirmation. */
export function GrantQueueRow({
  grant,
  onRevoked,
}: {
  grant: OverseenGrant;
  onRevoked: (grant: OverseenGrant) => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api(`${PLATFORM_GRANTS}/${grant.id}/revoke`, { method: 'POST' }),
    onSuccess: () => {
      setConfirming(false);
      onRevoked(grant);
      return queryClient.invalidateQueries({ queryKey: [PLATFORM_GRANTS] });
    },
  });
  const open = grant.status === 'requested' || grant.active;
  const whose = `${grant.engineer.name}’s grant for ${grant.tenant.name}`;
  return (
    <tr>
      <th scope="row" className="console-row-head">
        {grant.tenant.name}
        <div className="muted">{grant.tenant.slug}</div>
      </th>
      <td>
        {grant.engineer.name}
        <div className="muted">{grant.engineer.email}</div>
      </td>
      <td>
        {grant.reason}
        {grant.breakGlass ? <span className="badge badge-danger">break-glass</span> : null}
        <div className="muted">{factsOf(grant)}</div>
      </td>
      <td>
        <StatusBadge status={grant.status} />{' '}
        {grant.active ? <span className="badge badge-ok">active</span> : null}
        {grant.status === 'requested' ? (
          <div className="muted">waiting {ageOf(grant.requestedAt)}</div>
        ) : null}
      </td>
      <td>
        <div>Requested {formatInstant(grant.requestedAt)}</div>
        {grant.revokedAt ? (
          <div className="muted">Revoked {formatInstant(grant.revokedAt)}</div>
        ) : grant.expiresAt ? (
          <div className="muted">Expires {formatInstant(grant.expiresAt)}</div>
        ) : null}
      </td>
      <td>
        {open && !confirming ? (
          <button
            type="button"
            className="button-danger"
            aria-label={`Revoke ${whose}`}
            onClick={() => setConfirming(true)}
          >
            Revoke
          </button>
        ) : null}
        {open && confirming ? (
          <fieldset className="grant-confirm" aria-label={`Confirm: revoke ${whose}`}>
            <legend>End it now?</legend>
            <button
              type="button"
              className="button-danger"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate()}
            >
              {revoke.isPending ? 'Revoking…' : 'Yes, revoke'}
            </button>
            <button type="button" className="button-quiet" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </fieldset>
        ) : null}
        <ErrorNotice error={revoke.error} />
      </td>
    </tr>
  );
}
