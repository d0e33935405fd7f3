import { AuditVerificationSchema } from '../../platform/audit/audit-verification.schema.ts';
import { verifyAuditChain } from '../../platform/audit/verify-audit-chain.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  ListOf,
  pageOf,
  requirePrincipal,
  type WithTenant,
} from '../../platform/http/index.ts';
import type { ControlPlane } from '../../platform/tenancy/control-plane.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { OverseenGrantSchema } from './platform-oversight.schema.ts';
import { listOverseenGrants } from './platform-oversight.service.ts';
import { GrantListQuery, SupportGrantSchema } from './support-grant.schema.ts';
import type { SupportGrantService } from './support-grant.service.ts';

export interface PlatformOversightDeps {
  readonly control: ControlPlane;
  readonly withTenant: WithTenant;
  readonly grants: SupportGrantService;
  readonly now: () => Date;
}

/** Only the platform's own operators: the permissions are of the platform realm. */
function requireOperator(request: Parameters<typeof requirePrincipal>[0]) {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'platform') throw new AppError('FORBIDDEN', { kind: principal.kind });
  return principal;
}

/**
 * Platform oversight: the operators' queue of every tenant's support grants with a kill switch,
 * and verification of any tenant's audit chain (the result only, never an event).
 */
export function platformOversightRoutes(deps: PlatformOversightDeps): HttpModule {
  return {
    name: 'platform-oversight',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/platform/support-grants',
        permission: 'oversee:support-grants',
        summary: "List every tenant's support grants, newest first",
        description:
          'Read-only oversight: the tenant still approves or denies. `status` filters on the stored state (an approved grant past its end shows as expired).',
        tags: ['platform'],
        schema: { querystring: GrantListQuery, response: { 200: ListOf(OverseenGrantSchema) } },
        handler: (request) => {
          requireOperator(request);
          return listOverseenGrants(deps.control.db, pageOf(request.query), request.query.status, deps.now());
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/platform/support-grants/:id/revoke',
        permission: 'oversee:support-grants',
        summary: 'End any support grant at once, or withdraw a pending request (the kill switch)',
        description: 'A grant that has already ended, been denied or revoked answers 409.',
        tags: ['platform'],
        schema: { params: IdParams, response: { 200: SupportGrantSchema } },
        handler: (request) =>
          deps.grants.revokeAsPlatform(requireOperator(request), request.params.id, request.id),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants/:id/audit-verification',
        permission: 'verify:tenant-audit',
        summary: "Verify a tenant's audit hash chain and report the first break",
        description:
          'The same check as `tessera audit verify` and `GET /api/v1/audit/verify`; answers the result only.',
        tags: ['platform'],
        schema: { params: IdParams, response: { 200: AuditVerificationSchema } },
        handler: async (request) => {
          requireOperator(request);
          const tenant = await deps.control.findTenant(request.params.id);
          if (!tenant) throw new AppError('NOT_FOUND', { resource: 'tenant', id: request.params.id });
          return deps.withTenant(systemContext(tenant.id, 'audit-verify'), verifyAuditChain, {
            readOnly: true,
          });
        },
      });
    },
  };
}
