import { describe, expect, it } from 'vitest';
import { toUbl } from './ubl-export.ts';
import { ublDocumentProblems } from './ubl-rules.ts';
import { isVatIdOf, type UblSource, ublDocumentOf } from './ubl-source.ts';

const source = (more: Partial<UblSource> = {}): UblSource => ({
  invoice: {
    id: '01900000-0000-7000-8000-000000000010',
    status: 'issued',
    number: '42',
    issueDate: '2026-04-01',
    dueDate: '2026-05-01',
    periodFrom: '2026-03-01',
    periodTo: '2026-03-31',
    currency: 'EUR',
    netMinor: '15000',
    vatMinor: '3750',
    grossMinor: '18750',
  },
  lines: [
    {
      lineNo: 1,
      originKind: 'time',
      description: 'Jin, 2026-03-02',
      quantity: 90,
      unitPriceMinor: '10000',
      netMinor: '15000',
      vatCategory: 'S',
      vatRate: '25.00',
    },
  ],
  seller: { name: 'Brightpath AB', country: 'SE', functionalCurrency: 'EUR', taxId: 'SE556677889901' },
  client: { name: 'Globex AB' },
  contract: { name: 'Globex 2026' },
  functionalVatMinor: null,
  allowanceCharges: [],
  exemptions: {},
  ...more,
});

describe('the document of an issued invoice', () => {
  it('maps the invoice, its lines in hours and its stored totals', () => {
    const doc = ublDocumentOf(source());
    expect(doc).toMatchObject({
      kind: 'invoice',
      number: '42',
      dueDate: '2026-05-01',
      invoicePeriod: { start: '2026-03-01', end: '2026-03-31' },
      contractReference: 'Globex 2026',
      seller: { name: 'Brightpath AB', vatId: 'SE556677889901', country: 'SE' },
      buyer: { name: 'Globex AB', country: 'SE' },
      lines: [{ id: '1', quantity: '1.5', unitCode: 'HUR', netMinor: 15_000n, vatRate: '25' }],
      vatBreakdown: [{ category: 'S', rate: '25', taxableMinor: 15_000n, vatMinor: 3_750n }],
      totals: { netMinor: 15_000n, vatMinor: 3_750n, grossMinor: 18_750n, payableMinor: 18_750n },
    });
    expect(ublDocumentProblems(doc)).toEqual([]);
  });

  it('refuses to export stored totals that disagree with the lines instead of writing other numbers', () => {
    const invoice = { ...source().invoice, vatMinor: '3751', grossMinor: '18751' };
    expect(ublDocumentProblems(ublDocumentOf(source({ invoice }))).map((p) => p.message)).toEqual([
      expect.stringMatching(/^BR-CO-14/),
    ]);
  });

  it('writes a tax id without the country’s VAT prefix as tax and legal registration, never as a VAT id', () => {
    const seller = { name: 'Brightpath Inc.', country: 'US', functionalCurrency: 'USD', taxId: '12-3456789' };
    const doc = ublDocumentOf(source({ seller }));
    expect(doc.seller).toEqual({
      name: 'Brightpath Inc.',
      country: 'US',
      taxRegistrationId: '123456789',
      legalRegistrationId: '123456789',
    });
    expect(toUbl(doc)).toContain('<cbc:ID>FC</cbc:ID>');
  });

  it('keeps VAT identifiers off a document not subject to VAT (BR-O-02)', () => {
    const lines = [{ ...source().lines[0], vatCategory: 'O', vatRate: '0' } as UblSource['lines'][number]];
    const invoice = { ...source().invoice, vatMinor: '0', grossMinor: '15000' };
    const doc = ublDocumentOf(source({ lines, invoice }));
    expect(doc.seller).toEqual({
      name: 'Brightpath AB',
      country: 'SE',
      legalRegistrationId: 'SE556677889901',
    });
    expect(ublDocumentProblems(doc)).toEqual([]);
  });

  it('writes a negative line as a negative quantity at a positive price (BR-27)', () => {
    const lines = [
      ...source().lines,
      {
        ...source().lines[0],
        lineNo: 2,
        originKind: 'fee',
        quantity: 1,
        unitPriceMinor: '-5000',
        netMinor: '-5000',
      },
    ] as UblSource['lines'];
    const invoice = { ...source().invoice, netMinor: '10000', vatMinor: '2500', grossMinor: '12500' };
    const doc = ublDocumentOf(source({ lines, invoice }));
    expect(doc.lines[1]).toMatchObject({ quantity: '-1', unitCode: 'C62', price: { amountMinor: 5_000n } });
    expect(ublDocumentProblems(doc)).toEqual([]);
  });

  it('adds the VAT in the functional currency when the invoice is in another one', () => {
    const seller = { name: 'Brightpath ApS', country: 'DK', functionalCurrency: 'DKK', taxId: 'DK12345678' };
    const doc = ublDocumentOf(source({ seller, functionalVatMinor: '27977' }));
    expect(doc.taxCurrency).toEqual({ code: 'DKK', vatMinor: 27_977n });
  });

  it('recognises VAT identifiers by their country prefix, EL for Greece and XI for Northern Ireland', () => {
    expect(isVatIdOf('DE123456789', 'DE')).toBe(true);
    expect(isVatIdOf('EL123456789', 'GR')).toBe(true);
    expect(isVatIdOf('XI123456789', 'GB')).toBe(true);
    expect(isVatIdOf('FR40303265045', 'DE')).toBe(false);
    expect(isVatIdOf('123456789', 'US')).toBe(false);
  });

  it('is ready for the data issue 5 adds: a credit note, addresses, the buyer’s VAT id and bank account', () => {
    const doc = ublDocumentOf(
      source({
        creditNote: { correctsNumber: '41', correctsIssueDate: '2026-03-01' },
        client: {
          name: 'Globex SA',
          country: 'FR',
          vatId: 'FR55404833048',
          city: 'Paris',
          postalCode: '75001',
        },
        seller: {
          name: 'Brightpath AB',
          country: 'SE',
          functionalCurrency: 'EUR',
          taxId: 'SE556677889901',
          addressLine: 'Sveavägen 1',
          city: 'Stockholm',
        },
        paymentMeans: { code: '58', iban: 'SE4550000000058398257466' },
      }),
    );
    expect(doc).toMatchObject({
      kind: 'credit_note',
      precedingInvoice: { number: '41', issueDate: '2026-03-01' },
      buyer: { name: 'Globex SA', country: 'FR', vatId: 'FR55404833048', city: 'Paris', postalCode: '75001' },
      seller: { addressLine: 'Sveavägen 1', city: 'Stockholm', vatId: 'SE556677889901' },
      paymentMeans: { code: '58', iban: 'SE4550000000058398257466' },
    });
    expect(ublDocumentProblems(doc)).toEqual([]);
    const xml = toUbl(doc);
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toContain('<cbc:PaymentDueDate>2026-05-01</cbc:PaymentDueDate>');
  });
});
