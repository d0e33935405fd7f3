/** A membership as sign-in lists it: one tenant, partner or the platform, with its roles. */
export interface MembershipSummary {
  readonly id: string;
  readonly kind: 'platform' | 'partner' | 'tenant' | string;
  readonly tenantId: string | null;
  readonly partnerId: string | null;
  readonly name: string;
  readonly roles: string[];
}

/** What sign-in, refresh and switch answer. */
export interface SignedIn {
  readonly accessToken: string;
  readonly expiresAt: string;
  readonly refreshToken: string;
  readonly membership: MembershipSummary;
  readonly memberships: MembershipSummary[];
}

/** `GET /api/v1/auth/me`: the principal of this session. */
export interface Me {
  readonly userId: string;
  readonly membershipId: string;
  readonly kind: string;
  readonly tenantId?: string;
  readonly partnerId?: string;
  readonly permissions: string[];
  readonly clearance?: string;
  readonly scope?: Record<string, 'all' | string[]>;
}

/** Which face of the app a membership gets. */
export type Surface = 'workspace' | 'portal' | 'partner' | 'platform';

export function surfaceOf(membership: MembershipSummary): Surface {
  // Sign-in answers the membership kinds of the identity module (platform-operator, support, partner-admin).
  if (['platform', 'platform-operator', 'support'].includes(membership.kind)) return 'platform';
  if (['partner', 'partner-admin'].includes(membership.kind)) return 'partner';
  if (membership.roles.includes('client-approver')) return 'portal';
  return 'workspace';
}
