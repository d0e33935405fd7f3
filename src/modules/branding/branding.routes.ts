import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { defineRoute, type HttpModule, IdParams, requirePrincipal } from '../../platform/http/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { hostnameOf, resolveBrand } from './brand-resolution.ts';
import type { BrandOwner } from './branding.repo.ts';
import {
  AdministeredBrandSchema,
  BrandBody,
  PartnerSummarySchema,
  ResolvedBrandSchema,
} from './branding.schema.ts';
import type { BrandingService } from './branding.service.ts';

const tags = ['branding'];

/**
 * White-label brands over HTTP: the brand a request is shown (public, resolved from the host name
 * or the caller's membership), partners in reach, and the brand administration of partners,
 * tenants and the platform.
 */
export function brandingRoutes(deps: {
  readonly control: Kysely<ControlTables>;
  readonly branding: BrandingService;
}): HttpModule {
  const { branding } = deps;
  return {
    name: 'branding',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/brand',
        permission: 'public',
        identifiesCaller: true,
        summary: "The brand to show: by host name, else the signed-in membership's, else the platform's",
        description:
          'Needs no credentials. A valid bearer token picks the brand of its tenant or partner chain; ' +
          'a missing or invalid one is answered as for an anonymous caller (never 401).',
        tags,
        schema: { response: { 200: ResolvedBrandSchema } },
        handler: async (request, reply) => {
          reply.header('cache-control', 'no-store');
          return resolveBrand(deps.control, {
            hostname: hostnameOf(request.headers.host),
            principal: request.principal,
          });
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/partners',
        permission: 'read:partners',
        summary: 'List the partners you administer (all of them for the platform)',
        tags,
        schema: {
          response: {
            200: Type.Object({ items: Type.Array(PartnerSummarySchema), nextCursor: Type.Null() }),
          },
        },
        handler: async (request) => ({
          items: await branding.partners(requirePrincipal(request)),
          nextCursor: null,
        }),
      });
      const owners: readonly [string, string, (id: string) => BrandOwner][] = [
        ['partners', "a partner of your subtree's", (id) => ({ kind: 'partner', id })],
        ['tenants', "a tenant of your subtree's", (id) => ({ kind: 'tenant', id })],
      ];
      for (const [resource, whose, ownerOf] of owners) {
        defineRoute(app, {
          method: 'GET',
          url: `/api/v1/${resource}/:id/brand`,
          permission: 'read:brand',
          summary: `Read ${whose} own brand`,
          tags,
          schema: { params: IdParams, response: { 200: AdministeredBrandSchema } },
          handler: async (request) => branding.brandOf(requirePrincipal(request), ownerOf(request.params.id)),
        });
        defineRoute(app, {
          method: 'PUT',
          url: `/api/v1/${resource}/:id/brand`,
          permission: 'write:brand',
          summary: `Replace ${whose} brand (created if it had none)`,
          tags,
          schema: { params: IdParams, body: BrandBody, response: { 200: AdministeredBrandSchema } },
          handler: async (request) =>
            branding.replaceBrand(requirePrincipal(request), ownerOf(request.params.id), request.body),
        });
      }
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/platform/brand',
        permission: 'read:brand',
        summary: "Read the platform's brand (platform operators)",
        tags,
        schema: { response: { 200: AdministeredBrandSchema } },
        handler: async (request) => branding.brandOf(requirePrincipal(request), { kind: 'platform' }),
      });
      defineRoute(app, {
        method: 'PUT',
        url: '/api/v1/platform/brand',
        permission: 'write:brand',
        summary: "Replace the platform's brand (platform operators)",
        tags,
        schema: { body: BrandBody, response: { 200: AdministeredBrandSchema } },
        handler: async (request) =>
          branding.replaceBrand(requirePrincipal(request), { kind: 'platform' }, request.body),
      });
    },
  };
}
