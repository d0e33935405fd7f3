import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../../src/app.ts';
import { AccessTokens } from '../../src/modules/identity/access-token.ts';
import { createMembership, createUser, type NewMembership } from '../../src/modules/identity/accounts.ts';
import { SessionService } from '../../src/modules/identity/session.service.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import type { TestTessera } from './test-tessera.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A signed-in test identity: its user, membership and a real access token. */
export interface TestIdentity {
  readonly userId: string;
  readonly membershipId: string;
  readonly email: string;
  readonly token: string;
  readonly refreshToken: string;
  /** `{ authorization: 'Bearer …' }` */
  readonly headers: { authorization: string };
}

/** The HTTP app over a test Tessera, and a way to create signed-in identities of any membership. */
export async function openTestApp(
  t: TestTessera,
  options: { now?: () => Date } = {},
): Promise<{ app: HttpApp; signIn(membership: Omit<NewMembership, 'userId'>): Promise<TestIdentity> }> {
  const app = await buildApp(t.tessera, { logger: false, ...options });
  const sessions = new SessionService(t.tessera.control.db, await AccessTokens.load(t.tessera.control.db));
  return {
    app,
    signIn: async (membership) => {
      const email = `person-${uuidv7()}@example.test`;
      const userId = await createUser(t.tessera.control.db, {
        email,
        name: 'Test Person',
        password: TEST_PASSWORD,
      });
      const membershipId = await createMembership(t.tessera.control.db, { ...membership, userId });
      const signedIn = await sessions.login({
        email,
        password: TEST_PASSWORD,
        membershipId,
        clientAddress: null,
        userAgent: null,
      });
      return {
        userId,
        membershipId,
        email,
        token: signedIn.accessToken,
        refreshToken: signedIn.refreshToken,
        headers: { authorization: `Bearer ${signedIn.accessToken}` },
      };
    },
  };
}

/** Staff of a tenant with the given roles and every segment unless narrowed. */
export function staffOf(
  tenantId: string,
  roles: readonly string[],
  scope: NewMembership['scope'] = {},
): Omit<NewMembership, 'userId'> {
  return {
    kind: 'staff',
    tenantId,
    roles,
    scope: { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all', ...scope },
  };
}

/** The authorization header of an access token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Who = { authorization: string };

/** GET, POST and PATCH to the app `app()` returns, as whoever `who` (a bearer header) is. */
export function requestsAs(app: () => HttpApp) {
  return {
    get: (url: string, who: Who) => app().inject({ method: 'GET', url, headers: who }),
    post: (url: string, who: Who, payload?: object) =>
      app().inject({ method: 'POST', url, headers: who, ...(payload ? { payload } : {}) }),
    patch: (url: string, who: Who, payload: object) =>
      app().inject({ method: 'PATCH', url, headers: who, payload }),
  };
}
