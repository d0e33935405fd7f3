/** A page of `limit` items from `rows` (fetched with `limit + 1`), with the cursor of the next page. */
export function toPage<R, T extends { readonly id: string }>(
  rows: readonly R[],
  limit: number,
  present: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(present);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}
