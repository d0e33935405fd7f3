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

/** The partner admin's brand (or a sub-partner's in their subtree), edited with a live preview. */
export function PartnerBrandPage() {
  const session = useSession();
  const partners = usePartners();
  const [chosen, setChosen] = useState<string | null>(null);
  const partnerId = chosen ?? session.me?.partnerId ?? partners.data?.[0]?.id ?? null;
  const path = partnerId ? `${PARTNERS}/${partnerId}/brand` : null;
  const brand = useQuery({
    queryKey: [path],
    queryFn: async () => {
      try {
        return await api<AdministeredBrand>(path ?? '');
      } catch (error) {
        // A partner without a brand of its own yet starts from an empty form.
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
    enabled: path !== null,
  });
  const choices = partners.data ?? [];
  return (
    <Page title="Brand">
      {choices.length > 1 ? (
        <div className="toolbar">
          <div className="field">
            <label htmlFor="brand-partner">Partner</label>
            <select
              id="brand-partner"
              value={partnerId ?? ''}
              onChange={(event) => setChosen(event.target.value)}
            >
              {choices.map((partner) => (
                <option key={partner.id} value={partner.id}>
                  {partner.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {brand.error ? (
        <ErrorNotice error={brand.error} />
      ) : brand.data === undefined || !path ? (
        <Loading />
      ) : (
        <>
          {brand.data === null || brand.data.inherited ? (
            <p className="notice notice-ok">
              This partner has no brand of its own yet; it shows the look it inherits. Saving gives it its
              own.
            </p>
          ) : null}
          <BrandForm key={path} path={path} brand={brand.data} />
        </>
      )}
    </Page>
  );
}
