import {
  defineRoute,
  type HttpApp,
  IdParams,
  inRequestTenant,
  ListOf,
  ListQuery,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { CreateRegionBody, RegionSchema, UpdateRegionBody } from './region.schema.ts';
import { createRegion, getRegion, listRegions, updateRegion } from './region.service.ts';

const tags = ['organization'];

/** `/api/v1/regions`: list, create, read and change regions. */
export function registerRegionRoutes(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/regions',
    permission: 'read:organization',
    summary: 'List the regions in your scope',
    tags,
    schema: { querystring: ListQuery, response: { 200: ListOf(RegionSchema) } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => listRegions(tx, pageOf(request.query)), {
        readOnly: true,
      }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/regions',
    permission: 'write:organization',
    summary: 'Create a region',
    tags,
    schema: { body: CreateRegionBody, response: { 201: RegionSchema } },
    handler: async (request, reply) => {
      const region = await inRequestTenant(withTenant, request, (tx) => createRegion(tx, request.body));
      return reply.code(201).send(region);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/regions/:id',
    permission: 'read:organization',
    summary: 'Read a region',
    tags,
    schema: { params: IdParams, response: { 200: RegionSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getRegion(tx, request.params.id), { readOnly: true }),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v1/regions/:id',
    permission: 'write:organization',
    summary: 'Change a region',
    tags,
    schema: { params: IdParams, body: UpdateRegionBody, response: { 200: RegionSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => updateRegion(tx, request.params.id, request.body)),
  });
}
