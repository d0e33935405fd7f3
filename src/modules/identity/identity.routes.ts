import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.ts';
import { defineRoute, type HttpModule, requirePrincipal } from '../../platform/http/index.ts';
import type { MembershipSummary } from './accounts.ts';
import { LoginBody, MeSchema, RefreshBody, SignedInSchema, SwitchBody } from './identity.schema.ts';
import type { SessionService, SignedIn } from './session.service.ts';

const tags = ['auth'];
const client = (request: FastifyRequest) => ({
  clientAddress: request.ip,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});
const summary = (m: MembershipSummary) => ({ ...m, roles: [...m.roles] });
const present = (signedIn: SignedIn) => ({
  accessToken: signedIn.accessToken,
  expiresAt: signedIn.expiresAt.toISOString(),
  refreshToken: signedIn.refreshToken,
  membership: summary(signedIn.membership),
  memberships: signedIn.memberships.map(summary),
});

function sessionOf(request: FastifyRequest): { sessionId: string; userId: string } {
  const principal = requirePrincipal(request);
  if (!principal.sessionId)
    throw new AppError('FORBIDDEN', {}, { detail: 'Only a signed-in session can do this' });
  return { sessionId: principal.sessionId, userId: principal.userId };
}

/** Sign-in, refresh, membership switch, sign-out and "who am I". */
export function identityRoutes(sessions: SessionService): HttpModule {
  return {
    name: 'identity',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/auth/login',
        permission: 'public',
        summary: 'Sign in with email and password; the token is bound to one membership',
        tags,
        schema: { body: LoginBody, response: { 200: SignedInSchema } },
        handler: async (request) => present(await sessions.login({ ...request.body, ...client(request) })),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/auth/refresh',
        permission: 'public',
        summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
        tags,
        schema: { body: RefreshBody, response: { 200: SignedInSchema } },
        handler: async (request) =>
          present(await sessions.refresh(request.body.refreshToken, client(request))),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/auth/switch',
        permission: 'use:session',
        summary: 'Switch to another of your memberships (ends the current session)',
        tags,
        schema: { body: SwitchBody, response: { 200: SignedInSchema } },
        handler: async (request) => {
          const { sessionId, userId } = sessionOf(request);
          return present(
            await sessions.switchMembership(sessionId, userId, request.body.membershipId, client(request)),
          );
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/auth/logout',
        permission: 'use:session',
        summary: 'Sign out: the session and its tokens stop working at once',
        tags,
        schema: {},
        handler: async (request, reply) => {
          await sessions.logout(sessionOf(request).sessionId, client(request));
          return reply.code(204).send();
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/auth/me',
        permission: 'use:session',
        summary: 'Who you are in this session: membership, permissions, scope and clearance',
        tags,
        schema: { response: { 200: MeSchema } },
        handler: async (request) => {
          const p = requirePrincipal(request);
          return {
            userId: p.userId,
            membershipId: p.membershipId,
            kind: p.kind,
            permissions: [...p.permissions].sort(),
            ...(p.kind === 'tenant'
              ? {
                  tenantId: p.tenantId,
                  clearance: p.clearance,
                  scope: Object.fromEntries(
                    Object.entries(p.scope).map(([dimension, ids]) => [
                      dimension,
                      ids === 'all' ? ('all' as const) : [...ids],
                    ]),
                  ),
                }
              : {}),
            ...(p.kind === 'partner' ? { partnerId: p.partnerId } : {}),
          };
        },
      });
    },
  };
}
