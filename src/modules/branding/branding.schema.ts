import { type Static, Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Colour = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#rrggbb' });
const Hostname = Type.String({
  maxLength: 253,
  pattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$',
  description:
    'a lowercase host name of two labels or more, without port (not a bare name such as localhost, not an IP address)',
});

/** A logo: an SVG or PNG image as a base64 data URL of at most 64 KiB, shown only through `<img src>`. */
export const LOGO_MAX_LENGTH = 65536;
const Logo = Type.String({
  maxLength: LOGO_MAX_LENGTH,
  pattern: '^data:image/(svg\\+xml|png);base64,[A-Za-z0-9+/]+={0,2}$',
  description: 'data:image/svg+xml;base64,… or data:image/png;base64,…, at most 64 KiB',
});

/** The full replacement of a brand (PUT). */
export const BrandBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    productName: Type.String({ minLength: 1, maxLength: 120 }),
    logo: Logo,
    primaryColor: Colour,
    accentColor: Colour,
    supportEmail: Type.String({ format: 'email', maxLength: 320 }),
    supportUrl: Type.Optional(
      Type.Union([Type.String({ pattern: '^https://[^\\s]+$', maxLength: 2048 }), Type.Null()]),
    ),
    hostnames: Type.Array(Hostname, { maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type BrandInput = Static<typeof BrandBody>;

const OwnerKind = Type.Union([Type.Literal('platform'), Type.Literal('partner'), Type.Literal('tenant')]);

/** The look a request is shown (GET /api/v1/brand): one brand, nothing of any other. */
export const ResolvedBrandSchema = Type.Object({
  brandId: Uuid,
  ownerKind: OwnerKind,
  name: Type.String(),
  productName: Type.String(),
  logo: Type.String(),
  primaryColor: Type.String(),
  accentColor: Type.String(),
  supportEmail: Type.String(),
  supportUrl: Type.Union([Type.String(), Type.Null()]),
  resolvedBy: Type.Union([Type.Literal('host'), Type.Literal('membership'), Type.Literal('platform')]),
});

/**
 * A brand as its administrators edit it. An owner without a brand of its own answers the look it
 * inherits: `inherited: true`, `brandId` and `updatedAt` null, no host names.
 */
export const AdministeredBrandSchema = Type.Object({
  brandId: Type.Union([Uuid, Type.Null()]),
  ownerKind: OwnerKind,
  ownerId: Type.Union([Uuid, Type.Null()]),
  inherited: Type.Boolean(),
  name: Type.String(),
  productName: Type.String(),
  logo: Type.String(),
  primaryColor: Type.String(),
  accentColor: Type.String(),
  supportEmail: Type.String(),
  supportUrl: Type.Union([Type.String(), Type.Null()]),
  hostnames: Type.Array(Type.String()),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** A partner in the caller's reach, with how many tenants it sells directly. */
export const PartnerSummarySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  parentPartnerId: Type.Union([Uuid, Type.Null()]),
  tenantCount: Type.Integer(),
});
