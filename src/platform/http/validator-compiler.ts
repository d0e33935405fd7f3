import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

// Fastify's own Ajv compiler, resolved from where Fastify resolves it (no extra dependency).
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
const ajvCompilerPool = (fastifyRequire('@fastify/ajv-compiler') as () => ValidatorFactory)();

// Report every problem at once and never silently drop unknown fields.
const shared = { allErrors: true, removeAdditional: false, useDefaults: true } as const;

/**
 * Builds the validators: a JSON body is checked as sent (no type coercion: `"5"` is not a number
 * and `null` is not `0`), while params, querystring and headers, which are text on the wire, are
 * coerced to their schema types.
 */
export const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  const plugins = options?.plugins ?? [];
  const strict = ajvCompilerPool(externalSchemas, {
    plugins,
    customOptions: { ...shared, coerceTypes: false },
  });
  const coercing = ajvCompilerPool(externalSchemas, {
    plugins,
    customOptions: { ...shared, coerceTypes: 'array' },
  });
  return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
};
