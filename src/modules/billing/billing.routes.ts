import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  BillingRunBody,
  BillingRunHeaders,
  BillingRunListQuery,
  BillingRunRecordSchema,
  BillingRunSchema,
  InvoiceListQuery,
  InvoiceSchema,
  IssueInvoiceBody,
} from './billing.schema.ts';
import { type BillingRunResult, runBilling } from './billing-run.service.ts';
import { getBillingRun, listBillingRuns } from './billing-run-records.service.ts';
import { approveInvoice, getInvoice, issueInvoice, listInvoices, voidInvoice } from './invoice.service.ts';

const tags = ['billing'];
const read = { readOnly: true } as const;

/** A run's result as JSON: the preview's amounts as numbers. */
function presentRun(run: BillingRunResult) {
  return {
    ...run,
    preview: run.preview.map((draft) => ({
      kind: draft.kind,
      correctsInvoiceId: draft.correctsInvoiceId,
      contractId: draft.contractId,
      clientId: draft.clientId,
      currency: draft.currency,
      netMinor: Number(draft.netMinor),
      vatMinor: Number(draft.vatMinor),
      grossMinor: Number(draft.grossMinor),
      lines: draft.lines.map((line) => ({
        originKind: line.originKind,
        originIds: line.originIds,
        description: line.description,
        quantity: line.quantity,
        unitPriceMinor: Number(line.unitPriceMinor),
        netMinor: Number(line.netMinor),
      })),
    })),
  };
}

/** Billing runs and the invoice lifecycle (draft → approved → issued; void for drafts). */
export function billingRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'billing',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/billing-runs',
        permission: 'run:billing',
        summary: 'Draft invoices per contract from approved, unbilled work of a legal entity and period',
        description:
          'Requires an Idempotency-Key: a retry returns the first run’s invoices. `dryRun` previews without writing.',
        tags,
        schema: {
          headers: BillingRunHeaders,
          body: BillingRunBody,
          response: { 200: BillingRunSchema, 201: BillingRunSchema },
        },
        handler: async (request, reply) => {
          const key = request.headers['idempotency-key'];
          const dryRun = request.body.dryRun === true;
          const run = await inRequestTenant(
            withTenant,
            request,
            (tx) => runBilling(tx, key, request.body),
            dryRun ? read : undefined,
          );
          return reply.code(dryRun || run.replayed ? 200 : 201).send(presentRun(run));
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/billing-runs',
        permission: 'read:invoices',
        summary: 'List the billing runs of the legal entities in your scope, newest first',
        description:
          'Every run made, also one that drafted nothing. `from`/`to` keep the runs whose period overlaps them.',
        tags,
        schema: { querystring: BillingRunListQuery, response: { 200: ListOf(BillingRunRecordSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listBillingRuns(tx, pageOf(request.query), {
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
                ...(request.query.from ? { from: request.query.from } : {}),
                ...(request.query.to ? { to: request.query.to } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/billing-runs/:id',
        permission: 'read:invoices',
        summary: 'Read a billing run: its legal entity, period and the invoices it drafted',
        tags,
        schema: { params: IdParams, response: { 200: BillingRunRecordSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getBillingRun(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/invoices',
        permission: 'read:invoices',
        summary: 'List the invoices and credit notes in your scope (?kind=credit_note for credit notes)',
        tags,
        schema: { querystring: InvoiceListQuery, response: { 200: ListOf(InvoiceSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listInvoices(tx, pageOf(request.query), {
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
                ...(request.query.status ? { status: request.query.status } : {}),
                ...(request.query.kind ? { kind: request.query.kind } : {}),
                ...(request.query.correctsInvoiceId
                  ? { correctsInvoiceId: request.query.correctsInvoiceId }
                  : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/invoices/:id',
        permission: 'read:invoices',
        summary: 'Read an invoice with its lines',
        tags,
        schema: { params: IdParams, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getInvoice(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/approve',
        permission: 'approve:invoices',
        summary: 'Approve a draft invoice',
        tags,
        schema: { params: IdParams, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => approveInvoice(tx, request.params.id)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/issue',
        permission: 'issue:invoices',
        summary:
          'Issue an approved invoice: the next gapless number of its legal entity, posted to the ledger',
        tags,
        schema: { params: IdParams, body: IssueInvoiceBody, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            issueInvoice(tx, request.params.id, request.body ?? {}),
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/void',
        permission: 'approve:invoices',
        summary:
          'Void a draft or approved invoice; its time entries, expenses and milestones become unbilled',
        tags,
        schema: { params: IdParams, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => voidInvoice(tx, request.params.id)),
      });
    },
  };
}
