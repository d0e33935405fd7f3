/**
 * A string as an SQL literal for statements sent as text (the transaction's `SET LOCAL`s and its
 * closing journal-and-commit), the way libpq's PQescapeLiteral does it: quotes doubled, and a
 * string holding backslashes written as E'…' with them doubled, so it reads the same whatever
 * `standard_conforming_strings` says.
 */
export function sqlLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('A NUL character cannot be sent to PostgreSQL');
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}
