import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.ts';

const rule = { perSecond: 2, burst: 4 };

function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('token buckets', () => {
  it('admit a burst, then refuse with the seconds until a token is back', () => {
    const time = clock();
    const buckets = new TokenBuckets({ now: time.now });
    for (let i = 0; i < 4; i += 1) expect(buckets.take([{ key: 'a', rule }]).admitted).toBe(true);
    expect(buckets.take([{ key: 'a', rule }])).toEqual({ admitted: false, key: 'a', retryAfterSeconds: 0.5 });
    time.advance(250);
    expect(buckets.take([{ key: 'a', rule }])).toEqual({
      admitted: false,
      key: 'a',
      retryAfterSeconds: 0.25,
    });
    time.advance(250);
    expect(buckets.take([{ key: 'a', rule }]).admitted).toBe(true);
    expect(buckets.take([{ key: 'a', rule }]).admitted).toBe(false);
  });

  it('refill at the rule’s rate and never above the burst', () => {
    const time = clock();
    const buckets = new TokenBuckets({ now: time.now });
    for (let i = 0; i < 4; i += 1) buckets.take([{ key: 'a', rule }]);
    time.advance(60_000);
    let admitted = 0;
    while (buckets.take([{ key: 'a', rule }]).admitted) admitted += 1;
    expect(admitted).toBe(4);
  });

  it('keep each key apart', () => {
    const buckets = new TokenBuckets({ now: clock().now });
    for (let i = 0; i < 4; i += 1) buckets.take([{ key: 'a', rule }]);
    expect(buckets.take([{ key: 'a', rule }]).admitted).toBe(false);
    expect(buckets.take([{ key: 'b', rule }]).admitted).toBe(true);
  });

  it('take from every bucket of a request, or from none when one is empty', () => {
    const buckets = new TokenBuckets({ now: clock().now });
    const small = { key: 'token', rule: { perSecond: 1, burst: 1 } };
    const shared = { key: 'tenant', rule: { perSecond: 1, burst: 3 } };
    expect(buckets.take([small, shared]).admitted).toBe(true);
    // The token is empty: its refusals leave the tenant's bucket alone.
    for (let i = 0; i < 10; i += 1) expect(buckets.take([small, shared]).admitted).toBe(false);
    expect(buckets.take([shared]).admitted).toBe(true);
    expect(buckets.take([shared]).admitted).toBe(true);
    expect(buckets.take([shared])).toMatchObject({ admitted: false, key: 'tenant' });
  });

  it('answer the longest wait when several buckets are empty', () => {
    const buckets = new TokenBuckets({ now: clock().now });
    const fast = { key: 'fast', rule: { perSecond: 10, burst: 1 } };
    const slow = { key: 'slow', rule: { perSecond: 0.5, burst: 1 } };
    buckets.take([fast, slow]);
    expect(buckets.take([fast, slow])).toEqual({ admitted: false, key: 'slow', retryAfterSeconds: 2 });
  });

  it('ignore a clock that goes backwards', () => {
    const time = clock();
    const buckets = new TokenBuckets({ now: time.now });
    time.advance(10_000);
    for (let i = 0; i < 4; i += 1) buckets.take([{ key: 'a', rule }]);
    time.advance(-5_000);
    expect(buckets.take([{ key: 'a', rule }]).admitted).toBe(false);
  });

  it('hold at most maxBuckets, dropping the least recently used', () => {
    const buckets = new TokenBuckets({ now: clock().now, maxBuckets: 2 });
    const one = { perSecond: 0.001, burst: 1 };
    buckets.take([{ key: 'a', rule: one }]);
    buckets.take([{ key: 'b', rule: one }]);
    buckets.take([{ key: 'c', rule: one }]);
    expect(buckets.size).toBe(2);
    expect(buckets.take([{ key: 'b', rule: one }]).admitted).toBe(false);
    expect(buckets.take([{ key: 'a', rule: one }]).admitted).toBe(true);
  });
});
