import {
  defineRoute,
  type HttpModule,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  ConsolidationQuerySchema,
  ConsolidationSchema,
  RechargeListQuery,
  RechargeRunSchema,
  RechargeSchema,
  RechargeSettingsBody,
  RechargeSettingsSchema,
  RunRechargesBody,
} from './consolidation.schema.ts';
import { consolidate } from './consolidation.service.ts';
import { runIntercompanyRecharges } from './intercompany-recharge.service.ts';
import { listIntercompanyRecharges } from './intercompany-recharge-query.ts';
import { rechargeMarkup, setRechargeMarkup } from './intercompany-settings.service.ts';

const tags = ['ledger'];
const read = { readOnly: true } as const;

/** Inter-company recharges from cross-entity time, and the consolidated report across legal entities. */
export function consolidationRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'consolidation',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/intercompany-recharges',
        permission: 'post:ledger',
        summary:
          "Recharge a month's approved inter-company time and expenses between legal entities (each once)",
        description:
          'Per pair (employing entity, project entity): time at the cost rates plus the tenant markup and ' +
          'expenses at cost, both at the month-end rate in the employing currency, posted in ' +
          'both ledgers in one transaction at the month end (or `postOn`). A re-run returns the posted recharges ' +
          '(replayed) and recharges time approved since as a supplement of its pair (the next `sequence`). ' +
          'Needs both entities of every pair in your scope (404 otherwise) and restricted clearance.',
        tags,
        schema: { body: RunRechargesBody, response: { 200: RechargeRunSchema, 201: RechargeRunSchema } },
        handler: async (request, reply) => {
          const result = await inRequestTenant(withTenant, request, (tx) =>
            runIntercompanyRecharges(tx, request.body),
          );
          return reply.code(result.recharges.some((r) => !r.replayed) ? 201 : 200).send(result);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/intercompany-recharges',
        permission: 'read:ledger',
        summary: 'List the inter-company recharges of the legal entities in your scope (either side)',
        tags,
        schema: { querystring: RechargeListQuery, response: { 200: ListOf(RechargeSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listIntercompanyRecharges(tx, pageOf(request.query), {
                ...(request.query.month ? { month: request.query.month } : {}),
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/intercompany-settings',
        permission: 'read:ledger',
        summary: "The tenant's inter-company recharge markup (basis points on cost)",
        tags,
        schema: { response: { 200: RechargeSettingsSchema } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            async (tx) => ({ markupBasisPoints: await rechargeMarkup(tx) }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'PUT',
        url: '/api/v1/ledger/intercompany-settings',
        permission: 'write:ledger-accounts',
        summary: "Set the tenant's inter-company recharge markup (later recharges use it)",
        tags,
        schema: { body: RechargeSettingsBody, response: { 200: RechargeSettingsSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, async (tx) => ({
            markupBasisPoints: await setRechargeMarkup(tx, request.body.markupBasisPoints),
          })),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/consolidation',
        permission: 'read:consolidation',
        summary: 'A consolidated trial balance across legal entities in a reporting currency',
        description:
          'Assets and liabilities at the closing rate (on `to`), revenue and expenses of the period at the ' +
          'closing rate, equity and earnings before `from` at the opening rate (the day before `from`); the ' +
          'translation difference is the CTA line. Inter-company recharges between consolidated entities are ' +
          'eliminated in their own column, their FX mismatch on explicit lines. A missing rate is a 422 naming ' +
          'the pair. Without legalEntityIds, every legal entity in your scope is consolidated (listed).',
        tags,
        schema: { querystring: ConsolidationQuerySchema, response: { 200: ConsolidationSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => consolidate(tx, request.query), read),
      });
    },
  };
}
