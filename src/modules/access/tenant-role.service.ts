import type { Kysely } from 'kysely';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import { mapDatabaseError } from '../../platform/db/database-errors.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { CLASSIFICATIONS, type Classification } from '../../platform/tenancy/tenant-context.ts';
import { BUILT_IN_ROLES } from './built-in-roles.ts';
import { actorOf, recordAdminEvent, recordInTenant, recordingContext } from './membership-admin.events.ts';
import { PERMISSION_CATALOGUE, permissionsOfRealm } from './permission-catalogue.ts';

/** A role a tenant can assign: built in, or the tenant's own (`custom:…`). */
export interface TenantRole {
  readonly key: string;
  readonly name: string;
  readonly builtIn: boolean;
  readonly clearance: Classification;
  readonly permissions: string[];
}

export interface NewTenantRole {
  readonly key: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly clearance?: Classification;
}

/** The built-in tenant roles, then the tenant's own, each by key. */
export async function listTenantRoles(
  control: Kysely<ControlTables>,
  tenantId: string,
): Promise<TenantRole[]> {
  const builtIn = [...BUILT_IN_ROLES.values()]
    .filter((role) => role.realm === 'tenant')
    .map((role) => ({
      key: role.key,
      name: role.name,
      builtIn: true,
      clearance: role.clearance,
      permissions: [...role.permissions].sort(),
    }));
  const custom = await control
    .selectFrom('tenant_roles')
    .select(['key', 'name', 'clearance', 'permissions'])
    .where('tenant_id', '=', tenantId)
    .orderBy('key')
    .execute();
  return [
    ...builtIn,
    ...custom.map((role) => ({
      key: role.key,
      name: role.name,
      builtIn: false,
      clearance: role.clearance as Classification,
      permissions: [...role.permissions].sort(),
    })),
  ];
}

/**
 * Defines a tenant role from the tenant part of the permission catalogue. A permission that is
 * not catalogued, or belongs to the partner or platform realm, is refused (422) by name.
 */
export async function createTenantRole(
  deps: { control: Kysely<ControlTables>; withTenant: WithTenant },
  admin: TenantPrincipal,
  input: NewTenantRole,
  requestId: string | null,
): Promise<TenantRole> {
  const tenantPermissions = new Set<string>(permissionsOfRealm('tenant'));
  const refused = [...new Set(input.permissions)].filter((p) => !tenantPermissions.has(p));
  if (refused.length > 0) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { refused },
      {
        detail: `Not tenant permissions of the catalogue: ${refused.join(', ')}`,
        fieldProblems: refused.map((p) => ({
          path: `/body/permissions/${input.permissions.indexOf(p)}`,
          message: Object.hasOwn(PERMISSION_CATALOGUE, p)
            ? `"${p}" is not a tenant permission`
            : `"${p}" is not in the permission catalogue`,
        })),
      },
    );
  }
  const role: TenantRole = {
    key: input.key,
    name: input.name,
    builtIn: false,
    clearance: input.clearance ?? 'internal',
    permissions: [...new Set(input.permissions)].sort(),
  };
  if (!CLASSIFICATIONS.includes(role.clearance))
    throw new AppError('VALIDATION_FAILED', { clearance: role.clearance });
  assertWithinGrantor(admin, role.permissions, role.clearance, role.key);
  try {
    await deps.control.transaction().execute(async (trx) => {
      await trx
        .insertInto('tenant_roles')
        .values({
          tenant_id: admin.tenantId,
          key: role.key,
          name: role.name,
          permissions: role.permissions,
          clearance: role.clearance,
        })
        .execute();
      await recordAdminEvent(trx, 'role.created', {
        actor: actorOf(admin),
        tenantId: admin.tenantId,
        subject: role.key,
        detail: { ...role },
      });
    });
  } catch (error) {
    const mapped = mapDatabaseError(error);
    if (isAppError(mapped, 'DUPLICATE')) {
      throw new AppError(
        'DUPLICATE',
        { key: role.key },
        { detail: `The tenant already has a role ${role.key}` },
      );
    }
    throw mapped;
  }
  await recordInTenant(deps.withTenant, recordingContext(admin.tenantId, admin, requestId), {
    action: 'role.created',
    resourceKind: 'role',
    resourceId: role.key,
    after: { ...role },
  });
  return role;
}

/**
 * Refuses (422, naming them) roles a tenant membership cannot hold: anything but the built-in
 * tenant roles and the tenant's own roles. A client approver's membership holds only
 * `client-approver`.
 */
export async function assertAssignableRoles(
  control: Kysely<ControlTables>,
  tenantId: string,
  roles: readonly string[],
  kind: 'staff' | 'client',
  grantor: Grantor,
): Promise<void> {
  const custom = await control
    .selectFrom('tenant_roles')
    .select(['key', 'permissions', 'clearance'])
    .where('tenant_id', '=', tenantId)
    .where('key', 'in', roles.length > 0 ? [...roles] : ['-'])
    .execute();
  const known = new Set(custom.map((row) => row.key));
  const assignable = (role: string) =>
    kind === 'client'
      ? role === 'client-approver'
      : BUILT_IN_ROLES.get(role)?.realm === 'tenant' || known.has(role);
  const refused = [...new Set(roles)].filter((role) => !assignable(role));
  if (refused.length > 0) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { refused },
      {
        detail:
          kind === 'client'
            ? `A client approver can only hold client-approver; not: ${refused.join(', ')}`
            : `No such tenant role: ${refused.join(', ')}`,
        fieldProblems: refused.map((role) => ({
          path: `/body/roles/${roles.indexOf(role)}`,
          message: `"${role}" is not a role this membership can hold`,
        })),
      },
    );
  }
  for (const role of new Set(roles)) {
    const definition = BUILT_IN_ROLES.get(role) ?? custom.find((row) => row.key === role);
    if (definition)
      assertWithinGrantor(grantor, definition.permissions, definition.clearance as Classification, role);
  }
}

/** Who grants: what they hold themselves. */
export interface Grantor {
  readonly permissions: ReadonlySet<string>;
  readonly clearance: Classification;
}

/**
 * Refuses to grant a role (or define one) that holds a permission or a clearance the grantor
 * does not hold: an administrator cannot hand out, or give themselves through a second
 * membership, access to cost data or anything else they cannot reach.
 */
export function assertWithinGrantor(
  grantor: Grantor,
  permissions: readonly string[],
  clearance: Classification,
  role: string,
): void {
  const beyond = permissions.filter((permission) => !grantor.permissions.has(permission));
  const tooHigh = CLASSIFICATIONS.indexOf(clearance) > CLASSIFICATIONS.indexOf(grantor.clearance);
  if (beyond.length === 0 && !tooHigh) return;
  throw new AppError(
    'PRIVILEGE_ESCALATION',
    { role, beyond, clearance },
    {
      detail: `Role ${role} holds ${[...beyond, ...(tooHigh ? [`clearance ${clearance}`] : [])].join(', ')}, which you do not hold`,
    },
  );
}
