import { divideHalfAway } from './invoice-totals.ts';

/** How often a recurring fee is billed: calendar months, quarters or years. */
export const FEE_INTERVALS = ['month', 'quarter', 'year'] as const;
export type FeeInterval = (typeof FEE_INTERVALS)[number];

/** A calendar period of a fee, both ends inclusive (`YYYY-MM-DD`), and its number of days. */
export interface FeePeriod {
  readonly from: string;
  readonly to: string;
  readonly days: number;
}

/** One row of a contract's fee schedule as proration sees it. */
export interface FeeRevision {
  readonly revision: number;
  readonly effectiveFrom: string;
  readonly amountMinor: bigint;
}

/**
 * A revision's share of a period: for the first revision in force, its amount × the days it runs
 * to the period's end / the period's days; for a change, (new − old) × the days from the change
 * to the period's end / the period's days. Each is rounded half away from zero on its own.
 */
export interface FeeShare {
  readonly revision: number;
  /** The amount the share prorates: the revision's amount, or the change from the previous one. */
  readonly deltaMinor: bigint;
  /** Days from the revision's start (or the period's, if earlier) to the period's end. */
  readonly days: number;
  readonly netMinor: bigint;
}

/** One invoice line of a period: the shares of the revisions it bills. */
export interface FeeLineDraft {
  readonly kind: 'period' | 'adjustment';
  readonly period: FeePeriod;
  readonly shares: readonly FeeShare[];
  /** The revision the line is for (its last share's): the period's plan, or the change. */
  readonly revision: number;
  readonly netMinor: bigint;
}

const DAY_MS = 86_400_000;
const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both inclusive. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from) + 1;
}

/** The calendar period of `interval` that contains `date`. */
export function feePeriodContaining(date: string, interval: FeeInterval): FeePeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  const first = interval === 'month' ? month : interval === 'quarter' ? month - (month % 3) : 0;
  const length = interval === 'month' ? 1 : interval === 'quarter' ? 3 : 12;
  const from = new Date(Date.UTC(year, first, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(year, first + length, 0)).toISOString().slice(0, 10);
  return { from, to, days: daysBetween(from, to) };
}

/** The period after `period`. */
export function nextFeePeriod(period: FeePeriod, interval: FeeInterval): FeePeriod {
  return feePeriodContaining(dateOf(epochDay(period.to) + 1), interval);
}

/** The last day of `period` the fee runs: the period's end, or the contract's if it ends inside it. */
export function lastFeeDay(period: FeePeriod, endsOn: string | null = null): string {
  return endsOn !== null && endsOn < period.to ? endsOn : period.to;
}

/**
 * Each revision's share of `period` (revisions in revision order, effective dates non-decreasing;
 * those starting after the period, or after the contract's end, are ignored). The shares
 * telescope: revisions that took effect before the period sum exactly to the amount in force at
 * its start; a change inside it adds (new − old) × remaining days / days. A $10 plan changed to
 * $20 at exactly half a 30-day month: 1000, then (2000 − 1000) × 15 / 30 = +500. A contract
 * ending inside the period (`endsOn`, its last day) ends every share there: the remaining days
 * count to the contract's end, over the whole period's days ($30/month ending on the 10th of a
 * 30-day month: 1000).
 */
export function feeShares(
  revisions: readonly FeeRevision[],
  period: FeePeriod,
  endsOn: string | null = null,
): FeeShare[] {
  const shares: FeeShare[] = [];
  const last = lastFeeDay(period, endsOn);
  let previous = 0n;
  for (const revision of revisions) {
    if (revision.effectiveFrom > last) break;
    const start = [revision.effectiveFrom, period.from].sort()[1] ?? period.from; // the later day
    const days = daysBetween(start, last);
    const deltaMinor = revision.amountMinor - previous;
    shares.push({
      revision: revision.revision,
      deltaMinor,
      days,
      netMinor: divideHalfAway(deltaMinor * BigInt(days), BigInt(period.days)),
    });
    previous = revision.amountMinor;
  }
  return shares;
}

/**
 * The lines still to bill for `period`, given the revisions whose share is already billed: one
 * line for the unbilled revisions in force at the period's start (the period's charge, or an
 * adjustment when part of it was billed before), then one adjustment line per unbilled change
 * inside the period. Lines of zero are left out (their revisions stay unbilled, harmlessly).
 * `endsOn`: the contract's last day, which ends the shares of a period it falls in (`feeShares`).
 */
export function feeLinesForPeriod(
  revisions: readonly FeeRevision[],
  period: FeePeriod,
  billed: ReadonlySet<number>,
  endsOn: string | null = null,
): FeeLineDraft[] {
  const shares = feeShares(revisions, period, endsOn);
  const effective = new Map(revisions.map((r) => [r.revision, r.effectiveFrom] as const));
  const open = shares.filter((share) => !billed.has(share.revision));
  const atStart = open.filter((share) => (effective.get(share.revision) ?? '') <= period.from);
  const inside = open.filter((share) => (effective.get(share.revision) ?? '') > period.from);
  const anyBilled = shares.some((share) => billed.has(share.revision));
  const lines: FeeLineDraft[] = [];
  const line = (kind: FeeLineDraft['kind'], group: readonly FeeShare[]) => {
    const netMinor = group.reduce((sum, share) => sum + share.netMinor, 0n);
    const last = group[group.length - 1];
    if (last && netMinor !== 0n)
      lines.push({ kind, period, shares: group, revision: last.revision, netMinor });
  };
  line(anyBilled ? 'adjustment' : 'period', atStart);
  // A fee starting inside the period bills its first, prorated share as the period's charge.
  for (const [index, share] of inside.entries())
    line(index === 0 && !anyBilled && atStart.length === 0 ? 'period' : 'adjustment', [share]);
  return lines;
}
