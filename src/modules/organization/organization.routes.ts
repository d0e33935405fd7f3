import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  ListQuery,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { CreateLegalEntityBody, LegalEntitySchema, UpdateLegalEntityBody } from './legal-entity.schema.ts';
import {
  createLegalEntity,
  getLegalEntity,
  listLegalEntities,
  updateLegalEntity,
} from './legal-entity.service.ts';

const tags = ['organization'];

/** The organization module's HTTP routes: legal entities. */
export function organizationRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'organization',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/legal-entities',
        permission: 'read:legal-entities',
        summary: 'List the legal entities in your scope',
        tags,
        schema: { querystring: ListQuery, response: { 200: ListOf(LegalEntitySchema) } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => listLegalEntities(tx, pageOf(request.query)), {
            readOnly: true,
          }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/legal-entities',
        permission: 'write:legal-entities',
        summary: 'Create a legal entity',
        tags,
        schema: { body: CreateLegalEntityBody, response: { 201: LegalEntitySchema } },
        handler: async (request, reply) => {
          const entity = await inRequestTenant(withTenant, request, (tx) =>
            createLegalEntity(tx, request.body),
          );
          return reply.code(201).send(entity);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/legal-entities/:id',
        permission: 'read:legal-entities',
        summary: 'Read a legal entity',
        tags,
        schema: { params: IdParams, response: { 200: LegalEntitySchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getLegalEntity(tx, request.params.id), {
            readOnly: true,
          }),
      });
      defineRoute(app, {
        method: 'PATCH',
        url: '/api/v1/legal-entities/:id',
        permission: 'write:legal-entities',
        summary: 'Change a legal entity',
        tags,
        schema: { params: IdParams, body: UpdateLegalEntityBody, response: { 200: LegalEntitySchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            updateLegalEntity(tx, request.params.id, request.body),
          ),
      });
    },
  };
}
