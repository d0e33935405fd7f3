import type { LegalEntityInput } from '../modules/organization/legal-entity.service.ts';
import type { CellKind, IsolationTier } from '../platform/tenancy/control-tables.ts';

/** The operator of the demo installation (SCENARIO.md). */
export const DEMO_PLATFORM_NAME = 'Meridian Cloud';

/** A partner of the demo platform; `parentSlug` names the partner it resells under. */
export interface DemoPartnerSpec {
  readonly name: string;
  readonly slug: string;
  readonly parentSlug: string | null;
}

/** A cell the demo adds beside the default cell that `openTessera` creates in the main database. */
export interface DemoCellSpec {
  readonly name: string;
  readonly region: string;
  readonly kind: CellKind;
}

/** A firm of the demo platform with its residency policy and legal entities. */
export interface DemoTenantSpec {
  readonly name: string;
  readonly slug: string;
  readonly partnerSlug: string | null;
  readonly homeRegion: string;
  readonly isolationTier: IsolationTier;
  readonly allowedRegions: readonly string[];
  readonly legalEntities: readonly LegalEntityInput[];
}

/** Partners, parents before their sub-partners. */
export const DEMO_PARTNERS: readonly DemoPartnerSpec[] = Object.freeze([
  { name: 'Atlas Legal Network', slug: 'atlas-legal-network', parentSlug: null },
  { name: 'Atlas Nordics', slug: 'atlas-nordics', parentSlug: 'atlas-legal-network' },
  { name: 'Northstar ERP', slug: 'northstar-erp', parentSlug: null },
]);

/** The cells beyond the default one (eu-pool-1). */
export const DEMO_CELLS: readonly DemoCellSpec[] = Object.freeze([
  { name: 'us-pool-1', region: 'us', kind: 'pooled' },
  { name: 'eu-dedicated-halden', region: 'eu', kind: 'dedicated' },
]);

/** The firms, placed by the normal placement rules. */
export const DEMO_TENANTS: readonly DemoTenantSpec[] = Object.freeze([
  {
    name: 'Brightpath Consulting',
    slug: 'brightpath-consulting',
    partnerSlug: null,
    homeRegion: 'us',
    isolationTier: 'pooled',
    allowedRegions: ['us', 'eu'],
    legalEntities: [
      {
        name: 'Brightpath Inc.',
        country: 'US',
        functionalCurrency: 'USD',
        taxId: '12-3456789',
        addressLine: '500 Market Street',
        city: 'San Francisco',
        postalCode: '94105',
      },
      {
        name: 'Brightpath Ltd',
        country: 'GB',
        functionalCurrency: 'GBP',
        taxId: 'GB123456789',
        addressLine: '1 Finsbury Square',
        city: 'London',
        postalCode: 'EC2A 1AE',
      },
    ],
  },
  {
    name: 'Halden & Partners',
    slug: 'halden-partners',
    partnerSlug: 'atlas-nordics',
    homeRegion: 'eu',
    isolationTier: 'dedicated',
    allowedRegions: ['eu'],
    legalEntities: [
      {
        name: 'Halden AS',
        country: 'NO',
        functionalCurrency: 'NOK',
        taxId: 'NO923456783MVA',
        addressLine: 'Karl Johans gate 1',
        city: 'Oslo',
        postalCode: '0154',
      },
    ],
  },
  {
    name: 'Kestrel IT Services',
    slug: 'kestrel-it-services',
    partnerSlug: 'northstar-erp',
    homeRegion: 'us',
    isolationTier: 'pooled',
    allowedRegions: ['us'],
    legalEntities: [
      {
        name: 'Kestrel LLC',
        country: 'US',
        functionalCurrency: 'USD',
        taxId: '98-7654321',
        addressLine: '200 Congress Avenue',
        city: 'Austin',
        postalCode: '78701',
      },
    ],
  },
  {
    name: 'Osprey Advisory',
    slug: 'osprey-advisory',
    partnerSlug: 'atlas-legal-network',
    homeRegion: 'eu',
    isolationTier: 'pooled',
    allowedRegions: ['eu'],
    legalEntities: [
      {
        name: 'Osprey GmbH',
        country: 'DE',
        functionalCurrency: 'EUR',
        taxId: 'DE123456789',
        addressLine: 'Neuer Wall 10',
        city: 'Hamburg',
        postalCode: '20354',
      },
    ],
  },
]);
