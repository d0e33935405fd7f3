/** A tenant as `GET /api/v1/tenants` answers it to partner admins and platform operators. */
export interface ConsoleTenant {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly partnerId: string | null;
  readonly status: 'active' | 'suspended' | string;
  readonly homeRegion: string;
  readonly isolationTier: 'pooled' | 'dedicated' | string;
  readonly allowedRegions: readonly string[];
  readonly cell: string | null;
}

/** A partner in the caller's reach (`GET /api/v1/partners`). */
export interface ConsolePartner {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly parentPartnerId: string | null;
  readonly tenantCount: number;
}

/** A cell that holds tenant data (`GET /api/v1/cells`). */
export interface ConsoleCell {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly kind: 'pooled' | 'dedicated' | string;
  readonly status: string;
}

/** An active admin membership of a tenant. */
export interface TenantAdmin {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly status: string;
  readonly roles: readonly string[];
  readonly createdAt: string;
}

/** What making someone a tenant admin answers: a one-time password when the user is new. */
export interface AdminCreated {
  readonly membership: TenantAdmin;
  readonly userCreated: boolean;
  readonly initialPassword: string | null;
}

/**
 * A brand as its administrators edit it (`GET/PUT …/brand`). An owner without a brand of its own
 * answers the look it inherits (`inherited: true`, no brand id, no host names).
 */
export interface AdministeredBrand {
  readonly brandId: string | null;
  readonly inherited?: boolean;
  readonly ownerKind: 'platform' | 'partner' | 'tenant';
  readonly ownerId: string | null;
  readonly name: string;
  readonly productName: string;
  readonly logo: string;
  readonly primaryColor: string;
  readonly accentColor: string;
  readonly supportEmail: string;
  readonly supportUrl: string | null;
  readonly hostnames: readonly string[];
  readonly updatedAt: string | null;
}

/** A support engineer's time-boxed, read-only access to one tenant. */
export interface SupportGrant {
  readonly id: string;
  readonly tenantId: string;
  readonly requestedBy: { readonly userId: string; readonly email: string; readonly name: string };
  readonly reason: string;
  readonly permissions: readonly string[];
  readonly durationMinutes: number;
  readonly breakGlass: boolean;
  readonly status: 'requested' | 'approved' | 'expired' | 'denied' | 'revoked';
  readonly active: boolean;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
  readonly approvedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** `GET /api/v1/audit/verify`: the tenant's hash chain, checked. */
export interface AuditVerification {
  readonly tenantId: string;
  readonly verified: boolean;
  readonly eventsChecked: number;
  readonly firstBreak: { readonly seq: string; readonly reason: string } | null;
}

/** A support grant as the platform oversees it (`GET /api/v1/platform/support-grants`). */
export interface OverseenGrant {
  readonly id: string;
  readonly tenant: { readonly id: string; readonly name: string; readonly slug: string };
  readonly engineer: { readonly name: string; readonly email: string };
  readonly reason: string;
  readonly permissions: readonly string[];
  readonly durationMinutes: number;
  readonly breakGlass: boolean;
  readonly status: 'requested' | 'approved' | 'expired' | 'denied' | 'revoked';
  readonly active: boolean;
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  readonly approvedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly useCount: number;
}
