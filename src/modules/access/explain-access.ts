import { sql } from 'kysely';
import { type Principal, type TenantPrincipal, tenantContextOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { ControlPlane } from '../../platform/tenancy/control-plane.ts';
import { SEGMENT_DIMENSIONS, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { READABLE_RESOURCES, type ReadableResource } from './readable-resources.ts';

/** One membership that can read the record, and why. */
export interface Reader {
  readonly membershipId: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly kind: string;
  readonly roles: readonly string[];
  /** The roles among them that grant the read permission. */
  readonly permissionFrom: readonly string[];
  /** Per segment dimension of the record: `all`, or the segment of the record the scope names. */
  readonly scope: Readonly<Record<string, string>>;
  readonly clearance: string;
  readonly grantId: string | null;
}

export interface ExplainDependencies {
  readonly control: ControlPlane;
  readonly withTenant: WithTenant;
  /** The principal a membership would have right now (the resolver that authenticates requests). */
  readonly principalOf: (membershipId: string, userId: string) => Promise<Principal | null>;
}

/**
 * Lists the memberships of the tenant that can read a record, computed by the rules that enforce
 * access: each candidate's principal is resolved as a request would be, its permission checked,
 * and the record read in a tenant transaction under its context, so row-level security decides.
 */
export async function explainReaders(
  deps: ExplainDependencies,
  asker: TenantContext,
  resourceKind: string,
  resourceId: string,
): Promise<Reader[]> {
  const resource = READABLE_RESOURCES[resourceKind];
  if (!resource)
    throw new AppError(
      'VALIDATION_FAILED',
      { resourceKind },
      { fieldProblems: [{ path: '/query/resourceKind', message: 'unknown resource kind' }] },
    );
  const segments = await deps.withTenant(
    asker,
    (tx) => readSegments(tx.db, resource, asker.tenantId, resourceId),
    { readOnly: true },
  );
  if (!segments) throw new AppError('NOT_FOUND', { resource: resourceKind, id: resourceId });
  const candidates = await deps.control.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.user_id', 'm.kind', 'u.name', 'u.email'])
    .where('m.tenant_id', '=', asker.tenantId)
    .where('m.status', '=', 'active')
    .orderBy('u.name')
    .execute();
  const readers: Reader[] = [];
  for (const candidate of candidates) {
    const principal = await deps.principalOf(candidate.id, candidate.user_id).catch(() => null);
    if (principal?.kind !== 'tenant' || !principal.permissions.has(resource.permission)) continue;
    const visible = await deps.withTenant(
      tenantContextOf(principal, asker.requestId),
      (tx) => readSegments(tx.db, resource, asker.tenantId, resourceId),
      { readOnly: true },
    );
    if (!visible) continue;
    readers.push(describe(candidate, principal, resource, segments));
  }
  return readers;
}

type Db = Parameters<Parameters<WithTenant>[1]>[0]['db'];

async function readSegments(
  db: Db,
  resource: ReadableResource,
  tenantId: string,
  id: string,
): Promise<Record<string, string | null> | null> {
  const columns = Object.entries(resource.segments).map(
    ([dimension, column]) => sql`${sql.ref(column as string)}::text AS ${sql.ref(dimension)}`,
  );
  const { rows } = await sql<Record<string, string | null>>`
    SELECT 1 AS found${columns.length > 0 ? sql`, ${sql.join(columns)}` : sql``}
    FROM ${sql.table(resource.table)} WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(db);
  return rows[0] ?? null;
}

function describe(
  candidate: { id: string; user_id: string; kind: string; name: string; email: string },
  principal: TenantPrincipal,
  resource: ReadableResource,
  segments: Record<string, string | null>,
): Reader {
  const roles = (principal.roles ?? []).map((role) => role.key);
  const scope: Record<string, string> = {};
  for (const dimension of SEGMENT_DIMENSIONS) {
    if (!(dimension in resource.segments)) continue;
    scope[dimension] = principal.scope[dimension] === 'all' ? 'all' : `segment ${segments[dimension]}`;
  }
  return {
    membershipId: candidate.id,
    userId: candidate.user_id,
    name: candidate.name,
    email: candidate.email,
    kind: candidate.kind,
    roles,
    permissionFrom: (principal.roles ?? [])
      .filter((role) => role.permissions.includes(resource.permission))
      .map((role) => role.key),
    scope,
    clearance: principal.clearance,
    grantId: principal.grantId,
  };
}
