import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission, type Principal, type TenantPrincipal } from '../auth/principal.ts';
import { AppError } from '../errors/index.ts';

/** Resolves the caller: null when the request carries no credentials, AppError('UNAUTHENTICATED') when they are bad. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | null>;

function logBindingsOf(principal: Principal): Record<string, string> {
  const bindings: Record<string, string> = { membershipId: principal.membershipId };
  if (principal.kind === 'tenant') bindings.tenantId = principal.tenantId;
  if (principal.kind === 'partner') bindings.partnerId = principal.partnerId;
  return bindings;
}

/**
 * Builds the `onRequest` hook that enforces each route's declared permission before the body is
 * even read: public routes pass, no credentials is 401, a missing permission is 403. The request
 * logger is re-bound with the tenant (or partner) and membership so every later log carries them.
 */
export function createPermissionHook(authenticate: Authenticate, authorizeEverything = false) {
  return async function enforcePermission(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.is404) return;
    const { permission, identifiesCaller } = request.routeOptions.config;
    if (permission === 'public') {
      if (identifiesCaller === true) await identifyCaller(authenticate, request, reply);
      return;
    }
    const principal = await authenticate(request);
    if (principal === null) throw new AppError('UNAUTHENTICATED');
    bindPrincipal(request, reply, principal);
    // Registration guarantees a permission; fail closed if one is somehow missing.
    // The test-only bypass works only under the test runner, whatever a caller passes.
    if (authorizeEverything && process.env.VITEST === 'true') return;
    if (permission === undefined || !hasPermission(principal, permission)) {
      throw new AppError('FORBIDDEN', { permission: permission ?? null });
    }
  };
}

function bindPrincipal(request: FastifyRequest, reply: FastifyReply, principal: Principal): void {
  request.principal = principal;
  request.log = request.log.child(logBindingsOf(principal));
  reply.log = request.log;
}

/**
 * On a public route that identifies its caller: valid credentials set `request.principal`; no
 * credentials, or credentials refused (401, or 403 for a suspended tenant or partner), leave the
 * caller anonymous instead of failing the request. Anything else (a 429, a fault) still fails it.
 */
async function identifyCaller(
  authenticate: Authenticate,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  try {
    const principal = await authenticate(request);
    if (principal !== null) bindPrincipal(request, reply, principal);
  } catch (error) {
    if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 403)) throw error;
  }
}

/** The authenticated caller of a non-public route; throws UNAUTHENTICATED if there is none. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}

/** The caller as a tenant principal; platform and partner principals get FORBIDDEN. */
export function requireTenantPrincipal(request: FastifyRequest): TenantPrincipal {
  const principal = requirePrincipal(request);
  if (principal.kind !== 'tenant') throw new AppError('FORBIDDEN', { kind: principal.kind });
  return principal;
}
