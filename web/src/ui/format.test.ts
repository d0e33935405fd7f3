import { describe, expect, it } from 'vitest';
import { formatDay, formatMinutes, formatMoney, parseMoney } from './format.ts';

describe('formatMoney', () => {
  it.each([
    [{ amountMinor: 125050, currency: 'EUR' }, '€1,250.50'],
    [{ amountMinor: 5, currency: 'GBP' }, '£0.05'],
    [{ amountMinor: -1750, currency: 'USD' }, '−$17.50'],
    [{ amountMinor: 1234, currency: 'JPY' }, '¥1,234'],
    [{ amountMinor: 1234567, currency: 'NOK' }, 'NOK 12,345.67'],
    // Beyond 2^53: the minor units stay exact.
    [{ amountMinor: '900719925474099312', currency: 'EUR' }, '€9,007,199,254,740,993.12'],
  ])('shows %o as %s', (money, text) => {
    expect(formatMoney(money).replace(/\u00a0/g, ' ')).toBe(text);
  });

  it('shows a dash for no amount', () => {
    expect(formatMoney(null)).toBe('—');
  });
});

describe('formatMinutes and formatDay', () => {
  it.each([
    [450, '7:30'],
    [5, '0:05'],
    [-90, '−1:30'],
  ])('%i minutes are %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it('reads a calendar day without a time zone shift', () => {
    expect(formatDay('2026-11-30')).toBe('30 Nov 2026');
    expect(formatDay('2027-01-01T00:00:00Z')).toBe('1 Jan 2027');
  });
});

describe('parseMoney', () => {
  it.each([
    ['1,250.50', 'EUR', 125050n],
    ['1250', 'USD', 125000n],
    ['17.5', 'GBP', 1750n],
    ['-17.50', 'USD', -1750n],
    ['1234', 'JPY', 1234n],
    ['900719925474099.31', 'EUR', 90071992547409931n],
  ])('reads %s %s as %s minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toBe(minor);
  });

  it.each([
    ['', 'EUR'],
    ['12.345', 'EUR'],
    ['12.5', 'JPY'],
    ['1,25', 'EUR'],
    ['ten', 'EUR'],
    ['1e3', 'EUR'],
  ])('refuses %s in %s', (text, currency) => {
    expect(parseMoney(text, currency)).toBeNull();
  });
});
