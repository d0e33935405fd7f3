import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { RateLimitTier } from '../../platform/http/rate-limit-policy.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { mayRevoke, scopeProblems, seesEveryToken } from './api-token.policy.ts';
import {
  type ApiTokenRow,
  findApiToken,
  insertApiToken,
  listApiTokenPage,
  recordApiTokenEvent,
  revokeApiTokenRow,
} from './api-token.repo.ts';
import type { SegmentRestriction } from './api-token.tables.ts';
import { mintApiToken } from './api-token-secret.ts';

/** A token as the API shows it: never its secret. */
export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly membershipId: string;
  readonly scopes: string[];
  readonly segmentRestriction: Record<string, string[]>;
  readonly rateLimitTier: RateLimitTier;
  readonly status: 'active' | 'expired' | 'revoked';
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface NewApiToken {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly segmentRestriction?: SegmentRestriction;
  readonly expiresAt?: string;
  readonly rateLimitTier?: RateLimitTier;
}

/** Who asks, as the events record it. */
export interface Caller {
  readonly principal: TenantPrincipal;
  readonly clientAddress: string | null;
}

/**
 * API tokens of a tenant membership: created from a signed-in session for the caller's own
 * membership with scopes the caller holds now, listed (own tokens, or the tenant's with
 * `read:api-tokens`) and revoked with effect at the next request.
 */
export class ApiTokenService {
  private readonly now: () => Date;

  constructor(
    private readonly control: Kysely<ControlTables>,
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  /** Creates a token acting as the caller's membership; its secret is in the answer and nowhere else. */
  async create(caller: Caller, input: NewApiToken): Promise<ApiTokenView & { token: string }> {
    const { principal } = caller;
    if (principal.grantId !== null)
      throw new AppError(
        'FORBIDDEN',
        { grantId: principal.grantId },
        { detail: 'Support access cannot create API tokens' },
      );
    const refused = scopeProblems(principal, input.scopes);
    if (refused.length > 0) {
      throw new AppError(
        'REFERENCE_NOT_FOUND',
        { refused: refused.map((problem) => problem.path) },
        {
          detail: `These scopes cannot be given to the token: ${refused.map((p) => p.message).join('; ')}`,
          fieldProblems: refused,
        },
      );
    }
    const now = this.now();
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt !== null && expiresAt <= now) {
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        {
          detail: 'expiresAt must be in the future',
          fieldProblems: [{ path: '/body/expiresAt', message: 'must be in the future' }],
        },
      );
    }
    const id = uuidv7();
    const { token, secretHash } = mintApiToken(id);
    const row = await this.control.transaction().execute(async (trx) => {
      const inserted = await insertApiToken(trx, {
        id,
        tenant_id: principal.tenantId,
        membership_id: principal.membershipId,
        name: input.name,
        secret_hash: secretHash,
        scopes: [...new Set(input.scopes)],
        segment_restriction: JSON.stringify(input.segmentRestriction ?? {}),
        rate_limit_tier: input.rateLimitTier ?? 'standard',
        expires_at: expiresAt,
      });
      await recordApiTokenEvent(trx, 'api-token.created', this.facts(caller, inserted));
      return inserted;
    });
    return { ...present(row, now), token };
  }

  /** A page of the tokens the caller may see, in id order. */
  async list(
    principal: TenantPrincipal,
    page: { limit: number; cursor: string | null },
  ): Promise<{ items: ApiTokenView[]; nextCursor: string | null }> {
    const filter = {
      tenantId: principal.tenantId,
      membershipId: seesEveryToken(principal) ? null : principal.membershipId,
    };
    const rows = await listApiTokenPage(this.control, filter, page.limit + 1, page.cursor);
    const now = this.now();
    const items = rows.slice(0, page.limit).map((row) => present(row, now));
    return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Revokes a token: it stops working at its next request. Revoking a revoked token answers it
   * unchanged. A token the caller may not see (another tenant's, or another member's without
   * `read:api-tokens`) is NOT_FOUND; one it sees but may not revoke is FORBIDDEN.
   */
  async revoke(caller: Caller, id: string): Promise<ApiTokenView> {
    const { principal } = caller;
    const found = await findApiToken(this.control, principal.tenantId, id);
    const visible = found && (found.membership_id === principal.membershipId || seesEveryToken(principal));
    if (!found || !visible) throw new AppError('NOT_FOUND', { resource: 'api_token', id });
    if (!mayRevoke(principal, { membershipId: found.membership_id }))
      throw new AppError(
        'FORBIDDEN',
        { permission: 'write:api-tokens' },
        { detail: "Revoking another member's token takes write:api-tokens" },
      );
    const now = this.now();
    if (found.revoked_at !== null) return present(found, now);
    const row = await this.control.transaction().execute(async (trx) => {
      const revoked = await revokeApiTokenRow(trx, principal.tenantId, id, {
        membershipId: principal.membershipId,
        at: now,
      });
      if (!revoked) throw new AppError('NOT_FOUND', { resource: 'api_token', id });
      await recordApiTokenEvent(trx, 'api-token.revoked', this.facts(caller, revoked));
      return revoked;
    });
    return present(row, now);
  }

  private facts(caller: Caller, token: ApiTokenRow) {
    return {
      userId: caller.principal.userId,
      membershipId: caller.principal.membershipId,
      tenantId: caller.principal.tenantId,
      clientAddress: caller.clientAddress,
      token,
    };
  }
}

function present(row: ApiTokenRow, now: Date): ApiTokenView {
  const status =
    row.revoked_at !== null
      ? 'revoked'
      : row.expires_at !== null && row.expires_at <= now
        ? 'expired'
        : 'active';
  return {
    id: row.id,
    name: row.name,
    membershipId: row.membership_id,
    scopes: [...row.scopes],
    segmentRestriction: Object.fromEntries(
      Object.entries(row.segment_restriction).map(([dimension, ids]) => [dimension, [...(ids ?? [])]]),
    ),
    rateLimitTier: row.rate_limit_tier,
    status,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
