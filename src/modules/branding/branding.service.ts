import type { Static } from 'typebox';
import type { Principal } from '../../platform/auth/principal.ts';
import { mapDatabaseError } from '../../platform/db/database-errors.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import type { ControlPlane } from '../../platform/tenancy/control-plane.ts';
import { actorOf, recordAdminEvent } from '../access/membership-admin.events.ts';
import {
  type BrandOwner,
  type BrandRow,
  findBrandOf,
  findNearestBrand,
  hostnamesTakenByOthers,
  listPartnersWithTenantCounts,
  saveBrand,
} from './branding.repo.ts';
import type { AdministeredBrandSchema, BrandInput } from './branding.schema.ts';

/** A brand as its administrators see and edit it. */
export type AdministeredBrand = Static<typeof AdministeredBrandSchema>;

const administered = (row: BrandRow): AdministeredBrand => ({
  brandId: row.id,
  ownerKind: row.owner_kind,
  ownerId: row.partner_id ?? row.tenant_id,
  inherited: false,
  name: row.name,
  productName: row.product_name,
  logo: row.logo,
  primaryColor: row.primary_color,
  accentColor: row.accent_color,
  supportEmail: row.support_email,
  supportUrl: row.support_url,
  hostnames: [...row.hostnames],
  updatedAt: new Date(row.updated_at).toISOString(),
});

/**
 * An owner without a brand of its own: the look it shows today (inherited from up its partner
 * chain, or the platform's), as a starting point to edit. Nothing of the brand it comes from but
 * its look: no id, owner or host names.
 */
const inheritedBy = (owner: BrandOwner, from: BrandRow): AdministeredBrand => ({
  ...administered(from),
  brandId: null,
  ownerKind: owner.kind,
  ownerId: owner.kind === 'platform' ? null : owner.id,
  inherited: true,
  hostnames: [],
  updatedAt: null,
});

const notFound = (owner: BrandOwner) =>
  new AppError('NOT_FOUND', { resource: owner.kind, id: owner.kind === 'platform' ? null : owner.id });

/**
 * White-label administration: a partner admin reads and replaces the brand of a partner or tenant
 * of their subtree, a platform operator any brand and the platform's own. An owner outside the
 * caller's reach does not exist for them (404). Every change is one control-plane audit event.
 */
export class BrandingService {
  constructor(private readonly control: ControlPlane) {}

  /**
   * The partners the principal administers: all for the platform, their subtree for a partner
   * (whose own parent, above their reach, shows as none).
   */
  async partners(principal: Principal) {
    const reach = await this.partnerReach(principal);
    const partners = await listPartnersWithTenantCounts(this.control.db, reach);
    return partners.map((partner) =>
      reach === undefined || partner.parentPartnerId === null || reach.includes(partner.parentPartnerId)
        ? partner
        : { ...partner, parentPartnerId: null },
    );
  }

  /**
   * The owner's own brand; without one, the look it inherits (`inherited: true`, no brand id).
   * NOT_FOUND when the owner is out of the principal's reach.
   */
  async brandOf(principal: Principal, owner: BrandOwner): Promise<AdministeredBrand> {
    await this.assertInReach(principal, owner);
    const db = this.control.db;
    const own = await findBrandOf(db, owner);
    if (own) return administered(own);
    const nearest =
      owner.kind === 'platform'
        ? undefined
        : await findNearestBrand(db, {
            tenantId: owner.kind === 'tenant' ? owner.id : null,
            partnerId: owner.kind === 'partner' ? owner.id : null,
          });
    const from = nearest ?? (await findBrandOf(db, { kind: 'platform' }));
    if (!from) throw new AppError('NOT_FOUND', { resource: 'brand' }, { detail: 'No platform brand' });
    return inheritedBy(owner, from);
  }

  /** Replaces the owner's brand, creating it if it had none; audited as one `brand.changed` event. */
  async replaceBrand(principal: Principal, owner: BrandOwner, input: BrandInput): Promise<AdministeredBrand> {
    await this.assertInReach(principal, owner);
    const db = this.control.db;
    const fields = {
      ...input,
      primaryColor: input.primaryColor.toLowerCase(),
      accentColor: input.accentColor.toLowerCase(),
      supportUrl: input.supportUrl ?? null,
    };
    return db.transaction().execute(async (trx) => {
      const before = await findBrandOf(trx, owner);
      const taken = await hostnamesTakenByOthers(trx, fields.hostnames, before?.id ?? null);
      if (taken.size > 0) throw hostnamesTaken(fields.hostnames, taken);
      let row: BrandRow;
      try {
        row = await saveBrand(trx, owner, fields, principal.userId, before?.id ?? null);
      } catch (error) {
        const mapped = mapDatabaseError(error);
        if (!isAppError(mapped, 'DUPLICATE')) throw mapped;
        // Two writers raced for a host name (the primary key of brand_hostnames decides), or
        // to create the same owner's brand (one brand per owner).
        if (mapped.context.constraint === 'brand_hostnames_pkey')
          throw hostnamesTaken(fields.hostnames, new Set());
        throw new AppError(
          'CONFLICT',
          { owner: owner.kind },
          { detail: 'The brand changed meanwhile; retry' },
        );
      }
      await recordAdminEvent(trx, 'brand.changed', {
        actor: actorOf(principal),
        tenantId: owner.kind === 'tenant' ? owner.id : null,
        subject: row.id,
        detail: {
          ownerKind: owner.kind,
          ownerId: owner.kind === 'platform' ? null : owner.id,
          created: before === undefined,
          changed: changedFields(before, row),
        },
      });
      return administered(row);
    });
  }

  private async partnerReach(principal: Principal): Promise<readonly string[] | undefined> {
    if (principal.kind === 'platform') return undefined;
    if (principal.kind === 'partner') return this.control.partnerSubtree(principal.partnerId);
    throw new AppError('FORBIDDEN', { kind: principal.kind });
  }

  private async assertInReach(principal: Principal, owner: BrandOwner): Promise<void> {
    if (owner.kind === 'platform') {
      if (principal.kind !== 'platform') throw new AppError('FORBIDDEN', { kind: principal.kind });
      return;
    }
    const reach = await this.partnerReach(principal);
    if (owner.kind === 'partner') {
      const exists = reach === undefined ? await this.partnerExists(owner.id) : reach.includes(owner.id);
      if (!exists) throw notFound(owner);
      return;
    }
    const tenant = await this.control.findTenant(owner.id);
    const inReach =
      tenant !== undefined &&
      tenant.id === owner.id &&
      (reach === undefined || (tenant.partnerId !== null && reach.includes(tenant.partnerId)));
    if (!inReach) throw notFound(owner);
  }

  private async partnerExists(partnerId: string): Promise<boolean> {
    const row = await this.control.db
      .selectFrom('partners')
      .select('id')
      .where('id', '=', partnerId)
      .executeTakeFirst();
    return row !== undefined;
  }
}

function hostnamesTaken(hostnames: readonly string[], taken: ReadonlySet<string>): AppError {
  const problems = hostnames
    .map((hostname, index) => ({ hostname, index }))
    .filter(({ hostname }) => taken.size === 0 || taken.has(hostname))
    .map(({ index }) => ({
      path: `/body/hostnames/${index}`,
      message: 'this host name belongs to another brand',
    }));
  return new AppError(
    'DUPLICATE',
    { field: 'hostnames' },
    { detail: 'A host name is already in use', fieldProblems: problems },
  );
}

const FIELDS = [
  ['name', 'name'],
  ['productName', 'product_name'],
  ['logo', 'logo'],
  ['primaryColor', 'primary_color'],
  ['accentColor', 'accent_color'],
  ['supportEmail', 'support_email'],
  ['supportUrl', 'support_url'],
] as const;

function changedFields(before: BrandRow | undefined, after: BrandRow): string[] {
  const changed: string[] = FIELDS.filter(([, column]) => before?.[column] !== after[column]).map(
    ([field]) => field,
  );
  if (before === undefined || before.hostnames.join(',') !== after.hostnames.join(','))
    changed.push('hostnames');
  return changed;
}
