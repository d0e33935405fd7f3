import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  AddAllowanceBody,
  AllowanceParams,
  CreateCreditNoteBody,
  CreditNoteHeaders,
  InvoiceSchema,
} from './billing.schema.ts';
import { createCreditNote } from './credit-note.service.ts';
import { rebillCreditedInvoice } from './credit-rebill.service.ts';
import { addInvoiceAllowance, removeInvoiceAllowance } from './invoice-allowances.service.ts';

const tags = ['billing'];

/**
 * Document level allowances and charges on draft invoices, and credit notes of issued invoices.
 * Credit notes are then approved, issued and voided by the invoice routes; an issued one may send
 * the work of an invoice credited in full back to billing.
 */
export function invoiceDocumentRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'invoice-documents',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/allowances',
        permission: 'edit:invoices',
        summary: 'Add a document level allowance or charge to a draft invoice; its totals follow',
        description:
          "Without vatCategory the allowance takes the one VAT category and rate of the invoice's lines.",
        tags,
        schema: { params: IdParams, body: AddAllowanceBody, response: { 201: InvoiceSchema } },
        handler: async (request, reply) => {
          const body = request.body;
          const invoice = await inRequestTenant(withTenant, request, (tx) =>
            addInvoiceAllowance(tx, request.params.id, {
              kind: body.kind,
              reason: body.reason,
              reasonCode: body.reasonCode ?? null,
              amountMinor: BigInt(body.amountMinor),
              ...(body.vatCategory === undefined ? {} : { vatCategory: body.vatCategory }),
              ...(body.vatRate === undefined ? {} : { vatRate: body.vatRate }),
            }),
          );
          return reply.code(201).send(invoice);
        },
      });
      defineRoute(app, {
        method: 'DELETE',
        url: '/api/v1/invoices/:id/allowances/:allowanceId',
        permission: 'edit:invoices',
        summary: 'Remove an allowance or charge from a draft invoice; its totals follow',
        tags,
        schema: { params: AllowanceParams, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            removeInvoiceAllowance(tx, request.params.id, request.params.allowanceId),
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/credit-notes',
        permission: 'credit:invoices',
        summary: 'Draft a credit note of an issued invoice: all of it (full) or some lines by amounts',
        description:
          'What is credited of a line never exceeds it (422 naming the field). The credit note is then ' +
          'approved and issued like an invoice (its own gapless numbers; issuing posts the mirror of the ' +
          "invoice's entry). With `full` and `rebill`, issuing it also makes the invoice's work unbilled, " +
          'for the next billing run to bill again. An Idempotency-Key makes a retry return the first credit note.',
        tags,
        schema: {
          params: IdParams,
          headers: CreditNoteHeaders,
          body: CreateCreditNoteBody,
          response: { 200: InvoiceSchema, 201: InvoiceSchema },
        },
        handler: async (request, reply) => {
          const body = request.body;
          const key = request.headers['idempotency-key'];
          const result = await inRequestTenant(withTenant, request, (tx) =>
            createCreditNote(tx, request.params.id, {
              reason: body.reason,
              ...(body.full === undefined ? {} : { full: body.full }),
              ...(body.rebill === undefined ? {} : { rebill: body.rebill }),
              ...(body.lines === undefined
                ? {}
                : {
                    lines: body.lines.map((line) => ({
                      lineId: line.lineId,
                      amountMinor: BigInt(line.amountMinor),
                    })),
                  }),
              ...(key === undefined ? {} : { idempotencyKey: key }),
            }),
          );
          return reply.code(result.replayed ? 200 : 201).send(result.creditNote);
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/invoices/:id/rebill',
        permission: 'credit:invoices',
        summary:
          'Send the work of an invoice credited in full back to billing, through its issued credit note',
        description:
          'For a credit note issued without `rebill`: once the issued credit notes leave nothing of the ' +
          "invoice's net, its time, expenses, milestones and fee periods become billable again (as with " +
          '`rebill`), once per invoice (409 otherwise); 403 when your scope hides part of the work.',
        tags,
        schema: { params: IdParams, response: { 200: InvoiceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => rebillCreditedInvoice(tx, request.params.id)),
      });
    },
  };
}
