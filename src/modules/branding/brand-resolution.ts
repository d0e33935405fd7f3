import type { Kysely } from 'kysely';
import type { Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { type BrandRow, findBrandByHostname, findBrandOf, findNearestBrand } from './branding.repo.ts';

/** How the brand of a request was found. */
export type BrandResolution = 'host' | 'membership' | 'platform';

/** The brand a request is shown: one brand's look, no other owner's id or host names. */
export interface ResolvedBrand {
  readonly brandId: string;
  readonly ownerKind: BrandRow['owner_kind'];
  readonly name: string;
  readonly productName: string;
  readonly logo: string;
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string;
  readonly supportUrl: string | null;
  readonly resolvedBy: BrandResolution;
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The host name of a Host header: without port, lowercased, without a trailing dot; null if not a name. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (hostHeader === undefined) return null;
  const name = hostHeader.trim().toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  return name.length <= 253 && HOSTNAME.test(name) ? name : null;
}

const resolved = (row: BrandRow, resolvedBy: BrandResolution): ResolvedBrand => ({
  brandId: row.id,
  ownerKind: row.owner_kind,
  name: row.name,
  productName: row.product_name,
  logo: row.logo,
  primaryColor: row.primary_color,
  accentColor: row.accent_color,
  supportEmail: row.support_email,
  supportUrl: row.support_url,
  resolvedBy,
});

/**
 * Resolves the brand of a request: the brand that holds the request's host name; else, for a
 * signed-in caller, the tenant's brand or the nearest one up its partner chain (a partner
 * membership starts at its partner); else the platform's.
 */
export async function resolveBrand(
  control: Kysely<ControlTables>,
  request: { readonly hostname: string | null; readonly principal: Principal | null },
): Promise<ResolvedBrand> {
  if (request.hostname !== null) {
    const byHost = await findBrandByHostname(control, request.hostname);
    if (byHost) return resolved(byHost, 'host');
  }
  const principal = request.principal;
  if (principal !== null && principal.kind !== 'platform') {
    const nearest = await findNearestBrand(control, {
      tenantId: principal.kind === 'tenant' ? principal.tenantId : null,
      partnerId: principal.kind === 'partner' ? principal.partnerId : null,
    });
    if (nearest) return resolved(nearest, 'membership');
  }
  const platform = await findBrandOf(control, { kind: 'platform' });
  if (!platform) throw new AppError('NOT_FOUND', { resource: 'brand' }, { detail: 'No platform brand' });
  return resolved(platform, 'platform');
}
