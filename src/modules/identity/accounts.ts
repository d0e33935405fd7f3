import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';
import type { MembershipKind } from './identity.tables.ts';
import { hashPassword } from './password.ts';
import './identity.tables.ts';

/** Per dimension: every segment, or these segments (each optionally only for a time). */
export type ScopeGrant = Partial<
  Record<SegmentDimension, 'all' | readonly (string | { id: string; validFrom?: Date; validUntil?: Date })[]>
>;

export interface NewMembership {
  readonly userId: string;
  readonly kind: MembershipKind;
  readonly staffType?: 'employee' | 'subcontractor';
  readonly tenantId?: string;
  readonly partnerId?: string;
  readonly roles: readonly string[];
  /** Tenant memberships only; a dimension left out covers nothing. */
  readonly scope?: ScopeGrant;
}

/** Creates a user (email stored lower-case) with an argon2id password hash. */
export async function createUser(
  control: Kysely<ControlTables>,
  input: { email: string; name: string; password: string },
): Promise<string> {
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  await control.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, email: input.email.trim().toLowerCase(), name: input.name })
      .execute();
    await trx.insertInto('credentials').values({ user_id: id, password_hash: passwordHash }).execute();
  });
  return id;
}

/** Creates a membership with its roles and scope in one control-plane transaction. */
export async function createMembership(
  control: Kysely<ControlTables>,
  input: NewMembership,
): Promise<string> {
  const id = uuidv7();
  await control.transaction().execute(async (trx) => {
    await trx
      .insertInto('memberships')
      .values({
        id,
        user_id: input.userId,
        kind: input.kind,
        staff_type: input.kind === 'staff' ? (input.staffType ?? 'employee') : null,
        tenant_id: input.tenantId ?? null,
        partner_id: input.partnerId ?? null,
      })
      .execute();
    if (input.roles.length > 0) {
      await trx
        .insertInto('membership_roles')
        .values(input.roles.map((role_key) => ({ membership_id: id, role_key })))
        .execute();
    }
    const scopes = scopeRows(id, input.scope ?? {});
    if (scopes.length > 0) await trx.insertInto('membership_scopes').values(scopes).execute();
  });
  return id;
}

interface ScopeRow {
  id: string;
  membership_id: string;
  dimension: string;
  segment_id: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
}

function scopeRows(membershipId: string, scope: ScopeGrant): ScopeRow[] {
  return Object.entries(scope).flatMap(([dimension, grant]): ScopeRow[] =>
    grant === 'all'
      ? [
          {
            id: uuidv7(),
            membership_id: membershipId,
            dimension,
            segment_id: null,
            valid_from: null,
            valid_until: null,
          },
        ]
      : (grant ?? []).map((entry) => {
          const segment = typeof entry === 'string' ? { id: entry } : entry;
          return {
            id: uuidv7(),
            membership_id: membershipId,
            dimension,
            segment_id: segment.id,
            valid_from: segment.validFrom ?? null,
            valid_until: segment.validUntil ?? null,
          };
        }),
  );
}

/** A membership as the sign-in answer lists it. */
export interface MembershipSummary {
  readonly id: string;
  readonly kind: MembershipKind;
  readonly tenantId: string | null;
  readonly partnerId: string | null;
  readonly name: string;
  readonly roles: readonly string[];
}

/** The active memberships of a user, oldest first, named after their tenant, partner or the platform. */
export async function activeMembershipsOf(
  control: Kysely<ControlTables>,
  userId: string,
): Promise<MembershipSummary[]> {
  const rows = await control
    .selectFrom('memberships as m')
    .leftJoin('tenants as t', 't.id', 'm.tenant_id')
    .leftJoin('partners as p', 'p.id', 'm.partner_id')
    .select([
      'm.id',
      'm.kind',
      'm.tenant_id',
      'm.partner_id',
      't.name as tenant_name',
      'p.name as partner_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('membership_roles as r')
        .whereRef('r.membership_id', '=', 'm.id')
        .select((inner) => inner.fn.agg<string[]>('array_agg', ['r.role_key']).as('roles'))
        .as('roles'),
    )
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    tenantId: row.tenant_id,
    partnerId: row.partner_id,
    name: row.tenant_name ?? row.partner_name ?? 'Platform',
    roles: [...(row.roles ?? [])].sort(),
  }));
}
