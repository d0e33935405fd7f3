import { Type } from 'typebox';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import { toUbl } from './ubl-export.ts';
import { loadUblDocument } from './ubl-source.ts';

/** The media type of the export. */
export const UBL_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** E-invoicing: an issued invoice as a UBL 2.1 document following EN 16931. */
export function einvoicingRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'einvoicing',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/invoices/:id/ubl',
        permission: 'read:invoices',
        summary: 'An issued invoice as UBL 2.1 XML following EN 16931',
        description:
          'Only issued (or paid) invoices have an e-invoice: a draft, approved or void one is 409. An invoice whose data cannot make a valid EN 16931 document (e.g. a standard rated invoice from an entity without a VAT identifier) is 422, listing the rules it would break.',
        tags: ['billing'],
        schema: {
          params: IdParams,
          produces: ['application/xml'],
          response: { 200: Type.String({ description: 'application/xml: a UBL 2.1 Invoice' }) },
        },
        handler: async (request, reply) => {
          const document = await inRequestTenant(
            withTenant,
            request,
            (tx) => loadUblDocument(tx, request.params.id),
            { readOnly: true },
          );
          return reply
            .type(UBL_CONTENT_TYPE)
            .header('content-disposition', `attachment; filename="invoice-${request.params.id}.xml"`)
            .send(toUbl(document));
        },
      });
    },
  };
}
