import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { AccessTokens } from './access-token.ts';
import { activeMembershipsOf, type MembershipSummary } from './accounts.ts';
import { recordAuthEvent } from './auth-events.ts';
import { assertLoginAllowed } from './login-throttle.ts';
import { DECOY_HASH, verifyPassword } from './password.ts';

/** What a sign-in, a refresh or a switch answers. */
export interface SignedIn {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken: string;
  readonly sessionId: string;
  readonly membership: MembershipSummary;
  readonly memberships: readonly MembershipSummary[];
}

export interface ClientFacts {
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
}

const SESSION_DAYS = 14;
const badCredentials = () =>
  new AppError(
    'UNAUTHENTICATED',
    { reason: 'credentials' },
    { detail: 'The email or password is not correct' },
  );

/**
 * Sessions: sign-in with a password (throttled, audited), refresh with a rotating refresh token
 * (a reused one revokes the session), switch membership, sign-out with immediate effect.
 */
export class SessionService {
  constructor(
    private readonly control: Kysely<ControlTables>,
    private readonly tokens: AccessTokens,
  ) {}

  async login(
    input: { email: string; password: string; membershipId?: string } & ClientFacts,
  ): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase();
    const facts = { subject: email, clientAddress: input.clientAddress };
    try {
      await assertLoginAllowed(this.control, { email, clientAddress: input.clientAddress });
    } catch (error) {
      await recordAuthEvent(this.control, 'login.throttled', facts);
      throw error;
    }
    const account = await this.control
      .selectFrom('users')
      .innerJoin('credentials', 'credentials.user_id', 'users.id')
      .select(['users.id', 'users.status', 'credentials.password_hash'])
      .where('users.email', '=', email)
      .executeTakeFirst();
    const matches = await verifyPassword(account?.password_hash ?? (await DECOY_HASH), input.password);
    if (!account || !matches || account.status !== 'active') {
      await recordAuthEvent(this.control, 'login.failed', { ...facts, userId: account?.id ?? null });
      throw badCredentials();
    }
    const signedIn = await this.open(account.id, input.membershipId, input);
    await recordAuthEvent(this.control, 'login.succeeded', {
      ...facts,
      userId: account.id,
      membershipId: signedIn.membership.id,
      tenantId: signedIn.membership.tenantId,
      partnerId: signedIn.membership.partnerId,
    });
    return signedIn;
  }

  /** Exchanges a refresh token for a new access token and a new refresh token. */
  async refresh(refreshToken: string, client: ClientFacts): Promise<SignedIn> {
    const [sessionId, secret] = refreshToken.split('.', 2);
    const session =
      sessionId && /^[0-9a-f-]{36}$/.test(sessionId)
        ? await this.control.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst()
        : undefined;
    if (!session || !secret || session.revoked_at !== null || session.expires_at <= new Date()) {
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: 'refresh' },
        { detail: 'The session has ended; sign in again' },
      );
    }
    if (!sameHash(session.refresh_hash, hashOf(secret))) {
      // An old refresh token came back: someone holds a copy. End the session for both.
      await this.revoke(session.id);
      await recordAuthEvent(this.control, 'session.refresh-reused', {
        userId: session.user_id,
        membershipId: session.membership_id,
        ...client,
      });
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: 'refresh reused' },
        { detail: 'The session has ended; sign in again' },
      );
    }
    const next = randomBytes(32).toString('base64url');
    await this.control
      .updateTable('sessions')
      .set({ refresh_hash: hashOf(next), last_used_at: new Date() })
      .where('id', '=', session.id)
      .execute();
    await recordAuthEvent(this.control, 'session.refreshed', {
      userId: session.user_id,
      membershipId: session.membership_id,
      ...client,
    });
    return this.answer(session.user_id, session.membership_id, session.id, `${session.id}.${next}`);
  }

  /** Ends the session now: its access and refresh tokens stop working at the next request. */
  async logout(sessionId: string, client: ClientFacts): Promise<void> {
    const session = await this.control
      .selectFrom('sessions')
      .select(['user_id', 'membership_id'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    await this.revoke(sessionId);
    await recordAuthEvent(this.control, 'session.revoked', {
      userId: session?.user_id,
      membershipId: session?.membership_id,
      ...client,
    });
  }

  /** Ends the current session and opens one on another membership of the same user. */
  async switchMembership(
    sessionId: string,
    userId: string,
    membershipId: string,
    client: ClientFacts,
  ): Promise<SignedIn> {
    const signedIn = await this.open(userId, membershipId, client);
    await this.revoke(sessionId);
    await recordAuthEvent(this.control, 'membership.switched', {
      userId,
      membershipId,
      tenantId: signedIn.membership.tenantId,
      ...client,
    });
    return signedIn;
  }

  private async open(
    userId: string,
    membershipId: string | undefined,
    client: ClientFacts,
  ): Promise<SignedIn> {
    const memberships = await activeMembershipsOf(this.control, userId);
    const membership = membershipId ? memberships.find((m) => m.id === membershipId) : memberships[0];
    if (!membership) {
      throw new AppError(
        'FORBIDDEN',
        { userId, membershipId: membershipId ?? null },
        {
          detail: membershipId ? 'That membership is not one of yours' : 'You have no active membership',
        },
      );
    }
    const id = uuidv7();
    const secret = randomBytes(32).toString('base64url');
    await this.control
      .insertInto('sessions')
      .values({
        id,
        user_id: userId,
        membership_id: membership.id,
        refresh_hash: hashOf(secret),
        expires_at: new Date(Date.now() + SESSION_DAYS * 86_400_000),
        revoked_at: null,
        client_address: client.clientAddress,
        user_agent: client.userAgent?.slice(0, 500) ?? null,
      })
      .execute();
    return this.answer(userId, membership.id, id, `${id}.${secret}`, memberships);
  }

  private async answer(
    userId: string,
    membershipId: string,
    sessionId: string,
    refreshToken: string,
    known?: readonly MembershipSummary[],
  ): Promise<SignedIn> {
    const memberships = known ?? (await activeMembershipsOf(this.control, userId));
    const membership = memberships.find((m) => m.id === membershipId);
    if (!membership)
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: 'membership' },
        { detail: 'The membership is no longer active' },
      );
    const { token, expiresAt } = await this.tokens.issue({
      userId,
      membershipId,
      sessionId,
      apiTokenId: null,
      grantId: null,
    });
    return { accessToken: token, expiresAt, refreshToken, sessionId, membership, memberships };
  }

  private async revoke(sessionId: string): Promise<void> {
    await this.control
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
