import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { recordPayment, voidPayment } from './payment.service.ts';
import { allocatePayment, removeAllocation } from './payment-allocation.service.ts';
import { getPayment, listPayments } from './payment-query.ts';
import {
  AllocationParams,
  AllocationsBody,
  PaymentHeaders,
  PaymentListQuery,
  PaymentSchema,
  RecordPaymentBody,
  VoidPaymentBody,
} from './payments.schema.ts';

const tags = ['payments'];
const read = { readOnly: true } as const;

/** Payments received, their allocations to issued invoices, and voids. */
export function paymentRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'payments',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/payments',
        permission: 'record:payments',
        summary: 'Record a payment from a client, posted Dr cash / Cr receivables; optionally allocated',
        description:
          'Requires an Idempotency-Key: a retry with the same body returns the first payment (200); another body under the key is 409.',
        tags,
        schema: {
          headers: PaymentHeaders,
          body: RecordPaymentBody,
          response: { 200: PaymentSchema, 201: PaymentSchema },
        },
        handler: async (request, reply) => {
          const key = request.headers['idempotency-key'];
          const result = await inRequestTenant(withTenant, request, (tx) =>
            recordPayment(tx, key, request.body),
          );
          return reply.code(result.replayed ? 200 : 201).send(result.payment);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/payments',
        permission: 'read:payments',
        summary: 'List the payments in your scope, with their allocations',
        tags,
        schema: { querystring: PaymentListQuery, response: { 200: ListOf(PaymentSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listPayments(tx, pageOf(request.query), {
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
                ...(request.query.clientId ? { clientId: request.query.clientId } : {}),
                ...(request.query.status ? { status: request.query.status } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/payments/:id',
        permission: 'read:payments',
        summary: 'Read a payment with its allocations',
        tags,
        schema: { params: IdParams, response: { 200: PaymentSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getPayment(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/payments/:id/allocations',
        permission: 'record:payments',
        summary: 'Allocate a payment to issued invoices of its client, legal entity and currency',
        description: 'An invoice whose open amount reaches 0 becomes paid.',
        tags,
        schema: { params: IdParams, body: AllocationsBody, response: { 200: PaymentSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            allocatePayment(tx, request.params.id, request.body.allocations),
          ),
      });
      defineRoute(app, {
        method: 'DELETE',
        url: '/api/v1/payments/:id/allocations/:allocationId',
        permission: 'record:payments',
        summary: 'Remove an allocation: the amount is unallocated again, a paid invoice is issued again',
        tags,
        schema: { params: AllocationParams, response: { 200: PaymentSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            removeAllocation(tx, request.params.id, request.params.allocationId),
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/payments/:id/void',
        permission: 'record:payments',
        summary: 'Void a payment: its allocations are removed and its ledger entry reversed',
        tags,
        schema: { params: IdParams, body: VoidPaymentBody, response: { 200: PaymentSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            voidPayment(tx, request.params.id, request.body ?? {}),
          ),
      });
    },
  };
}
