import type { Principal } from '../../platform/auth/principal.ts';
import { mapDatabaseError } from '../../platform/db/database-errors.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { ControlPlane, NewTenant, TenantRecord } from '../../platform/tenancy/control-plane.ts';
import type { TenantStatus } from '../../platform/tenancy/control-tables.ts';
import { FULL_SCOPE } from '../../platform/tenancy/tenant-context.ts';
import { createMembership } from '../identity/accounts.ts';
import { actorOf, recordAdminEvent, recordInTenant, recordingContext } from './membership-admin.events.ts';
import {
  assertNotMemberYet,
  findOrCreateUser,
  findTenantMembership,
  revokeMembershipRow,
  selectTenantMemberships,
  type TenantMembership,
} from './membership-admin.repo.ts';

/** The role a delegated administrator hands out. */
export const TENANT_ADMIN_ROLE = 'tenant-admin';

export interface DelegationDeps {
  readonly control: ControlPlane;
  readonly withTenant: WithTenant;
  readonly now?: () => Date;
}

export type AdministeredTenant = TenantRecord & { readonly cell: string | null };

const tenantNotFound = (id: string) => new AppError('NOT_FOUND', { resource: 'tenant', id });

/**
 * Delegated administration: a partner admin creates, suspends and reactivates the tenants of
 * their partner's subtree and manages those tenants' admin memberships — never their business
 * data. A platform admin may do the same for every tenant. A tenant outside the caller's reach
 * does not exist for them (404).
 */
export class DelegationService {
  private readonly now: () => Date;

  constructor(private readonly deps: DelegationDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The partners whose tenants the principal administers; undefined for all (the platform). */
  async reach(principal: Principal): Promise<readonly string[] | undefined> {
    if (principal.kind === 'platform') return undefined;
    if (principal.kind === 'partner') return this.deps.control.partnerSubtree(principal.partnerId);
    throw new AppError('FORBIDDEN', { kind: principal.kind });
  }

  /** A tenant the principal administers; NOT_FOUND for any other. */
  async tenant(principal: Principal, tenantId: string): Promise<AdministeredTenant> {
    const partners = await this.reach(principal);
    const tenant = await this.deps.control.findTenant(tenantId);
    const inReach =
      tenant !== undefined &&
      (partners === undefined || (tenant.partnerId !== null && partners.includes(tenant.partnerId)));
    if (!inReach) throw tenantNotFound(tenantId);
    const cellId = await this.deps.control.placementOf(tenantId);
    const cell = cellId ? await this.deps.control.findCell(cellId) : undefined;
    return { ...tenant, cell: cell?.name ?? null };
  }

  /** Creates and places a tenant under a partner of the caller's subtree (or directly, for the platform). */
  async createTenant(
    principal: Principal,
    input: Omit<NewTenant, 'status' | 'partnerId'> & { partnerId?: string | null },
    requestId: string | null,
  ): Promise<AdministeredTenant> {
    const partners = await this.reach(principal);
    const partnerId =
      input.partnerId !== undefined
        ? input.partnerId
        : principal.kind === 'partner'
          ? principal.partnerId
          : null;
    const allowed =
      partners === undefined
        ? partnerId === null || (await this.deps.control.partnerSubtree(partnerId)).length > 0
        : partnerId !== null && partners.includes(partnerId);
    if (!allowed) {
      throw new AppError(
        'REFERENCE_NOT_FOUND',
        { partnerId },
        { fieldProblems: [{ path: '/body/partnerId', message: 'no such partner in your subtree' }] },
      );
    }
    let created: Awaited<ReturnType<ControlPlane['createTenant']>>;
    try {
      created = await this.deps.control.createTenant({ ...input, partnerId, status: 'active' });
    } catch (error) {
      const mapped = mapDatabaseError(error);
      if (isAppError(mapped, 'DUPLICATE')) {
        throw new AppError(
          'DUPLICATE',
          { slug: input.slug },
          { detail: 'A tenant with this slug already exists' },
        );
      }
      throw mapped;
    }
    const tenant = { ...created.tenant, cell: created.cell.name };
    await recordAdminEvent(this.deps.control.db, 'tenant.created', {
      actor: actorOf(principal),
      tenantId: tenant.id,
      subject: tenant.slug,
      detail: {
        partnerId,
        homeRegion: tenant.homeRegion,
        isolationTier: tenant.isolationTier,
        cell: tenant.cell,
      },
    });
    await recordInTenant(this.deps.withTenant, recordingContext(tenant.id, principal, requestId), {
      action: 'tenant.created',
      resourceKind: 'tenant',
      resourceId: tenant.id,
      after: { name: tenant.name, slug: tenant.slug, partnerId, homeRegion: tenant.homeRegion },
    });
    return tenant;
  }

  /** Suspends an active tenant: its users are refused from their next request. */
  async suspend(
    principal: Principal,
    tenantId: string,
    requestId: string | null,
  ): Promise<AdministeredTenant> {
    return this.changeStatus(principal, tenantId, 'suspended', ['active'], 'tenant.suspended', requestId);
  }

  /** Reactivates a suspended (or still provisioning) tenant. */
  async activate(
    principal: Principal,
    tenantId: string,
    requestId: string | null,
  ): Promise<AdministeredTenant> {
    return this.changeStatus(
      principal,
      tenantId,
      'active',
      ['suspended', 'provisioning'],
      'tenant.activated',
      requestId,
    );
  }

  /** The tenant's active admin memberships. */
  async listAdmins(principal: Principal, tenantId: string): Promise<TenantMembership[]> {
    await this.tenant(principal, tenantId);
    return selectTenantMemberships(this.deps.control.db, tenantId, {
      role: TENANT_ADMIN_ROLE,
      activeOnly: true,
    });
  }

  /**
   * Makes a person a tenant admin (staff, role tenant-admin, every segment): a new user is
   * created with a one-time password returned once; an existing user is attached.
   */
  async addAdmin(
    principal: Principal,
    tenantId: string,
    input: { email: string; name?: string },
    requestId: string | null,
  ): Promise<{ membership: TenantMembership; userCreated: boolean; initialPassword: string | null }> {
    await this.tenant(principal, tenantId);
    const control = this.deps.control.db;
    const user = await findOrCreateUser(control, input);
    await assertNotMemberYet(control, tenantId, user.userId);
    const id = await createMembership(control, {
      userId: user.userId,
      kind: 'staff',
      staffType: 'employee',
      tenantId,
      roles: [TENANT_ADMIN_ROLE],
      scope: FULL_SCOPE,
    });
    const membership = await findTenantMembership(control, tenantId, id);
    await recordAdminEvent(control, 'tenant_admin.added', {
      actor: actorOf(principal),
      tenantId,
      subject: id,
      detail: { userId: user.userId, email: membership.email, userCreated: user.created },
    });
    await recordInTenant(this.deps.withTenant, recordingContext(tenantId, principal, requestId), {
      action: 'membership.created',
      resourceKind: 'membership',
      resourceId: id,
      after: {
        userId: user.userId,
        email: membership.email,
        kind: 'staff',
        roles: membership.roles,
        scope: 'all',
      },
    });
    return { membership, userCreated: user.created, initialPassword: user.initialPassword };
  }

  /** Revokes one of the tenant's admin memberships; any other membership is NOT_FOUND here. */
  async revokeAdmin(
    principal: Principal,
    tenantId: string,
    membershipId: string,
    requestId: string | null,
  ): Promise<TenantMembership> {
    await this.tenant(principal, tenantId);
    const control = this.deps.control.db;
    const [before] = await selectTenantMemberships(control, tenantId, {
      id: membershipId,
      role: TENANT_ADMIN_ROLE,
    });
    if (!before) throw new AppError('NOT_FOUND', { resource: 'membership', id: membershipId });
    if (before.status === 'revoked')
      throw new AppError('CONFLICT', { id: membershipId }, { detail: 'Already revoked' });
    await control.transaction().execute(async (trx) => {
      await revokeMembershipRow(trx, membershipId, this.now());
      await recordAdminEvent(trx, 'tenant_admin.revoked', {
        actor: actorOf(principal),
        tenantId,
        subject: membershipId,
      });
    });
    const after = await findTenantMembership(control, tenantId, membershipId);
    await recordInTenant(this.deps.withTenant, recordingContext(tenantId, principal, requestId), {
      action: 'membership.revoked',
      resourceKind: 'membership',
      resourceId: membershipId,
      before: { status: before.status },
      after: { status: after.status },
    });
    return after;
  }

  private async changeStatus(
    principal: Principal,
    tenantId: string,
    to: TenantStatus,
    from: readonly TenantStatus[],
    event: 'tenant.suspended' | 'tenant.activated',
    requestId: string | null,
  ): Promise<AdministeredTenant> {
    const before = await this.tenant(principal, tenantId);
    if (!(await this.deps.control.changeTenantStatus(tenantId, to, from))) {
      throw new AppError(
        'CONFLICT',
        { tenantId, status: before.status },
        { detail: `The tenant is ${before.status}` },
      );
    }
    await recordAdminEvent(this.deps.control.db, event, {
      actor: actorOf(principal),
      tenantId,
      subject: before.slug,
      detail: { from: before.status, to },
    });
    await recordInTenant(this.deps.withTenant, recordingContext(tenantId, principal, requestId), {
      action: event,
      resourceKind: 'tenant',
      resourceId: tenantId,
      before: { status: before.status },
      after: { status: to },
    });
    return { ...before, status: to };
  }
}
