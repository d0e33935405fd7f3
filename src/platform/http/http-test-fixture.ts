import { Writable } from 'node:stream';
import { Type } from 'typebox';
import type { Permission, Principal } from '../auth/principal.ts';
import { AppError } from '../errors/index.ts';
import { FULL_SCOPE } from '../tenancy/tenant-context.ts';
import { requireTenantPrincipal } from './authorization.ts';
import { buildHttpApp, type HttpAppOptions } from './build-http-app.ts';
import { defineRoute } from './define-route.ts';
import type { HttpApp, HttpModule } from './http-types.ts';

/** The test header `authenticate` reads: `<kind> <permission> <permission>…`, or `bogus`. */
export const TEST_PRINCIPAL_HEADER = 'x-test-principal';
export const TENANT_ID = '01900000-0000-7000-8000-000000000001';
export const MEMBERSHIP_ID = '01900000-0000-7000-8000-000000000002';

/** A stand-in for real authentication: the principal is spelled out in a test header. */
export async function authenticateFromTestHeader(request: {
  headers: Record<string, unknown>;
}): Promise<Principal | null> {
  const header = request.headers[TEST_PRINCIPAL_HEADER];
  if (typeof header !== 'string') return null;
  const [kind, ...permissions] = header.split(' ');
  const base = {
    userId: '01900000-0000-7000-8000-000000000003',
    membershipId: MEMBERSHIP_ID,
    permissions: new Set(permissions as Permission[]),
    via: 'session' as const,
  };
  if (kind === 'tenant') {
    return { ...base, kind, tenantId: TENANT_ID, scope: FULL_SCOPE, clearance: 'internal', grantId: null };
  }
  if (kind === 'platform') return { ...base, kind };
  throw new AppError('UNAUTHENTICATED', {}, { detail: 'The test credentials are not valid.' });
}

const Widget = Type.Object({ id: Type.String(), name: Type.String(), quantity: Type.Integer() });

/** A small module with a public route, permissioned routes, and TypeBox params, query and body. */
export const widgetsModule: HttpModule = {
  name: 'widgets',
  register(app) {
    defineRoute(app, {
      method: 'GET',
      url: '/api/v1/widgets',
      permission: 'read:widgets',
      summary: 'List widgets',
      tags: ['widgets'],
      schema: {
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
      },
      handler: async (request) => ({ items: [], limit: request.query.limit ?? 50 }),
    });
    defineRoute(app, {
      method: 'POST',
      url: '/api/v1/widgets',
      permission: 'write:widgets',
      summary: 'Create a widget',
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1 }),
            quantity: Type.Integer({ minimum: 0 }),
            colour: Type.Union([Type.Literal('red'), Type.Literal('blue')]),
            size: Type.Optional(Type.Object({ width: Type.Number() }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Widget },
      },
      handler: async (request, reply) => {
        const { name, quantity } = request.body;
        return reply.code(201).send({ id: 'w-1', name, quantity });
      },
    });
    defineRoute(app, {
      method: 'GET',
      url: '/api/v1/widgets/:id',
      permission: 'read:widgets',
      summary: 'Read a widget',
      schema: {
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ verbose: Type.Optional(Type.Boolean()) }),
      },
      handler: async (request) => ({ id: request.params.id, verbose: request.query.verbose ?? false }),
    });
    defineRoute(app, {
      method: 'GET',
      url: '/api/v1/whoami',
      permission: 'read:widgets',
      summary: 'The tenant of the caller',
      schema: {},
      handler: async (request) => {
        request.log.info('whoami answered');
        return { tenantId: requireTenantPrincipal(request).tenantId };
      },
    });
    defineRoute(app, {
      method: 'GET',
      url: '/api/v1/ping',
      permission: 'public',
      summary: 'Answers without credentials',
      schema: {},
      handler: async () => ({ pong: true }),
    });
    defineRoute(app, {
      method: 'GET',
      url: '/api/v1/boom',
      permission: 'public',
      summary: 'Fails like a bug',
      schema: {},
      handler: async () => {
        throw new Error('connection to postgres://admin:hunter2@db failed');
      },
    });
    defineRoute(app, {
      method: 'POST',
      url: '/api/v1/widgets/:id/lock',
      permission: 'public',
      summary: 'Refuses with a catalogued error',
      schema: {},
      handler: async () => {
        throw new AppError('CONFLICT', { widgetId: 'w-1' }, { detail: 'The widget is already locked.' });
      },
    });
  },
};

/** An app with the widgets module, no logs and a ready readiness check, unless overridden. */
export function buildTestApp(overrides: Partial<HttpAppOptions> = {}): Promise<HttpApp> {
  return buildHttpApp({
    logger: false,
    authenticate: authenticateFromTestHeader,
    readiness: async () => ({ ready: true, checks: { database: 'ok' } }),
    modules: [widgetsModule],
    ...overrides,
  });
}

/** A log destination that keeps every JSON line, for asserting on what was logged. */
export function captureLogs(): { readonly stream: Writable; readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { stream, lines };
}
