/** How a line's quantity and price read in UBL: the quantity, its unit and the price's base quantity. */
export interface UblQuantity {
  readonly quantity: string;
  readonly unitCode: string;
  readonly baseQuantity?: string;
}

/**
 * A time line's quantity: hours (`HUR`) when the minutes are an exact decimal number of hours
 * (multiples of 3 minutes: at most two decimals), otherwise minutes (`MIN`) with the hourly
 * price's base quantity of 60 minutes — exact either way, so quantity × price / base is the
 * billed net before its per-line rounding.
 */
export function timeQuantity(minutes: number): UblQuantity {
  if (!Number.isSafeInteger(minutes)) throw new RangeError(`not a number of minutes: ${minutes}`);
  if (minutes % 3 !== 0) return { quantity: String(minutes), unitCode: 'MIN', baseQuantity: '60' };
  const hundredths = (minutes / 3) * 5; // minutes / 60 hours, in hundredths of an hour
  const sign = hundredths < 0 ? '-' : '';
  const magnitude = Math.abs(hundredths);
  const whole = Math.trunc(magnitude / 100);
  const fraction = String(magnitude % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return { quantity: `${sign}${whole}${fraction ? `.${fraction}` : ''}`, unitCode: 'HUR' };
}

/** A quantity of units (`C62`, "one"). */
export function unitQuantity(count: number): UblQuantity {
  return { quantity: String(count), unitCode: 'C62' };
}
