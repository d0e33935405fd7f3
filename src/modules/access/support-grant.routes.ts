import {
  defineRoute,
  type HttpModule,
  IdParams,
  ListOf,
  pageOf,
  requirePrincipal,
  requireTenantPrincipal,
} from '../../platform/http/index.ts';
import {
  DecisionBody,
  GrantListQuery,
  GrantTokenSchema,
  GrantUseSchema,
  RequestSupportGrantBody,
  SupportGrantSchema,
} from './support-grant.schema.ts';
import type { SupportGrantService } from './support-grant.service.ts';

const tags = ['support-grants'];

/**
 * Support access over HTTP: engineers request grants and exchange them for grant tokens; the
 * tenant's admins list, approve, deny and revoke them and see every request made under them.
 */
export function supportGrantRoutes(grants: SupportGrantService): HttpModule {
  return {
    name: 'support-grants',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/support-grants',
        permission: 'request:support-grants',
        summary: 'Ask a tenant for time-boxed, read-only support access (or open a break-glass grant)',
        description:
          'A request waits for a tenant admin; approval starts the clock. A break-glass grant starts at once and alerts the tenant.',
        tags,
        schema: { body: RequestSupportGrantBody, response: { 201: SupportGrantSchema } },
        handler: async (request, reply) => {
          const grant = await grants.request(requirePrincipal(request), request.body, request.id);
          return reply.code(201).send(grant);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/support-grants/mine',
        permission: 'request:support-grants',
        summary: 'List the support grants you asked for',
        tags,
        schema: { querystring: GrantListQuery, response: { 200: ListOf(SupportGrantSchema) } },
        handler: (request) => grants.listOwn(requirePrincipal(request), pageOf(request.query)),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/support-grants',
        permission: 'read:support-grants',
        summary: "List the tenant's support grants, newest first",
        tags,
        schema: { querystring: GrantListQuery, response: { 200: ListOf(SupportGrantSchema) } },
        handler: (request) =>
          grants.listForTenant(
            requireTenantPrincipal(request).tenantId,
            pageOf(request.query),
            request.query.status,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/support-grants/:id',
        permission: 'read:support-grants',
        summary: 'Read a support grant of the tenant',
        tags,
        schema: { params: IdParams, response: { 200: SupportGrantSchema } },
        handler: (request) =>
          grants.getForTenant(requireTenantPrincipal(request).tenantId, request.params.id),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/support-grants/:id/uses',
        permission: 'read:support-grants',
        summary: 'Every request made under a support grant, newest first',
        tags,
        schema: {
          params: IdParams,
          querystring: GrantListQuery,
          response: { 200: ListOf(GrantUseSchema) },
        },
        handler: (request) =>
          grants.usesOf(requireTenantPrincipal(request).tenantId, request.params.id, pageOf(request.query)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/support-grants/:id/approve',
        permission: 'approve:support-grants',
        summary: 'Approve a pending support request: the grant starts now',
        tags,
        schema: { params: IdParams, body: DecisionBody, response: { 200: SupportGrantSchema } },
        handler: (request) =>
          grants.approve(
            requireTenantPrincipal(request),
            request.params.id,
            request.body?.note ?? null,
            request.id,
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/support-grants/:id/deny',
        permission: 'approve:support-grants',
        summary: 'Deny a pending support request',
        tags,
        schema: { params: IdParams, body: DecisionBody, response: { 200: SupportGrantSchema } },
        handler: (request) =>
          grants.deny(
            requireTenantPrincipal(request),
            request.params.id,
            request.body?.note ?? null,
            request.id,
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/support-grants/:id/revoke',
        permission: 'use:session',
        summary: 'End a support grant at once (a tenant admin who may approve grants, or the engineer)',
        description:
          'Allowed to the requesting engineer and to admins of the tenant with approve:support-grants; anyone else gets 404.',
        tags,
        schema: { params: IdParams, response: { 200: SupportGrantSchema } },
        handler: (request) => grants.revoke(requirePrincipal(request), request.params.id, request.id),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/support-grants/:id/token',
        permission: 'request:support-grants',
        summary: 'Exchange your session for an access token that acts under an approved grant',
        tags,
        schema: { params: IdParams, response: { 200: GrantTokenSchema } },
        handler: (request) => grants.issueToken(requirePrincipal(request), request.params.id),
      });
    },
  };
}
