import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import type { Assignment } from './assignment.service.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });

/** Who is on a project and when is what a client's approver sees; the share of a week and the entity are the firm's. */
export const ASSIGNMENT_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  projectId: 'public',
  personId: 'public',
  personLegalEntityId: 'internal',
  role: 'public',
  allocationPercent: 'internal',
  startsOn: 'public',
  endsOn: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Assignment>);

const Role = Nullable(Type.String({ minLength: 1, maxLength: 100 }));
const Allocation = Type.Integer({ minimum: 1, maximum: 100, description: 'Percent of the weekly capacity' });

export const AssignmentSchema = Type.Object({
  id: Id,
  projectId: Id,
  personId: Id,
  personLegalEntityId: Type.Optional(Id),
  role: Nullable(Type.String()),
  allocationPercent: Type.Optional(Type.Integer()),
  startsOn: Day,
  endsOn: Type.String({ format: 'date', description: 'Inclusive' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateAssignmentBody = Type.Object(
  {
    projectId: Id,
    personId: Id,
    role: Type.Optional(Role),
    allocationPercent: Allocation,
    startsOn: Day,
    endsOn: Day,
  },
  { additionalProperties: false },
);

export const UpdateAssignmentBody = Type.Object(
  {
    role: Type.Optional(Role),
    allocationPercent: Type.Optional(Allocation),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Day),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AssignmentFilters = Type.Object({ projectId: Type.Optional(Id), personId: Type.Optional(Id) });

/** The most weeks one staffing view spans. */
export const MAX_STAFFING_WEEKS = 26;

export const StaffingQuery = Type.Object(
  {
    from: Type.String({
      format: 'date',
      description: 'Any day of the first week; the view starts on its Monday',
    }),
    weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_STAFFING_WEEKS, default: 4 })),
    practiceId: Type.Optional(
      Type.String({ format: 'uuid', description: 'People of this practice and its sub-practices' }),
    ),
    ...PageParams,
  },
  { additionalProperties: false },
);

const Load = Type.Union([Type.Literal('over'), Type.Literal('under'), Type.Literal('ok')]);

export const StaffingViewSchema = Type.Object({
  from: Day,
  weeks: Type.Integer(),
  thresholds: Type.Object({ overAbovePercent: Type.Integer(), underBelowPercent: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      personId: Id,
      name: Type.String(),
      practiceId: Nullable(Id),
      capacityMinutesPerWeek: Type.Integer(),
      weeks: Type.Array(
        Type.Object({
          week: Type.String({ description: 'ISO week, 2026-W10' }),
          startsOn: Day,
          capacityMinutes: Type.Integer(),
          allocatedMinutes: Type.Integer({
            description: 'round(allocation% × capacity × working days covered / 5), per visible assignment',
          }),
          load: Load,
        }),
      ),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
