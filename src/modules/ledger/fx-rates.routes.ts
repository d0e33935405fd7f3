import { AppError } from '../../platform/errors/index.ts';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { createFxRate, getFxRate, listFxRates, rateOn, updateFxRate } from './fx-rate.service.ts';
import {
  CreateFxRateBody,
  EffectiveRateSchema,
  FxLookupQuery,
  FxRateListQuery,
  FxRateSchema,
  UpdateFxRateBody,
} from './ledger.schema.ts';

const fx = ['fx-rates'];
const read = { readOnly: true } as const;

/** The tenant's FX rates by date, and the rate that applies to a pair on a day. */
export function fxRateRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'fx-rates',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/fx-rates',
        permission: 'read:fx-rates',
        summary: "List the tenant's FX rates",
        tags: fx,
        schema: { querystring: FxRateListQuery, response: { 200: ListOf(FxRateSchema) } },
        handler: (request) => {
          const { limit: _l, cursor: _c, ...filter } = request.query;
          return inRequestTenant(
            withTenant,
            request,
            (tx) => listFxRates(tx, pageOf(request.query), filter),
            read,
          );
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/fx-rates/lookup',
        permission: 'read:fx-rates',
        summary:
          'The rate of a pair on a date: the latest on or before it (or the inverse of the reverse pair)',
        tags: fx,
        schema: { querystring: FxLookupQuery, response: { 200: EffectiveRateSchema } },
        handler: (request) => {
          const { base, quote, on } = request.query;
          if (base === quote)
            throw new AppError(
              'VALIDATION_FAILED',
              {},
              {
                fieldProblems: [{ path: '/query/quote', message: 'must differ from base' }],
              },
            );
          return inRequestTenant(withTenant, request, (tx) => rateOn(tx, base, quote, on), read);
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/fx-rates',
        permission: 'write:fx-rates',
        summary: 'Record an FX rate for a pair and date',
        tags: fx,
        schema: { body: CreateFxRateBody, response: { 201: FxRateSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(await inRequestTenant(withTenant, request, (tx) => createFxRate(tx, request.body))),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/fx-rates/:id',
        permission: 'read:fx-rates',
        summary: 'Read an FX rate',
        tags: fx,
        schema: { params: IdParams, response: { 200: FxRateSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getFxRate(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'PATCH',
        url: '/api/v1/fx-rates/:id',
        permission: 'write:fx-rates',
        summary: 'Correct an FX rate (posted entries keep the rate they used)',
        tags: fx,
        schema: { params: IdParams, body: UpdateFxRateBody, response: { 200: FxRateSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => updateFxRate(tx, request.params.id, request.body)),
      });
    },
  };
}
