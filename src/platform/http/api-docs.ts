import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifySchema } from 'fastify';
import { Type } from 'typebox';
import { defineRoute } from './define-route.ts';
import type { HttpApp } from './http-types.ts';
import { declarePublicScope } from './route-guard.ts';

/** The title and version the OpenAPI document announces. */
export interface ApiInfo {
  readonly title: string;
  readonly version: string;
}

const BEARER = 'bearerAuth';

/**
 * Starts collecting route schemas into an OpenAPI 3.1 document. Register before any route: each
 * operation gets the bearer `security` unless public, and its permission as `x-permission`.
 */
export async function registerOpenApi(app: HttpApp, info: ApiInfo): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version },
      components: { securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer' } } },
    },
    // Shared schemas keep their `$id` as their name under #/components/schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
    transform: ({ schema, url, route }) => {
      const permission = route.config?.permission;
      if (schema === undefined || permission === undefined) return { schema, url };
      const documented: FastifySchema & { readonly 'x-permission'?: string } =
        permission === 'public'
          ? { ...schema, security: [] }
          : { ...schema, security: [{ [BEARER]: [] }], 'x-permission': permission };
      return { schema: documented, url };
    },
  });
}

/** Serves the document at `GET /openapi.json` and Swagger UI at `GET /docs`, both public. */
export async function registerApiDocsRoutes(app: HttpApp): Promise<void> {
  defineRoute(app, {
    method: 'GET',
    url: '/openapi.json',
    permission: 'public',
    summary: 'This OpenAPI document',
    hidden: true,
    schema: { response: { 200: Type.Unknown() } },
    handler: async () => app.swagger(),
  });
  await app.register(async (scope) => {
    declarePublicScope(scope);
    await scope.register(swaggerUi, { routePrefix: '/docs' });
  });
}
