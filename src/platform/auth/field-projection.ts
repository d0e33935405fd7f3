import { CLASSIFICATIONS, type Classification } from '../tenancy/tenant-context.ts';

/** The classification of every field of a record type: a field without one is a type error. */
export type FieldClassification<T> = { readonly [K in keyof T]-?: Classification };

/** The keys a classification map marks `public`: the fields every clearance sees. */
export type PublicFields<M> = { [K in keyof M]: M[K] extends 'public' ? K : never }[keyof M];

/** A record after projection: its public fields always, the others when the clearance allows. */
export type Projected<T, M> = Pick<T, PublicFields<M> & keyof T> & Partial<T>;

/** True when `clearance` may see a field classified `level` (a clearance sees its level and below). */
export function isCleared(level: Classification, clearance: Classification): boolean {
  return CLASSIFICATIONS.indexOf(level) <= CLASSIFICATIONS.indexOf(clearance);
}

/**
 * A copy of `record` without the fields classified above `clearance`. Pure. A field the map
 * does not classify counts as `restricted`, so a forgotten classification hides, never leaks.
 */
export function projectFields<T extends object, const M extends FieldClassification<T>>(
  record: T,
  classification: M,
  clearance: Classification,
): Projected<T, M> {
  const levels = classification as Readonly<Record<string, Classification | undefined>>;
  const kept = Object.entries(record).filter(([field]) =>
    isCleared(levels[field] ?? 'restricted', clearance),
  );
  return Object.fromEntries(kept) as Projected<T, M>;
}

/** The fields of `input` that `clearance` may not see, and so may not write either. */
export function fieldsAboveClearance<T extends object>(
  input: Partial<T>,
  classification: FieldClassification<T>,
  clearance: Classification,
): string[] {
  const levels = classification as Readonly<Record<string, Classification | undefined>>;
  return Object.keys(input).filter(
    (field) =>
      (input as Record<string, unknown>)[field] !== undefined &&
      !isCleared(levels[field] ?? 'restricted', clearance),
  );
}
