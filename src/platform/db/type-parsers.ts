/**
 * The same value types on both drivers (STACK.md, pitfall 4): int8 as bigint, date as
 * 'YYYY-MM-DD' text, numeric as text. Timestamps stay Date on both.
 */
export const PG_TYPE_OIDS = Object.freeze({ int8: 20, date: 1082, numeric: 1700 });

export const parseInt8 = (value: string): bigint => BigInt(value);
export const keepText = (value: string): string => value;

/** Parsers keyed by type OID, in the shape PGlite's `parsers` option takes. */
export const pgliteParsers: Readonly<Record<number, (value: string) => unknown>> = Object.freeze({
  [PG_TYPE_OIDS.int8]: parseInt8,
  [PG_TYPE_OIDS.date]: keepText,
  [PG_TYPE_OIDS.numeric]: keepText,
});
