import type { FastifyRequest } from 'fastify';
import { tenantContextOf } from '../../platform/auth/principal.ts';
import { requireTenantPrincipal } from '../../platform/http/index.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';

/** What the time routes share: their OpenAPI tag, the permissions they declare, the caller's context. */
export const tags = ['time'];
export const READ = 'read:time';
export const RECORD = 'record:time';
export const APPROVE = 'approve:time';
export const IMPORT = 'import:time';
export const POLICY = 'write:time-policy';
export const readOnly = { readOnly: true } as const;

/** The tenant context of the request's caller (for work that spans several transactions). */
export const ctxOf = (request: FastifyRequest): TenantContext =>
  tenantContextOf(requireTenantPrincipal(request), request.id);
