import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Minutes = Type.Integer({ minimum: 0 });
const Ratio = Type.Union([Type.Number(), Type.Null()]);
const MoneySchema = Type.Object({
  amountMinor: Type.Integer(),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});

export const UtilizationQuerySchema = Type.Object(
  {
    from: Day,
    to: Type.String({ format: 'date', description: 'Inclusive; at most 366 days after from' }),
    practiceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ProjectReportQuerySchema = Type.Object(
  {
    from: Day,
    to: Type.String({ format: 'date', description: 'Inclusive; at most 366 days after from' }),
    projectId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Figures = {
  capacityMinutes: Minutes,
  billableMinutes: Minutes,
  totalMinutes: Minutes,
  utilization: Ratio,
};

export const UtilizationReportSchema = Type.Object({
  from: Day,
  to: Day,
  workingDays: Minutes,
  basis: Type.String(),
  people: Type.Array(
    Type.Object({ personId: Id, name: Type.String(), practiceId: Type.Union([Id, Type.Null()]), ...Figures }),
  ),
  practices: Type.Array(
    Type.Object({ practiceId: Type.Union([Id, Type.Null()]), people: Minutes, ...Figures }),
  ),
});

const costOnly = 'Only with read:cost and restricted clearance; absent otherwise';

export const ProjectReportSchema = Type.Object({
  from: Day,
  to: Day,
  basis: Type.String(),
  projects: Type.Array(
    Type.Object({
      projectId: Id,
      code: Type.String(),
      name: Type.String(),
      currency: Type.String(),
      minutes: Minutes,
      billableMinutes: Minutes,
      revenue: MoneySchema,
      unpricedMinutes: Minutes,
      costs: Type.Optional(Type.Array(MoneySchema, { description: costOnly })),
      uncostedMinutes: Type.Optional(Type.Integer({ minimum: 0, description: costOnly })),
      margin: Type.Optional(Type.Union([MoneySchema, Type.Null()], { description: costOnly })),
      marginPercent: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: costOnly })),
    }),
  ),
});

export const CsvSchema = Type.String({ description: 'text/csv; charset=utf-8, a header line first' });
