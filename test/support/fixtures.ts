import type { Tessera } from '../../src/platform/runtime.ts';
import type { IsolationTier } from '../../src/platform/tenancy/control-tables.ts';

let counter = 0;

/** Creates an active tenant placed by the normal placement rules; slugs are unique per run. */
export async function createTestTenant(
  tessera: Tessera,
  options: {
    name?: string;
    region?: string;
    tier?: IsolationTier;
    allowedRegions?: string[];
    cellId?: string;
  } = {},
): Promise<string> {
  counter += 1;
  const name = options.name ?? `Tenant ${counter}`;
  const { tenant } = await tessera.control.createTenant(
    {
      name,
      slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${counter}-${process.pid}`,
      homeRegion: options.region ?? 'eu',
      isolationTier: options.tier ?? 'pooled',
      ...(options.allowedRegions ? { allowedRegions: options.allowedRegions } : {}),
    },
    options.cellId,
  );
  return tenant.id;
}
