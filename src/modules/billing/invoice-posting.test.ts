import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentPostingLines, type PostableDocument, revenueByRole } from './invoice-posting.ts';
import { invoiceTotals } from './invoice-totals.ts';

const roleOf = (line: ReturnType<typeof documentPostingLines>[number]) =>
  'role' in line.account ? line.account.role : line.account.id;

describe('the posting of a document', () => {
  it('spreads an allowance over the revenue roles by their nets, parts summing exactly', () => {
    // Time 100.00 and expenses 50.00 less 10.00: 6.67 off services, 3.33 off recharges.
    const document: PostableDocument = {
      kind: 'invoice',
      currency: 'EUR',
      vatMinor: 3500n,
      grossMinor: 17500n,
      lines: [
        { originKind: 'time', netMinor: 10000n },
        { originKind: 'expense', netMinor: 5000n },
      ],
      allowances: [{ kind: 'allowance', amountMinor: 1000n }],
    };
    expect(Object.fromEntries(revenueByRole(document))).toEqual({
      revenue_services: 9333n,
      revenue_expense_recharge: 4667n,
      revenue_fixed_fees: 0n,
    });
    expect(documentPostingLines(document).map((line) => [line.side, roleOf(line), line.amountMinor])).toEqual(
      [
        ['debit', 'receivables', 17500n],
        ['credit', 'revenue_services', 9333n],
        ['credit', 'revenue_expense_recharge', 4667n],
        ['credit', 'vat_payable', 3500n],
      ],
    );
  });

  it('balances for any document, and a credit note posts the exact mirror of its invoice (property)', () => {
    const line = fc.record({
      originKind: fc.constantFrom('time', 'expense', 'milestone', 'fee'),
      netMinor: fc.bigInt({ min: 1n, max: 50_000_000n }),
      rate: fc.constantFrom('25', '20', '7.7', '0'),
    });
    const item = fc.record({
      kind: fc.constantFrom('allowance' as const, 'charge' as const),
      amountMinor: fc.bigInt({ min: 1n, max: 1_000_000n }),
    });
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 10 }),
        fc.array(item, { maxLength: 3 }),
        (lines, items) => {
          const rate = lines[0]?.rate ?? '25';
          const vatCategory = rate === '0' ? 'Z' : 'S';
          const totals = invoiceTotals(
            lines.map((l) => ({ netMinor: l.netMinor, vatCategory, vatRate: rate })),
            items.map((a) => ({ ...a, vatCategory, vatRate: rate })),
          );
          const document: PostableDocument = {
            kind: 'invoice',
            currency: 'EUR',
            vatMinor: totals.vatMinor,
            grossMinor: totals.grossMinor,
            lines,
            allowances: items,
          };
          const posting = documentPostingLines(document);
          const sum = (side: 'debit' | 'credit', of = posting) =>
            of.filter((l) => l.side === side).reduce((s, l) => s + l.amountMinor, 0n);
          expect(sum('debit')).toBe(sum('credit'));
          expect(posting.every((l) => l.amountMinor > 0n)).toBe(true);
          const mirror = documentPostingLines({ ...document, kind: 'credit_note' });
          expect(mirror).toEqual(
            posting.map((l) => ({ ...l, side: l.side === 'debit' ? 'credit' : 'debit' })),
          );
        },
      ),
      { seed: 20261130, numRuns: 300 },
    );
  });
});
