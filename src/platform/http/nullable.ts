import { Type } from 'typebox';

/** A schema that also accepts null: a field every answer carries, empty as `null`. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
