import { Type } from 'typebox';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import { addContractFee, listContractFees } from './fee-schedule.service.ts';
import { ContractFeeSchema, CreateContractFeeBody } from './fees.schema.ts';

const tags = ['contracts'];

/**
 * A retainer or subscription contract's fee schedule: read it, or add a fee or a change effective
 * on a date. The contract's own permissions apply (`read:organization`, `write:organization`).
 */
export function contractFeesRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'contract-fees',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/contracts/:id/fees',
        permission: 'read:organization',
        summary: "A contract's fee schedule, oldest revision first",
        tags,
        schema: {
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ContractFeeSchema) }) },
        },
        handler: async (request) => ({
          items: await inRequestTenant(withTenant, request, (tx) => listContractFees(tx, request.params.id), {
            readOnly: true,
          }),
        }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/contracts/:id/fees',
        permission: 'write:organization',
        summary: 'Add a recurring fee, or a plan or price change effective on a date, to a contract',
        description:
          'Rows are history: a change is a new row, prorated by day against the period it falls in; billing runs bill the adjustment.',
        tags,
        schema: { params: IdParams, body: CreateContractFeeBody, response: { 201: ContractFeeSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(
              await inRequestTenant(withTenant, request, (tx) =>
                addContractFee(tx, request.params.id, request.body),
              ),
            ),
      });
    },
  };
}
