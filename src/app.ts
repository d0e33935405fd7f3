import { AccessTokens } from './modules/identity/access-token.ts';
import { organizationRoutes } from './modules/organization/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { AppError } from './platform/errors/index.ts';
import { buildHttpApp, type HttpApp, type HttpAppOptions } from './platform/http/index.ts';
import type { Tessera } from './platform/runtime.ts';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.ts';

/**
 * The composition root: Tessera's HTTP API with every module registered, authenticating
 * bearer access tokens signed with the control plane's keys.
 */
export async function buildApp(
  tessera: Tessera,
  tokens: AccessTokens,
  options: { logger: HttpAppOptions['logger'] } = { logger: false },
): Promise<HttpApp> {
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
      return tokens.verify(match[1]);
    },
    info: { title: 'Tessera API', version: '1.0.0' },
    modules: [tenancyRoutes(tessera.control), organizationRoutes(withTenant), auditRoutes(withTenant)],
  });
}

/** Loads the token keys of a Tessera's control plane. */
export function loadAccessTokens(tessera: Tessera): Promise<AccessTokens> {
  return AccessTokens.load(tessera.control.db);
}
