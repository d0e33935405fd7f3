import type { Kysely } from 'kysely';
import type { Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { RateLimitedToken } from '../../platform/http/rate-limit-policy.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import type { AccessTokenClaims } from './access-token.ts';
import { narrowToToken } from './api-token.policy.ts';
import { type ApiTokenCredential, findApiTokenCredential, touchApiToken } from './api-token.repo.ts';
import type { SegmentRestriction } from './api-token.tables.ts';
import { hashSecret, parseApiToken, sameSecretHash } from './api-token-secret.ts';
import type { PrincipalRefiner } from './principal-resolver.ts';

export interface ApiTokenAuthOptions {
  readonly control: Kysely<ControlTables>;
  readonly now?: () => Date;
  /** Every practice under the given ones, so that a restriction to a practice covers its sub-practices. */
  readonly expandPractices?: (tenantId: string, practiceIds: readonly string[]) => Promise<readonly string[]>;
}

/** How often `last_used_at` is written per token, at most. */
const LAST_USED_PRECISION_MS = 60_000;
const DECOY_HASH = hashSecret('no such token');

// The row read while verifying, handed to the refiner of the same request (no second query).
const verifiedRows = new WeakMap<AccessTokenClaims, ApiTokenCredential>();
// The token behind each narrowed principal, for the rate limiter.
const tokenOfPrincipal = new WeakMap<Principal, RateLimitedToken>();

const rejected = (reason: string) =>
  new AppError('UNAUTHENTICATED', { reason }, { detail: 'The API token is not valid' });

/** The API token (id and rate-limit tier) a principal authenticated with; null for anything else. */
export function apiTokenOfPrincipal(principal: Principal): RateLimitedToken | null {
  return tokenOfPrincipal.get(principal) ?? null;
}

/**
 * Authentication with an API token (`Authorization: Bearer tsr_…`): `verify` turns the token into
 * claims for its membership, and `refine` narrows the membership's principal to the token. Both
 * refuse a revoked or expired token, so revocation takes effect at the next request.
 */
export class ApiTokenAuthenticator {
  private readonly control: Kysely<ControlTables>;
  private readonly now: () => Date;
  private readonly expandPractices: ApiTokenAuthOptions['expandPractices'];

  constructor(options: ApiTokenAuthOptions) {
    this.control = options.control;
    this.now = options.now ?? (() => new Date());
    this.expandPractices = options.expandPractices;
  }

  /** The claims of a live token: looked up by its id, its secret's hash compared in constant time. */
  async verify(presented: string): Promise<AccessTokenClaims> {
    const parsed = parseApiToken(presented);
    if (!parsed) throw rejected('malformed');
    const row = await findApiTokenCredential(this.control, parsed.id);
    const matches = sameSecretHash(row?.secret_hash ?? DECOY_HASH, hashSecret(parsed.secret));
    if (!row || !matches) throw rejected('unknown');
    const now = this.now();
    this.assertLive(row, now);
    if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS) {
      await touchApiToken(this.control, row.id, now);
    }
    const claims: AccessTokenClaims = Object.freeze({
      userId: row.user_id,
      membershipId: row.membership_id,
      sessionId: null,
      apiTokenId: row.id,
      grantId: null,
    });
    verifiedRows.set(claims, row);
    return claims;
  }

  /** The refiner: for API token claims, the membership's principal narrowed to the token. */
  readonly refine: PrincipalRefiner = async (claims, principal) => {
    if (claims.apiTokenId === null) return principal;
    const row = verifiedRows.get(claims) ?? (await findApiTokenCredential(this.control, claims.apiTokenId));
    if (!row || row.membership_id !== claims.membershipId || row.user_id !== claims.userId) {
      throw rejected('membership');
    }
    this.assertLive(row, this.now());
    if (principal.kind !== 'tenant' || principal.tenantId !== row.tenant_id || principal.grantId !== null) {
      throw rejected('tenant');
    }
    const narrowed = narrowToToken(principal, {
      scopes: row.scopes,
      restriction: await this.expandedRestriction(row.tenant_id, row.segment_restriction),
    });
    tokenOfPrincipal.set(narrowed, { id: row.id, tier: row.rate_limit_tier });
    return narrowed;
  };

  private assertLive(row: ApiTokenCredential, now: Date): void {
    if (row.revoked_at !== null) {
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: 'revoked' },
        { detail: 'The API token has been revoked' },
      );
    }
    if (row.expires_at !== null && row.expires_at <= now) {
      throw new AppError('UNAUTHENTICATED', { reason: 'expired' }, { detail: 'The API token has expired' });
    }
  }

  private async expandedRestriction(
    tenantId: string,
    restriction: SegmentRestriction,
  ): Promise<SegmentRestriction> {
    const practices = restriction.practice;
    if (!practices || !this.expandPractices) return restriction;
    return { ...restriction, practice: await this.expandPractices(tenantId, practices) };
  }
}
