import type { Kysely } from 'kysely';
import { type TenantPrincipal, tenantContextOf } from '../../platform/auth/principal.ts';
import { AppError, type FieldProblem, isAppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';
import { createMembership, type ScopeGrant } from '../identity/accounts.ts';
import { getClient } from '../organization/index.ts';
import { actorOf, recordAdminEvent, recordInTenant, recordingContext } from './membership-admin.events.ts';
import {
  assertNotMemberYet,
  findOrCreateUser,
  findTenantMembership,
  replaceRoles,
  replaceScope,
  revokeMembershipRow,
  selectTenantMemberships,
  type TenantMembership,
} from './membership-admin.repo.ts';
import { assertAssignableRoles } from './tenant-role.service.ts';

type ScopeEntryInput = string | { id: string; validFrom?: string; validUntil?: string };
/** A scope as the API takes it: every dimension "all" or a list of segments. */
export type ScopeInput = Readonly<Record<SegmentDimension, 'all' | readonly ScopeEntryInput[]>>;

export interface InviteInput {
  readonly email: string;
  readonly name?: string;
  readonly kind: 'staff' | 'client';
  readonly staffType?: 'employee' | 'subcontractor';
  readonly roles?: readonly string[];
  readonly scope?: ScopeInput;
  readonly clientId?: string;
}

export interface MembershipAdminDeps {
  readonly control: Kysely<ControlTables>;
  readonly withTenant: WithTenant;
  readonly now?: () => Date;
}

const invalid = (problems: FieldProblem[]) =>
  new AppError(
    'VALIDATION_FAILED',
    {},
    { detail: problems.map((p) => p.message).join('; '), fieldProblems: problems },
  );

/**
 * A tenant admin's management of the tenant's memberships: invite staff and client approvers,
 * change roles and scope (effective at the member's next request), revoke. Every change is an
 * administration event in the control plane and an audit event in the tenant's chain.
 */
export class MembershipAdminService {
  private readonly now: () => Date;

  constructor(private readonly deps: MembershipAdminDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The tenant's memberships in id order. */
  async list(
    tenantId: string,
    page: { limit: number; cursor: string | null },
  ): Promise<{ items: TenantMembership[]; nextCursor: string | null }> {
    const rows = await selectTenantMemberships(this.deps.control, tenantId, {
      after: page.cursor,
      limit: page.limit + 1,
    });
    const items = rows.slice(0, page.limit);
    return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
  }

  async get(tenantId: string, id: string): Promise<TenantMembership> {
    return findTenantMembership(this.deps.control, tenantId, id);
  }

  /**
   * Invites a person by email into the admin's tenant: staff with roles and a scope, or a
   * client approver whose scope is their one client. A new user gets a one-time password,
   * returned once.
   */
  async invite(
    admin: TenantPrincipal,
    input: InviteInput,
    requestId: string | null,
  ): Promise<{ membership: TenantMembership; userCreated: boolean; initialPassword: string | null }> {
    const { roles, scope } = await this.checkInvitation(admin, input, requestId);
    const user = await findOrCreateUser(this.deps.control, { email: input.email, name: input.name });
    await assertNotMemberYet(this.deps.control, admin.tenantId, user.userId);
    const id = await createMembership(this.deps.control, {
      userId: user.userId,
      kind: input.kind,
      ...(input.kind === 'staff' ? { staffType: input.staffType ?? 'employee' } : {}),
      tenantId: admin.tenantId,
      roles,
      scope,
    });
    const membership = await findTenantMembership(this.deps.control, admin.tenantId, id);
    if (user.created) {
      await recordAdminEvent(this.deps.control, 'user.invited', {
        actor: actorOf(admin),
        tenantId: admin.tenantId,
        subject: membership.email,
        detail: { userId: user.userId },
      });
    }
    await this.record(admin, 'membership.created', membership, null, requestId);
    return { membership, userCreated: user.created, initialPassword: user.initialPassword };
  }

  /** Replaces the roles and/or the scope of a membership; it applies at the member's next request. */
  async update(
    admin: TenantPrincipal,
    id: string,
    patch: { roles?: readonly string[]; scope?: ScopeInput },
    requestId: string | null,
  ): Promise<TenantMembership> {
    const before = await this.changeable(admin, id);
    if (patch.scope && before.kind === 'client') {
      throw invalid([{ path: '/body/scope', message: "a client approver's scope is fixed to their client" }]);
    }
    if (patch.roles) {
      await assertAssignableRoles(
        this.deps.control,
        admin.tenantId,
        patch.roles,
        before.kind as 'staff' | 'client',
        admin,
      );
    }
    const scope = patch.scope ? scopeGrantOf(patch.scope) : undefined;
    await this.deps.control.transaction().execute(async (trx) => {
      if (patch.roles) await replaceRoles(trx, id, patch.roles);
      if (scope) await replaceScope(trx, id, scope);
      await recordAdminEvent(trx, 'membership.changed', {
        actor: actorOf(admin),
        tenantId: admin.tenantId,
        subject: id,
        detail: {
          ...(patch.roles ? { roles: patch.roles } : {}),
          ...(patch.scope ? { scope: patch.scope } : {}),
        },
      });
    });
    const after = await findTenantMembership(this.deps.control, admin.tenantId, id);
    await this.record(admin, 'membership.changed', after, before, requestId);
    return after;
  }

  /** Revokes a membership: its sessions end and its tokens stop working at the next request. */
  async revoke(admin: TenantPrincipal, id: string, requestId: string | null): Promise<TenantMembership> {
    const before = await this.changeable(admin, id);
    await this.deps.control.transaction().execute(async (trx) => {
      await revokeMembershipRow(trx, id, this.now());
      await recordAdminEvent(trx, 'membership.revoked', {
        actor: actorOf(admin),
        tenantId: admin.tenantId,
        subject: id,
      });
    });
    const after = await findTenantMembership(this.deps.control, admin.tenantId, id);
    await this.record(admin, 'membership.revoked', after, before, requestId);
    return after;
  }

  /** A membership of the admin's tenant that the admin may change: not their own, not revoked. */
  private async changeable(admin: TenantPrincipal, id: string): Promise<TenantMembership> {
    const membership = await findTenantMembership(this.deps.control, admin.tenantId, id);
    if (membership.id === admin.membershipId) {
      throw new AppError('FORBIDDEN', { id }, { detail: 'You cannot change your own membership' });
    }
    if (membership.status === 'revoked') {
      throw new AppError('CONFLICT', { id }, { detail: 'The membership is revoked' });
    }
    return membership;
  }

  private async checkInvitation(
    admin: TenantPrincipal,
    input: InviteInput,
    requestId: string | null,
  ): Promise<{ roles: readonly string[]; scope: ScopeGrant }> {
    const problems: FieldProblem[] = [];
    if (input.kind === 'staff') {
      if (!input.roles) problems.push({ path: '/body/roles', message: 'staff need at least one role' });
      if (!input.scope) problems.push({ path: '/body/scope', message: 'staff need a scope' });
      if (input.clientId)
        problems.push({ path: '/body/clientId', message: 'only client approvers name a client' });
    } else {
      if (!input.clientId)
        problems.push({ path: '/body/clientId', message: 'a client approver needs a client' });
      if (input.scope)
        problems.push({ path: '/body/scope', message: "a client approver's scope is their client" });
      if (input.staffType)
        problems.push({ path: '/body/staffType', message: 'only staff have a staff type' });
    }
    if (problems.length > 0) throw invalid(problems);
    const roles = input.roles ?? ['client-approver'];
    await assertAssignableRoles(this.deps.control, admin.tenantId, roles, input.kind, admin);
    if (input.kind === 'staff') return { roles, scope: scopeGrantOf(input.scope as ScopeInput) };
    const clientId = input.clientId as string;
    await this.assertClientVisible(admin, clientId, requestId);
    return {
      roles,
      scope: { legal_entity: 'all', practice: 'all', region: 'all', client: [clientId], portfolio: 'all' },
    };
  }

  /** The client must exist and be in the admin's own scope (an admin cannot hand out what they cannot see). */
  private async assertClientVisible(admin: TenantPrincipal, clientId: string, requestId: string | null) {
    try {
      await this.deps.withTenant(tenantContextOf(admin, requestId), (tx) => getClient(tx, clientId), {
        readOnly: true,
      });
    } catch (error) {
      if (!isAppError(error, 'NOT_FOUND')) throw error;
      throw new AppError(
        'REFERENCE_NOT_FOUND',
        { clientId },
        { fieldProblems: [{ path: '/body/clientId', message: 'no such client' }] },
      );
    }
  }

  private async record(
    admin: TenantPrincipal,
    action: 'membership.created' | 'membership.changed' | 'membership.revoked',
    after: TenantMembership,
    before: TenantMembership | null,
    requestId: string | null,
  ): Promise<void> {
    const facts = (m: TenantMembership) => ({
      userId: m.userId,
      email: m.email,
      kind: m.kind,
      status: m.status,
      roles: m.roles,
      scope: m.scope,
    });
    await recordInTenant(this.deps.withTenant, recordingContext(admin.tenantId, admin, requestId), {
      action,
      resourceKind: 'membership',
      resourceId: after.id,
      before: before ? facts(before) : null,
      after: facts(after),
    });
  }
}

/** The API's scope as stored scope rows' input, with instants parsed and their order checked. */
export function scopeGrantOf(scope: ScopeInput): ScopeGrant {
  const problems: FieldProblem[] = [];
  const grant: Record<string, ScopeGrant[SegmentDimension]> = {};
  for (const [dimension, value] of Object.entries(scope)) {
    if (value === 'all') {
      grant[dimension] = 'all';
      continue;
    }
    grant[dimension] = value.map((entry, index) => {
      if (typeof entry === 'string') return entry;
      const validFrom = entry.validFrom ? new Date(entry.validFrom) : undefined;
      const validUntil = entry.validUntil ? new Date(entry.validUntil) : undefined;
      if (validFrom && validUntil && validFrom >= validUntil) {
        problems.push({
          path: `/body/scope/${dimension}/${index}`,
          message: 'validFrom must be before validUntil',
        });
      }
      return { id: entry.id, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
    });
  }
  if (problems.length > 0) throw invalid(problems);
  return grant as ScopeGrant;
}
