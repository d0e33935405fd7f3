/**
 * A varied set of documents for the UBL export's tests: every VAT category Tessera uses, document
 * allowances and charges, a credit note, foreign and zero-decimal currencies, long hours with
 * rounding, and texts that need escaping. Totals are derived; the unit tests pin the numbers.
 */
import { divideRounded } from '../ledger/index.ts';
import { timeQuantity, unitQuantity } from './line-quantity.ts';
import type {
  UblAllowanceCharge,
  UblDocument,
  UblLine,
  UblParty,
  UblVatBreakdown,
  UblVatCategory,
} from './ubl-document.ts';
import { deriveUblAmounts } from './ubl-totals.ts';

type Tax = readonly [UblVatCategory, string];
const S = (rate: string): Tax => ['S', rate];
const Z: Tax = ['Z', '0'];
const E: Tax = ['E', '0'];
const AE: Tax = ['AE', '0'];
const O: Tax = ['O', '0'];

/** A time line: minutes at an hourly rate, net rounded half away from zero per line. */
export function timeLine(
  id: string,
  description: string,
  minutes: number,
  hourlyMinor: bigint,
  tax: Tax,
): UblLine {
  const q = timeQuantity(minutes);
  return {
    id,
    description,
    quantity: q.quantity,
    unitCode: q.unitCode,
    netMinor: divideRounded(BigInt(minutes) * hourlyMinor, 60n),
    price: { amountMinor: hourlyMinor, ...(q.baseQuantity ? { baseQuantity: q.baseQuantity } : {}) },
    vatCategory: tax[0],
    vatRate: tax[1],
  };
}

/** A line of `count` units at a price. */
export function unitLine(
  id: string,
  description: string,
  count: number,
  priceMinor: bigint,
  tax: Tax,
): UblLine {
  const q = unitQuantity(count);
  return {
    id,
    description,
    quantity: q.quantity,
    unitCode: q.unitCode,
    netMinor: priceMinor * BigInt(count),
    price: { amountMinor: priceMinor },
    vatCategory: tax[0],
    vatRate: tax[1],
  };
}

const allowance = (
  reason: string,
  amountMinor: bigint,
  tax: Tax,
  reasonCode?: string,
): UblAllowanceCharge => ({
  kind: 'allowance',
  reason,
  amountMinor,
  vatCategory: tax[0],
  vatRate: tax[1],
  ...(reasonCode ? { reasonCode } : {}),
});
const charge = (reason: string, amountMinor: bigint, tax: Tax, reasonCode?: string): UblAllowanceCharge => ({
  ...allowance(reason, amountMinor, tax, reasonCode),
  kind: 'charge',
});

type Draft = Omit<UblDocument, 'vatBreakdown' | 'totals' | 'kind'> & {
  readonly kind?: UblDocument['kind'];
  readonly prepaidMinor?: bigint;
  readonly exemptions?: Parameters<typeof deriveUblAmounts>[0]['exemptions'];
};

/** A document with its breakdown and totals derived from its lines, allowances and charges. */
export function completeDocument(draft: Draft): UblDocument {
  const { prepaidMinor, exemptions, kind, ...rest } = draft;
  const derived = deriveUblAmounts({
    lines: draft.lines,
    allowanceCharges: draft.allowanceCharges ?? [],
    ...(prepaidMinor === undefined ? {} : { prepaidMinor }),
    ...(exemptions === undefined ? {} : { exemptions }),
  });
  return { kind: kind ?? 'invoice', ...rest, ...derived };
}

const party = (name: string, country: string, more: Partial<UblParty> = {}): UblParty => ({
  name,
  country,
  addressLine: 'Main Street 1',
  city: 'Capital',
  postalCode: '1000',
  ...more,
});

export const SELLERS = {
  se: party('Brightpath AB', 'SE', { vatId: 'SE556677889901', city: 'Stockholm', postalCode: '111 22' }),
  fr: party('Brightpath SAS', 'FR', { vatId: 'FR40303265045', legalRegistrationId: '303265045' }),
  gb: party('Brightpath Ltd', 'GB', { vatId: 'GB123456789', city: 'London', postalCode: 'EC1A 1BB' }),
  de: party('Brightpath GmbH', 'DE', { vatId: 'DE123456789', city: 'Berlin', postalCode: '10115' }),
  dk: party('Brightpath ApS', 'DK', { vatId: 'DK12345678', city: 'København', postalCode: '1050' }),
  jp: party('Brightpath KK', 'JP', { vatId: 'JPT1234567890123', city: 'Tokyo', postalCode: '100-0001' }),
  nl: party('Brightpath BV', 'NL', { vatId: 'NL123456789B01' }),
};

const base = {
  issueDate: '2026-04-01',
  dueDate: '2026-05-01',
  paymentTerms: '30 days net',
  invoicePeriod: { start: '2026-03-01', end: '2026-03-31' },
} as const;

/** The varied set: name → document. */
export function ublTestDocuments(): Map<string, UblDocument> {
  const docs = new Map<string, UblDocument>();
  docs.set(
    'domestic S 25% with a document allowance (the issue example: 140 net, 35.00 VAT, 175.00 gross)',
    completeDocument({
      ...base,
      number: 'SE-2026-1',
      currency: 'SEK',
      seller: SELLERS.se,
      buyer: party('Globex AB', 'SE', { vatId: 'SE999888777601' }),
      buyerReference: 'PO-4711',
      lines: [unitLine('1', 'Workshop', 1, 10_000n, S('25')), unitLine('2', 'Report', 1, 5_000n, S('25'))],
      allowanceCharges: [allowance('Loyalty discount', 1_000n, S('25'), '95')],
    }),
  );
  docs.set(
    'domestic S 20% in hours',
    completeDocument({
      ...base,
      number: 'FR-2026-001',
      currency: 'EUR',
      seller: SELLERS.fr,
      buyer: party('Initech SA', 'FR', { vatId: 'FR55404833048' }),
      contractReference: 'Initech pricing 2026',
      lines: [
        timeLine('1', 'Jin, 2026-03-02: pricing review', 450, 12_000n, S('20')),
        timeLine('2', 'Elena, 2026-03-03', 90, 9_000n, S('20')),
      ],
      paymentMeans: { code: '58', iban: 'FR7630006000011234567890189', paymentId: 'FR-2026-001' },
    }),
  );
  docs.set(
    'mixed S 20% and Z',
    completeDocument({
      ...base,
      number: 'GB-17',
      currency: 'GBP',
      seller: SELLERS.gb,
      buyer: party('Hooli UK Ltd', 'GB'),
      lines: [
        timeLine('1', 'Advisory', 600, 15_000n, S('20')),
        unitLine('2', 'Printed handbooks (zero rated)', 12, 1_250n, Z),
      ],
    }),
  );
  docs.set(
    'exempt E with a reason',
    completeDocument({
      ...base,
      number: 'DE-2026-0042',
      currency: 'EUR',
      seller: SELLERS.de,
      buyer: party('Klinikum Nord gGmbH', 'DE'),
      lines: [timeLine('1', 'Training of medical staff', 480, 8_000n, E)],
      exemptions: {
        E: { reason: 'Exempt under Article 132 of Directive 2006/112/EC', code: 'VATEX-EU-132' },
      },
    }),
  );
  docs.set(
    'reverse charge AE between two VAT-registered parties',
    completeDocument({
      ...base,
      number: 'DE-2026-0043',
      currency: 'EUR',
      seller: SELLERS.de,
      buyer: party('Initech SA', 'FR', { vatId: 'FR55404833048' }),
      note: 'Reverse charge: the buyer accounts for the VAT (Article 196 of Directive 2006/112/EC)',
      lines: [timeLine('1', 'Cloud migration', 2_400, 11_000n, AE), unitLine('2', 'Travel', 1, 45_000n, AE)],
    }),
  );
  docs.set(
    'not subject to VAT (O), no VAT identifiers',
    completeDocument({
      ...base,
      number: 'GB-18',
      currency: 'GBP',
      seller: party('Brightpath Ltd', 'GB', { legalRegistrationId: '01234567' }),
      buyer: party('Globex Inc.', 'US'),
      lines: [timeLine('1', 'Services performed outside the scope of VAT', 300, 20_000n, O)],
    }),
  );
  docs.set(
    'document allowance and charge at two rates',
    completeDocument({
      ...base,
      number: 'NL-2026-9',
      currency: 'EUR',
      seller: SELLERS.nl,
      buyer: party('Globex BV', 'NL', { vatId: 'NL987654321B01' }),
      lines: [
        timeLine('1', 'Consulting', 1_200, 10_000n, S('21')),
        unitLine('2', 'Reference book', 2, 3_995n, S('9')),
      ],
      allowanceCharges: [
        allowance('Volume discount', 5_000n, S('21'), '95'),
        charge('Freight', 1_250n, S('9'), 'FC'),
        charge('Handling', 999n, S('21')),
      ],
    }),
  );
  docs.set(
    'credit note referencing an invoice',
    completeDocument({
      ...base,
      kind: 'credit_note',
      number: 'FR-2026-002',
      currency: 'EUR',
      seller: SELLERS.fr,
      buyer: party('Initech SA', 'FR', { vatId: 'FR55404833048' }),
      precedingInvoice: { number: 'FR-2026-001', issueDate: '2026-04-01' },
      note: 'Credit for hours billed twice on 2026-03-02',
      lines: [timeLine('1', 'Jin, 2026-03-02: pricing review (credited)', 120, 12_000n, S('20'))],
      paymentMeans: { code: '30', iban: 'FR7630006000011234567890189' },
    }),
  );
  const eurInDkk = completeDocument({
    ...base,
    number: 'DK-88',
    currency: 'EUR',
    seller: SELLERS.dk,
    buyer: party('Globex GmbH', 'DE', { vatId: 'DE987654321' }),
    lines: [timeLine('1', 'Data platform review', 960, 14_000n, S('25'))],
  });
  // VAT 560.00 EUR at 7.4604 DKK/EUR = 4177.82 DKK (rounded once, half away from zero).
  docs.set('foreign currency invoice with its VAT in the seller’s currency', {
    ...eurInDkk,
    taxCurrency: { code: 'DKK', vatMinor: divideRounded(eurInDkk.totals.vatMinor * 74_604n, 10_000n) },
  });
  docs.set(
    'JPY invoice (no minor unit)',
    completeDocument({
      ...base,
      number: 'JP-2026-7',
      currency: 'JPY',
      seller: SELLERS.jp,
      buyer: party('Globex KK', 'JP', { vatId: 'JPT9876543210987' }),
      lines: [
        timeLine('1', 'Consulting', 1_010, 18_333n, S('10')),
        unitLine('2', 'Licence', 3, 4_999n, S('10')),
      ],
    }),
  );
  docs.set(
    'many hours, minutes that are not whole hundredths, and rounding',
    completeDocument({
      ...base,
      number: 'SE-2026-2',
      currency: 'SEK',
      seller: SELLERS.se,
      buyer: party('Globex AB', 'SE', { vatId: 'SE999888777601' }),
      lines: [
        timeLine('1', 'Programme management, Q1', 74_070, 123_45n, S('25')),
        timeLine('2', 'Call', 50, 100_00n, S('25')),
        timeLine('3', 'Minute', 1, 1n, S('25')),
      ],
      prepaidMinor: 1_000_000n,
    }),
  );
  const long = `${'A very long description of the work, '.repeat(12)}ending here.`;
  docs.set(
    'texts that need escaping: &, <, >, quotes, emoji, a second line and a long name',
    completeDocument({
      ...base,
      number: 'GB-19 <&> "quoted"',
      currency: 'GBP',
      seller: party('Smith & Sons <Consulting> Ltd', 'GB', {
        vatId: 'GB123456789',
        addressLine: '1 "Quote" Lane',
      }),
      buyer: party('Ünïcødé 💼 Holdings & Co', 'GB', { city: "King's Lynn" }),
      note: 'Thanks! 🎉 Terms & conditions apply; 5 < 6 > 4.\nSecond line.',
      buyerReference: 'R&D <team>',
      lines: [
        timeLine('1', 'Design & build <API> — “smart quotes” 🚀\nwith a second line', 90, 10_000n, S('20')),
        unitLine('2', long, 1, 1n, S('20')),
        unitLine('3', 'Bell\u0007 and NUL\u0000 removed', 1, 100n, S('20')),
      ],
    }),
  );
  return docs;
}

/** A breakdown entry by category (test convenience). */
export const groupOf = (
  doc: UblDocument,
  category: UblVatCategory,
  rate?: string,
): UblVatBreakdown | undefined =>
  doc.vatBreakdown.find((g) => g.category === category && (rate === undefined || g.rate === rate));
