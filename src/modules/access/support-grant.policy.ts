import { AppError } from '../../platform/errors/index.ts';
import type { Classification } from '../../platform/tenancy/tenant-context.ts';
import { type CataloguedPermission, permissionsOfRealm } from './permission-catalogue.ts';

/** The longest a support grant may last once approved, in minutes (a platform maximum). */
export const SUPPORT_GRANT_MAX_MINUTES = 480;
/** A request not decided within this long can no longer be approved: ask again. */
export const SUPPORT_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;
/** What a support engineer sees under a grant: internal fields, never confidential or restricted. */
export const SUPPORT_GRANT_CLEARANCE: Classification = 'internal';

// Reads that a grant never carries: cost data, and other engineers' grants.
const NEVER_GRANTED: ReadonlySet<string> = new Set(['read:cost', 'read:support-grants']);

/** The tenant permissions a support grant may carry: reading and verifying only. */
export function grantablePermissions(): CataloguedPermission[] {
  return permissionsOfRealm('tenant').filter(
    (permission) => /^(read|verify):/.test(permission) && !NEVER_GRANTED.has(permission),
  );
}

/** The requested permissions, checked; every grantable one when none were asked for. */
export function grantPermissionsOf(requested: readonly string[] | undefined): string[] {
  const grantable = grantablePermissions();
  if (requested === undefined) return grantable;
  const refused = [...new Set(requested)].filter((p) => !(grantable as string[]).includes(p));
  if (refused.length > 0) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { refused },
      {
        detail: `A support grant can only carry read-only tenant permissions; not: ${refused.join(', ')}`,
        fieldProblems: refused.map((p) => ({
          path: `/body/permissions/${requested.indexOf(p)}`,
          message: `"${p}" is not a read-only tenant permission`,
        })),
      },
    );
  }
  return [...new Set(requested)].sort();
}
