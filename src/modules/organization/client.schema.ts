import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import type { Client } from './client.service.ts';

const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const RegionId = Type.Union([Id, Type.Null()], {
  description: 'Null: visible only to those who see every region',
});
const Status = Type.Union([Type.Literal('prospect'), Type.Literal('active'), Type.Literal('inactive')]);
const Text = (maxLength: number) => Type.Union([Type.String({ minLength: 1, maxLength }), Type.Null()]);
/** The buyer's details an invoice names (EN 16931 BG-7): country, VAT identifier, postal address. */
const PartyDetails = {
  country: Type.Optional(
    Type.Union([Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }), Type.Null()]),
  ),
  vatId: Type.Optional(Text(64)),
  addressLine: Type.Optional(Text(200)),
  city: Type.Optional(Text(100)),
  postalCode: Type.Optional(Text(20)),
};
const InternalNotes = Type.Union([Type.String({ maxLength: 4000 }), Type.Null()], {
  description: 'Confidential: absent from responses below confidential clearance, and only written with it',
});

/**
 * Who may see which field of a client. Public fields are what a client's own approver (public
 * clearance) sees of their workspace; the firm's staff see its books and region; the notes are
 * confidential.
 */
export const CLIENT_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  name: 'public',
  legalEntityId: 'internal',
  regionId: 'internal',
  status: 'internal',
  internalNotes: 'confidential',
  country: 'internal',
  vatId: 'internal',
  addressLine: 'internal',
  city: 'internal',
  postalCode: 'internal',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Client>);

/** A client; fields above public are optional, since a masked response leaves them out. */
export const ClientSchema = Type.Object({
  id: Id,
  name: Name,
  legalEntityId: Type.Optional(Id),
  regionId: Type.Optional(RegionId),
  status: Type.Optional(Status),
  internalNotes: Type.Optional(InternalNotes),
  ...PartyDetails,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const CreateClientBody = Type.Object(
  {
    name: Name,
    legalEntityId: Id,
    regionId: Type.Optional(RegionId),
    status: Type.Optional(Status),
    internalNotes: Type.Optional(InternalNotes),
    ...PartyDetails,
  },
  { additionalProperties: false },
);

export const UpdateClientBody = Type.Object(
  {
    name: Type.Optional(Name),
    legalEntityId: Type.Optional(Id),
    regionId: Type.Optional(RegionId),
    status: Type.Optional(Status),
    internalNotes: Type.Optional(InternalNotes),
    ...PartyDetails,
  },
  { additionalProperties: false, minProperties: 1 },
);
