/**
 * Generated documents for the standards test (fast-check, fixed seed): every VAT category mix
 * Tessera uses, 1–5 lines of hours, minutes or units, up to two allowances and charges, six
 * currencies (JPY among them), and arbitrary text — controls, lone surrogates, markup — in names.
 */
import fc from 'fast-check';
import type { UblAllowanceCharge, UblDocument, UblLine, UblVatCategory } from './ubl-document.ts';
import { completeDocument, SELLERS, timeLine, unitLine } from './ubl-test-documents.ts';

type Tax = readonly [UblVatCategory, string];
const RATES = ['5.5', '7', '7.7', '10', '19', '20', '21', '25'] as const;

/** A mix of categories a document may carry (O only alone: BR-O-11…14). */
const taxMix = fc.oneof(
  fc.constantFrom(...RATES).map((rate): Tax[] => [['S', rate]]),
  fc.tuple(fc.constantFrom(...RATES), fc.constantFrom(...RATES)).map(([a, b]): Tax[] => [
    ['S', a],
    ['S', b],
  ]),
  fc.constantFrom(...RATES).map((rate): Tax[] => [
    ['S', rate],
    ['Z', '0'],
  ]),
  fc.constantFrom(...RATES).map((rate): Tax[] => [
    ['S', rate],
    ['E', '0'],
  ]),
  fc.constant<Tax[]>([['AE', '0']]),
  fc.constant<Tax[]>([['O', '0']]),
);

const text = fc
  .tuple(
    fc.constantFrom('', '&', '<b>', ']]>', '"quoted"', "it's", '&amp;', '💼'),
    fc.string({ unit: 'binary', minLength: 0, maxLength: 60 }),
  )
  .map(([markup, s]) => `Item ${markup}${s}`);

const lineSpec = fc.record({
  description: text,
  kind: fc.constantFrom('time', 'unit'),
  amount: fc.integer({ min: 1, max: 120_000 }),
  priceMinor: fc.integer({ min: 0, max: 2_500_000 }),
  taxIndex: fc.nat(),
});

const adjustmentSpec = fc.record({
  kind: fc.constantFrom<UblAllowanceCharge['kind']>('allowance', 'charge'),
  reason: text,
  permille: fc.integer({ min: 1, max: 100 }),
  taxIndex: fc.nat(),
});

export const ublDocumentArbitrary: fc.Arbitrary<UblDocument> = fc
  .record({
    taxes: taxMix,
    currency: fc.constantFrom('EUR', 'GBP', 'SEK', 'DKK', 'USD', 'JPY'),
    lines: fc.array(lineSpec, { minLength: 1, maxLength: 5 }),
    adjustments: fc.array(adjustmentSpec, { maxLength: 2 }),
    buyerName: text,
    creditNote: fc.boolean(),
  })
  .map(({ taxes, currency, lines, adjustments, buyerName, creditNote }) => {
    const taxOf = (index: number): Tax => taxes[index % taxes.length] as Tax;
    const built: UblLine[] = lines.map((spec, i) => {
      const tax = taxOf(spec.taxIndex);
      const count = Math.min(spec.amount, 500);
      return spec.kind === 'time'
        ? timeLine(String(i + 1), spec.description, spec.amount, BigInt(spec.priceMinor), tax)
        : unitLine(String(i + 1), spec.description, count, BigInt(spec.priceMinor), tax);
    });
    // An allowance or charge of a few permille of the lines of its category and rate.
    const allowanceCharges: UblAllowanceCharge[] = adjustments.map((spec) => {
      const tax = taxOf(spec.taxIndex);
      const base = built
        .filter((l) => l.vatCategory === tax[0] && l.vatRate === tax[1])
        .reduce((sum, l) => sum + l.netMinor, 0n);
      return {
        kind: spec.kind,
        reason: spec.reason,
        amountMinor: (base * BigInt(spec.permille)) / 1000n,
        vatCategory: tax[0],
        vatRate: tax[1],
      };
    });
    const notSubject = taxes.some(([category]) => category === 'O');
    const reverse = taxes.some(([category]) => category === 'AE');
    return completeDocument({
      kind: creditNote ? 'credit_note' : 'invoice',
      number: `R-${built.length}-${allowanceCharges.length}`,
      issueDate: '2026-04-01',
      dueDate: '2026-05-01',
      currency,
      seller: notSubject
        ? { name: 'Brightpath Ltd', country: 'GB', legalRegistrationId: '01234567' }
        : SELLERS.de,
      buyer: { name: buyerName, country: 'FR', ...(reverse ? { vatId: 'FR55404833048' } : {}) },
      ...(creditNote ? { precedingInvoice: { number: 'R-1', issueDate: '2026-03-01' } } : {}),
      lines: built,
      allowanceCharges,
      exemptions: { E: { reason: 'Exempt (Article 132 of Directive 2006/112/EC)' } },
    });
  });

/** `count` generated documents, the same for a seed. */
export function randomUblDocuments(seed: number, count: number): UblDocument[] {
  return fc.sample(ublDocumentArbitrary, { seed, numRuns: count });
}
