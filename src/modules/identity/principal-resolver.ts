import { sql } from 'kysely';
import type { Permission, Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlPlane } from '../../platform/tenancy/control-plane.ts';
import {
  CLASSIFICATIONS,
  type Classification,
  SEGMENT_DIMENSIONS,
  type SegmentScope,
} from '../../platform/tenancy/tenant-context.ts';
import { BUILT_IN_ROLES } from '../access/built-in-roles.ts';
import type { PermissionRealm } from '../access/permission-catalogue.ts';
import type { AccessTokenClaims } from './access-token.ts';
import type { MembershipKind } from './identity.tables.ts';

/** Narrows or replaces a resolved principal: API tokens narrow it, support grants turn it into a tenant principal. */
export type PrincipalRefiner = (claims: AccessTokenClaims, principal: Principal) => Promise<Principal>;

export interface PrincipalResolverOptions {
  readonly control: ControlPlane;
  /** Every practice under the given ones, read from the tenant's cell. */
  readonly expandPractices?: (tenantId: string, practiceIds: readonly string[]) => Promise<readonly string[]>;
  readonly refiners?: readonly PrincipalRefiner[];
  readonly now?: () => Date;
}

interface MembershipFacts {
  kind: MembershipKind;
  tenant_id: string | null;
  partner_id: string | null;
  status: string;
  user_status: string;
  tenant_status: string | null;
  partner_status: string | null;
  session_ok: boolean | null;
  roles: string[];
  scopes: { dimension: string; segment: string | null }[];
  custom_roles: { key: string; permissions: string[]; clearance: Classification }[];
}

const REALM: Readonly<Record<MembershipKind, PermissionRealm>> = {
  staff: 'tenant',
  client: 'tenant',
  'partner-admin': 'partner',
  'platform-operator': 'platform',
  support: 'platform',
};

/**
 * Turns verified token claims into the request's principal, reading the membership, its roles,
 * its scope (only the rows valid now) and the session in one control-plane query — so a revoked
 * session, a suspended membership or an ended scope stops working at the next request.
 */
export async function resolvePrincipal(
  claims: AccessTokenClaims,
  options: PrincipalResolverOptions,
): Promise<Principal> {
  const now = options.now?.() ?? new Date();
  const { rows } = await sql<MembershipFacts>`
    SELECT m.kind, m.tenant_id, m.partner_id, m.status, u.status AS user_status,
      t.status AS tenant_status, p.status AS partner_status,
      (s.id IS NOT NULL AND s.revoked_at IS NULL AND s.expires_at > ${now}) AS session_ok,
      (SELECT coalesce(json_agg(r.role_key ORDER BY r.role_key), '[]') FROM control.membership_roles r
        WHERE r.membership_id = m.id) AS roles,
      (SELECT coalesce(json_agg(json_build_object('dimension', sc.dimension, 'segment', sc.segment_id)), '[]')
        FROM control.membership_scopes sc WHERE sc.membership_id = m.id
          AND (sc.valid_from IS NULL OR sc.valid_from <= ${now}) AND (sc.valid_until IS NULL OR sc.valid_until > ${now})) AS scopes,
      (SELECT coalesce(json_agg(json_build_object('key', tr.key, 'permissions', tr.permissions, 'clearance', tr.clearance)), '[]')
        FROM control.tenant_roles tr JOIN control.membership_roles r ON r.role_key = tr.key AND r.membership_id = m.id
        WHERE tr.tenant_id = m.tenant_id) AS custom_roles
    FROM control.memberships m
    JOIN control.users u ON u.id = m.user_id
    LEFT JOIN control.tenants t ON t.id = m.tenant_id
    LEFT JOIN control.partners p ON p.id = m.partner_id
    LEFT JOIN control.sessions s ON s.id = ${claims.sessionId} AND s.membership_id = m.id
    WHERE m.id = ${claims.membershipId} AND m.user_id = ${claims.userId}`.execute(options.control.db);
  const facts = rows[0];
  if (facts?.status !== 'active' || facts.user_status !== 'active') throw unauthenticated('membership');
  if (claims.sessionId !== null && !facts.session_ok) throw unauthenticated('session');
  if (facts.tenant_status !== null && facts.tenant_status !== 'active') {
    throw new AppError('TENANT_NOT_ACTIVE', { tenantId: facts.tenant_id, status: facts.tenant_status });
  }
  if (facts.partner_status !== null && facts.partner_status !== 'active')
    throw new AppError('FORBIDDEN', { partner: 'suspended' });
  let principal = await principalOf(claims, facts, options);
  for (const refine of options.refiners ?? []) principal = await refine(claims, principal);
  if (claims.apiTokenId !== null && principal.via !== 'api-token') throw unauthenticated('api token');
  return principal;
}

async function principalOf(
  claims: AccessTokenClaims,
  facts: MembershipFacts,
  options: PrincipalResolverOptions,
): Promise<Principal> {
  const realm = REALM[facts.kind];
  const granted = facts.roles.flatMap(
    (key): { key: string; permissions: readonly string[]; clearance: Classification }[] => {
      const builtIn = BUILT_IN_ROLES.get(key);
      if (builtIn)
        return builtIn.realm === realm
          ? [{ key, permissions: builtIn.permissions, clearance: builtIn.clearance }]
          : [];
      const custom = facts.custom_roles.find((role) => role.key === key);
      return custom && realm === 'tenant'
        ? [{ key, permissions: custom.permissions, clearance: custom.clearance }]
        : [];
    },
  );
  const permissions = new Set(granted.flatMap((role) => role.permissions) as Permission[]);
  if (claims.sessionId !== null) permissions.add('use:session');
  const clearance = CLASSIFICATIONS[
    Math.max(0, ...granted.map((role) => CLASSIFICATIONS.indexOf(role.clearance)))
  ] as Classification;
  const base = {
    userId: claims.userId,
    membershipId: claims.membershipId,
    permissions,
    via: 'session' as const,
    sessionId: claims.sessionId,
    roles: granted.map(({ key, permissions: rolePermissions }) => ({ key, permissions: rolePermissions })),
  };
  if (realm === 'platform') return { ...base, kind: 'platform' };
  if (realm === 'partner') return { ...base, kind: 'partner', partnerId: facts.partner_id as string };
  const tenantId = facts.tenant_id as string;
  return {
    ...base,
    kind: 'tenant',
    tenantId,
    scope: await scopeOf(tenantId, facts.scopes, options),
    clearance,
    grantId: null,
  };
}

/** Per dimension: `all` if a valid row has no segment, else the segments of the valid rows (none: nothing). */
async function scopeOf(
  tenantId: string,
  rows: MembershipFacts['scopes'],
  options: PrincipalResolverOptions,
): Promise<SegmentScope> {
  const scope: Record<string, 'all' | readonly string[]> = {};
  for (const dimension of SEGMENT_DIMENSIONS) {
    const mine = rows.filter((row) => row.dimension === dimension);
    scope[dimension] = mine.some((row) => row.segment === null)
      ? 'all'
      : mine.map((row) => row.segment as string);
  }
  const practices = scope.practice;
  if (practices !== 'all' && practices && practices.length > 0 && options.expandPractices) {
    scope.practice = await options.expandPractices(tenantId, practices);
  }
  return scope as SegmentScope;
}

function unauthenticated(reason: string): AppError {
  return new AppError('UNAUTHENTICATED', { reason }, { detail: 'The credentials are no longer valid' });
}
