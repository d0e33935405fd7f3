import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { Page } from '../../ui/page.tsx';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { BrandForm } from './brand-form.tsx';
import { PARTNERS, usePartners } from './console-queries.ts';
import type { AdministeredBrand } from './console-types.ts';

const PLATFORM_BRAND = '/api/v1/platform/brand';

/**
 * A brand edited with a live preview: a partner admin's own (or a sub-partner's in their subtree);
 * for platform operators also the platform's own look.
 */
export function BrandPage() {
  const session = useSession();
  const partners = usePartners();
  const onPlatform = session.surface === 'platform';
  const owners = [
    ...(onPlatform ? [{ path: PLATFORM_BRAND, name: 'The platform' }] : []),
    ...(partners.data ?? []).map((partner) => ({
      path: `${PARTNERS}/${partner.id}/brand`,
      name: partner.name,
    })),
  ];
  const own = session.me?.partnerId ? `${PARTNERS}/${session.me.partnerId}/brand` : null;
  const [chosen, setChosen] = useState<string | null>(null);
  const path = chosen ?? own ?? owners[0]?.path ?? null;
  const brand = useQuery({
    queryKey: [path],
    queryFn: async () => {
      try {
        return await api<AdministeredBrand>(path ?? '');
      } catch (error) {
        // An owner without a brand of its own yet starts from an empty form.
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
    enabled: path !== null,
  });
  return (
    <Page title="Brand">
      {owners.length > 1 ? (
        <div className="toolbar">
          <div className="field">
            <label htmlFor="brand-owner">Brand of</label>
            <select id="brand-owner" value={path ?? ''} onChange={(event) => setChosen(event.target.value)}>
              {owners.map((owner) => (
                <option key={owner.path} value={owner.path}>
                  {owner.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {partners.error ? <ErrorNotice error={partners.error} /> : null}
      {brand.error ? (
        <ErrorNotice error={brand.error} />
      ) : brand.data === undefined || !path ? (
        <Loading />
      ) : (
        <>
          {brand.data === null || brand.data.inherited ? (
            <p className="notice notice-ok">
              No brand of its own yet: it shows the look it inherits. Saving gives it its own.
            </p>
          ) : null}
          <BrandForm key={path} path={path} brand={brand.data} />
        </>
      )}
    </Page>
  );
}
