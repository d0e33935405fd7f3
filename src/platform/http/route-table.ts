import type { FastifyInstance } from 'fastify';
import type { RoutePermission } from '../auth/principal.ts';

/** One row of the route table: what a route needs, for audits and the generated isolation suite. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission;
}

const ROUTE_TABLE = Symbol('tessera.http.route-table');

/** Gives the app an empty route table, filled by the route guard as routes are registered. */
export function attachRouteTable(app: FastifyInstance): RouteEntry[] {
  const table: RouteEntry[] = [];
  app.decorate(ROUTE_TABLE, table);
  return table;
}

/** Every registered route (HEAD twins of GET routes included) with its declared permission. */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  if (!app.hasDecorator(ROUTE_TABLE)) throw new Error('listRoutes needs an app built by buildHttpApp');
  return app
    .getDecorator<RouteEntry[]>(ROUTE_TABLE)
    .toSorted((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
}
