import { AppError } from '../../platform/errors/index.ts';
import { minorUnitExponent } from '../ledger/index.ts';
import {
  canonicalRate,
  UBL_SYNTAX,
  type UblAllowanceCharge,
  type UblDocument,
  type UblLine,
  type UblParty,
  type UblVatBreakdown,
  type UblVatCategory,
} from './ubl-document.ts';
import { DEFAULT_EXEMPTIONS, ublDocumentProblems } from './ubl-rules.ts';
import {
  el,
  leaf,
  optionalLeaf,
  serializeXml,
  withAttributes,
  type XmlChild,
  type XmlElement,
} from './xml-builder.ts';

/** BT-24: the specification identifier of a plain EN 16931 invoice. */
export const EN16931_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017';
const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  credit_note: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
/** Longest item name (BT-153) written; a longer description goes whole into BT-154. */
const NAME_LENGTH = 200;

/** Minor units as a decimal amount of the currency (12345n EUR → "123.45", 500n JPY → "500"). */
export function formatMinor(minor: bigint, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString();
  if (exponent === 0) return `${sign}${digits}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const cbc = (name: string, text: string, attributes?: Record<string, string>) =>
  leaf(`cbc:${name}`, text, attributes);
const cac = (name: string, ...children: XmlChild[]) => el(`cac:${name}`, ...children);

/** A category element: its code, its rate (none for O), exemption, the VAT scheme. */
function taxCategory(
  name: 'TaxCategory' | 'ClassifiedTaxCategory',
  category: UblVatCategory,
  rate: string,
  exemption?: { readonly code?: string | undefined; readonly reason?: string | undefined },
): XmlElement {
  return cac(
    name,
    cbc('ID', category),
    category === 'O' ? null : cbc('Percent', canonicalRate(rate) ?? rate),
    optionalLeaf('cbc:TaxExemptionReasonCode', exemption?.code),
    optionalLeaf('cbc:TaxExemptionReason', exemption?.reason),
    cac('TaxScheme', cbc('ID', 'VAT')),
  );
}

function party(wrapper: string, p: UblParty, isSeller: boolean): XmlElement {
  return cac(
    wrapper,
    cac(
      'Party',
      p.identifier ? cac('PartyIdentification', cbc('ID', p.identifier)) : null,
      cac(
        'PostalAddress',
        optionalLeaf('cbc:StreetName', p.addressLine),
        optionalLeaf('cbc:CityName', p.city),
        optionalLeaf('cbc:PostalZone', p.postalCode),
        cac('Country', cbc('IdentificationCode', p.country)),
      ),
      p.vatId ? cac('PartyTaxScheme', cbc('CompanyID', p.vatId), cac('TaxScheme', cbc('ID', 'VAT'))) : null,
      // BT-32, the seller's tax registration that is not a VAT identifier: a scheme other than VAT.
      isSeller && p.taxRegistrationId
        ? cac('PartyTaxScheme', cbc('CompanyID', p.taxRegistrationId), cac('TaxScheme', cbc('ID', 'FC')))
        : null,
      cac(
        'PartyLegalEntity',
        cbc('RegistrationName', p.name),
        optionalLeaf('cbc:CompanyID', p.legalRegistrationId),
      ),
    ),
  );
}

function allowanceCharge(item: UblAllowanceCharge, currency: string): XmlElement {
  return cac(
    'AllowanceCharge',
    cbc('ChargeIndicator', item.kind === 'charge' ? 'true' : 'false'),
    optionalLeaf('cbc:AllowanceChargeReasonCode', item.reasonCode),
    optionalLeaf('cbc:AllowanceChargeReason', item.reason),
    cbc('Amount', formatMinor(item.amountMinor, currency), { currencyID: currency }),
    taxCategory('TaxCategory', item.vatCategory, item.vatRate),
  );
}

function subtotal(group: UblVatBreakdown, currency: string): XmlElement {
  const fallback = DEFAULT_EXEMPTIONS[group.category];
  const exempt = group.exemptionReason || group.exemptionCode;
  const exemption = exempt ? { code: group.exemptionCode, reason: group.exemptionReason } : fallback;
  const money = (minor: bigint) => formatMinor(minor, currency);
  return cac(
    'TaxSubtotal',
    cbc('TaxableAmount', money(group.taxableMinor), { currencyID: currency }),
    cbc('TaxAmount', money(group.vatMinor), { currencyID: currency }),
    taxCategory('TaxCategory', group.category, group.rate, exemption),
  );
}

/** The item name: the description's first line, cut at a code point boundary. */
function itemName(description: string): string {
  const first = description.trim().split(/\r?\n/)[0] ?? '';
  const points = Array.from(first);
  return points.length > NAME_LENGTH ? `${points.slice(0, NAME_LENGTH - 1).join('')}…` : first;
}

function line(doc: UblDocument, l: UblLine): XmlElement {
  const syntax = UBL_SYNTAX[doc.kind];
  const money = (minor: bigint) => formatMinor(minor, doc.currency);
  const name = itemName(l.description);
  return cac(
    syntax.line,
    cbc('ID', l.id),
    cbc(syntax.quantity, l.quantity, { unitCode: l.unitCode }),
    cbc('LineExtensionAmount', money(l.netMinor), { currencyID: doc.currency }),
    cac(
      'Item',
      name === l.description ? null : cbc('Description', l.description),
      cbc('Name', name),
      taxCategory('ClassifiedTaxCategory', l.vatCategory, l.vatRate),
    ),
    cac(
      'Price',
      cbc('PriceAmount', money(l.price.amountMinor), { currencyID: doc.currency }),
      l.price.baseQuantity === undefined
        ? null
        : cbc('BaseQuantity', l.price.baseQuantity, { unitCode: l.unitCode }),
    ),
  );
}

/**
 * The UBL 2.1 Invoice or CreditNote of a document, following EN 16931 (CustomizationID
 * `urn:cen.eu:en16931:2017`), elements in the order the UBL schema requires. Throws
 * BUSINESS_RULE_VIOLATED listing every EN 16931 rule the document would break.
 */
export function toUbl(doc: UblDocument): string {
  const problems = ublDocumentProblems(doc);
  if (problems.length > 0)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { kind: doc.kind, number: doc.number },
      {
        detail: `The ${doc.kind === 'invoice' ? 'invoice' : 'credit note'} cannot be exported as EN 16931: ${problems
          .map((p) => p.message)
          .join('; ')}`,
        fieldProblems: problems,
      },
    );
  const syntax = UBL_SYNTAX[doc.kind];
  const currency = doc.currency;
  const amount = (name: string, minor: bigint) =>
    cbc(name, formatMinor(minor, currency), { currencyID: currency });
  const t = doc.totals;
  const isInvoice = doc.kind === 'invoice';
  const root = el(
    syntax.root,
    cbc('CustomizationID', EN16931_CUSTOMIZATION_ID),
    cbc('ID', doc.number),
    cbc('IssueDate', doc.issueDate),
    isInvoice ? optionalLeaf('cbc:DueDate', doc.dueDate) : null,
    cbc(isInvoice ? 'InvoiceTypeCode' : 'CreditNoteTypeCode', syntax.typeCode),
    optionalLeaf('cbc:Note', doc.note),
    cbc('DocumentCurrencyCode', currency),
    optionalLeaf('cbc:TaxCurrencyCode', doc.taxCurrency?.code),
    optionalLeaf('cbc:BuyerReference', doc.buyerReference),
    doc.invoicePeriod
      ? cac('InvoicePeriod', cbc('StartDate', doc.invoicePeriod.start), cbc('EndDate', doc.invoicePeriod.end))
      : null,
    doc.orderReference ? cac('OrderReference', cbc('ID', doc.orderReference)) : null,
    doc.precedingInvoice
      ? cac(
          'BillingReference',
          cac(
            'InvoiceDocumentReference',
            cbc('ID', doc.precedingInvoice.number),
            optionalLeaf('cbc:IssueDate', doc.precedingInvoice.issueDate),
          ),
        )
      : null,
    doc.contractReference ? cac('ContractDocumentReference', cbc('ID', doc.contractReference)) : null,
    party('AccountingSupplierParty', doc.seller, true),
    party('AccountingCustomerParty', doc.buyer, false),
    doc.paymentMeans
      ? cac(
          'PaymentMeans',
          cbc('PaymentMeansCode', doc.paymentMeans.code),
          isInvoice ? null : optionalLeaf('cbc:PaymentDueDate', doc.dueDate),
          optionalLeaf('cbc:PaymentID', doc.paymentMeans.paymentId),
          doc.paymentMeans.iban ? cac('PayeeFinancialAccount', cbc('ID', doc.paymentMeans.iban)) : null,
        )
      : null,
    doc.paymentTerms ? cac('PaymentTerms', cbc('Note', doc.paymentTerms)) : null,
    (doc.allowanceCharges ?? []).map((item) => allowanceCharge(item, currency)),
    cac('TaxTotal', amount('TaxAmount', t.vatMinor), ...doc.vatBreakdown.map((g) => subtotal(g, currency))),
    doc.taxCurrency
      ? cac(
          'TaxTotal',
          cbc('TaxAmount', formatMinor(doc.taxCurrency.vatMinor, doc.taxCurrency.code), {
            currencyID: doc.taxCurrency.code,
          }),
        )
      : null,
    cac(
      'LegalMonetaryTotal',
      amount('LineExtensionAmount', t.lineNetMinor),
      amount('TaxExclusiveAmount', t.netMinor),
      amount('TaxInclusiveAmount', t.grossMinor),
      (doc.allowanceCharges ?? []).some((a) => a.kind === 'allowance')
        ? amount('AllowanceTotalAmount', t.allowancesMinor)
        : null,
      (doc.allowanceCharges ?? []).some((a) => a.kind === 'charge')
        ? amount('ChargeTotalAmount', t.chargesMinor)
        : null,
      t.prepaidMinor === undefined ? null : amount('PrepaidAmount', t.prepaidMinor),
      amount('PayableAmount', t.payableMinor),
    ),
    doc.lines.map((l) => line(doc, l)),
  );
  return serializeXml(
    withAttributes(root, { xmlns: NS[doc.kind], 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc }),
  );
}
