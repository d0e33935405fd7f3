import { describe, expect, it } from 'vitest';
import { ageOf } from './grant-age.ts';

describe('the age of a waiting support request', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('counts minutes, then hours and minutes, then days and hours', () => {
    expect(ageOf('2026-11-30T11:59:30Z', now)).toBe('0 min');
    expect(ageOf('2026-11-30T11:48:00Z', now)).toBe('12 min');
    expect(ageOf('2026-11-30T08:55:00Z', now)).toBe('3 h 5 min');
    expect(ageOf('2026-11-28T08:00:00Z', now)).toBe('2 d 4 h');
  });
  it('never goes negative for a clock slightly ahead of the browser', () => {
    expect(ageOf('2026-11-30T12:00:20Z', now)).toBe('0 min');
  });
});
