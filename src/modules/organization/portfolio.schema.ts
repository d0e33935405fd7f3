import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import type { Portfolio } from './portfolio.service.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });

/** Who may see which field of a portfolio (a group of projects). */
export const PORTFOLIO_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  name: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Portfolio>);

export const PortfolioSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Name,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreatePortfolioBody = Type.Object({ name: Name }, { additionalProperties: false });

export const UpdatePortfolioBody = Type.Object(
  { name: Type.Optional(Name) },
  { additionalProperties: false, minProperties: 1 },
);
