import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

// Fastify's own Ajv compiler, resolved from where Fastify resolves it (no extra dependency).
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));
const ajvCompilerPool = (fastifyRequire('@fastify/ajv-compiler') as () => ValidatorFactory)();

// Report every problem at once and never silently drop unknown fields. (Not `strictNumbers`: with
// coercion it turns `limit=Infinity` into null, which then passes; bounded schemas refuse Infinity.)
const shared = { allErrors: true, removeAdditional: false, useDefaults: true } as const;

// Ids are plain canonical UUIDs; ajv-formats also accepts `urn:uuid:…`, which PostgreSQL refuses.
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const strictUuid = (ajv: { addFormat(name: string, format: RegExp): unknown }) => {
  ajv.addFormat('uuid', CANONICAL_UUID);
  return ajv;
};

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
    onCreate: strictUuid,
  });
  const coercing = ajvCompilerPool(externalSchemas, {
    plugins,
    customOptions: { ...shared, coerceTypes: 'array' },
    onCreate: strictUuid,
  });
  return (route) => (route.httpPart === 'body' ? strict(route) : coercing(route));
};
