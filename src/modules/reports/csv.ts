/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; lines end
 * with CRLF. A text field starting with =, +, -, @, tab or carriage return gets a leading
 * apostrophe, so that a spreadsheet does not run it as a formula. Numbers are written as they are.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows]
    .map((row) => row.map(field).join(','))
    .join('\r\n')
    .concat('\r\n');
}

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
