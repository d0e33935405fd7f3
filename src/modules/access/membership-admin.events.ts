import type { Kysely } from 'kysely';
import type { AuditEventInput } from '../../platform/audit/audit-event.ts';
import { type Principal, tenantContextOf } from '../../platform/auth/principal.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { DomainEventInput } from '../../platform/outbox/domain-event.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { systemContext, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { recordAuthEvent } from '../identity/auth-events.ts';

/** Administration events recorded in the control plane (`control.auth_events`). */
export type AdminEventName =
  | 'support_grant.requested'
  | 'support_grant.break_glass'
  | 'support_grant.approved'
  | 'support_grant.denied'
  | 'support_grant.revoked'
  | 'support_grant.token_issued'
  | 'tenant.created'
  | 'tenant.suspended'
  | 'tenant.activated'
  | 'user.invited'
  | 'tenant_admin.added'
  | 'tenant_admin.revoked'
  | 'membership.created'
  | 'membership.changed'
  | 'membership.revoked'
  | 'role.created'
  | 'brand.changed';

/** Who did it: the acting principal's user and membership. */
export interface AdminActor {
  readonly userId: string;
  readonly membershipId: string;
  readonly partnerId?: string | null;
}

/**
 * Records one administration event in the control plane: who acted (user, membership), on which
 * tenant, on what (`subject`: the membership, grant or email concerned) and the facts.
 */
export async function recordAdminEvent(
  control: Kysely<ControlTables>,
  event: AdminEventName,
  facts: {
    actor: AdminActor;
    tenantId?: string | null;
    subject?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await recordAuthEvent(control, event, {
    subject: facts.subject ?? null,
    userId: facts.actor.userId,
    membershipId: facts.actor.membershipId,
    tenantId: facts.tenantId ?? null,
    partnerId: facts.actor.partnerId ?? null,
    ...(facts.detail ? { detail: facts.detail } : {}),
  });
}

/** The actor of a principal, for `recordAdminEvent`. */
export function actorOf(principal: Principal): AdminActor {
  return {
    userId: principal.userId,
    membershipId: principal.membershipId,
    partnerId: principal.kind === 'partner' ? principal.partnerId : null,
  };
}

/**
 * The context to record a control-plane change in a tenant's audit chain: the principal's own
 * context when it is that tenant's, else a system context that names the acting user (a partner
 * or platform admin) or support engineer. It only ever writes audit and outbox events.
 */
export function recordingContext(
  tenantId: string,
  principal: Principal,
  requestId: string | null,
  grantId: string | null = null,
): TenantContext {
  // The tenant's own principal (a support engineer under a grant included: actor `support`, grant id).
  if (principal.kind === 'tenant' && principal.tenantId === tenantId)
    return tenantContextOf(principal, requestId);
  const support = principal.kind === 'platform' && principal.permissions.has('request:support-grants');
  return Object.freeze({
    ...systemContext(tenantId, support ? 'support-grants' : 'delegated-admin', requestId),
    actor: Object.freeze({
      kind: support ? 'support' : 'user',
      id: principal.userId,
      membershipId: principal.membershipId,
    }),
    grantId,
  });
}

/** Writes an audit event (and optionally a domain event) into the tenant's chain and outbox. */
export async function recordInTenant(
  withTenant: WithTenant,
  ctx: TenantContext,
  audit: AuditEventInput,
  event?: DomainEventInput,
): Promise<void> {
  await withTenant(ctx, async (tx) => {
    tx.audit(audit);
    if (event) tx.emit(event);
  });
}
