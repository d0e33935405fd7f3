import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { OverseenGrantSchema } from './platform-oversight.schema.ts';
import type { SupportGrantStatus } from './support-grant.tables.ts';
import './support-grant.tables.ts';

/** A support grant as the platform's queue shows it. */
export type OverseenGrant = Static<typeof OverseenGrantSchema>;

type Page = { readonly limit: number; readonly cursor: string | null };

/**
 * Every tenant's support grants, newest first, keyset-paged: the platform's read-only view of
 * support access (the tenant still decides). `status` filters on the stored state, as the
 * tenant's own list does: an approved grant past its end is listed under `approved` as `expired`.
 */
export async function listOverseenGrants(
  control: Kysely<ControlTables>,
  page: Page,
  status: SupportGrantStatus | undefined,
  now: Date,
): Promise<{ items: OverseenGrant[]; nextCursor: string | null }> {
  let query = control
    .selectFrom('support_grants as g')
    .innerJoin('users as u', 'u.id', 'g.requested_by')
    .innerJoin('tenants as t', 't.id', 'g.tenant_id')
    .selectAll('g')
    .select(['u.email', 'u.name as engineer_name', 't.name as tenant_name', 't.slug as tenant_slug'])
    .select((eb) =>
      eb
        .selectFrom('support_grant_uses as x')
        .select(eb.fn.countAll<string | number | bigint>().as('n'))
        .whereRef('x.grant_id', '=', 'g.id')
        .as('use_count'),
    )
    .orderBy('g.id', 'desc')
    .limit(page.limit + 1);
  if (status) query = query.where('g.status', '=', status);
  if (page.cursor) query = query.where('g.id', '<', page.cursor);
  const rows = await query.execute();
  const items = rows.slice(0, page.limit);
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  return {
    items: items.map((row) => {
      const expired = row.status === 'approved' && (row.expires_at as Date) <= now;
      return {
        id: row.id,
        tenant: { id: row.tenant_id, name: row.tenant_name, slug: row.tenant_slug },
        engineer: { name: row.engineer_name, email: row.email },
        reason: row.reason,
        permissions: [...row.permissions],
        durationMinutes: row.duration_minutes,
        breakGlass: row.break_glass,
        status: expired ? 'expired' : row.status,
        active: row.status === 'approved' && !expired,
        requestedAt: row.requested_at.toISOString(),
        decidedAt: iso(row.decided_at),
        approvedAt: iso(row.approved_at),
        expiresAt: iso(row.expires_at),
        revokedAt: iso(row.revoked_at),
        useCount: Number(row.use_count),
      };
    }),
    nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
  };
}
