import { type BrandFields, type BrandOwner, findBrandOf, saveBrand } from '../modules/branding/index.ts';
import type { Tessera } from '../platform/runtime.ts';

/** A brand of the demo world: whose it is (a partner by slug, or the platform) and its look. */
export interface DemoBrandSpec {
  readonly partnerSlug: string | null;
  readonly name: string;
  readonly productName: string;
  readonly initials: string;
  readonly shape: 'circle' | 'square' | 'diamond';
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string;
  readonly supportUrl: string;
  readonly hostname: string;
}

/** The brands of SCENARIO.md; each answers on its own `*.localhost` host name (Chromium resolves them to 127.0.0.1). */
export const DEMO_BRANDS: readonly DemoBrandSpec[] = Object.freeze([
  {
    partnerSlug: null,
    name: 'Meridian Cloud',
    productName: 'Meridian Cloud ERP',
    initials: 'MC',
    shape: 'square',
    primaryColor: '#23395d',
    accentColor: '#3b82f6',
    supportEmail: 'support@meridian.example',
    supportUrl: 'https://support.meridian.example/',
    hostname: 'meridian.localhost',
  },
  {
    partnerSlug: 'atlas-legal-network',
    name: 'Atlas Legal Network',
    productName: 'Atlas Practice Suite',
    initials: 'AP',
    shape: 'circle',
    primaryColor: '#1b2a4a',
    accentColor: '#c9a227',
    supportEmail: 'help@atlas-legal.example',
    supportUrl: 'https://help.atlas-legal.example/',
    hostname: 'atlas.localhost',
  },
  {
    partnerSlug: 'atlas-nordics',
    name: 'Atlas Nordics',
    productName: 'Atlas Nordics',
    initials: 'AN',
    shape: 'diamond',
    primaryColor: '#0f4c5c',
    accentColor: '#e0b040',
    supportEmail: 'hjelp@atlas-nordics.example',
    supportUrl: 'https://help.atlas-nordics.example/',
    hostname: 'nordics.localhost',
  },
  {
    partnerSlug: 'northstar-erp',
    name: 'Northstar ERP',
    productName: 'Northstar Services Cloud',
    initials: 'NS',
    shape: 'square',
    primaryColor: '#1e6b3a',
    accentColor: '#8bc34a',
    supportEmail: 'support@northstar-erp.example',
    supportUrl: 'https://support.northstar-erp.example/',
    hostname: 'northstar.localhost',
  },
]);

const SHAPES: Readonly<Record<DemoBrandSpec['shape'], (fill: string) => string>> = {
  circle: (fill) => `<circle cx="32" cy="32" r="30" fill="${fill}"/>`,
  square: (fill) => `<rect x="2" y="2" width="60" height="60" rx="12" fill="${fill}"/>`,
  diamond: (fill) => `<path d="M32 1 63 32 32 63 1 32Z" fill="${fill}"/>`,
};

/** A small SVG logo (a shape and initials) as a data URL. */
export function demoLogo(
  spec: Pick<DemoBrandSpec, 'initials' | 'shape' | 'primaryColor' | 'accentColor'>,
): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${SHAPES[spec.shape](spec.primaryColor)}` +
    `<text x="32" y="41" font-family="Helvetica,Arial,sans-serif" font-size="22" font-weight="700" ` +
    `text-anchor="middle" fill="${spec.accentColor}">${spec.initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Gives the platform and the demo partners their brands (an existing partner brand is kept). */
export async function seedDemoBrands(
  tessera: Tessera,
  partnerIds: ReadonlyMap<string, string>,
): Promise<void> {
  const control = tessera.control.db;
  for (const spec of DEMO_BRANDS) {
    const partnerId = spec.partnerSlug === null ? null : partnerIds.get(spec.partnerSlug);
    if (partnerId === undefined) continue;
    const owner: BrandOwner = partnerId === null ? { kind: 'platform' } : { kind: 'partner', id: partnerId };
    const existing = await findBrandOf(control, owner);
    // The platform always has a brand (the installation's default): the demo replaces it.
    if (existing && owner.kind !== 'platform') continue;
    const fields: BrandFields = {
      name: spec.name,
      productName: spec.productName,
      logo: demoLogo(spec),
      primaryColor: spec.primaryColor,
      accentColor: spec.accentColor,
      supportEmail: spec.supportEmail,
      supportUrl: spec.supportUrl,
      hostnames: [spec.hostname],
    };
    await saveBrand(control, owner, fields, null, existing?.id ?? null);
  }
}
