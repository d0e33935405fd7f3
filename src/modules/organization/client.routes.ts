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
import { ClientSchema, CreateClientBody, UpdateClientBody } from './client.schema.ts';
import { createClient, getClient, listClients, updateClient } from './client.service.ts';

const tags = ['organization'];

/** `/api/v1/clients`: list, create, read and change clients (fields masked by clearance). */
export function registerClientRoutes(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/clients',
    permission: 'read:organization',
    summary: 'List the clients in your scope',
    tags,
    schema: { querystring: ListQuery, response: { 200: ListOf(ClientSchema) } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => listClients(tx, pageOf(request.query)), {
        readOnly: true,
      }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/clients',
    permission: 'write:organization',
    summary: 'Create a client and its workspace',
    tags,
    schema: { body: CreateClientBody, response: { 201: ClientSchema } },
    handler: async (request, reply) => {
      const client = await inRequestTenant(withTenant, request, (tx) => createClient(tx, request.body));
      return reply.code(201).send(client);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/clients/:id',
    permission: 'read:organization',
    summary: 'Read a client',
    tags,
    schema: { params: IdParams, response: { 200: ClientSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getClient(tx, request.params.id), { readOnly: true }),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v1/clients/:id',
    permission: 'write:organization',
    summary: 'Change a client',
    tags,
    schema: { params: IdParams, body: UpdateClientBody, response: { 200: ClientSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => updateClient(tx, request.params.id, request.body)),
  });
}
