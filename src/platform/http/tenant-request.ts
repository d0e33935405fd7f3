import type { FastifyRequest } from 'fastify';
import { tenantContextOf } from '../auth/principal.ts';
import type { TenantTransaction, TenantTransactionOptions } from '../db/tenant-transaction.ts';
import type { TenantContext } from '../tenancy/tenant-context.ts';
import { requireTenantPrincipal } from './authorization.ts';

/** The runtime's tenant transaction, as routes need it. */
export type WithTenant = <T>(
  ctx: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
  options?: TenantTransactionOptions,
) => Promise<T>;

/** Runs `work` in a tenant transaction under the context of the request's tenant principal. */
export function inRequestTenant<T>(
  withTenant: WithTenant,
  request: FastifyRequest,
  work: (tx: TenantTransaction) => Promise<T>,
  options?: TenantTransactionOptions,
): Promise<T> {
  return withTenant(tenantContextOf(requireTenantPrincipal(request), request.id), work, options);
}
