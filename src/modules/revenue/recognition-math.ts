import { divideRounded } from '../ledger/index.ts';

/**
 * Allocates a bundle's price to its parts in proportion to their standalone selling prices, by
 * largest remainder: each part gets the floor of its exact share, and the units left over go one
 * each to the largest remainders (a tie goes to the earlier part), so the parts sum to the price
 * exactly. SSPs 20/30/40 (minor units) for a price of 80 allocate 18/27/35.
 */
export function allocateByStandalonePrice(priceMinor: bigint, standalonePrices: readonly bigint[]): bigint[] {
  if (priceMinor < 0n) throw new RangeError('the price is not negative');
  if (standalonePrices.some((ssp) => ssp < 0n)) throw new RangeError('standalone prices are not negative');
  const total = standalonePrices.reduce((sum, ssp) => sum + ssp, 0n);
  if (total === 0n) throw new RangeError('at least one standalone price is positive');
  const parts = standalonePrices.map((ssp) => (priceMinor * ssp) / total);
  const order = standalonePrices
    .map((ssp, index) => ({ index, remainder: (priceMinor * ssp) % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  let left = priceMinor - parts.reduce((sum, part) => sum + part, 0n);
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index] = (parts[index] as bigint) + 1n;
    left -= 1n;
  }
  return parts;
}

const DAY_MS = 86_400_000;
const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromEpochDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, epochDay(to) - epochDay(from) + 1);
}

/** The last day of the month of `date`. */
export function monthEnd(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The first day of the month after the month of `date`. */
export function nextMonthStart(date: string): string {
  return fromEpochDay(epochDay(monthEnd(date)) + 1);
}

export interface Period {
  readonly start: string;
  readonly end: string;
}

/** The calendar months from the month of `from` whose last day is on or before `through`. */
export function completeMonths(from: string, through: string): Period[] {
  const periods: Period[] = [];
  for (let start = `${from.slice(0, 7)}-01`; monthEnd(start) <= through; start = nextMonthStart(start))
    periods.push({ start, end: monthEnd(start) });
  return periods;
}

/**
 * A ratable obligation's cumulative revenue through the end of `through`: the price times the
 * service days elapsed over all service days, rounded half away from zero. Recognizing each month
 * as the difference of cumulative figures makes the months sum to the price exactly.
 */
export function ratableCumulative(
  priceMinor: bigint,
  service: { readonly start: string; readonly end: string },
  through: string,
): bigint {
  const total = daysBetween(service.start, service.end);
  const elapsed = daysBetween(service.start, through < service.end ? through : service.end);
  return divideRounded(priceMinor * BigInt(elapsed), BigInt(total));
}

/** A ratable obligation's revenue per calendar month over its whole service. */
export function ratableSchedule(
  priceMinor: bigint,
  service: { readonly start: string; readonly end: string },
): { period: Period; amountMinor: bigint }[] {
  const schedule: { period: Period; amountMinor: bigint }[] = [];
  let before = 0n;
  for (const period of completeMonths(service.start, monthEnd(service.end))) {
    const cumulative = ratableCumulative(priceMinor, service, period.end);
    schedule.push({ period, amountMinor: cumulative - before });
    before = cumulative;
  }
  return schedule;
}

/**
 * Cost-to-cost percent complete: the price times the cost incurred over the estimated total cost
 * (never beyond 100 %), rounded half away from zero.
 */
export function percentCompleteCumulative(
  priceMinor: bigint,
  costToDateMinor: bigint,
  estimatedTotalCostMinor: bigint,
): bigint {
  if (estimatedTotalCostMinor <= 0n) throw new RangeError('the estimated total cost is positive');
  const incurred = costToDateMinor < 0n ? 0n : costToDateMinor;
  const capped = incurred > estimatedTotalCostMinor ? estimatedTotalCostMinor : incurred;
  return divideRounded(priceMinor * capped, estimatedTotalCostMinor);
}

/** Minutes at an hourly rate in minor units, rounded half away from zero per entry (as billing's time lines). */
export function timeValue(minutes: number, hourlyRateMinor: bigint): bigint {
  return divideRounded(BigInt(minutes) * hourlyRateMinor, 60n);
}

/**
 * How a posting moves one contract's balance, given the balance at its date: a positive delta
 * (revenue recognized) first uses up deferred revenue, then adds unbilled revenue; a negative
 * delta (an amount billed) first uses up unbilled revenue, then adds deferred revenue. Unbilled
 * is debit-positive, deferred credit-positive.
 */
export function splitContractBalance(
  balance: { readonly unbilledMinor: bigint; readonly deferredMinor: bigint },
  deltaMinor: bigint,
): { unbilledMinor: bigint; deferredMinor: bigint } {
  if (deltaMinor >= 0n) {
    const available = balance.deferredMinor > 0n ? balance.deferredMinor : 0n;
    const fromDeferred = deltaMinor < available ? deltaMinor : available;
    return { unbilledMinor: deltaMinor - fromDeferred, deferredMinor: -fromDeferred };
  }
  const billed = -deltaMinor;
  const available = balance.unbilledMinor > 0n ? balance.unbilledMinor : 0n;
  const fromUnbilled = billed < available ? billed : available;
  return { unbilledMinor: -fromUnbilled, deferredMinor: billed - fromUnbilled };
}
