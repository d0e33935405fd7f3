import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import type { Practice } from './practice.service.ts';

const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'Lower-case letters and digits, words joined by hyphens: `strategy`, `cloud-ops`',
});
const ParentId = Type.Union([Id, Type.Null()], {
  description: 'The parent practice; null for a top-level one',
});

/** Who may see which field of a practice; the tree structure is not secret within the tenant. */
export const PRACTICE_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  parentId: 'public',
  name: 'public',
  code: 'public',
  path: 'public',
  leadPersonId: 'internal',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Practice>);

export const PracticeSchema = Type.Object({
  id: Id,
  parentId: ParentId,
  name: Name,
  code: Code,
  path: Type.Array(Id, { description: 'Ancestors, then the practice itself' }),
  leadPersonId: Type.Optional(
    Type.Union([Id, Type.Null()], { description: "The practice's lead (a person)" }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreatePracticeBody = Type.Object(
  { name: Name, code: Code, parentId: Type.Optional(ParentId) },
  { additionalProperties: false },
);

export const UpdatePracticeBody = Type.Object(
  {
    name: Type.Optional(Name),
    code: Type.Optional(Code),
    parentId: Type.Optional(ParentId),
    leadPersonId: Type.Optional(
      Type.Union([Id, Type.Null()], { description: 'A person in your scope; null: none' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
