import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';

/** Any control-plane event: `<subject>.<what happened>`. */
export type ControlEventName = `${string}.${string}`;

/** The events of signing in and sessions. */
export type AuthEventName =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'session.refreshed'
  | 'session.refresh-reused'
  | 'session.revoked'
  | 'membership.switched';

/**
 * Records one control-plane event (sign-in, sessions, API tokens, administration): who, from
 * where, on what, what happened. The one writer of `control.auth_events`.
 */
export async function recordAuthEvent(
  control: Kysely<ControlTables>,
  event: ControlEventName,
  facts: {
    subject?: string | null;
    userId?: string | null;
    membershipId?: string | null;
    tenantId?: string | null;
    partnerId?: string | null;
    clientAddress?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await control
    .insertInto('auth_events')
    .values({
      id: uuidv7(),
      event,
      subject: facts.subject ?? null,
      user_id: facts.userId ?? null,
      membership_id: facts.membershipId ?? null,
      tenant_id: facts.tenantId ?? null,
      partner_id: facts.partnerId ?? null,
      client_address: facts.clientAddress ?? null,
      detail: JSON.stringify(facts.detail ?? {}),
    })
    .execute();
}
