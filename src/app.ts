import { AccessTokens } from './modules/identity/access-token.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { type PrincipalRefiner, resolvePrincipal } from './modules/identity/principal-resolver.ts';
import { SessionService } from './modules/identity/session.service.ts';
import { organizationRoutes } from './modules/organization/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { AppError } from './platform/errors/index.ts';
import { buildHttpApp, type HttpApp, type HttpAppOptions } from './platform/http/index.ts';
import type { Tessera } from './platform/runtime.ts';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.ts';

export interface AppOptions {
  readonly logger: HttpAppOptions['logger'];
  /** The clock principals are resolved with (time-boxed scopes); tests move it. */
  readonly now?: () => Date;
}

/**
 * The composition root: Tessera's HTTP API with every module registered. A bearer access token
 * is verified, then resolved to a principal from the control plane at every request.
 */
export async function buildApp(tessera: Tessera, options: AppOptions = { logger: false }): Promise<HttpApp> {
  const tokens = await AccessTokens.load(tessera.control.db);
  const sessions = new SessionService(tessera.control.db, tokens);
  const refiners: PrincipalRefiner[] = [];
  const withTenant = tessera.withTenant;
  return buildHttpApp({
    logger: options.logger,
    readiness: () => tessera.readiness(),
    authenticate: async (request) => {
      const header = request.headers.authorization;
      if (header === undefined) return null;
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
      if (!match?.[1])
        throw new AppError('UNAUTHENTICATED', {}, { detail: 'Use "Authorization: Bearer <token>"' });
      const claims = await tokens.verify(match[1]);
      return resolvePrincipal(claims, {
        control: tessera.control,
        refiners,
        ...(options.now ? { now: options.now } : {}),
      });
    },
    info: { title: 'Tessera API', version: '1.0.0' },
    modules: [
      identityRoutes(sessions),
      tenancyRoutes(tessera.control),
      organizationRoutes(withTenant),
      auditRoutes(withTenant),
    ],
  });
}
