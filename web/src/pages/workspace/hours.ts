/**
 * Reads what a person types in a timesheet cell: "7:30", "7.5", "7,5" or "7" hours. Empty means no
 * time. Anything else is not a number of hours (null), and the cell says so; a number the API
 * refuses (too many minutes, negative) is sent as typed, so that the API's own message shows.
 */
export function minutesFromHours(text: string): number | 'empty' | null {
  const value = text.trim();
  if (value === '') return 'empty';
  const clock = /^(-?)(\d+):([0-5]\d)$/.exec(value);
  if (clock) {
    const minutes = Number(clock[2]) * 60 + Number(clock[3]);
    return clock[1] ? -minutes : minutes;
  }
  if (/^-?\d+([.,]\d+)?$/.test(value)) return Math.round(Number(value.replace(',', '.')) * 60);
  return null;
}

/** Minutes as hours with grouped thousands, "1,141:30", for budgets and totals of a project. */
export function formatHours(minutes: number): string {
  const whole = Math.floor(Math.abs(minutes) / 60);
  const rest = String(Math.abs(minutes) % 60).padStart(2, '0');
  return `${minutes < 0 ? '−' : ''}${new Intl.NumberFormat('en').format(whole)}:${rest}`;
}
