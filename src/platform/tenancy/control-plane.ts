import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CellKind, ControlTables, IsolationTier, TenantStatus } from './control-tables.ts';
import { choosePlacement } from './placement.ts';

export interface CellRecord {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly kind: CellKind;
  readonly location: string;
  readonly status: string;
}

export interface PartnerRecord {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly parentPartnerId: string | null;
  readonly status: string;
}

export interface TenantRecord {
  readonly id: string;
  readonly partnerId: string | null;
  readonly name: string;
  readonly slug: string;
  readonly status: TenantStatus;
  readonly homeRegion: string;
  readonly isolationTier: IsolationTier;
  readonly allowedRegions: readonly string[];
}

export interface NewTenant {
  readonly name: string;
  readonly slug: string;
  readonly partnerId?: string | null;
  readonly homeRegion: string;
  readonly isolationTier: IsolationTier;
  readonly allowedRegions?: readonly string[];
  readonly status?: TenantStatus;
}

/** The control plane's records: platform, partners, cells, tenants and their placements. */
export class ControlPlane {
  constructor(readonly db: Kysely<ControlTables>) {}

  async platform(): Promise<{ id: string; name: string } | undefined> {
    return this.db.selectFrom('platform').select(['id', 'name']).executeTakeFirst();
  }

  async createPlatform(name: string): Promise<string> {
    const id = uuidv7();
    await this.db.insertInto('platform').values({ id, name }).execute();
    return id;
  }

  async createPartner(input: {
    name: string;
    slug: string;
    parentPartnerId?: string | null;
  }): Promise<string> {
    const id = uuidv7();
    await this.db
      .insertInto('partners')
      .values({ id, name: input.name, slug: input.slug, parent_partner_id: input.parentPartnerId ?? null })
      .execute();
    return id;
  }

  async listPartners(): Promise<PartnerRecord[]> {
    const rows = await this.db.selectFrom('partners').selectAll().orderBy('name').execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      slug: row.slug,
      parentPartnerId: row.parent_partner_id,
      status: row.status,
    }));
  }

  async findPartner(slug: string): Promise<PartnerRecord | undefined> {
    return (await this.listPartners()).find((partner) => partner.slug === slug);
  }

  /** Removes a cell that holds no tenant (a registration whose database could not be opened). */
  async deleteEmptyCell(cellId: string): Promise<void> {
    await this.db
      .deleteFrom('cells')
      .where('id', '=', cellId)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('placements').select('tenant_id').where('cell_id', '=', cellId))),
      )
      .execute();
  }

  /** Every tenant's cell, as a map from tenant id to cell id. */
  async placements(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('placements').select(['tenant_id', 'cell_id']).execute();
    return new Map(rows.map((row) => [row.tenant_id, row.cell_id]));
  }

  async listCells(): Promise<CellRecord[]> {
    return this.db
      .selectFrom('cells')
      .select(['id', 'name', 'region', 'kind', 'location', 'status'])
      .orderBy('name')
      .execute();
  }

  async findCell(idOrName: string): Promise<CellRecord | undefined> {
    const byId = /^[0-9a-f-]{36}$/i.test(idOrName);
    return this.db
      .selectFrom('cells')
      .select(['id', 'name', 'region', 'kind', 'location', 'status'])
      .where(byId ? 'id' : 'name', '=', idOrName)
      .executeTakeFirst();
  }

  async insertCell(input: {
    name: string;
    region: string;
    kind: CellKind;
    location: string;
  }): Promise<CellRecord> {
    const cell = { id: uuidv7(), ...input, status: 'active' };
    await this.db
      .insertInto('cells')
      .values({ id: cell.id, ...input })
      .execute();
    return cell;
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('name').execute();
    return rows.map(toTenant);
  }

  async findTenant(idOrSlug: string): Promise<TenantRecord | undefined> {
    const byId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
    const row = await this.db
      .selectFrom('tenants')
      .selectAll()
      .where(byId ? 'id' : 'slug', '=', idOrSlug)
      .executeTakeFirst();
    return row && toTenant(row);
  }

  /**
   * Creates a tenant and places it on a cell in one control-plane transaction, so a tenant
   * never exists without a home for its data. Placement is serialized: two dedicated tenants
   * can never take the same cell.
   */
  async createTenant(
    input: NewTenant,
    requestedCellId?: string,
  ): Promise<{ tenant: TenantRecord; cell: CellRecord }> {
    return this.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE control.placements IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
      const tenant: TenantRecord = {
        id: uuidv7(),
        partnerId: input.partnerId ?? null,
        name: input.name,
        slug: input.slug,
        status: input.status ?? 'active',
        homeRegion: input.homeRegion,
        isolationTier: input.isolationTier,
        allowedRegions: input.allowedRegions ?? [input.homeRegion],
      };
      const candidates = await trx
        .selectFrom('cells')
        .leftJoin('placements', 'placements.cell_id', 'cells.id')
        .select(['cells.id', 'cells.name', 'cells.region', 'cells.kind', 'cells.location', 'cells.status'])
        .select((eb) => eb.fn.count<bigint>('placements.tenant_id').as('tenants'))
        .groupBy('cells.id')
        .execute();
      const chosen = choosePlacement(
        tenant,
        candidates.map((c) => ({ ...c, tenantCount: Number(c.tenants) })),
        requestedCellId,
      );
      await trx
        .insertInto('tenants')
        .values({
          id: tenant.id,
          partner_id: tenant.partnerId,
          name: tenant.name,
          slug: tenant.slug,
          status: tenant.status,
          home_region: tenant.homeRegion,
          isolation_tier: tenant.isolationTier,
          allowed_regions: [...tenant.allowedRegions],
        })
        .execute();
      await trx.insertInto('placements').values({ tenant_id: tenant.id, cell_id: chosen.id }).execute();
      const cell = candidates.find((c) => c.id === chosen.id) as (typeof candidates)[number];
      return {
        tenant,
        cell: {
          id: cell.id,
          name: cell.name,
          region: cell.region,
          kind: cell.kind,
          location: cell.location,
          status: cell.status,
        },
      };
    });
  }

  /**
   * Moves a tenant to `to` if it is in one of the `from` states (suspend, reactivate); false when
   * it was not. Its users are refused at their next request (the principal checks tenant status).
   */
  async changeTenantStatus(
    tenantId: string,
    to: TenantStatus,
    from: readonly TenantStatus[],
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('tenants')
      .set({ status: to })
      .where('id', '=', tenantId)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** The ids of a partner and every partner below it. */
  async partnerSubtree(partnerId: string): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      WITH RECURSIVE subtree AS (
        SELECT id FROM control.partners WHERE id = ${partnerId}
        UNION SELECT p.id FROM control.partners p JOIN subtree s ON p.parent_partner_id = s.id
      ) SELECT id FROM subtree`.execute(this.db);
    return rows.map((row) => row.id);
  }

  /** Tenants with their cell, all of them or those sold through the given partners. */
  async listTenantsWithCells(
    partnerIds?: readonly string[],
  ): Promise<(TenantRecord & { cell: string | null })[]> {
    if (partnerIds?.length === 0) return [];
    let query = this.db
      .selectFrom('tenants')
      .leftJoin('placements', 'placements.tenant_id', 'tenants.id')
      .leftJoin('cells', 'cells.id', 'placements.cell_id')
      .selectAll('tenants')
      .select('cells.name as cell_name')
      .orderBy('tenants.name');
    if (partnerIds) query = query.where('tenants.partner_id', 'in', [...partnerIds]);
    const rows = await query.execute();
    return rows.map((row) => ({ ...toTenant(row), cell: row.cell_name }));
  }

  /** The cell a tenant's data lives on, or undefined when the tenant has none. */
  async placementOf(tenantId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('placements')
      .select('cell_id')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row?.cell_id;
  }

  /** The tenants placed on a cell. */
  async tenantsOn(cellId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('placements')
      .select('tenant_id')
      .where('cell_id', '=', cellId)
      .execute();
    return rows.map((row) => row.tenant_id);
  }
}

function toTenant(row: {
  id: string;
  partner_id: string | null;
  name: string;
  slug: string;
  status: TenantStatus;
  home_region: string;
  isolation_tier: IsolationTier;
  allowed_regions: string[];
}): TenantRecord {
  return {
    id: row.id,
    partnerId: row.partner_id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    homeRegion: row.home_region,
    isolationTier: row.isolation_tier,
    allowedRegions: row.allowed_regions,
  };
}
