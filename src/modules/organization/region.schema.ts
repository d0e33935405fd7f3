import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import type { Region } from './region.service.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'Lower-case letters and digits, words joined by hyphens: `us`, `uk-eu`',
});

/** Who may see which field of a region. */
export const REGION_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  code: 'public',
  name: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Region>);

export const RegionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Code,
  name: Name,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateRegionBody = Type.Object({ code: Code, name: Name }, { additionalProperties: false });

export const UpdateRegionBody = Type.Object(
  { code: Type.Optional(Code), name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1 },
);
