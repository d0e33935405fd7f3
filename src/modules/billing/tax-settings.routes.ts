import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import { PutTaxSettingsBody, TaxSettingsSchema } from './billing.schema.ts';
import { getTaxSettings, putTaxSettings } from './tax-settings.service.ts';

const tags = ['billing'];

/** A legal entity's tax settings: its standard VAT rate, default category and client treatments. */
export function taxSettingsRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'tax-settings',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/legal-entities/:id/tax-settings',
        permission: 'read:tax-settings',
        summary:
          "A legal entity's VAT rules: standard rate, default category, reverse charge, client treatments",
        tags,
        schema: { params: IdParams, response: { 200: TaxSettingsSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getTaxSettings(tx, request.params.id), {
            readOnly: true,
          }),
      });
      defineRoute(app, {
        method: 'PUT',
        url: '/api/v1/legal-entities/:id/tax-settings',
        permission: 'write:tax-settings',
        summary: "Set a legal entity's VAT rules (the client treatments given replace the previous ones)",
        description:
          'An invoice is S at the standard rate, unless its client has a treatment, the entity a default ' +
          'other than S (E and O need an exemption reason or VATEX code), or reverseChargeAbroad applies ' +
          '(a client in another country with a VAT id: AE, 0 %, "Reverse charge").',
        tags,
        schema: { params: IdParams, body: PutTaxSettingsBody, response: { 200: TaxSettingsSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            putTaxSettings(tx, request.params.id, {
              standardVatRate: request.body.standardVatRate,
              defaultVatCategory: request.body.defaultVatCategory ?? 'S',
              defaultExemptionReason: request.body.defaultExemptionReason ?? null,
              defaultExemptionCode: request.body.defaultExemptionCode ?? null,
              reverseChargeAbroad: request.body.reverseChargeAbroad ?? false,
              clientTreatments: request.body.clientTreatments ?? [],
            }),
          ),
      });
    },
  };
}
