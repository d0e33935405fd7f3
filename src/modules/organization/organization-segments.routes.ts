import { defineResourceRoutes, type HttpModule, type WithTenant } from '../../platform/http/index.ts';
import { ClientSchema, CreateClientBody, UpdateClientBody } from './client.schema.ts';
import { createClient, getClient, listClients, updateClient } from './client.service.ts';
import { CreatePortfolioBody, PortfolioSchema, UpdatePortfolioBody } from './portfolio.schema.ts';
import { createPortfolio, getPortfolio, listPortfolios, updatePortfolio } from './portfolio.service.ts';
import { CreatePracticeBody, PracticeSchema, UpdatePracticeBody } from './practice.schema.ts';
import { createPractice, getPractice, listPractices, updatePractice } from './practice.service.ts';
import { CreateRegionBody, RegionSchema, UpdateRegionBody } from './region.schema.ts';
import { createRegion, getRegion, listRegions, updateRegion } from './region.service.ts';

const common = { tags: ['organization'], read: 'read:organization', write: 'write:organization' } as const;

/** The organization module's segment routes: practices, regions, clients and portfolios. */
export function organizationSegmentRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'organization-segments',
    register(app) {
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/practices',
        noun: 'practice',
        plural: 'practices',
        schemas: { item: PracticeSchema, create: CreatePracticeBody, update: UpdatePracticeBody },
        service: { list: listPractices, create: createPractice, get: getPractice, update: updatePractice },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/regions',
        noun: 'region',
        plural: 'regions',
        schemas: { item: RegionSchema, create: CreateRegionBody, update: UpdateRegionBody },
        service: { list: listRegions, create: createRegion, get: getRegion, update: updateRegion },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/clients',
        noun: 'client',
        plural: 'clients',
        schemas: { item: ClientSchema, create: CreateClientBody, update: UpdateClientBody },
        service: { list: listClients, create: createClient, get: getClient, update: updateClient },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/portfolios',
        noun: 'portfolio',
        plural: 'portfolios',
        schemas: { item: PortfolioSchema, create: CreatePortfolioBody, update: UpdatePortfolioBody },
        service: {
          list: listPortfolios,
          create: createPortfolio,
          get: getPortfolio,
          update: updatePortfolio,
        },
      });
    },
  };
}
