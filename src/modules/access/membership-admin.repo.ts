import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { mapDatabaseError } from '../../platform/db/database-errors.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { SEGMENT_DIMENSIONS, type SegmentDimension } from '../../platform/tenancy/tenant-context.ts';
import { createUser, type ScopeGrant } from '../identity/accounts.ts';
import type { MembershipKind } from '../identity/identity.tables.ts';

/** One scope entry as the API shows it: a segment, optionally only for a time. */
export interface ScopeEntry {
  readonly id: string;
  readonly validFrom: string | null;
  readonly validUntil: string | null;
}

/** A tenant membership as tenant and partner admins see it. */
export interface TenantMembership {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly kind: MembershipKind;
  readonly staffType: 'employee' | 'subcontractor' | null;
  readonly status: 'active' | 'suspended' | 'revoked';
  readonly roles: string[];
  readonly scope: Record<SegmentDimension, 'all' | ScopeEntry[]>;
  readonly createdAt: string;
}

interface MembershipFacts {
  id: string;
  user_id: string;
  email: string;
  name: string;
  kind: MembershipKind;
  staff_type: 'employee' | 'subcontractor' | null;
  status: 'active' | 'suspended' | 'revoked';
  created_at: Date | string;
  roles: string[];
  scopes: { dimension: string; segment: string | null; from: string | null; until: string | null }[];
}

/**
 * Memberships of a tenant with their user, roles and scope rows, in id order; optionally only
 * those holding a role, one membership, or those after a cursor.
 */
export async function selectTenantMemberships(
  control: Kysely<ControlTables>,
  tenantId: string,
  filter: { role?: string; id?: string; after?: string | null; limit?: number; activeOnly?: boolean } = {},
): Promise<TenantMembership[]> {
  const { rows } = await sql<MembershipFacts>`
    SELECT m.id, m.user_id, u.email, u.name, m.kind, m.staff_type, m.status, m.created_at,
      (SELECT coalesce(json_agg(r.role_key ORDER BY r.role_key), '[]') FROM control.membership_roles r
        WHERE r.membership_id = m.id) AS roles,
      (SELECT coalesce(json_agg(json_build_object('dimension', s.dimension, 'segment', s.segment_id,
          'from', s.valid_from, 'until', s.valid_until) ORDER BY s.dimension, s.segment_id), '[]')
        FROM control.membership_scopes s WHERE s.membership_id = m.id) AS scopes
    FROM control.memberships m JOIN control.users u ON u.id = m.user_id
    WHERE m.tenant_id = ${tenantId}
      ${filter.id ? sql`AND m.id = ${filter.id}` : sql``}
      ${filter.after ? sql`AND m.id > ${filter.after}` : sql``}
      ${filter.activeOnly ? sql`AND m.status = 'active'` : sql``}
      ${
        filter.role
          ? sql`AND EXISTS (SELECT 1 FROM control.membership_roles r WHERE r.membership_id = m.id AND r.role_key = ${filter.role})`
          : sql``
      }
    ORDER BY m.id
    ${filter.limit ? sql`LIMIT ${filter.limit}` : sql``}`.execute(control);
  return rows.map(present);
}

function present(row: MembershipFacts): TenantMembership {
  const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  const scope = {} as Record<SegmentDimension, 'all' | ScopeEntry[]>;
  for (const dimension of SEGMENT_DIMENSIONS) {
    const mine = row.scopes.filter((s) => s.dimension === dimension);
    scope[dimension] = mine.some((s) => s.segment === null)
      ? 'all'
      : mine.map((s) => ({ id: s.segment as string, validFrom: iso(s.from), validUntil: iso(s.until) }));
  }
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    staffType: row.staff_type,
    status: row.status,
    roles: [...row.roles],
    scope,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** One membership of the tenant; NOT_FOUND when it is another tenant's or does not exist. */
export async function findTenantMembership(
  control: Kysely<ControlTables>,
  tenantId: string,
  id: string,
): Promise<TenantMembership> {
  const [membership] = await selectTenantMemberships(control, tenantId, { id });
  if (!membership) throw new AppError('NOT_FOUND', { resource: 'membership', id });
  return membership;
}

/**
 * The user with this email, or a new one with a one-time random password (returned once, only
 * when the user was created here).
 */
export async function findOrCreateUser(
  control: Kysely<ControlTables>,
  input: { email: string; name?: string | undefined },
): Promise<{ userId: string; created: boolean; initialPassword: string | null }> {
  const email = input.email.trim().toLowerCase();
  const existing = await control
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) return { userId: existing.id, created: false, initialPassword: null };
  const initialPassword = randomBytes(18).toString('base64url');
  try {
    const userId = await createUser(control, {
      email,
      name: input.name?.trim() || (email.split('@')[0] as string),
      password: initialPassword,
    });
    return { userId, created: true, initialPassword };
  } catch (error) {
    const mapped = mapDatabaseError(error);
    if (!isAppError(mapped, 'DUPLICATE')) throw mapped;
    // Created concurrently by another invitation: attach that user.
    const raced = await control
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (!raced) throw mapped;
    return { userId: raced.id, created: false, initialPassword: null };
  }
}

/** CONFLICT when the user already has an active or suspended membership in the tenant. */
export async function assertNotMemberYet(
  control: Kysely<ControlTables>,
  tenantId: string,
  userId: string,
): Promise<void> {
  const existing = await control
    .selectFrom('memberships')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'revoked')
    .executeTakeFirst();
  if (existing) {
    throw new AppError(
      'CONFLICT',
      { tenantId, membershipId: existing.id },
      { detail: 'This person already has a membership in the tenant; change its roles instead' },
    );
  }
}

/** Replaces a membership's roles. */
export async function replaceRoles(
  trx: Transaction<ControlTables>,
  membershipId: string,
  roles: readonly string[],
): Promise<void> {
  await trx.deleteFrom('membership_roles').where('membership_id', '=', membershipId).execute();
  if (roles.length > 0) {
    await trx
      .insertInto('membership_roles')
      .values([...new Set(roles)].map((role_key) => ({ membership_id: membershipId, role_key })))
      .execute();
  }
}

/** Replaces a membership's scope rows; a dimension left out covers nothing. */
export async function replaceScope(
  trx: Transaction<ControlTables>,
  membershipId: string,
  scope: ScopeGrant,
): Promise<void> {
  await trx.deleteFrom('membership_scopes').where('membership_id', '=', membershipId).execute();
  type Row = {
    dimension: string;
    segment_id: string | null;
    valid_from: Date | null;
    valid_until: Date | null;
  };
  const rows = Object.entries(scope).flatMap(([dimension, grant]): Row[] =>
    grant === 'all'
      ? [{ dimension, segment_id: null, valid_from: null, valid_until: null }]
      : (grant ?? []).map((entry): Row => {
          const segment = typeof entry === 'string' ? { id: entry } : entry;
          return {
            dimension,
            segment_id: segment.id,
            valid_from: segment.validFrom ?? null,
            valid_until: segment.validUntil ?? null,
          };
        }),
  );
  if (rows.length > 0) {
    await trx
      .insertInto('membership_scopes')
      .values(rows.map((row) => ({ id: uuidv7(), membership_id: membershipId, ...row })))
      .execute();
  }
}

/** Revokes a membership and ends its sessions; false when it was already revoked. */
export async function revokeMembershipRow(
  trx: Transaction<ControlTables>,
  membershipId: string,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('memberships')
    .set({ status: 'revoked' })
    .where('id', '=', membershipId)
    .where('status', '<>', 'revoked')
    .executeTakeFirst();
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('membership_id', '=', membershipId)
    .where('revoked_at', 'is', null)
    .execute();
  return updated.numUpdatedRows === 1n;
}
