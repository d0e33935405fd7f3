import { useMutation, useQuery } from '@tanstack/react-query';
import { apiAll } from '../../api/client.ts';
import { Page } from '../../ui/page.tsx';
import { Empty, ErrorNotice, QueryView } from '../../ui/states.tsx';
import type { AuditVerification, SupportGrant } from './console-types.ts';
import { apiUnderGrant, grantToken } from './grant-token.ts';
import { MY_GRANTS } from './support-grants-page.tsx';

/**
 * Audit chain verification per tenant. The platform reads a tenant's audit chain only under an
 * active support grant carrying verify:audit, so each such grant offers a check.
 */
export function AuditPage() {
  const grants = useQuery({
    queryKey: [MY_GRANTS],
    queryFn: () => apiAll<SupportGrant>(MY_GRANTS),
    // A tenant admin decides elsewhere: always show the state as it is now.
    staleTime: 0,
  });
  return (
    <Page title="Audit verification">
      <p className="muted">
        Verify a tenant's audit hash chain under an active support grant that carries{' '}
        <code>verify:audit</code>. Ask for one under Support grants.
      </p>
      <QueryView query={grants}>
        {(items) => {
          const usable = items.filter((grant) => grant.active && grant.permissions.includes('verify:audit'));
          if (usable.length === 0) return <Empty>No active grant lets you verify an audit chain now.</Empty>;
          return (
            <ul className="console-cards">
              {usable.map((grant) => (
                <li key={grant.id} className="panel">
                  <VerifyTenant grant={grant} />
                </li>
              ))}
            </ul>
          );
        }}
      </QueryView>
    </Page>
  );
}

function VerifyTenant({ grant }: { grant: SupportGrant }) {
  const verify = useMutation({
    mutationFn: async () => {
      const { accessToken } = await grantToken(grant.id);
      return apiUnderGrant<AuditVerification>('/api/v1/audit/verify', accessToken);
    },
  });
  const result = verify.data;
  return (
    <div>
      <p>
        Tenant <code>{grant.tenantId}</code>
      </p>
      <button
        type="button"
        className="button-primary"
        disabled={verify.isPending}
        onClick={() => verify.mutate()}
      >
        {verify.isPending ? 'Verifying…' : 'Verify the audit chain'}
      </button>
      <ErrorNotice error={verify.error} />
      {result ? (
        <p className={`notice ${result.verified ? 'notice-ok' : 'notice-error'}`} role="status">
          {result.verified
            ? `Verified: ${result.eventsChecked} events, every link intact.`
            : `Broken: ${result.eventsChecked} events checked; first broken link at #${result.firstBreak?.seq} (${result.firstBreak?.reason}).`}
        </p>
      ) : null}
    </div>
  );
}
