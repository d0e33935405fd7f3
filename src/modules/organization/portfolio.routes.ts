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
import { CreatePortfolioBody, PortfolioSchema, UpdatePortfolioBody } from './portfolio.schema.ts';
import { createPortfolio, getPortfolio, listPortfolios, updatePortfolio } from './portfolio.service.ts';

const tags = ['organization'];

/** `/api/v1/portfolios`: list, create, read and change portfolios. */
export function registerPortfolioRoutes(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/portfolios',
    permission: 'read:organization',
    summary: 'List the portfolios in your scope',
    tags,
    schema: { querystring: ListQuery, response: { 200: ListOf(PortfolioSchema) } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => listPortfolios(tx, pageOf(request.query)), {
        readOnly: true,
      }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/portfolios',
    permission: 'write:organization',
    summary: 'Create a portfolio',
    tags,
    schema: { body: CreatePortfolioBody, response: { 201: PortfolioSchema } },
    handler: async (request, reply) => {
      const portfolio = await inRequestTenant(withTenant, request, (tx) => createPortfolio(tx, request.body));
      return reply.code(201).send(portfolio);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/portfolios/:id',
    permission: 'read:organization',
    summary: 'Read a portfolio',
    tags,
    schema: { params: IdParams, response: { 200: PortfolioSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getPortfolio(tx, request.params.id), { readOnly: true }),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v1/portfolios/:id',
    permission: 'write:organization',
    summary: 'Change a portfolio',
    tags,
    schema: { params: IdParams, body: UpdatePortfolioBody, response: { 200: PortfolioSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => updatePortfolio(tx, request.params.id, request.body)),
  });
}
