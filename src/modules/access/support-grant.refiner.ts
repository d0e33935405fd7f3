import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Permission, Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import type { PrincipalRefiner } from '../identity/principal-resolver.ts';
import { grantablePermissions, SUPPORT_GRANT_CLEARANCE } from './support-grant.policy.ts';
import { parseScope } from './support-grant.records.ts';

/** The request a grant is used for, as recorded in `control.support_grant_uses`. */
export interface GrantUse {
  readonly method: string;
  readonly url: string;
  readonly requestId: string | null;
}

interface GrantFacts {
  tenant_id: string;
  tenant_status: string;
  scope: unknown;
  permissions: string[];
  recorded: boolean;
}

const ended = () =>
  new AppError(
    'UNAUTHENTICATED',
    { reason: 'support grant' },
    { detail: 'The support grant is not active (not approved, expired or revoked)' },
  );

/**
 * The refiner that turns a support engineer's grant token into a tenant principal, built per
 * request so that it can record the request. For a token that names a grant it checks, at EVERY
 * request, that the grant belongs to this user and membership, is approved, has not expired or
 * been revoked and that its tenant is active — so expiry and revocation need no job — and in the
 * same round trip records the use. The principal reads only what the grant lists, within the
 * grant's scope (a practice covering its sub-practices), with internal clearance, and carries
 * the grant id onto every audit event.
 */
export function supportGrantRefiner(
  control: Kysely<ControlTables>,
  now: () => Date = () => new Date(),
  expandPractices?: (tenantId: string, practiceIds: readonly string[]) => Promise<readonly string[]>,
): (use: GrantUse) => PrincipalRefiner {
  return (use) => async (claims, principal) => {
    if (claims.grantId === null) return principal;
    // Only a support engineer's session can act under a grant, and only while they are support.
    if (
      principal.kind !== 'platform' ||
      claims.sessionId === null ||
      !principal.permissions.has('request:support-grants')
    ) {
      throw ended();
    }
    const at = now();
    const { rows } = await sql<GrantFacts>`
      WITH g AS (
        SELECT g.id, g.tenant_id, g.scope, g.permissions, t.status AS tenant_status,
          (g.status = 'approved' AND g.expires_at > ${at} AND t.status = 'active') AS usable
        FROM control.support_grants g JOIN control.tenants t ON t.id = g.tenant_id
        WHERE g.id = ${claims.grantId} AND g.requested_by = ${claims.userId}
          AND g.requester_membership_id = ${claims.membershipId}
      ), used AS (
        INSERT INTO control.support_grant_uses (id, grant_id, tenant_id, method, url, request_id, used_at)
        SELECT ${uuidv7()}, g.id, g.tenant_id, ${use.method.slice(0, 10)}, ${use.url.slice(0, 2048)},
          ${use.requestId}, ${at}
        FROM g WHERE g.usable
        RETURNING grant_id
      )
      SELECT g.tenant_id, g.tenant_status, g.scope, g.permissions,
        EXISTS (SELECT 1 FROM used) AS recorded
      FROM g`.execute(control);
    const grant = rows[0];
    if (!grant) throw ended();
    if (grant.tenant_status !== 'active' && !grant.recorded) {
      throw new AppError('TENANT_NOT_ACTIVE', { tenantId: grant.tenant_id, status: grant.tenant_status });
    }
    if (!grant.recorded) throw ended();
    // Defence in depth: only read-only permissions, even if a row were tampered with.
    const grantable = new Set<string>(grantablePermissions());
    const permissions = new Set<Permission>(
      grant.permissions.filter((p) => grantable.has(p)) as Permission[],
    );
    permissions.add('use:session');
    const scope = parseScope(grant.scope);
    const practices = scope.practice;
    if (expandPractices && practices !== 'all' && practices !== undefined && practices.length > 0) {
      scope.practice = [...(await expandPractices(grant.tenant_id, practices))];
    }
    return {
      kind: 'tenant',
      userId: principal.userId,
      membershipId: principal.membershipId,
      via: 'session',
      sessionId: claims.sessionId,
      permissions,
      tenantId: grant.tenant_id,
      scope: scope as SegmentScope,
      clearance: SUPPORT_GRANT_CLEARANCE,
      grantId: claims.grantId,
    } satisfies Principal;
  };
}
