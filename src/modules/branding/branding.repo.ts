import { type Kysely, type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { BrandOwnerKind } from './branding.tables.ts';
import './branding.tables.ts';

type Control = Kysely<ControlTables>;
export type BrandRow = Selectable<ControlTables['brands']>;

/** The owner of a brand: the platform, or one partner or tenant. */
export type BrandOwner =
  | { readonly kind: 'platform' }
  | { readonly kind: 'partner'; readonly id: string }
  | { readonly kind: 'tenant'; readonly id: string };

/** A brand's fields as stored (colours lowercase, hostnames lowercase). */
export interface BrandFields {
  readonly name: string;
  readonly productName: string;
  readonly logo: string;
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string;
  readonly supportUrl: string | null;
  readonly hostnames: readonly string[];
}

const ownerColumns = (owner: BrandOwner) => ({
  owner_kind: owner.kind as BrandOwnerKind,
  partner_id: owner.kind === 'partner' ? owner.id : null,
  tenant_id: owner.kind === 'tenant' ? owner.id : null,
});

/** The brand of exactly this owner (no inheritance), if it has one. */
export async function findBrandOf(control: Control, owner: BrandOwner): Promise<BrandRow | undefined> {
  const query = control.selectFrom('brands').selectAll();
  if (owner.kind === 'platform') return query.where('owner_kind', '=', 'platform').executeTakeFirst();
  const column = owner.kind === 'partner' ? 'partner_id' : 'tenant_id';
  return query.where(column, '=', owner.id).executeTakeFirst();
}

/** The brand a host name belongs to, if any. */
export async function findBrandByHostname(control: Control, hostname: string): Promise<BrandRow | undefined> {
  return control
    .selectFrom('brand_hostnames as h')
    .innerJoin('brands as b', 'b.id', 'h.brand_id')
    .selectAll('b')
    .where('h.hostname', '=', hostname)
    .executeTakeFirst();
}

/**
 * The nearest brand of a membership: the tenant's own, else the nearest partner's up the chain
 * that starts at `partnerId` (the tenant's partner, or the partner of a partner membership),
 * else none. One statement; the chain is bounded so a corrupt cycle cannot loop.
 */
export async function findNearestBrand(
  control: Control,
  start: { readonly tenantId: string | null; readonly partnerId: string | null },
): Promise<BrandRow | undefined> {
  const { rows } = await sql<BrandRow>`
    WITH RECURSIVE chain (id, depth) AS (
      SELECT coalesce(
          ${start.partnerId}::uuid,
          (SELECT t.partner_id FROM control.tenants t WHERE t.id = ${start.tenantId}::uuid)
        ), 1
      UNION ALL
      SELECT p.parent_partner_id, c.depth + 1
        FROM control.partners p JOIN chain c ON p.id = c.id
       WHERE p.parent_partner_id IS NOT NULL AND c.depth < 32
    )
    SELECT b.* FROM control.brands b LEFT JOIN chain c ON b.partner_id = c.id
     WHERE b.tenant_id = ${start.tenantId}::uuid OR c.id IS NOT NULL
     ORDER BY CASE WHEN b.tenant_id IS NOT NULL THEN 0 ELSE c.depth END
     LIMIT 1`.execute(control);
  return rows[0];
}

/** Which of these host names another brand than `brandId` already holds. */
export async function hostnamesTakenByOthers(
  control: Control,
  hostnames: readonly string[],
  brandId: string | null,
): Promise<Set<string>> {
  if (hostnames.length === 0) return new Set();
  let query = control
    .selectFrom('brand_hostnames')
    .select('hostname')
    .where('hostname', 'in', [...hostnames]);
  if (brandId !== null) query = query.where('brand_id', '<>', brandId);
  return new Set((await query.execute()).map((row) => row.hostname));
}

/** Replaces the owner's brand (creating it if it had none); the trigger keeps host names unique. */
export async function saveBrand(
  control: Control,
  owner: BrandOwner,
  fields: BrandFields,
  updatedBy: string | null,
  existingId: string | null,
): Promise<BrandRow> {
  const values = {
    name: fields.name,
    product_name: fields.productName,
    logo: fields.logo,
    primary_color: fields.primaryColor,
    accent_color: fields.accentColor,
    support_email: fields.supportEmail,
    support_url: fields.supportUrl,
    hostnames: [...fields.hostnames],
    updated_at: new Date(),
    updated_by: updatedBy,
  };
  if (existingId !== null) {
    return control
      .updateTable('brands')
      .set(values)
      .where('id', '=', existingId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return control
    .insertInto('brands')
    .values({ id: uuidv7(), ...ownerColumns(owner), ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Partners with the number of tenants each sells directly: all of them, or those listed. */
export async function listPartnersWithTenantCounts(
  control: Control,
  partnerIds: readonly string[] | undefined,
): Promise<
  { id: string; name: string; slug: string; parentPartnerId: string | null; tenantCount: number }[]
> {
  if (partnerIds !== undefined && partnerIds.length === 0) return [];
  let query = control
    .selectFrom('partners as p')
    .leftJoin('tenants as t', 't.partner_id', 'p.id')
    .select(['p.id', 'p.name', 'p.slug', 'p.parent_partner_id'])
    .select((eb) => eb.fn.count<string | number | bigint>('t.id').as('tenant_count'))
    .groupBy(['p.id', 'p.name', 'p.slug', 'p.parent_partner_id'])
    .orderBy('p.name')
    .orderBy('p.id');
  if (partnerIds !== undefined) query = query.where('p.id', 'in', [...partnerIds]);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    parentPartnerId: row.parent_partner_id,
    tenantCount: Number(row.tenant_count),
  }));
}

/** Every brand that answers on host names, with them: the platform's first, then by name. */
export async function listBrandHostnames(
  control: Control,
): Promise<{ productName: string; hostnames: string[] }[]> {
  const rows = await control
    .selectFrom('brands')
    .select(['product_name', 'hostnames', 'owner_kind', 'name'])
    .where(sql<boolean>`cardinality(hostnames) > 0`)
    .orderBy(sql`owner_kind = 'platform'`, 'desc')
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ productName: row.product_name, hostnames: [...row.hostnames] }));
}
