import { type Kysely, sql } from 'kysely';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';

/** Failed logins allowed per account and per client address within the window. */
export const LOGIN_LIMITS = Object.freeze({ perAccount: 5, perAddress: 20, windowSeconds: 15 * 60 });

/**
 * Refuses a login attempt (429 with Retry-After) when the account or the address has failed
 * too often in the window. Counted from the recorded auth events, so it holds across restarts
 * and server processes, and for unknown accounts exactly as for known ones.
 */
export async function assertLoginAllowed(
  control: Kysely<ControlTables>,
  attempt: { email: string; clientAddress: string | null },
  now = new Date(),
): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowSeconds * 1000);
  const { rows } = await sql<{ account: bigint; address: bigint; oldest: Date | null }>`
    SELECT
      (SELECT count(*) FROM control.auth_events WHERE subject = ${attempt.email} AND event = 'login.failed' AND occurred_at > ${since}) AS account,
      (SELECT count(*) FROM control.auth_events WHERE client_address = ${attempt.clientAddress} AND event = 'login.failed' AND occurred_at > ${since}) AS address,
      (SELECT min(occurred_at) FROM control.auth_events
        WHERE (subject = ${attempt.email} OR client_address = ${attempt.clientAddress}) AND event = 'login.failed' AND occurred_at > ${since}) AS oldest`.execute(
    control,
  );
  const counts = rows[0];
  if (!counts) return;
  const byAccount = Number(counts.account) >= LOGIN_LIMITS.perAccount;
  const byAddress = Number(counts.address) >= LOGIN_LIMITS.perAddress;
  if (!byAccount && !byAddress) return;
  const oldest = counts.oldest ?? now;
  const retryAfterSeconds = Math.max(
    1,
    (oldest.getTime() + LOGIN_LIMITS.windowSeconds * 1000 - now.getTime()) / 1000,
  );
  throw new AppError(
    'RATE_LIMITED',
    { retryAfterSeconds, limit: byAccount ? 'account' : 'address' },
    {
      detail: 'Too many failed sign-in attempts; try again later',
    },
  );
}
