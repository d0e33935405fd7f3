import { defineResourceRoutes, type HttpModule, type WithTenant } from '../../platform/http/index.ts';
import { CreateLegalEntityBody, LegalEntitySchema, UpdateLegalEntityBody } from './legal-entity.schema.ts';
import {
  createLegalEntity,
  getLegalEntity,
  listLegalEntities,
  updateLegalEntity,
} from './legal-entity.service.ts';

/** The organization module's HTTP routes: legal entities. */
export function organizationRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'organization',
    register(app) {
      defineResourceRoutes(app, withTenant, {
        path: '/api/v1/legal-entities',
        noun: 'legal entity',
        plural: 'legal entities',
        tags: ['organization'],
        read: 'read:legal-entities',
        write: 'write:legal-entities',
        schemas: { item: LegalEntitySchema, create: CreateLegalEntityBody, update: UpdateLegalEntityBody },
        service: {
          list: listLegalEntities,
          create: createLegalEntity,
          get: getLegalEntity,
          update: updateLegalEntity,
        },
      });
    },
  };
}
