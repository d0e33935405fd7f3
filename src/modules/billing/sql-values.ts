/** A `date` column as `YYYY-MM-DD`, whether the driver gave a Date or a string. */
export function isoDay(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

/** A `uuid[]` column as a list, whether the driver parsed the array or gave its text (`{a,b}`). */
export function uuidList(value: readonly string[] | string): string[] {
  if (typeof value !== 'string') return [...value];
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
}
