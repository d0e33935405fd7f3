import { listBrandHostnames } from '../modules/branding/index.ts';
import type { Tessera } from '../platform/runtime.ts';

/** A partner as the platform summary shows it; `parent` is the name of the partner above it. */
export interface PlatformPartner {
  readonly name: string;
  readonly slug: string;
  readonly parent: string | null;
}

/** A tenant as the platform summary shows it, with the partner that sold it and its cell. */
export interface PlatformTenant {
  readonly name: string;
  readonly slug: string;
  readonly partner: string | null;
  readonly homeRegion: string;
  readonly isolationTier: string;
  readonly cell: string | null;
}

/** What a platform holds: its partners, cells and tenants, each sorted by name. */
export interface PlatformSummary {
  readonly platform: string;
  readonly partners: readonly PlatformPartner[];
  readonly cells: readonly { readonly name: string; readonly region: string; readonly kind: string }[];
  readonly tenants: readonly PlatformTenant[];
  /** The brands that answer on host names (`http://<host>:<port>` shows that brand). */
  readonly brands: readonly { readonly productName: string; readonly hostnames: readonly string[] }[];
}

/** Reads the summary of the installation's platform from the control plane; null before one exists. */
export async function describePlatform(tessera: Tessera): Promise<PlatformSummary | null> {
  const control = tessera.control;
  const platform = await control.platform();
  if (!platform) return null;
  const partners = await control.listPartners();
  const partnerName = new Map(partners.map((partner) => [partner.id, partner.name]));
  const cells = await control.listCells();
  const cellName = new Map(cells.map((cell) => [cell.id, cell.name]));
  const placement = await control.placements();
  const tenants = await control.listTenants();
  return {
    platform: platform.name,
    partners: partners.map((partner) => ({
      name: partner.name,
      slug: partner.slug,
      parent: partnerName.get(partner.parentPartnerId ?? '') ?? null,
    })),
    cells: cells.map(({ name, region, kind }) => ({ name, region, kind })),
    tenants: tenants.map((tenant) => ({
      name: tenant.name,
      slug: tenant.slug,
      partner: partnerName.get(tenant.partnerId ?? '') ?? null,
      homeRegion: tenant.homeRegion,
      isolationTier: tenant.isolationTier,
      cell: cellName.get(placement.get(tenant.id) ?? '') ?? null,
    })),
    brands: await listBrandHostnames(control.db),
  };
}
