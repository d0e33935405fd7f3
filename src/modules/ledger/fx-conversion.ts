/**
 * Exact money arithmetic for FX: amounts are bigint minor units, rates exact decimals with at
 * most 10 fractional digits (numeric(18,10) in the database), held as bigint scaled by 10^10.
 * No floating point anywhere.
 *
 * Rounding (docs/adr/0007-ledger.md): half away from zero ("commercial" rounding, half-up for
 * the non-negative amounts the ledger carries), the convention EN 16931 invoices are computed
 * with, so a converted invoice total is the number a person with a calculator gets.
 */

/** The decimal places of a rate: numeric(18,10). */
export const RATE_DECIMALS = 10;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);
/** A rate as the API and the database write it: up to 8 integer and 10 fractional digits. */
export const RATE_PATTERN = '^(0|[1-9][0-9]{0,7})(\\.[0-9]{1,10})?$';
const RATE_REGEX = new RegExp(RATE_PATTERN);

/** ISO 4217 currencies whose minor unit is not 1/100. */
const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
});

/** The number of decimals of a currency's minor unit (ISO 4217; 2 unless listed otherwise). */
export function minorUnitExponent(currency: string): number {
  return MINOR_UNIT_EXPONENTS[currency] ?? 2;
}

/** True for a well-formed, positive rate string. */
export function isRate(text: string): boolean {
  return RATE_REGEX.test(text) && parseRate(text) > 0n;
}

/** A rate string as an integer of 10^-10 units; throws on anything that is not a rate. */
export function parseRate(text: string): bigint {
  if (!RATE_REGEX.test(text)) throw new RangeError(`not a rate: ${text}`);
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(RATE_DECIMALS, '0'));
}

/** A scaled rate as the canonical string with 10 decimals (`1.0850000000`), as PostgreSQL prints it. */
export function formatRate(scaled: bigint): string {
  if (scaled <= 0n) throw new RangeError('a rate is positive');
  const whole = scaled / RATE_SCALE;
  const fraction = (scaled % RATE_SCALE).toString().padStart(RATE_DECIMALS, '0');
  return `${whole}.${fraction}`;
}

/** The canonical form of a rate string (`1.085` → `1.0850000000`). */
export function normalizeRate(text: string): string {
  return formatRate(parseRate(text));
}

/** numerator / denominator rounded half away from zero (denominator positive). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('the denominator is positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const rounded = (magnitude % denominator) * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * Converts `amountMinor` of `from` into minor units of `to` at `rate` (1 `from` = `rate` `to`),
 * exactly, then rounds once, half away from zero. Minor units of both currencies are honoured
 * (JPY has none, KWD three).
 */
export function convertMinor(amountMinor: bigint, from: string, to: string, rate: string): bigint {
  const scaled = parseRate(rate);
  const numerator = amountMinor * scaled * 10n ** BigInt(minorUnitExponent(to));
  const denominator = RATE_SCALE * 10n ** BigInt(minorUnitExponent(from));
  return divideRounded(numerator, denominator);
}

/** The inverse rate (1 / rate), rounded to 10 decimals half away from zero. */
export function invertRate(rate: string): string {
  const inverse = divideRounded(RATE_SCALE * RATE_SCALE, parseRate(rate));
  if (inverse <= 0n) throw new RangeError(`rate ${rate} has no inverse at ${RATE_DECIMALS} decimals`);
  return formatRate(inverse);
}

/**
 * Splits `total` into parts proportional to `weights` that sum exactly to `total` (largest
 * remainder: each part is the rounded-down share, and the units left go to the largest
 * remainders, the earlier part first on a tie). Weights are non-negative; with all weights zero,
 * only a zero total can be split.
 */
export function allocateMinor(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.some((weight) => weight < 0n)) throw new RangeError('weights are non-negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total !== 0n) throw new RangeError('cannot split a non-zero total by zero weights');
    return weights.map(() => 0n);
  }
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = weights.map((weight) => (magnitude * weight) / sum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (magnitude * weight) % sum }));
  let left = magnitude - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  return negative ? parts.map((part) => -part) : parts;
}
