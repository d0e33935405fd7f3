import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { defineRoute } from './define-route.ts';
import { buildTestApp } from './http-test-fixture.ts';
import type { HttpModule } from './http-types.ts';
import { listRoutes } from './route-table.ts';

const moduleOf = (register: HttpModule['register']): HttpModule => ({ name: 'faulty', register });

describe('route registration', () => {
  it('refuses a route without a permission, naming its method and url', async () => {
    const faulty = moduleOf((app) => {
      app.get('/api/v1/unguarded', async () => ({}));
    });
    await expect(buildTestApp({ modules: [faulty] })).rejects.toThrow(
      /Route GET \/api\/v1\/unguarded declares no valid permission/,
    );
  });

  it('refuses a permission-less route added by a nested plugin', async () => {
    const faulty = moduleOf(async (app) => {
      await app.register(async (plugin) => plugin.post('/hidden', async () => ({})), {
        prefix: '/api/v1/plugin',
      });
    });
    await expect(buildTestApp({ modules: [faulty] })).rejects.toThrow(/POST \/api\/v1\/plugin\/hidden/);
  });

  it('refuses a permission that is neither public nor action:resource', async () => {
    const faulty = moduleOf((app) => {
      app.get('/api/v1/typo', { config: { permission: 'widgets' as 'public' } }, async () => ({}));
    });
    await expect(buildTestApp({ modules: [faulty] })).rejects.toThrow(/GET \/api\/v1\/typo/);
  });

  it('refuses a body schema that does not set additionalProperties: false', async () => {
    const faulty = moduleOf((app) => {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/open',
        permission: 'write:widgets',
        summary: 'Accepts anything',
        schema: { body: Type.Object({ name: Type.String() }) },
        handler: async () => ({}),
      });
    });
    await expect(buildTestApp({ modules: [faulty] })).rejects.toThrow(
      'Route POST /api/v1/open: the body schema at # must set additionalProperties: false',
    );
  });

  it('refuses a body schema with a nested open object, naming where it is', async () => {
    const address = Type.Object({ city: Type.String() });
    const faulty = moduleOf((app) => {
      defineRoute(app, {
        method: 'PUT',
        url: '/api/v1/nested',
        permission: 'write:widgets',
        summary: 'Accepts anything inside',
        schema: { body: Type.Object({ address }, { additionalProperties: false }) },
        handler: async () => ({}),
      });
    });
    await expect(buildTestApp({ modules: [faulty] })).rejects.toThrow(
      /body schema at #\/properties\/address must/,
    );
  });
});

describe('listRoutes', () => {
  it('lists every registered route with its declared permission', async () => {
    const app = await buildTestApp();
    const routes = listRoutes(app);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: '/api/v1/widgets', permission: 'read:widgets' },
        { method: 'HEAD', url: '/api/v1/widgets', permission: 'read:widgets' },
        { method: 'POST', url: '/api/v1/widgets', permission: 'write:widgets' },
        { method: 'GET', url: '/api/v1/widgets/:id', permission: 'read:widgets' },
        { method: 'GET', url: '/api/v1/ping', permission: 'public' },
        { method: 'GET', url: '/health', permission: 'public' },
        { method: 'GET', url: '/ready', permission: 'public' },
        { method: 'GET', url: '/openapi.json', permission: 'public' },
        { method: 'GET', url: '/docs', permission: 'public' },
        { method: 'GET', url: '/docs/static/*', permission: 'public' },
      ]),
    );
    for (const route of routes) {
      expect(app.hasRoute({ method: route.method as 'GET', url: route.url })).toBe(true);
    }
    await app.close();
  });
});
