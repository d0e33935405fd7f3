import type { Classification, SegmentScope, TenantContext } from '../tenancy/tenant-context.ts';

/** A permission is an `action:resource` pair, such as `approve:timesheets`. */
export type Permission = `${string}:${string}`;

/** What a route declares it needs: a permission, or `public` for routes that need no credentials. */
export type RoutePermission = Permission | 'public';

interface PrincipalBase {
  readonly userId: string;
  readonly membershipId: string;
  readonly permissions: ReadonlySet<Permission>;
  /** How the request was authenticated: a session's access token or an API token. */
  readonly via: 'session' | 'api-token';
  /** The session, for a session's access token. */
  readonly sessionId?: string | null;
  /** The roles the permissions come from, each with what it grants (for explanations). */
  readonly roles?: readonly { readonly key: string; readonly permissions: readonly string[] }[];
}

/** An authenticated caller, bound to exactly one membership: the platform, a partner or a tenant. */
export type Principal =
  | (PrincipalBase & { readonly kind: 'platform' })
  | (PrincipalBase & { readonly kind: 'partner'; readonly partnerId: string })
  | (PrincipalBase & {
      readonly kind: 'tenant';
      readonly tenantId: string;
      readonly scope: SegmentScope;
      readonly clearance: Classification;
      readonly grantId: string | null;
    });

export type TenantPrincipal = Extract<Principal, { kind: 'tenant' }>;

/** True when the principal holds the permission a route declared. */
export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}

/** The tenant transaction context of a tenant principal's request. */
export function tenantContextOf(principal: TenantPrincipal, requestId: string | null): TenantContext {
  return Object.freeze({
    tenantId: principal.tenantId,
    actor: Object.freeze({
      kind: principal.grantId ? 'support' : principal.via === 'api-token' ? 'api-token' : 'user',
      id: principal.userId,
      membershipId: principal.membershipId,
    }),
    scope: principal.scope,
    clearance: principal.clearance,
    requestId,
    grantId: principal.grantId,
  });
}
