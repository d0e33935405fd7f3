import { Type } from 'typebox';
import {
  defineResourceRoutes,
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  type ClientMembershipLookup,
  createContact,
  getContact,
  listContacts,
  type MembershipToLink,
  updateContact,
} from './contact.service.ts';
import { createContract, getContract, listContracts, updateContract } from './contract.service.ts';
import {
  ContactSchema,
  ContractSchema,
  CreateContactBody,
  CreateContractBody,
  CreateRateBody,
  CreateRateCardBody,
  RateCardSchema,
  RateSchema,
  UpdateContactBody,
  UpdateContractBody,
  UpdateRateCardBody,
} from './contracts.schema.ts';
import {
  addRate,
  createRateCard,
  getRateCard,
  listRateCards,
  listRates,
  updateRateCard,
} from './rate-card.service.ts';

const common = { tags: ['contracts'], read: 'read:organization', write: 'write:organization' } as const;

/** Delivery operations: client contacts, contracts, rate cards and their bill rates. */
export function contractsRoutes(withTenant: WithTenant, memberships?: ClientMembershipLookup): HttpModule {
  return {
    name: 'contracts',
    register(app) {
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/contacts',
        noun: 'contact',
        plural: 'contacts',
        schemas: { item: ContactSchema, create: CreateContactBody, update: UpdateContactBody },
        // The control plane is asked before the tenant transaction opens.
        beforeUpdate: async (tenantId, patch): Promise<MembershipToLink | undefined> =>
          patch.membershipId
            ? {
                membershipId: patch.membershipId,
                clients: memberships ? await memberships(tenantId, patch.membershipId) : null,
              }
            : undefined,
        service: {
          list: listContacts,
          create: createContact,
          get: getContact,
          update: (tx, id, patch, prepared) =>
            updateContact(tx, id, patch, prepared as MembershipToLink | undefined),
        },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/contracts',
        noun: 'contract',
        plural: 'contracts',
        schemas: { item: ContractSchema, create: CreateContractBody, update: UpdateContractBody },
        service: { list: listContracts, create: createContract, get: getContract, update: updateContract },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/rate-cards',
        noun: 'rate card',
        plural: 'rate cards',
        schemas: { item: RateCardSchema, create: CreateRateCardBody, update: UpdateRateCardBody },
        service: { list: listRateCards, create: createRateCard, get: getRateCard, update: updateRateCard },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/rate-cards/:id/rates',
        permission: common.read,
        summary: "A rate card's bill rates",
        tags: [...common.tags],
        schema: { params: IdParams, response: { 200: Type.Object({ items: Type.Array(RateSchema) }) } },
        handler: async (request) => ({
          items: await inRequestTenant(withTenant, request, (tx) => listRates(tx, request.params.id), {
            readOnly: true,
          }),
        }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/rate-cards/:id/rates',
        permission: common.write,
        summary: 'Add a bill rate (by role or person, with validity dates) to a rate card',
        tags: [...common.tags],
        schema: { params: IdParams, body: CreateRateBody, response: { 201: RateSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(
              await inRequestTenant(withTenant, request, (tx) =>
                addRate(tx, request.params.id, request.body),
              ),
            ),
      });
    },
  };
}
