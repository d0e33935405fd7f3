import { createLegalEntity, listLegalEntities } from '../modules/organization/legal-entity.service.ts';
import type { Tessera } from '../platform/runtime.ts';
import { systemContext } from '../platform/tenancy/tenant-context.ts';
import { DATASET_TENANT } from './dataset/dataset-spec.ts';
import { seedDataset } from './dataset/seed-dataset.ts';
import { seedDemoBrands } from './demo-brands.ts';
import {
  DEMO_CELLS,
  DEMO_PARTNERS,
  DEMO_PLATFORM_NAME,
  DEMO_TENANTS,
  type DemoTenantSpec,
} from './demo-world.ts';
import { describePlatform, type PlatformSummary } from './describe-platform.ts';
import { type SeededWorld, seedReferenceWorld } from './world/seed-world.ts';

/** The summary of the demo platform that `seedDemoPlatform` returns. */
export type DemoPlatform = PlatformSummary;

export interface SeedDemoOptions {
  /** Where a demo cell's database lives; by default a PGlite folder `cells/<name>` under the data folder. */
  readonly cellLocation?: (cellName: string) => string;
  /** Mark every record and classified field with canary strings (the isolation suite's world). */
  readonly canaries?: boolean;
  /**
   * Add the professional-services dataset (people, clients, contracts of every billing model,
   * projects, thirteen weeks of time and expenses) to Brightpath. By default only without
   * canaries: the isolation suite's world stays small.
   */
  readonly dataset?: boolean;
  /** Told the ids of the seeded world (tests use them to know what each persona may see). */
  readonly onWorld?: (world: SeededWorld) => void;
}

const JOB = 'demo-seed';

/**
 * Creates the demo platform of the reference world (SCENARIO.md) once: partners, cells, tenants
 * and their legal entities, the entities through the audited service path. When a platform
 * already exists, returns its summary and changes nothing. The platform row is written last,
 * so a seed interrupted half-way resumes where it stopped on the next call.
 */
export async function seedDemoPlatform(
  tessera: Tessera,
  options: SeedDemoOptions = {},
): Promise<DemoPlatform> {
  const existing = await describePlatform(tessera);
  if (existing) return existing;
  const cellLocation = options.cellLocation ?? ((name: string) => `pglite:cells/${name}`);
  const partnerIds = await seedPartners(tessera);
  await seedDemoBrands(tessera, partnerIds);
  for (const cell of DEMO_CELLS) {
    if (await tessera.control.findCell(cell.name)) continue;
    const location = cellLocation(cell.name);
    await tessera.cells.register({ ...cell, location });
  }
  for (const spec of DEMO_TENANTS) {
    const tenantId = await seedTenant(tessera, spec, partnerIds);
    await seedLegalEntities(tessera, tenantId, spec);
  }
  const canaries = options.canaries ?? false;
  const world = await seedReferenceWorld(tessera, { canaries });
  if (world) options.onWorld?.(world);
  const brightpath = world?.tenants.get(DATASET_TENANT);
  if (brightpath && (options.dataset ?? !canaries)) await seedDataset(tessera, brightpath);
  await tessera.control.createPlatform(DEMO_PLATFORM_NAME);
  const seeded = await describePlatform(tessera);
  if (!seeded) throw new Error('The demo platform was not recorded');
  return seeded;
}

async function seedPartners(tessera: Tessera): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const partner of DEMO_PARTNERS) {
    const found = await tessera.control.findPartner(partner.slug);
    const parentPartnerId = partner.parentSlug === null ? null : (ids.get(partner.parentSlug) ?? null);
    const id =
      found?.id ??
      (await tessera.control.createPartner({ name: partner.name, slug: partner.slug, parentPartnerId }));
    ids.set(partner.slug, id);
  }
  return ids;
}

async function seedTenant(
  tessera: Tessera,
  spec: DemoTenantSpec,
  partnerIds: ReadonlyMap<string, string>,
): Promise<string> {
  const found = await tessera.control.findTenant(spec.slug);
  if (found) return found.id;
  const { tenant } = await tessera.control.createTenant({
    name: spec.name,
    slug: spec.slug,
    partnerId: spec.partnerSlug === null ? null : (partnerIds.get(spec.partnerSlug) ?? null),
    homeRegion: spec.homeRegion,
    isolationTier: spec.isolationTier,
    allowedRegions: spec.allowedRegions,
    status: 'active',
  });
  return tenant.id;
}

async function seedLegalEntities(tessera: Tessera, tenantId: string, spec: DemoTenantSpec): Promise<void> {
  await tessera.withTenant(systemContext(tenantId, JOB), async (tx) => {
    const { items } = await listLegalEntities(tx, { limit: 1, cursor: null });
    if (items.length > 0) return;
    for (const entity of spec.legalEntities) await createLegalEntity(tx, entity);
  });
}
