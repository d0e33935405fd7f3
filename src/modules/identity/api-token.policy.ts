import type { Permission, TenantPrincipal } from '../../platform/auth/principal.ts';
import type { FieldProblem } from '../../platform/errors/index.ts';
import { SEGMENT_DIMENSIONS, type SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { isCataloguedPermission, PERMISSION_CATALOGUE } from '../access/permission-catalogue.ts';
import type { SegmentRestriction } from './api-token.tables.ts';

/**
 * Permissions a token can never carry: a token may not act as a session, and managing tokens
 * takes a signed-in session, so that a leaked token cannot mint successors or hide itself.
 */
const NEVER_ON_A_TOKEN: ReadonlySet<string> = new Set(['use:session', 'read:api-tokens', 'write:api-tokens']);

/** Why each requested scope may not go on a token the principal creates now (none: all fine). */
export function scopeProblems(principal: TenantPrincipal, scopes: readonly string[]): FieldProblem[] {
  return scopes.flatMap((scope, index): FieldProblem[] => {
    const path = `/body/scopes/${index}`;
    if (!isCataloguedPermission(scope)) return [{ path, message: `${scope} is not a known permission` }];
    if (NEVER_ON_A_TOKEN.has(scope))
      return [{ path, message: `${scope} needs a signed-in session and cannot be given to a token` }];
    if (PERMISSION_CATALOGUE[scope].realm !== 'tenant')
      return [{ path, message: `${scope} is not a permission of a tenant` }];
    if (!principal.permissions.has(scope))
      return [{ path, message: `${scope} is not a permission you hold` }];
    return [];
  });
}

/**
 * The principal of a request made with the token: the token's scopes that the membership still
 * holds, and per dimension the membership's scope narrowed to the restriction (`all` ∩ list =
 * list). Clearance stays the membership's.
 */
export function narrowToToken(
  principal: TenantPrincipal,
  token: { readonly scopes: readonly string[]; readonly restriction: SegmentRestriction },
): TenantPrincipal {
  const permissions = new Set(
    token.scopes.filter(
      (scope): scope is Permission =>
        !NEVER_ON_A_TOKEN.has(scope) && principal.permissions.has(scope as Permission),
    ),
  );
  const scope = Object.fromEntries(
    SEGMENT_DIMENSIONS.map((dimension) => [
      dimension,
      intersect(principal.scope[dimension], token.restriction[dimension]),
    ]),
  ) as SegmentScope;
  return Object.freeze({ ...principal, permissions, scope, via: 'api-token', sessionId: null });
}

function intersect(
  held: 'all' | readonly string[],
  restriction: readonly string[] | undefined,
): 'all' | readonly string[] {
  if (restriction === undefined) return held;
  if (held === 'all') return [...restriction];
  return held.filter((id) => restriction.includes(id));
}

/** Who sees which tokens: `read:api-tokens` sees the tenant's, everyone else their own. */
export function seesEveryToken(principal: TenantPrincipal): boolean {
  return principal.permissions.has('read:api-tokens');
}

/**
 * Whether the principal may revoke a token it can see: its own always, another membership's with
 * `write:api-tokens`.
 */
export function mayRevoke(principal: TenantPrincipal, token: { readonly membershipId: string }): boolean {
  return token.membershipId === principal.membershipId || principal.permissions.has('write:api-tokens');
}
