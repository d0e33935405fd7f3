import { AppError } from '../errors/index.ts';
import { CLASSIFICATIONS, SEGMENT_DIMENSIONS, type TenantContext } from '../tenancy/tenant-context.ts';
import { sqlLiteral } from './sql-literal.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** True for a canonical textual UUID. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export interface ContextScriptOptions {
  readonly appRole: string;
  readonly statementTimeoutMs: number;
  readonly readOnly: boolean;
}

/**
 * The statements that open a tenant transaction, sent in one round trip: begin, switch to the
 * application role, set the statement timeout and every setting the RLS policies read.
 * Only SET statements (Citus forwards `SET LOCAL` to its workers, not `set_config`); no bind
 * parameters exist for SET, so every value is validated and then quoted as a literal.
 */
export function buildContextScript(ctx: TenantContext, options: ContextScriptOptions): string {
  if (!isUuid(ctx.tenantId)) throw new AppError('TENANT_CONTEXT_MISSING', { tenantId: ctx.tenantId });
  if (!ROLE_NAME.test(options.appRole)) throw new Error(`Invalid application role name "${options.appRole}"`);
  if (!Number.isInteger(options.statementTimeoutMs) || options.statementTimeoutMs <= 0) {
    throw new Error(`Invalid statement timeout ${options.statementTimeoutMs}`);
  }
  if (!CLASSIFICATIONS.includes(ctx.clearance)) throw new Error(`Invalid clearance "${ctx.clearance}"`);
  const statements = [
    options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN',
    `SET LOCAL ROLE ${options.appRole}`,
    `SET LOCAL statement_timeout = ${options.statementTimeoutMs}`,
    `SET LOCAL app.tenant_id = ${sqlLiteral(ctx.tenantId)}`,
    ...SEGMENT_DIMENSIONS.map(
      (dimension) => `SET LOCAL app.scope_${dimension} = ${sqlLiteral(scopeValue(ctx, dimension))}`,
    ),
    `SET LOCAL app.clearance = ${sqlLiteral(String(CLASSIFICATIONS.indexOf(ctx.clearance)))}`,
    `SET LOCAL app.membership_id = ${sqlLiteral(membershipValue(ctx))}`,
  ];
  return `${statements.join('; ')};`;
}

/**
 * The acting membership, which the "own records" branch of a policy matches (a person's own
 * timesheets, expenses and assignments); '' for Tessera's own jobs, matching nothing.
 */
function membershipValue(ctx: TenantContext): string {
  const membershipId = ctx.actor.membershipId;
  if (membershipId === null) return '';
  if (!isUuid(membershipId)) throw new Error(`Invalid membership id "${membershipId}"`);
  return membershipId;
}

/** `*` for every segment, else the comma-joined ids; an empty list becomes '' and matches nothing. */
function scopeValue(ctx: TenantContext, dimension: (typeof SEGMENT_DIMENSIONS)[number]): string {
  const scope = ctx.scope[dimension];
  if (scope === 'all') return '*';
  for (const id of scope) {
    if (!isUuid(id)) throw new Error(`Invalid ${dimension} id in scope: "${id}"`);
  }
  return scope.join(',');
}
