/** A token bucket's shape: it refills `perSecond` tokens a second and holds at most `burst`. */
export interface BucketRule {
  readonly perSecond: number;
  readonly burst: number;
}

/** One bucket a request takes a token from: its key and its rule. */
export interface BucketCharge {
  readonly key: string;
  readonly rule: BucketRule;
}

/** Whether a request may proceed; when not, which bucket refused it and when to retry. */
export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly key: string; readonly retryAfterSeconds: number };

export interface TokenBucketsOptions {
  /** Milliseconds from a monotonic clock; tests inject their own. */
  readonly now?: () => number;
  /** Buckets kept at most; the least recently used go first (a dropped bucket is full again). */
  readonly maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Refuses a rule that could never admit anything or never refuse. */
export function assertBucketRule(rule: BucketRule, name: string): void {
  if (!(rule.perSecond > 0 && Number.isFinite(rule.perSecond) && rule.burst >= 1)) {
    throw new Error(`Rate limit ${name}: perSecond must be > 0 and burst >= 1`);
  }
}

/**
 * Token buckets held in this process's memory: pure apart from the clock, no I/O. A request takes
 * one token from each of its buckets, or from none when any of them is empty — a refused request
 * changes nothing, so an integration hammering past its own bucket does not drain its tenant's.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxBuckets: number;

  constructor(options: TokenBucketsOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.maxBuckets = options.maxBuckets ?? 100_000;
  }

  /** Takes a token from every bucket, or none and says when the emptiest refills enough. */
  take(charges: readonly BucketCharge[]): Admission {
    const now = this.now();
    const levels = charges.map((charge) => ({ charge, tokens: this.level(charge, now) }));
    let refused: { key: string; retryAfterSeconds: number } | null = null;
    for (const { charge, tokens } of levels) {
      if (tokens >= 1) continue;
      const retryAfterSeconds = (1 - tokens) / charge.rule.perSecond;
      if (refused === null || retryAfterSeconds > refused.retryAfterSeconds)
        refused = { key: charge.key, retryAfterSeconds };
    }
    if (refused !== null) return { admitted: false, ...refused };
    for (const { charge, tokens } of levels) {
      // Re-inserted so the map's order is least recently used first.
      this.buckets.delete(charge.key);
      this.buckets.set(charge.key, { tokens: tokens - 1, at: now });
    }
    this.evict();
    return { admitted: true };
  }

  /** How many buckets are held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private level(charge: BucketCharge, now: number): number {
    const bucket = this.buckets.get(charge.key);
    if (!bucket) return charge.rule.burst;
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    return Math.min(charge.rule.burst, bucket.tokens + elapsedSeconds * charge.rule.perSecond);
  }

  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) return;
      this.buckets.delete(key);
    }
  }
}
