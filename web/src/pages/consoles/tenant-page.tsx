import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { Page } from '../../ui/page.tsx';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { NotFound } from '../not-found.tsx';
import { TENANTS } from './console-queries.ts';
import type { ConsoleTenant } from './console-types.ts';
import { StatusBadge } from './status-badge.tsx';
import { TenantAdmins } from './tenant-admins.tsx';

/** One tenant: its placement, suspend or reactivate, and its admins. */
export function TenantPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const queryClient = useQueryClient();
  const path = `${TENANTS}/${encodeURIComponent(id)}`;
  const tenant = useQuery({ queryKey: [TENANTS, id], queryFn: () => api<ConsoleTenant>(path) });
  const change = useMutation({
    mutationFn: (action: 'suspend' | 'activate') =>
      api<ConsoleTenant>(`${path}/${action}`, { method: 'POST' }),
    onSuccess: (next) => {
      queryClient.setQueryData([TENANTS, id], next);
      return queryClient.invalidateQueries({ queryKey: [TENANTS], exact: true });
    },
  });
  if (tenant.error instanceof ApiProblem && (tenant.error.status === 404 || tenant.error.status === 400)) {
    return <NotFound />;
  }
  if (tenant.error) return <ErrorNotice error={tenant.error} />;
  if (!tenant.data) return <Loading />;
  const data = tenant.data;
  const suspended = data.status === 'suspended';
  return (
    <Page
      title={data.name}
      actions={
        session.can('write:tenants') ? (
          <button
            type="button"
            className={suspended ? 'button-primary' : 'button-danger'}
            disabled={change.isPending}
            onClick={() => change.mutate(suspended ? 'activate' : 'suspend')}
          >
            {suspended ? `Reactivate ${data.name}` : `Suspend ${data.name}`}
          </button>
        ) : null
      }
    >
      <ErrorNotice error={change.error} />
      <dl className="console-facts panel">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={data.status} />
          </dd>
        </div>
        <div>
          <dt>Slug</dt>
          <dd>{data.slug}</dd>
        </div>
        <div>
          <dt>Tier</dt>
          <dd>{data.isolationTier}</dd>
        </div>
        <div>
          <dt>Home region</dt>
          <dd>{data.homeRegion}</dd>
        </div>
        <div>
          <dt>Allowed regions</dt>
          <dd>{data.allowedRegions.join(', ')}</dd>
        </div>
        <div>
          <dt>Cell</dt>
          <dd>{data.cell ?? '—'}</dd>
        </div>
      </dl>
      {suspended ? (
        <p className="notice notice-error">
          This tenant is suspended: its users are refused until it is reactivated.
        </p>
      ) : null}
      <TenantAdmins tenantId={data.id} tenantName={data.name} />
    </Page>
  );
}
