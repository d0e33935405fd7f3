/** Money from the API: integer minor units (number, or a string for large values) and ISO 4217. */
export interface Money {
  readonly amountMinor: number | string;
  readonly currency: string;
}

const digitsCache = new Map<string, number>();

function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** "€1,250.50" from { amountMinor: 125050, currency: 'EUR' } — exact, without floating point on the minor units. */
export function formatMoney(money: Money | null | undefined, locale = 'en'): string {
  if (!money) return '—';
  const digits = minorDigits(money.currency);
  const minor = BigInt(money.amountMinor);
  const negative = minor < 0n;
  const absolute = negative ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const whole = absolute / scale;
  const fraction = (absolute % scale).toString().padStart(digits, '0');
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Format the whole part through Intl for symbol and grouping, then put the exact fraction back.
  const parts = formatter.formatToParts(whole);
  const text = parts.map((part) => (part.type === 'fraction' ? fraction : part.value)).join('');
  return negative ? `−${text}` : text;
}

/**
 * An amount typed in a currency's major units ("1,250.50", "1250", "-17.5") as exact minor units,
 * or null when it is not a number with at most the currency's decimals. No floating point.
 */
export function parseMoney(text: string, currency: string): bigint | null {
  const digits = minorDigits(currency);
  const match = /^([-−]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor =
    BigInt(whole.replaceAll(',', '')) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return sign ? -minor : minor;
}

/** Minutes as "7:30". */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const m = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** "30 Nov 2026" from "2026-11-30" (read as a calendar day, not an instant). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A date and time in the reader's zone ("1 Dec 2026, 02:15"), "—" when there is none. */
export function formatInstant(instant: string | null | undefined): string {
  return instant
    ? new Date(instant).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
    : '—';
}

/** A percentage with one decimal, "—" when unknown. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${value.toFixed(1)} %`;
}
