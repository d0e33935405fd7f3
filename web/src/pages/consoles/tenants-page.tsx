import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../session/session.tsx';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { usePartners, useTenants } from './console-queries.ts';
import type { ConsoleTenant } from './console-types.ts';
import { CreateTenantForm } from './create-tenant-form.tsx';
import { StatusBadge } from './status-badge.tsx';

/** The tenants in reach with status, tier, region and cell; partner admins and operators create one here. */
export function TenantsPage({ base }: { base: '/partner' | '/platform' }) {
  const session = useSession();
  const tenants = useTenants();
  const partners = usePartners();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ConsoleTenant | null>(null);
  const partnerName = (id: string | null) =>
    id === null ? 'Direct (platform)' : (partners.data?.find((partner) => partner.id === id)?.name ?? '—');
  return (
    <Page
      title="Tenants"
      actions={
        session.can('write:tenants') ? (
          <button
            type="button"
            className="button-primary"
            aria-expanded={creating}
            onClick={() => setCreating((o) => !o)}
          >
            {creating ? 'Close the new tenant form' : 'New tenant'}
          </button>
        ) : null
      }
    >
      {created ? (
        <p className="notice notice-ok" role="status">
          {created.name} was created on {created.cell ?? 'no cell yet'}.
        </p>
      ) : null}
      {creating ? (
        <CreateTenantForm
          onCreated={(tenant) => {
            setCreated(tenant);
            setCreating(false);
          }}
        />
      ) : null}
      <QueryTable
        query={tenants}
        empty="No tenants yet. Create the first one with “New tenant”."
        label="Tenants"
        headers={
          <>
            <th scope="col">Tenant</th>
            <th scope="col">Sold by</th>
            <th scope="col">Status</th>
            <th scope="col">Tier</th>
            <th scope="col">Region</th>
            <th scope="col">Cell</th>
          </>
        }
        rows={(items) =>
          [...items]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((tenant) => (
              <tr key={tenant.id}>
                <td>
                  <Link to={`${base}/tenants/${tenant.id}`}>{tenant.name}</Link>
                  <div className="muted">{tenant.slug}</div>
                </td>
                <td>{partnerName(tenant.partnerId)}</td>
                <td>
                  <StatusBadge status={tenant.status} />
                </td>
                <td>{tenant.isolationTier}</td>
                <td>
                  {tenant.homeRegion}
                  {tenant.allowedRegions.length > 1 ? (
                    <span className="muted">
                      {' '}
                      (also {tenant.allowedRegions.filter((r) => r !== tenant.homeRegion).join(', ')})
                    </span>
                  ) : null}
                </td>
                <td>{tenant.cell ?? '—'}</td>
              </tr>
            ))
        }
      />
    </Page>
  );
}
