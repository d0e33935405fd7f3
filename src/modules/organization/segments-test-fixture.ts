import type { Tessera } from '../../platform/runtime.ts';
import type { SegmentScope, TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { FULL_SCOPE } from '../../platform/tenancy/tenant-context.ts';
import { createClient } from './client.service.ts';
import { createLegalEntity } from './legal-entity.service.ts';
import { createPortfolio } from './portfolio.service.ts';
import { createPractice } from './practice.service.ts';
import { createRegion } from './region.service.ts';

/** The ids of Brightpath's segments (SCENARIO.md), as seeded by `seedBrightpath`. */
export interface BrightpathSegments {
  readonly inc: string;
  readonly ltd: string;
  readonly us: string;
  readonly ukEu: string;
  readonly strategy: string;
  readonly pricing: string;
  readonly technology: string;
  readonly cloud: string;
  readonly data: string;
  readonly globex: string;
  readonly initech: string;
  /** A prospect with no region yet: visible only to those who see every region. */
  readonly hooli: string;
  readonly growth: string;
  readonly run: string;
}

/** A user's context in a tenant: full scope unless narrowed, confidential clearance unless lowered. */
export function staff(
  tenantId: string,
  scope: Partial<SegmentScope> = {},
  clearance: TenantContext['clearance'] = 'confidential',
): TenantContext {
  return {
    tenantId,
    actor: { kind: 'user', id: 'seed-user', membershipId: null },
    scope: { ...FULL_SCOPE, ...scope },
    clearance,
    requestId: null,
    grantId: null,
  };
}

/**
 * Seeds Brightpath's segments in `tenantId` through the services: two legal entities, regions
 * us and uk-eu, practices Strategy → Pricing, Technology → Cloud and Data, clients Globex (Inc,
 * us), Initech (Ltd, uk-eu) and Hooli (Inc, no region), portfolios Growth and Run. `marker`
 * prefixes every name so that another tenant's rows can be told apart.
 */
export function seedBrightpath(tessera: Tessera, tenantId: string, marker = ''): Promise<BrightpathSegments> {
  return tessera.withTenant(staff(tenantId), async (tx) => {
    const n = (name: string) => `${marker}${name}`;
    const inc = (
      await createLegalEntity(tx, { name: n('Brightpath Inc.'), country: 'US', functionalCurrency: 'USD' })
    ).id;
    const ltd = (
      await createLegalEntity(tx, { name: n('Brightpath Ltd'), country: 'GB', functionalCurrency: 'GBP' })
    ).id;
    const us = (await createRegion(tx, { code: 'us', name: n('United States') })).id;
    const ukEu = (await createRegion(tx, { code: 'uk-eu', name: n('UK and Europe') })).id;
    const strategy = (await createPractice(tx, { name: n('Strategy'), code: 'strategy' })).id;
    const pricing = (await createPractice(tx, { name: n('Pricing'), code: 'pricing', parentId: strategy }))
      .id;
    const technology = (await createPractice(tx, { name: n('Technology'), code: 'technology' })).id;
    const cloud = (await createPractice(tx, { name: n('Cloud'), code: 'cloud', parentId: technology })).id;
    const data = (await createPractice(tx, { name: n('Data'), code: 'data' })).id;
    const client = async (name: string, legalEntityId: string, regionId: string | null) =>
      (
        await createClient(tx, {
          name: n(name),
          legalEntityId,
          regionId,
          internalNotes: `canary:${marker || 'brightpath'}:${name.toLowerCase()}:notes`,
        })
      ).id;
    const globex = await client('Globex', inc, us);
    const initech = await client('Initech', ltd, ukEu);
    const hooli = await client('Hooli', inc, null);
    const growth = (await createPortfolio(tx, { name: n('Growth') })).id;
    const run = (await createPortfolio(tx, { name: n('Run') })).id;
    return {
      inc,
      ltd,
      us,
      ukEu,
      strategy,
      pricing,
      technology,
      cloud,
      data,
      globex,
      initech,
      hooli,
      growth,
      run,
    };
  });
}
