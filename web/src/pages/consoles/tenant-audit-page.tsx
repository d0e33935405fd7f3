import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { TENANTS, useTenants } from './console-queries.ts';
import type { AuditVerification, ConsoleTenant } from './console-types.ts';

/**
 * The platform operators' audit verification: every tenant's hash-chained audit log, checked on
 * demand. The answer is the result only (events checked, the first broken link), never an event.
 */
export function TenantAuditPage() {
  const tenants = useTenants();
  return (
    <Page title="Audit">
      <p className="muted">
        Each tenant’s audit log is a hash chain. Verifying it recomputes every event’s hash in order and names
        the first broken link, if any; no event is shown here.
      </p>
      <QueryTable
        query={tenants}
        empty="No tenants yet."
        label="Audit chains of the tenants"
        headers={
          <>
            <th scope="col">Tenant</th>
            <th scope="col">Cell</th>
            <th scope="col">Verification</th>
          </>
        }
        rows={(items) =>
          [...items]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((tenant) => <TenantAuditRow key={tenant.id} tenant={tenant} />)
        }
      />
    </Page>
  );
}

function TenantAuditRow({ tenant }: { tenant: ConsoleTenant }) {
  const verify = useMutation({
    mutationFn: () =>
      api<AuditVerification>(`${TENANTS}/${tenant.id}/audit-verification`, { method: 'POST' }),
  });
  const result = verify.data;
  return (
    <tr>
      <th scope="row" className="console-row-head">
        {tenant.name}
        <div className="muted">{tenant.slug}</div>
      </th>
      <td>{tenant.cell ?? '—'}</td>
      <td>
        <button
          type="button"
          className="button-primary"
          aria-label={`Verify the audit chain of ${tenant.name}`}
          disabled={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {verify.isPending ? 'Verifying…' : 'Verify'}
        </button>
        <div role="status" aria-live="polite">
          {result ? <VerificationResult result={result} /> : null}
        </div>
        <ErrorNotice error={verify.error} />
      </td>
    </tr>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  if (result.verified)
    return (
      <p className="audit-result">
        <span className="badge badge-ok">verified</span> {result.eventsChecked} events, every link intact
      </p>
    );
  return (
    <p className="audit-result">
      <span className="badge badge-danger">broken</span> first broken link at event #{result.firstBreak?.seq}{' '}
      ({result.firstBreak?.reason}); {result.eventsChecked} events verified before it
    </p>
  );
}
