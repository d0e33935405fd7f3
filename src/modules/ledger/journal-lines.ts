import type { FieldProblem } from '../../platform/errors/index.ts';
import { allocateMinor, convertMinor, divideRounded, formatRate, RATE_DECIMALS } from './fx-conversion.ts';
import { refused } from './ledger-rules.ts';

/** Each line's amount stays below 10^14 minor units (the schema's bound). */
export const MAX_LINE_MINOR = 99_999_999_999_999n;

/** A line whose account is resolved, before its functional amount is known (maybe). */
export interface ResolvedLine {
  readonly accountId: string;
  readonly side: 'debit' | 'credit';
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Given by the caller (a historical rate), or computed here. */
  readonly functionalAmountMinor?: bigint;
  readonly rate?: string;
  readonly memo: string | null;
}

/** A line ready to insert: both amounts and the rate used. */
export interface BookedLine {
  readonly accountId: string;
  readonly side: 'debit' | 'credit';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly functionalAmountMinor: bigint;
  /** Null on a functional-only line (no transaction amount). */
  readonly rate: string | null;
  readonly memo: string | null;
}

/**
 * Fills in the functional amounts of the lines that lack one, at `rateOf(currency)`.
 *
 * In each foreign currency, when the lines to convert balance among themselves (the usual case),
 * their total is converted once and allocated to the debit lines and to the credit lines by
 * largest remainder: both sides then get the same functional total, so conversion never
 * unbalances an entry that balanced. Otherwise each line is converted on its own (half away from
 * zero). Lines in the functional currency get rate 1 and equal amounts.
 */
export function bookLines(
  lines: readonly ResolvedLine[],
  functionalCurrency: string,
  rateOf: (currency: string) => string,
): BookedLine[] {
  const booked: (BookedLine | undefined)[] = lines.map((line) => {
    if (line.currency === functionalCurrency)
      return {
        ...line,
        functionalAmountMinor: line.amountMinor,
        rate: formatRate(10n ** BigInt(RATE_DECIMALS)),
      };
    if (line.functionalAmountMinor === undefined) return undefined;
    return {
      ...line,
      functionalAmountMinor: line.functionalAmountMinor,
      rate: line.rate ?? impliedRate(line.amountMinor, line.functionalAmountMinor),
    };
  });
  const foreign = new Set(lines.filter((_, i) => booked[i] === undefined).map((line) => line.currency));
  for (const currency of foreign) {
    const rate = rateOf(currency);
    const open = lines
      .map((line, index) => ({ line, index }))
      .filter(({ index, line }) => {
        return booked[index] === undefined && line.currency === currency;
      });
    const debits = open.filter(({ line }) => line.side === 'debit');
    const credits = open.filter(({ line }) => line.side === 'credit');
    const total = (group: typeof open) => group.reduce((sum, { line }) => sum + line.amountMinor, 0n);
    if (total(debits) === total(credits)) {
      const functional = convertMinor(total(debits), currency, functionalCurrency, rate);
      for (const side of [debits, credits]) {
        const parts = allocateMinor(
          functional,
          side.map(({ line }) => line.amountMinor),
        );
        side.forEach(({ line, index }, i) => {
          booked[index] = { ...line, functionalAmountMinor: parts[i] as bigint, rate };
        });
      }
    } else {
      for (const { line, index } of open)
        booked[index] = {
          ...line,
          functionalAmountMinor: convertMinor(line.amountMinor, currency, functionalCurrency, rate),
          rate,
        };
    }
  }
  return booked as BookedLine[];
}

/** The rate a caller's explicit functional amount implies, or null for a functional-only line. */
function impliedRate(amountMinor: bigint, functionalMinor: bigint): string | null {
  if (amountMinor === 0n) return null;
  const scaled = divideRounded(functionalMinor * 10n ** BigInt(RATE_DECIMALS), amountMinor);
  return scaled > 0n ? formatRate(scaled) : null;
}

/** Per currency: debits minus credits of the transaction amounts, and of the functional amounts. */
export function imbalances(lines: readonly BookedLine[]): {
  readonly byCurrency: ReadonlyMap<string, bigint>;
  readonly functionalByCurrency: ReadonlyMap<string, bigint>;
} {
  const byCurrency = new Map<string, bigint>();
  const functionalByCurrency = new Map<string, bigint>();
  for (const line of lines) {
    const sign = line.side === 'debit' ? 1n : -1n;
    byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0n) + sign * line.amountMinor);
    functionalByCurrency.set(
      line.currency,
      (functionalByCurrency.get(line.currency) ?? 0n) + sign * line.functionalAmountMinor,
    );
  }
  return { byCurrency, functionalByCurrency };
}

/**
 * Refuses (422 LEDGER_UNBALANCED, one problem per currency) lines that do not balance per
 * transaction currency or in the functional currency: the same rule the database applies at
 * commit, said earlier and more precisely.
 */
export function requireBalanced(lines: readonly BookedLine[], functionalCurrency: string): void {
  const problems: FieldProblem[] = [];
  if (lines.length < 2) problems.push({ path: '/body/lines', message: 'an entry has at least two lines' });
  const { byCurrency, functionalByCurrency } = imbalances(lines);
  for (const [currency, difference] of byCurrency)
    if (difference !== 0n)
      problems.push({
        path: '/body/lines',
        message: `debits and credits in ${currency} differ by ${difference} minor units`,
      });
  const functional = [...functionalByCurrency.values()].reduce((a, b) => a + b, 0n);
  if (functional !== 0n)
    problems.push({
      path: '/body/lines',
      message: `debits and credits in the functional currency ${functionalCurrency} differ by ${functional} minor units`,
    });
  if (problems.length > 0) throw refused('LEDGER_UNBALANCED', 'The journal entry does not balance', problems);
}
