import type { FastifyRequest } from 'fastify';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  ListOf,
  pageOf,
  requireTenantPrincipal,
} from '../../platform/http/index.ts';
import {
  ApiTokenListQuery,
  ApiTokenSchema,
  CreateApiTokenBody,
  CreatedApiTokenSchema,
} from './api-token.schema.ts';
import type { ApiTokenService, Caller } from './api-token.service.ts';
import type { SegmentRestriction } from './api-token.tables.ts';

const tags = ['api-tokens'];
const callerOf = (request: FastifyRequest): Caller => ({
  principal: requireTenantPrincipal(request),
  clientAddress: request.ip,
});

/**
 * `/api/v1/api-tokens`. Every route takes a signed-in session (`use:session`), never an API token:
 * anyone manages their own membership's tokens; `read:api-tokens` sees the tenant's tokens and
 * `write:api-tokens` revokes them.
 */
export function apiTokenRoutes(tokens: ApiTokenService): HttpModule {
  return {
    name: 'api-tokens',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/api-tokens',
        permission: 'use:session',
        summary: 'Create an API token for your membership; the secret is shown once',
        description:
          'Scopes must be tenant permissions you hold now; at each request the token holds those its ' +
          'membership still holds, within the membership scope narrowed to `segmentRestriction`.',
        tags,
        schema: { body: CreateApiTokenBody, response: { 201: CreatedApiTokenSchema } },
        handler: async (request, reply) => {
          const { segmentRestriction, ...rest } = request.body;
          const created = await tokens.create(callerOf(request), {
            ...rest,
            ...(segmentRestriction ? { segmentRestriction: segmentRestriction as SegmentRestriction } : {}),
          });
          return reply.code(201).send(created);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/api-tokens',
        permission: 'use:session',
        summary: "List your API tokens (the tenant's with read:api-tokens), never their secrets",
        description:
          'Takes a signed-in session. `status` is active, expired or revoked; `lastUsedAt` is recorded ' +
          'to the minute.',
        tags,
        schema: { querystring: ApiTokenListQuery, response: { 200: ListOf(ApiTokenSchema) } },
        handler: (request) => tokens.list(requireTenantPrincipal(request), pageOf(request.query)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/api-tokens/:id/revoke',
        permission: 'use:session',
        summary: "Revoke an API token now (yours, or any of the tenant's with write:api-tokens)",
        description:
          'Takes effect at the token’s next request. A token you cannot see (another tenant’s, or another ' +
          "member's without read:api-tokens) is 404; one you see but may not revoke is 403.",
        tags,
        schema: { params: IdParams, response: { 200: ApiTokenSchema } },
        handler: (request) => tokens.revoke(callerOf(request), request.params.id),
      });
    },
  };
}
