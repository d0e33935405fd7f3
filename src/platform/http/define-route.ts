import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  ContextConfigDefault,
  FastifyInstance,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify';
import type { TSchema } from 'typebox';
import type { RoutePermission } from '../auth/principal.ts';
import type { HttpApp } from './http-types.ts';
import { PROBLEM_RESPONSE } from './problem-details.ts';

/** The request and response schemas of a route; TypeBox schemas type the handler. */
export interface RouteSchema {
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  readonly body?: TSchema;
  readonly headers?: TSchema;
  readonly response?: Readonly<Record<string | number, TSchema>>;
}

/** A route handler whose request and reply are typed from the route's schema. */
export type RouteHandler<S extends RouteSchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  TypeBoxTypeProvider
>;

/** Everything a route declares: where it is, what it needs, what it accepts and answers. */
export interface RouteDefinition<S extends RouteSchema> {
  readonly method: HTTPMethods;
  readonly url: string;
  readonly permission: RoutePermission;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Leave the route out of the OpenAPI document (the document's own routes). */
  readonly hidden?: boolean;
  /**
   * Only with `permission: 'public'`: the route still reads a bearer token when one is sent
   * (`request.principal`), and answers as to an anonymous caller when the token is bad.
   */
  readonly identifiesCaller?: boolean;
  readonly schema: S;
  readonly handler: RouteHandler<S>;
}

/**
 * THE way to declare a route: the permission goes to `config.permission` (enforced by the
 * permission hook, listed by `listRoutes`) and error responses are documented as problems.
 */
export function defineRoute<const S extends RouteSchema>(app: HttpApp, definition: RouteDefinition<S>): void {
  const { method, url, permission, identifiesCaller, summary, description, tags, hidden, schema, handler } =
    definition;
  if (identifiesCaller && permission !== 'public') {
    throw new Error(`Route ${method} ${url}: only a public route may identify its caller optionally`);
  }
  const route: RouteOptions = {
    method,
    url,
    config: identifiesCaller ? { permission, identifiesCaller } : { permission },
    schema: {
      ...schema,
      response: { '4XX': PROBLEM_RESPONSE, '5XX': PROBLEM_RESPONSE, ...schema.response },
      summary,
      ...(description === undefined ? {} : { description }),
      ...(tags === undefined ? {} : { tags }),
      ...(hidden ? { hide: true } : {}),
    },
    handler: handler as RouteHandlerMethod,
  };
  (app as unknown as FastifyInstance).route(route);
}
