import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors/index.ts';
import { timeQuantity } from './line-quantity.ts';
import type { UblDocument } from './ubl-document.ts';
import { formatMinor, toUbl } from './ubl-export.ts';
import { ublDocumentProblems } from './ubl-rules.ts';
import {
  completeDocument,
  groupOf,
  SELLERS,
  timeLine,
  ublTestDocuments,
  unitLine,
} from './ubl-test-documents.ts';
import { randomUblDocuments } from './ubl-test-generated-documents.ts';
import { deriveUblAmounts } from './ubl-totals.ts';
import { escapeXml } from './xml-builder.ts';

const docs = ublTestDocuments();
const named = (prefix: string): UblDocument => {
  const entry = [...docs].find(([name]) => name.startsWith(prefix));
  if (!entry) throw new Error(`no test document ${prefix}`);
  return entry[1];
};
const buyer = { name: 'Globex AB', country: 'SE', vatId: 'SE999888777601' };
const simple = (more: Partial<Parameters<typeof completeDocument>[0]> = {}) =>
  completeDocument({
    number: 'T-1',
    issueDate: '2026-04-01',
    currency: 'EUR',
    seller: SELLERS.de,
    buyer,
    lines: [unitLine('1', 'Work', 1, 10_000n, ['S', '19'])],
    ...more,
  });
const problemsOf = (doc: UblDocument) => ublDocumentProblems(doc).map((p) => `${p.path} ${p.message}`);

describe('amounts in UBL', () => {
  it('writes minor units with the currency’s decimals: cents for EUR, none for JPY', () => {
    expect(formatMinor(12_345n, 'EUR')).toBe('123.45');
    expect(formatMinor(5n, 'EUR')).toBe('0.05');
    expect(formatMinor(-5n, 'GBP')).toBe('-0.05');
    expect(formatMinor(0n, 'USD')).toBe('0.00');
    expect(formatMinor(308_606n, 'JPY')).toBe('308606');
    expect(formatMinor(123_456_789_012_345n, 'EUR')).toBe('1234567890123.45');
  });

  it('derives the issue’s example: lines 100 and 50, an allowance of 10, 25% VAT → 140 net, 35.00 VAT, 175.00 gross', () => {
    const doc = named('domestic S 25%');
    expect(doc.totals).toEqual({
      lineNetMinor: 15_000n,
      allowancesMinor: 1_000n,
      chargesMinor: 0n,
      netMinor: 14_000n,
      vatMinor: 3_500n,
      grossMinor: 17_500n,
      payableMinor: 17_500n,
    });
    const xml = toUbl(doc);
    expect(xml).toContain('<cbc:TaxExclusiveAmount currencyID="SEK">140.00</cbc:TaxExclusiveAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="SEK">35.00</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:AllowanceTotalAmount currencyID="SEK">10.00</cbc:AllowanceTotalAmount>');
    expect(xml).toContain('<cbc:PayableAmount currencyID="SEK">175.00</cbc:PayableAmount>');
  });

  it('rounds VAT once per category and rate, half away from zero, after allowances and charges', () => {
    const doc = named('document allowance and charge');
    // 21%: 2000.00 − 50.00 + 9.99 = 1959.99 → 411.5979 → 411.60; 9%: 79.90 + 12.50 = 92.40 → 8.316 → 8.32
    expect(groupOf(doc, 'S', '21')).toMatchObject({ taxableMinor: 195_999n, vatMinor: 41_160n });
    expect(groupOf(doc, 'S', '9')).toMatchObject({ taxableMinor: 9_240n, vatMinor: 832n });
    expect(doc.totals).toMatchObject({ netMinor: 205_239n, vatMinor: 41_992n, grossMinor: 247_231n });
  });

  it('bills 1234.5 hours at 123.45 to the cent and rounds the VAT half away from zero', () => {
    const doc = named('many hours');
    // 74,070 min × 123.45 / 60 = 152,399.025 → 152,399.03; 50 min × 100.00 / 60 = 83.333… → 83.33; 1 min × 0.01 → 0.00
    expect(doc.lines.map((l) => [l.quantity, l.unitCode, l.netMinor])).toEqual([
      ['1234.5', 'HUR', 15_239_903n],
      ['50', 'MIN', 8_333n],
      ['1', 'MIN', 0n],
    ]);
    // 152,482.36 × 25% = 38,120.59
    expect(doc.totals).toMatchObject({
      netMinor: 15_248_236n,
      vatMinor: 3_812_059n,
      payableMinor: 18_060_295n,
    });
    const xml = toUbl(doc);
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="HUR">1234.5</cbc:InvoicedQuantity>');
    expect(xml).toContain('<cbc:BaseQuantity unitCode="MIN">60</cbc:BaseQuantity>');
    expect(xml).toContain('<cbc:PrepaidAmount currencyID="SEK">10000.00</cbc:PrepaidAmount>');
  });

  it('writes JPY without decimals, and the foreign invoice’s VAT in the tax currency too', () => {
    const jpy = toUbl(named('JPY'));
    expect(jpy).toContain('<cbc:LineExtensionAmount currencyID="JPY">308606</cbc:LineExtensionAmount>');
    expect(jpy).toContain('<cbc:PayableAmount currencyID="JPY">355963</cbc:PayableAmount>');
    const foreign = toUbl(named('foreign currency'));
    expect(foreign).toContain('<cbc:TaxCurrencyCode>DKK</cbc:TaxCurrencyCode>');
    expect(foreign).toContain('<cbc:TaxAmount currencyID="EUR">560.00</cbc:TaxAmount>');
    expect(foreign).toContain('<cbc:TaxAmount currencyID="DKK">4177.82</cbc:TaxAmount>');
  });
});

describe('time quantities', () => {
  it('are hours when exact to the hundredth, minutes against a 60-minute base otherwise', () => {
    expect(timeQuantity(60)).toEqual({ quantity: '1', unitCode: 'HUR' });
    expect(timeQuantity(90)).toEqual({ quantity: '1.5', unitCode: 'HUR' });
    expect(timeQuantity(3)).toEqual({ quantity: '0.05', unitCode: 'HUR' });
    expect(timeQuantity(450)).toEqual({ quantity: '7.5', unitCode: 'HUR' });
    expect(timeQuantity(50)).toEqual({ quantity: '50', unitCode: 'MIN', baseQuantity: '60' });
  });
});

describe('the UBL document', () => {
  it('is an EN 16931 Invoice with its parts in the schema’s order', () => {
    const xml = toUbl(named('domestic S 20%'));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis')).toBe(true);
    expect(xml).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>');
    const order = [
      'cbc:CustomizationID',
      'cbc:ID',
      'cbc:IssueDate',
      'cbc:DueDate',
      'cbc:InvoiceTypeCode',
      'cbc:DocumentCurrencyCode',
      'cac:InvoicePeriod',
      'cac:ContractDocumentReference',
      'cac:AccountingSupplierParty',
      'cac:AccountingCustomerParty',
      'cac:PaymentMeans',
      'cac:PaymentTerms',
      'cac:TaxTotal',
      'cac:LegalMonetaryTotal',
      'cac:InvoiceLine',
    ].map((name) => xml.indexOf(`<${name}>`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="HUR">7.5</cbc:InvoicedQuantity>');
  });

  it('makes a credit note a CreditNote that references the invoice, with the due date in its payment means', () => {
    const xml = toUbl(named('credit note'));
    expect(xml).toContain('<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"');
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toMatch(
      /<cac:BillingReference>\s*<cac:InvoiceDocumentReference>\s*<cbc:ID>FR-2026-001<\/cbc:ID>\s*<cbc:IssueDate>2026-04-01<\/cbc:IssueDate>/,
    );
    expect(xml).toContain('<cbc:PaymentDueDate>2026-05-01</cbc:PaymentDueDate>');
    expect(xml).not.toContain('<cbc:DueDate>');
    expect(xml).toContain('<cbc:CreditedQuantity unitCode="HUR">2</cbc:CreditedQuantity>');
  });

  it('states the default exemption for reverse charge and not subject, and no rate for O', () => {
    const ae = toUbl(named('reverse charge'));
    expect(ae).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>');
    expect(ae).toContain('<cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>');
    const o = toUbl(named('not subject'));
    expect(o).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>');
    expect(o).not.toContain('<cbc:Percent>');
    expect(o).not.toContain('<cac:PartyTaxScheme>');
  });

  it('escapes markup, keeps emoji, drops characters XML cannot carry, and cuts long names whole', () => {
    expect(escapeXml('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot;');
    expect(escapeXml('bell\u0007 nul\u0000 lone\uD800 ok🚀')).toBe('bell nul lone ok🚀');
    const xml = toUbl(named('texts that need escaping'));
    expect(xml).toContain('<cbc:ID>GB-19 &lt;&amp;&gt; &quot;quoted&quot;</cbc:ID>');
    expect(xml).toContain('<cbc:RegistrationName>Ünïcødé 💼 Holdings &amp; Co</cbc:RegistrationName>');
    expect(xml).toContain('<cbc:Name>Design &amp; build &lt;API&gt; — “smart quotes” 🚀</cbc:Name>');
    expect(xml).toContain('<cbc:Name>Bell and NUL removed</cbc:Name>');
    const longName = /<cbc:Name>(A very long[^<]*)<\/cbc:Name>/.exec(xml)?.[1] ?? '';
    expect(Array.from(longName)).toHaveLength(200);
    expect(longName.endsWith('…')).toBe(true);
  });
});

describe('documents the export refuses, naming the EN 16931 rule', () => {
  const refusal = (doc: UblDocument): string[] => {
    try {
      toUbl(doc);
    } catch (error) {
      if (isAppError(error, 'BUSINESS_RULE_VIOLATED')) return error.fieldProblems.map((p) => p.message);
      throw error;
    }
    throw new Error('exported');
  };

  it('accepts every document of the varied set and 300 generated ones', () => {
    for (const [name, doc] of docs) expect(problemsOf(doc), name).toEqual([]);
    for (const doc of randomUblDocuments(7, 300)) {
      expect(problemsOf(doc), doc.number).toEqual([]);
      expect(() => toUbl(doc)).not.toThrow();
    }
  });

  it('refuses reverse charge without the buyer’s VAT identifier (BR-AE-02)', () => {
    const doc = simple({
      buyer: { name: 'Globex', country: 'FR' },
      lines: [unitLine('1', 'Work', 1, 10_000n, ['AE', '0'])],
    });
    expect(refusal(doc)).toEqual([expect.stringMatching(/^BR-AE-02/)]);
  });

  it('refuses VAT identifiers or other categories next to O (BR-O-02, BR-O-11…14)', () => {
    const doc = simple({
      lines: [unitLine('1', 'Work', 1, 10_000n, ['O', '0']), unitLine('2', 'More', 1, 100n, ['S', '19'])],
    });
    expect(refusal(doc)).toEqual([
      expect.stringMatching(/^BR-O-11/),
      expect.stringMatching(/^BR-O-02/),
      expect.stringMatching(/^BR-O-02/),
    ]);
  });

  it('refuses an exempt breakdown without a reason (BR-E-10) and a standard rate of zero (BR-S-05)', () => {
    expect(refusal(simple({ lines: [unitLine('1', 'Work', 1, 10_000n, ['E', '0'])] }))).toEqual([
      expect.stringMatching(/^BR-E-10/),
    ]);
    expect(refusal(simple({ lines: [unitLine('1', 'Work', 1, 10_000n, ['S', '0'])] }))).toContainEqual(
      expect.stringMatching(/^BR-S-05/),
    );
  });

  it('refuses totals that do not add up (BR-CO-16) and a breakdown that does not match (BR-S-08/09)', () => {
    const doc = simple();
    expect(
      refusal({ ...doc, totals: { ...doc.totals, payableMinor: doc.totals.payableMinor + 1n } }),
    ).toEqual([expect.stringMatching(/^BR-CO-16/)]);
    const [group] = doc.vatBreakdown;
    if (!group) throw new Error('no breakdown');
    expect(refusal({ ...doc, vatBreakdown: [{ ...group, vatMinor: group.vatMinor + 1n }] })).toEqual([
      expect.stringMatching(/^BR-S-09/),
      expect.stringMatching(/^BR-CO-14/),
    ]);
    expect(refusal({ ...doc, vatBreakdown: [{ ...group, taxableMinor: 1n, vatMinor: 0n }] })).toContainEqual(
      expect.stringMatching(/^BR-S-08/),
    );
  });

  it('refuses a credit note without the invoice it corrects, and a currency with three decimals', () => {
    expect(refusal({ ...simple(), kind: 'credit_note' })).toEqual([expect.stringMatching(/^BG-3/)]);
    expect(refusal(simple({ currency: 'KWD' }))).toEqual([expect.stringMatching(/^BR-DEC/)]);
  });

  it('refuses a seller without any identifier and a standard rated line without its VAT id (BR-CO-26, BR-S-02)', () => {
    expect(refusal(simple({ seller: { name: 'Nameless', country: 'DE' } }))).toEqual([
      expect.stringMatching(/^BR-CO-26/),
      expect.stringMatching(/^BR-S-02/),
    ]);
  });

  it('derives totals that the rules accept for any mix of lines', () => {
    const derived = deriveUblAmounts({
      lines: [timeLine('1', 'a', 61, 9_999n, ['S', '7.7']), unitLine('2', 'b', 3, 333n, ['Z', '0'])],
      allowanceCharges: [
        { kind: 'charge', reason: 'Travel', amountMinor: 77n, vatCategory: 'Z', vatRate: '0' },
      ],
    });
    expect(derived.totals).toMatchObject({ lineNetMinor: 11_165n, netMinor: 11_242n, vatMinor: 783n });
  });
});
