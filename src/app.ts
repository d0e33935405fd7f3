import { AUDIT_VISIBILITY } from './modules/access/audit-visibility.ts';
import { delegationRoutes } from './modules/access/delegation.routes.ts';
import { DelegationService } from './modules/access/delegation.service.ts';
import { explainRoutes } from './modules/access/explain.routes.ts';
import { membershipAdminRoutes } from './modules/access/membership-admin.routes.ts';
import { MembershipAdminService } from './modules/access/membership-admin.service.ts';
import { platformOversightRoutes } from './modules/access/platform-oversight.routes.ts';
import { supportGrantRefiner } from './modules/access/support-grant.refiner.ts';
import { supportGrantRoutes } from './modules/access/support-grant.routes.ts';
import { SupportGrantService } from './modules/access/support-grant.service.ts';
import { tenantRoleRoutes } from './modules/access/tenant-role.routes.ts';
import {
  billingRoutes,
  contractFeesRoutes,
  invoiceDocumentRoutes,
  taxSettingsRoutes,
} from './modules/billing/index.ts';
import { brandingModule } from './modules/branding/index.ts';
import { consolidationRoutes } from './modules/consolidation/index.ts';
import { contractsRoutes } from './modules/contracts/index.ts';
import { einvoicingRoutes } from './modules/einvoicing/index.ts';
import { expensesRoutes } from './modules/expenses/index.ts';
import { AccessTokens } from './modules/identity/access-token.ts';
import { apiTokenRoutes } from './modules/identity/api-token.routes.ts';
import { ApiTokenService } from './modules/identity/api-token.service.ts';
import { ApiTokenAuthenticator, apiTokenOfPrincipal } from './modules/identity/api-token-auth.ts';
import { apiTokenOfHeader } from './modules/identity/api-token-secret.ts';
import { clientMembershipClients } from './modules/identity/client-membership.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { type PrincipalRefiner, resolvePrincipal } from './modules/identity/principal-resolver.ts';
import { SessionService } from './modules/identity/session.service.ts';
import { fxRateRoutes, ledgerRoutes } from './modules/ledger/index.ts';
import {
  expandPracticeScope,
  organizationRoutes,
  organizationSegmentRoutes,
} from './modules/organization/index.ts';
import { paymentRoutes } from './modules/payments/index.ts';
import { projectsRoutes } from './modules/projects/index.ts';
import { reportsRoutes } from './modules/reports/index.ts';
import { resourcesRoutes } from './modules/resources/index.ts';
import { revenueRoutes } from './modules/revenue/index.ts';
import { staffingRoutes } from './modules/staffing/index.ts';
import { timesheetsRoutes } from './modules/timesheets/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { AppError } from './platform/errors/index.ts';
import { buildHttpApp, type HttpApp, type HttpAppOptions } from './platform/http/index.ts';
import { type RateLimits, RequestRateLimiter } from './platform/http/rate-limit-policy.ts';
import type { Tessera } from './platform/runtime.ts';
import { tenancyRoutes } from './platform/tenancy/tenancy.routes.ts';
import { systemContext } from './platform/tenancy/tenant-context.ts';

export interface AppOptions {
  readonly logger: HttpAppOptions['logger'];
  /** The clock principals are resolved with (time-boxed scopes); tests move it. */
  readonly now?: () => Date;
  /** Per-process rate limits (defaults: DEFAULT_RATE_LIMITS); `false` turns them off. */
  readonly rateLimits?: Partial<RateLimits> | false;
  /** TEST ONLY: skip every route's permission check (see HttpAppOptions.authorizeEverything). */
  readonly authorizeEverything?: boolean;
  /** The built web app's folder, served on the API's port (see platform/http/web-app.ts). */
  readonly webRoot?: string;
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
  // A practice in a scope covers its sub-practices: the tree is read as the tenant itself.
  const expandPractices = (tenantId: string, ids: readonly string[]) =>
    withTenant(systemContext(tenantId, 'practice-scope'), (tx) => expandPracticeScope(tx, ids), {
      readOnly: true,
    });
  const now = options.now ?? (() => new Date());
  // A support grant token becomes a tenant principal; each request under it is recorded.
  const grantRefiner = supportGrantRefiner(tessera.control.db, now, expandPractices);
  // An API token acts as its membership, narrowed to the token's scopes and segment restriction.
  const apiTokenAuth = new ApiTokenAuthenticator({ control: tessera.control.db, now, expandPractices });
  refiners.push(apiTokenAuth.refine);
  const supportGrants = new SupportGrantService({ control: tessera.control.db, withTenant, tokens, now });
  return buildHttpApp({
    logger: options.logger,
    readiness: () => tessera.readiness(),
    authenticate: async (request) => {
      const header = request.headers.authorization;
      if (header === undefined) return null;
      const apiToken = apiTokenOfHeader(header);
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
      if (!apiToken && !match?.[1])
        throw new AppError('UNAUTHENTICATED', {}, { detail: 'Use "Authorization: Bearer <token>"' });
      const claims = apiToken ? await apiTokenAuth.verify(apiToken) : await tokens.verify(match?.[1] ?? '');
      return resolvePrincipal(claims, {
        control: tessera.control,
        refiners: [
          ...refiners,
          grantRefiner({ method: request.method, url: request.url, requestId: request.id }),
        ],
        expandPractices,
        ...(options.now ? { now: options.now } : {}),
      });
    },
    info: { title: 'Tessera API', version: '1.0.0' },
    ...(options.authorizeEverything ? { authorizeEverything: true } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.rateLimits === false
      ? {}
      : {
          rateLimit: new RequestRateLimiter({
            ...(options.rateLimits ? { limits: options.rateLimits } : {}),
            apiTokenOf: apiTokenOfPrincipal,
          }),
        }),
    modules: [
      identityRoutes(sessions),
      apiTokenRoutes(new ApiTokenService(tessera.control.db, now)),
      tenancyRoutes(tessera.control),
      organizationRoutes(withTenant),
      organizationSegmentRoutes(withTenant),
      resourcesRoutes(withTenant),
      contractsRoutes(withTenant, (tenantId, membershipId) =>
        clientMembershipClients(tessera.control.db, tenantId, membershipId),
      ),
      projectsRoutes(withTenant),
      staffingRoutes(withTenant),
      timesheetsRoutes(withTenant),
      ledgerRoutes(withTenant),
      fxRateRoutes(withTenant),
      billingRoutes(withTenant),
      contractFeesRoutes(withTenant),
      invoiceDocumentRoutes(withTenant),
      taxSettingsRoutes(withTenant),
      einvoicingRoutes(withTenant),
      paymentRoutes(withTenant),
      consolidationRoutes(withTenant),
      revenueRoutes(withTenant),
      expensesRoutes(withTenant),
      reportsRoutes(withTenant),
      auditRoutes(withTenant, AUDIT_VISIBILITY),
      supportGrantRoutes(supportGrants),
      platformOversightRoutes({ control: tessera.control, withTenant, grants: supportGrants, now }),
      delegationRoutes(new DelegationService({ control: tessera.control, withTenant, now })),
      membershipAdminRoutes(new MembershipAdminService({ control: tessera.control.db, withTenant, now })),
      tenantRoleRoutes({ control: tessera.control.db, withTenant }),
      brandingModule(tessera.control),
      explainRoutes({
        control: tessera.control,
        withTenant,
        principalOf: (membershipId, userId) =>
          resolvePrincipal(
            { userId, membershipId, sessionId: null, apiTokenId: null, grantId: null },
            { control: tessera.control, expandPractices, ...(options.now ? { now: options.now } : {}) },
          ),
      }),
    ],
  });
}
