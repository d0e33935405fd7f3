import { defineRoute, type HttpModule, inRequestTenant, type WithTenant } from '../../platform/http/index.ts';
import { defineObligations, listObligations } from './obligation.service.ts';
import { runRecognition } from './recognition-run.service.ts';
import {
  BalancesQuery,
  BalancesSchema,
  ContractParams,
  DefineObligationsBody,
  ObligationListSchema,
  RecognitionRunBody,
  RecognitionRunHeaders,
  RecognitionRunSchema,
  ScheduleQuery,
  SchedulesSchema,
} from './revenue.schema.ts';
import { revenueBalances, revenueSchedules } from './revenue-reports.ts';

const tags = ['revenue'];
const read = { readOnly: true } as const;

/** Performance obligations, revenue schedules, recognition runs and contract balances. */
export function revenueRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'revenue',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/contracts/:id/performance-obligations',
        permission: 'read:revenue',
        summary: "List a contract's performance obligations with their allocated prices",
        tags,
        schema: { params: ContractParams, response: { 200: ObligationListSchema } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            async (tx) => ({ items: await listObligations(tx, request.params.id), nextCursor: null }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/contracts/:id/performance-obligations',
        permission: 'run:revenue-recognition',
        summary:
          'Define performance obligations of a contract; a bundle price is allocated by standalone selling price',
        tags,
        schema: {
          params: ContractParams,
          body: DefineObligationsBody,
          response: { 201: ObligationListSchema },
        },
        handler: async (request, reply) => {
          const items = await inRequestTenant(withTenant, request, (tx) =>
            defineObligations(tx, request.params.id, request.body),
          );
          return reply.code(201).send({ items, nextCursor: null });
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/revenue/schedules',
        permission: 'read:revenue',
        summary: "The revenue schedule of each of a contract's performance obligations",
        tags,
        schema: { querystring: ScheduleQuery, response: { 200: SchedulesSchema } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            async (tx) => ({ items: await revenueSchedules(tx, request.query.contractId), nextCursor: null }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/revenue/balances',
        permission: 'read:revenue',
        summary: 'Recognized, billed, unbilled and deferred revenue per contract of a legal entity at a date',
        tags,
        schema: { querystring: BalancesQuery, response: { 200: BalancesSchema } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) => revenueBalances(tx, request.query.legalEntityId, request.query.asOf),
            read,
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/revenue/recognition-runs',
        permission: 'run:revenue-recognition',
        summary: 'Recognize the revenue of a legal entity for every month ending on or before a date',
        description:
          'Requires an Idempotency-Key: a retry returns the first run’s recognitions. A month of an obligation is recognized once, whatever the key.',
        tags,
        schema: {
          headers: RecognitionRunHeaders,
          body: RecognitionRunBody,
          response: { 200: RecognitionRunSchema, 201: RecognitionRunSchema },
        },
        handler: async (request, reply) => {
          const run = await inRequestTenant(withTenant, request, (tx) =>
            runRecognition(tx, request.headers['idempotency-key'], request.body),
          );
          return reply.code(run.replayed ? 200 : 201).send(run);
        },
      });
    },
  };
}
