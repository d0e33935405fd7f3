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
import { CreatePracticeBody, PracticeSchema, UpdatePracticeBody } from './practice.schema.ts';
import { createPractice, getPractice, listPractices, updatePractice } from './practice.service.ts';

const tags = ['organization'];

/** `/api/v1/practices`: list, create, read and change (including moving) practices. */
export function registerPracticeRoutes(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/practices',
    permission: 'read:organization',
    summary: 'List the practices in your scope',
    tags,
    schema: { querystring: ListQuery, response: { 200: ListOf(PracticeSchema) } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => listPractices(tx, pageOf(request.query)), {
        readOnly: true,
      }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/practices',
    permission: 'write:organization',
    summary: 'Create a practice, top-level or under a parent',
    tags,
    schema: { body: CreatePracticeBody, response: { 201: PracticeSchema } },
    handler: async (request, reply) => {
      const practice = await inRequestTenant(withTenant, request, (tx) => createPractice(tx, request.body));
      return reply.code(201).send(practice);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/practices/:id',
    permission: 'read:organization',
    summary: 'Read a practice',
    tags,
    schema: { params: IdParams, response: { 200: PracticeSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getPractice(tx, request.params.id), { readOnly: true }),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v1/practices/:id',
    permission: 'write:organization',
    summary: 'Change a practice; a new parentId moves it with its sub-practices',
    tags,
    schema: { params: IdParams, body: UpdatePracticeBody, response: { 200: PracticeSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => updatePractice(tx, request.params.id, request.body)),
  });
}
