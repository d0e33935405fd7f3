import { Type } from 'typebox';
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
import { addCostRate, listCostRates } from './cost-rate.service.ts';
import { createPerson, getPerson, listPeople, updatePerson } from './person.service.ts';
import {
  CostRateSchema,
  CreateCostRateBody,
  CreatePersonBody,
  PersonSchema,
  UpdatePersonBody,
} from './resources.schema.ts';

const tags = ['resources'];

/** People and their (restricted) cost rates. */
export function resourcesRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'resources',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/people',
        permission: 'read:people',
        summary: 'List the people in your scope',
        tags,
        schema: { querystring: ListQuery, response: { 200: ListOf(PersonSchema) } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => listPeople(tx, pageOf(request.query)), {
            readOnly: true,
          }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/people',
        permission: 'write:people',
        summary: 'Add a person (employee or subcontractor)',
        tags,
        schema: { body: CreatePersonBody, response: { 201: PersonSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(await inRequestTenant(withTenant, request, (tx) => createPerson(tx, request.body))),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/people/:id',
        permission: 'read:people',
        summary: 'Read a person',
        tags,
        schema: { params: IdParams, response: { 200: PersonSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getPerson(tx, request.params.id), { readOnly: true }),
      });
      defineRoute(app, {
        method: 'PATCH',
        url: '/api/v1/people/:id',
        permission: 'write:people',
        summary: "Change a person's name, capacity, role, skills, supplier or status",
        tags,
        schema: { params: IdParams, body: UpdatePersonBody, response: { 200: PersonSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => updatePerson(tx, request.params.id, request.body)),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/people/:id/cost-rates',
        permission: 'read:cost',
        summary: "A person's cost rates (restricted: payroll-linked)",
        tags,
        schema: { params: IdParams, response: { 200: Type.Object({ items: Type.Array(CostRateSchema) }) } },
        handler: async (request) => ({
          items: await inRequestTenant(withTenant, request, (tx) => listCostRates(tx, request.params.id), {
            readOnly: true,
          }),
        }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/people/:id/cost-rates',
        permission: 'write:cost',
        summary: 'Set a cost rate of a person from a date',
        tags,
        schema: { params: IdParams, body: CreateCostRateBody, response: { 201: CostRateSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(
              await inRequestTenant(withTenant, request, (tx) =>
                addCostRate(tx, request.params.id, request.body),
              ),
            ),
      });
    },
  };
}
