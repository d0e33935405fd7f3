import type { ColumnType, Generated } from 'kysely';
import type { RateLimitTier } from '../../platform/http/rate-limit-policy.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';

/** Per dimension, the only segments a token may see; a dimension left out is not restricted. */
export type SegmentRestriction = Partial<Record<SegmentDimension, readonly string[]>>;

declare module '../../platform/tenancy/control-tables.ts' {
  interface ControlTables {
    api_tokens: {
      id: string;
      tenant_id: string;
      membership_id: string;
      name: string;
      secret_hash: string;
      scopes: ColumnType<string[], string[], never>;
      segment_restriction: ColumnType<SegmentRestriction, string, never>;
      rate_limit_tier: ColumnType<RateLimitTier, RateLimitTier, never>;
      created_at: Generated<Date>;
      expires_at: ColumnType<Date | null, Date | null, never>;
      last_used_at: ColumnType<Date | null, never, Date>;
      revoked_at: ColumnType<Date | null, never, Date>;
      revoked_by: ColumnType<string | null, never, string>;
    };
  }
}
