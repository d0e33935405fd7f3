import { Type } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const TaxId = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
  description: 'The VAT identifier (EN 16931 BT-31)',
});
const Text = (maxLength: number) => Type.Union([Type.String({ minLength: 1, maxLength }), Type.Null()]);
/** The postal address an invoice names (EN 16931 BG-5). */
const Address = {
  addressLine: Type.Optional(Text(200)),
  city: Type.Optional(Text(100)),
  postalCode: Type.Optional(Text(20)),
};

export const LegalEntitySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Name,
  country: Country,
  functionalCurrency: Currency,
  taxId: TaxId,
  addressLine: Text(200),
  city: Text(100),
  postalCode: Text(20),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateLegalEntityBody = Type.Object(
  { name: Name, country: Country, functionalCurrency: Currency, taxId: Type.Optional(TaxId), ...Address },
  { additionalProperties: false },
);

export const UpdateLegalEntityBody = Type.Object(
  {
    name: Type.Optional(Name),
    country: Type.Optional(Country),
    functionalCurrency: Type.Optional(Currency),
    taxId: Type.Optional(TaxId),
    ...Address,
  },
  { additionalProperties: false, minProperties: 1 },
);
