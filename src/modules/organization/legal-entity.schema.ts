import { Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const TaxId = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]);

export const LegalEntitySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Name,
  country: Country,
  functionalCurrency: Currency,
  taxId: TaxId,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateLegalEntityBody = Type.Object(
  { name: Name, country: Country, functionalCurrency: Currency, taxId: Type.Optional(TaxId) },
  { additionalProperties: false },
);

export const UpdateLegalEntityBody = Type.Object(
  {
    name: Type.Optional(Name),
    country: Type.Optional(Country),
    functionalCurrency: Type.Optional(Currency),
    taxId: Type.Optional(TaxId),
  },
  { additionalProperties: false, minProperties: 1 },
);
