import type { Kysely } from 'kysely';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import './identity.tables.ts';

/**
 * The clients an active client membership of the tenant is scoped to (`all` when its client
 * dimension covers every client), or null when the id names no active client membership of
 * that tenant: another tenant's, a staff member's and a missing one look alike.
 */
export async function clientMembershipClients(
  control: Kysely<ControlTables>,
  tenantId: string,
  membershipId: string,
): Promise<'all' | string[] | null> {
  const membership = await control
    .selectFrom('memberships')
    .select('id')
    .where('id', '=', membershipId)
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'client')
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!membership) return null;
  const scopes = await control
    .selectFrom('membership_scopes')
    .select('segment_id')
    .where('membership_id', '=', membershipId)
    .where('dimension', '=', 'client')
    .execute();
  if (scopes.some((scope) => scope.segment_id === null)) return 'all';
  return scopes.map((scope) => scope.segment_id as string);
}
