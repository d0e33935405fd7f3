import type { Kysely, Selectable } from 'kysely';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { recordAuthEvent } from './auth-events.ts';
import './api-token.tables.ts';

export type ApiTokenRow = Selectable<ControlTables['api_tokens']>;
/** A token row with the user of its membership, as authentication needs it. */
export type ApiTokenCredential = ApiTokenRow & { readonly user_id: string };

/** One token by id with its membership's user, whatever its tenant or state (authentication only). */
export function findApiTokenCredential(
  control: Kysely<ControlTables>,
  id: string,
): Promise<ApiTokenCredential | undefined> {
  return control
    .selectFrom('api_tokens as t')
    .innerJoin('memberships as m', 'm.id', 't.membership_id')
    .selectAll('t')
    .select('m.user_id')
    .where('t.id', '=', id)
    .executeTakeFirst();
}

/** One token of the tenant, in whatever state. */
export function findApiToken(
  control: Kysely<ControlTables>,
  tenantId: string,
  id: string,
): Promise<ApiTokenRow | undefined> {
  return control
    .selectFrom('api_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of the tenant's tokens in id order after `afterId`; only the membership's when given. */
export function listApiTokenPage(
  control: Kysely<ControlTables>,
  filter: { tenantId: string; membershipId: string | null },
  limit: number,
  afterId: string | null,
): Promise<ApiTokenRow[]> {
  let query = control.selectFrom('api_tokens').selectAll().where('tenant_id', '=', filter.tenantId);
  if (filter.membershipId !== null) query = query.where('membership_id', '=', filter.membershipId);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

export function insertApiToken(
  control: Kysely<ControlTables>,
  row: {
    id: string;
    tenant_id: string;
    membership_id: string;
    name: string;
    secret_hash: string;
    scopes: string[];
    segment_restriction: string;
    rate_limit_tier: ApiTokenRow['rate_limit_tier'];
    expires_at: Date | null;
  },
): Promise<ApiTokenRow> {
  return control.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Revokes the tenant's token unless it already is; the row as it is afterwards. */
export async function revokeApiTokenRow(
  control: Kysely<ControlTables>,
  tenantId: string,
  id: string,
  by: { membershipId: string; at: Date },
): Promise<ApiTokenRow | undefined> {
  await control
    .updateTable('api_tokens')
    .set({ revoked_at: by.at, revoked_by: by.membershipId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return findApiToken(control, tenantId, id);
}

/** Records that the token was used, unless another request already did within the minute. */
export async function touchApiToken(control: Kysely<ControlTables>, id: string, at: Date): Promise<void> {
  await control
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]),
    )
    .execute();
}

/** Records an API token event beside the other authentication events of the control plane. */
export async function recordApiTokenEvent(
  control: Kysely<ControlTables>,
  event: 'api-token.created' | 'api-token.revoked',
  facts: {
    userId: string;
    membershipId: string;
    tenantId: string;
    clientAddress: string | null;
    token: ApiTokenRow;
  },
): Promise<void> {
  await recordAuthEvent(control, event, {
    subject: facts.token.id,
    userId: facts.userId,
    membershipId: facts.membershipId,
    tenantId: facts.tenantId,
    clientAddress: facts.clientAddress,
    detail: {
      tokenId: facts.token.id,
      name: facts.token.name,
      owner: facts.token.membership_id,
      scopes: facts.token.scopes,
    },
  });
}
