import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Permission, Principal } from '../../src/platform/auth/principal.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import {
  type Classification,
  FULL_SCOPE,
  type SegmentScope,
} from '../../src/platform/tenancy/tenant-context.ts';

/**
 * Route tests' stand-in for signing in, as a tenant member: the permissions of the `x-perms` header
 * (space-separated; no header, not signed in), the legal entities of `x-legal-entities`
 * (comma-separated) narrowing the scope, and the tenant of `x-tenant-id` instead of the test's own.
 */
export function headerPrincipal(of: {
  readonly tenantId: () => string;
  readonly clearance?: Classification;
  readonly scope?: () => SegmentScope;
}): (request: { headers: Record<string, unknown> }) => Promise<Principal | null> {
  return async (request) => {
    const perms = request.headers['x-perms'];
    if (typeof perms !== 'string') return null;
    const entities = request.headers['x-legal-entities'];
    const tenant = request.headers['x-tenant-id'];
    const scope = of.scope?.() ?? FULL_SCOPE;
    return {
      kind: 'tenant',
      userId: uuidv7(),
      membershipId: uuidv7(),
      permissions: new Set(perms.split(' ').filter(Boolean) as Permission[]),
      via: 'session',
      tenantId: typeof tenant === 'string' ? tenant : of.tenantId(),
      scope: typeof entities === 'string' ? { ...scope, legal_entity: entities.split(',') } : scope,
      clearance: of.clearance ?? 'restricted',
      grantId: null,
    };
  };
}

/** A request of a route test as the header principal holding `perms`, with an optional body and headers. */
export type SendAs = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  perms: readonly string[],
  body?: object,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;

/** Sends route-test requests to the app `app()` returns, signed in through the `x-perms` header. */
export function sendAs(app: () => HttpApp): SendAs {
  return (method, url, perms, body, headers = {}) =>
    app().inject({
      method,
      url,
      headers: { 'x-perms': perms.join(' '), ...headers },
      ...(body ? { payload: body } : {}),
    });
}
