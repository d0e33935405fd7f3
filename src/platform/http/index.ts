export type { ApiInfo } from './api-docs.ts';
export { type Authenticate, requirePrincipal, requireTenantPrincipal } from './authorization.ts';
export { buildHttpApp, type HttpAppOptions } from './build-http-app.ts';
export { defineRoute, type RouteDefinition, type RouteHandler, type RouteSchema } from './define-route.ts';
export type { HttpApp, HttpModule } from './http-types.ts';
export { PROBLEM_CONTENT_TYPE, type ProblemDetails, ProblemSchema } from './problem-details.ts';
export { REQUEST_ID_HEADER } from './request-id.ts';
export { listRoutes, type RouteEntry } from './route-table.ts';
export type { Readiness } from './system-routes.ts';
