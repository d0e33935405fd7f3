import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { api } from '../api/client.ts';
import { useSession } from '../session/session.tsx';
import { readableOn } from './contrast.ts';

/** `GET /api/v1/brand`: the one brand this host name or membership is shown under. */
export interface Brand {
  readonly brandId: string;
  readonly ownerKind: 'platform' | 'partner' | 'tenant';
  readonly name: string;
  readonly productName: string;
  readonly logo: string | null;
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string | null;
  readonly supportUrl: string | null;
  readonly resolvedBy: 'host' | 'membership' | 'platform';
}

const BrandContext = createContext<Brand | null>(null);

/**
 * Resolves the brand (host name first, then the signed-in membership's tenant and partner chain)
 * and paints the app with it. Until it is known nothing branded is drawn, so no other brand's name
 * or colours ever flash by.
 */
export function BrandProvider({ children }: { children: ReactNode }) {
  const { membership } = useSession();
  const brand = useQuery({
    queryKey: ['brand', membership?.id ?? null],
    queryFn: () => api<Brand>('/api/v1/brand'),
    staleTime: 5 * 60_000,
  });
  const data = brand.data ?? null;

  useEffect(() => {
    if (!data) return;
    const root = document.documentElement.style;
    root.setProperty('--brand-primary', data.primaryColor);
    root.setProperty('--brand-on-primary', readableOn(data.primaryColor));
    root.setProperty('--brand-accent', data.accentColor);
    root.setProperty('--brand-on-accent', readableOn(data.accentColor));
    document.title = data.productName;
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon) icon.href = data.logo ?? 'data:,';
  }, [data]);

  if (brand.isError) return <BrandUnavailable />;
  if (!data) return <div className="boot" aria-busy="true" />;
  return <BrandContext.Provider value={data}>{children}</BrandContext.Provider>;
}

function BrandUnavailable() {
  return (
    <main className="boot">
      <p role="alert">The service is not reachable. Try again in a moment.</p>
    </main>
  );
}

export function useBrand(): Brand {
  const brand = useContext(BrandContext);
  if (!brand) throw new Error('useBrand outside BrandProvider');
  return brand;
}
