import { Type } from 'typebox';

/** `?limit=` (1–200, default 50) and `?cursor=`, the list convention of API.md. */
/** The keyset paging parameters every list query takes (spread into its querystring schema). */
export const PageParams = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ format: 'uuid' })),
};

export const ListQuery = Type.Object(PageParams, { additionalProperties: false });

/** The page a list query asks for. */
export function pageOf(query: { limit?: number; cursor?: string }): { limit: number; cursor: string | null } {
  return { limit: query.limit ?? 50, cursor: query.cursor ?? null };
}

/** `{ items, nextCursor }` around an item schema. */
export function ListOf<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** `/{id}` path parameters: a UUID. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
