import { describe, expect, it } from 'vitest';
import { isoWeek, loadOf, mondayOf, weeklyLoad, workingDaysCovered } from './weekly-load.ts';

describe('ISO weeks', () => {
  it('start on Mondays and belong to the year of their Thursday', () => {
    expect(mondayOf('2026-03-04')).toBe('2026-03-02');
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
    expect(isoWeek('2026-03-02')).toBe('2026-W10');
    expect(isoWeek(mondayOf('2027-01-01'))).toBe('2026-W53');
    expect(isoWeek(mondayOf('1969-12-31'))).toBe('1970-W01');
  });

  it('count the working days an assignment covers', () => {
    expect(workingDaysCovered('2026-03-02', '2026-03-04', '2026-03-20')).toBe(3);
    expect(workingDaysCovered('2026-03-02', '2026-01-01', '2026-12-31')).toBe(5);
    expect(workingDaysCovered('2026-03-23', '2026-03-28', '2026-03-29')).toBe(0);
    expect(workingDaysCovered('2026-03-30', '2026-03-16', '2026-04-01')).toBe(3);
  });
});

describe('the weekly load (known answer, computed by hand)', () => {
  it('prorates each assignment by the working days it covers and compares with capacity', () => {
    // Capacity 2400 a week. A: 50 % Wed 4 – Fri 20 March; B: 30 % Mon 16 March – Wed 1 April;
    // C: 25 % over a weekend only; D: 100 % the week of 9 March.
    const weeks = weeklyLoad(
      2400,
      [
        { allocationPercent: 50, startsOn: '2026-03-04', endsOn: '2026-03-20' },
        { allocationPercent: 30, startsOn: '2026-03-16', endsOn: '2026-04-01' },
        { allocationPercent: 25, startsOn: '2026-03-28', endsOn: '2026-03-29' },
        { allocationPercent: 100, startsOn: '2026-03-09', endsOn: '2026-03-13' },
      ],
      '2026-03-02',
      5,
    );
    expect(weeks).toEqual([
      // A: 50 × 2400 × 3 / 500 = 720
      {
        week: '2026-W10',
        startsOn: '2026-03-02',
        capacityMinutes: 2400,
        allocatedMinutes: 720,
        load: 'under',
      },
      // A 1200 + D 2400
      {
        week: '2026-W11',
        startsOn: '2026-03-09',
        capacityMinutes: 2400,
        allocatedMinutes: 3600,
        load: 'over',
      },
      // A 1200 + B 720 = 1920: exactly 80 % is ok
      { week: '2026-W12', startsOn: '2026-03-16', capacityMinutes: 2400, allocatedMinutes: 1920, load: 'ok' },
      // B 720; C covers no working day
      {
        week: '2026-W13',
        startsOn: '2026-03-23',
        capacityMinutes: 2400,
        allocatedMinutes: 720,
        load: 'under',
      },
      // B Mon–Wed: 30 × 2400 × 3 / 500 = 432
      {
        week: '2026-W14',
        startsOn: '2026-03-30',
        capacityMinutes: 2400,
        allocatedMinutes: 432,
        load: 'under',
      },
    ]);
  });

  it('rounds each assignment-week half up to a whole minute', () => {
    // 33 × 2250 × 1 / 500 = 148.5 → 149; two such assignments make 298, not 297.
    const one = { allocationPercent: 33, startsOn: '2026-03-02', endsOn: '2026-03-02' };
    expect(weeklyLoad(2250, [one], '2026-03-02', 1)[0]?.allocatedMinutes).toBe(149);
    expect(weeklyLoad(2250, [one, one], '2026-03-02', 1)[0]?.allocatedMinutes).toBe(298);
    // 10 × 2250 × 1 / 500 = 45 exactly.
    expect(weeklyLoad(2250, [{ ...one, allocationPercent: 10 }], '2026-03-02', 1)[0]?.allocatedMinutes).toBe(
      45,
    );
  });

  it('calls a week over above capacity, under below 80 % of it, else ok', () => {
    expect(loadOf(2401, 2400)).toBe('over');
    expect(loadOf(2400, 2400)).toBe('ok');
    expect(loadOf(1920, 2400)).toBe('ok');
    expect(loadOf(1919, 2400)).toBe('under');
    expect(loadOf(0, 0)).toBe('ok');
    expect(loadOf(1, 0)).toBe('over');
  });
});
