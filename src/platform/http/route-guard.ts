import type { FastifyInstance, RouteOptions } from 'fastify';
import { findOpenObjectSchema } from './closed-body-schema.ts';
import type { RouteEntry } from './route-table.ts';

const PUBLIC_SCOPE = Symbol('tessera.http.public-scope');
const PERMISSION = /^(?:public|[^\s:]+:[^\s:]+)$/;

/** Marks a plugin scope whose third-party routes (the docs UI) are all public, on purpose. */
export function declarePublicScope(scope: FastifyInstance): void {
  scope.decorate(PUBLIC_SCOPE, true);
}

/**
 * Builds the `onRoute` hook that refuses, at registration, a route (including a plugin's) that
 * declares no permission or whose body schema accepts undeclared fields; accepted routes are
 * written to the route table.
 */
export function createRouteGuard(table: RouteEntry[]) {
  return function guardRoute(this: FastifyInstance, route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const where = `${methods.join(',')} ${route.url}`;
    if (route.config?.permission === undefined && this.hasDecorator(PUBLIC_SCOPE)) {
      route.config = { ...route.config, permission: 'public' };
    }
    const permission = route.config?.permission;
    if (typeof permission !== 'string' || !PERMISSION.test(permission)) {
      throw new Error(
        `Route ${where} declares no valid permission: declare it with defineRoute ('action:resource', or 'public')`,
      );
    }
    const open = findOpenObjectSchema(route.schema?.body);
    if (open !== null) {
      throw new Error(`Route ${where}: the body schema at ${open} must set additionalProperties: false`);
    }
    // Fastify also serves a plugin's root route with a trailing slash, without calling onRoute.
    const urls =
      (route as { routePath?: string }).routePath === '' ? [route.url, `${route.url}/`] : [route.url];
    for (const method of methods) {
      for (const url of urls) {
        if (!table.some((entry) => entry.method === method && entry.url === url)) {
          table.push(Object.freeze({ method, url, permission }));
        }
      }
    }
  };
}
