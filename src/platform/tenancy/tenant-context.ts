/** The segment dimensions a membership's scope restricts (ARCHITECTURE.md §1). */
export const SEGMENT_DIMENSIONS = ['legal_entity', 'practice', 'region', 'client', 'portfolio'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/** Per dimension: every segment, or exactly these ids (an empty list sees nothing). */
export type SegmentScope = Readonly<Record<SegmentDimension, 'all' | readonly string[]>>;

/** Field classifications, from least to most sensitive; a clearance sees its level and below. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Who acts: a signed-in user, an API token, a support engineer under a grant, or Tessera itself. */
export interface Actor {
  readonly kind: 'user' | 'api-token' | 'support' | 'system';
  /** The user, token or job id; for `system`, a stable name such as `outbox-dispatcher`. */
  readonly id: string;
  readonly membershipId: string | null;
}

/**
 * Everything the tenant transaction needs to know about the caller. Built once per request by
 * authentication, never from client input; business code receives it and passes it on.
 */
export interface TenantContext {
  readonly tenantId: string;
  readonly actor: Actor;
  readonly scope: SegmentScope;
  readonly clearance: Classification;
  readonly requestId: string | null;
  /** The support grant a support engineer acts under; recorded on every audit event. */
  readonly grantId: string | null;
}

/** A scope that covers every segment of every dimension. */
export const FULL_SCOPE: SegmentScope = Object.freeze({
  legal_entity: 'all',
  practice: 'all',
  region: 'all',
  client: 'all',
  portfolio: 'all',
});

/** The context Tessera's own jobs (outbox dispatch, provisioning) use inside one tenant. */
export function systemContext(tenantId: string, job: string, requestId: string | null = null): TenantContext {
  return Object.freeze({
    tenantId,
    actor: Object.freeze({ kind: 'system', id: job, membershipId: null }),
    scope: FULL_SCOPE,
    clearance: 'restricted',
    requestId,
    grantId: null,
  });
}
