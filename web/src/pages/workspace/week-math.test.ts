import { describe, expect, it } from 'vitest';
import { addDays, isDay, isoWeek, mondayOf } from './calendar.ts';
import { formatHours, minutesFromHours } from './hours.ts';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-30', '2026-W49'],
    ['2026-01-01', '2026-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
    ['2027-01-01', '2026-W53'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });

  it('finds the Monday across month and year ends', () => {
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2027-01-03')).toBe('2026-12-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('knows a real calendar day', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
  });
});

describe('hours typed in a timesheet cell', () => {
  it.each([
    ['7:30', 450],
    ['7.5', 450],
    ['7,5', 450],
    ['8', 480],
    [' 0:05 ', 5],
    ['', 'empty'],
    ['7h', null],
    ['7:75', null],
  ] as const)('reads %j as %j', (typed, minutes) => {
    expect(minutesFromHours(typed)).toBe(minutes);
  });

  it('shows project totals with grouped thousands', () => {
    expect(formatHours(68490)).toBe('1,141:30');
  });
});
