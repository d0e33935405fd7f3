import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './http-test-fixture.ts';
import type { HttpApp } from './http-types.ts';

describe('system routes', () => {
  it('answers /health without credentials', async () => {
    const app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('answers /ready with the checks when ready', async () => {
    const app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    await app.close();
  });

  it('answers /ready with a 503 problem carrying the checks when not ready', async () => {
    const readiness = async () => ({ ready: false, checks: { database: 'ok', migrations: '2 pending' } });
    const app = await buildTestApp({ readiness });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      checks: { database: 'ok', migrations: '2 pending' },
    });
    await app.close();
  });

  it('answers /ready with 503 when the readiness check itself fails', async () => {
    const app = await buildTestApp({ readiness: () => Promise.reject(new Error('pool exhausted')) });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('pool exhausted');
    await app.close();
  });
});

describe('API documentation', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp({ info: { title: 'Tessera test API', version: '9.9.9' } });
  });
  afterAll(() => app.close());

  it('serves an OpenAPI 3.1 document listing the routes with their permissions', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: 'Tessera test API', version: '9.9.9' });
    expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/v1/widgets'].post).toMatchObject({
      summary: 'Create a widget',
      security: [{ bearerAuth: [] }],
      'x-permission': 'write:widgets',
    });
    expect(document.paths['/api/v1/widgets/{id}'].get['x-permission']).toBe('read:widgets');
    expect(document.paths['/api/v1/ping'].get.security).toEqual([]);
    expect(document.paths['/api/v1/ping'].get['x-permission']).toBeUndefined();
    expect(document.paths['/api/v1/widgets'].post.responses['4XX'].content).toHaveProperty([
      'application/problem+json',
    ]);
    expect(document.paths['/openapi.json']).toBeUndefined();
  });

  it('serves Swagger UI at /docs without credentials', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Swagger UI');
  });
});

describe('request ids', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('echoes an acceptable incoming x-request-id in the header and the problem body', async () => {
    const headers = { 'x-request-id': 'req_2026-11-30.abc' };
    const response = await app.inject({ method: 'GET', url: '/api/v1/widgets', headers });
    expect(response.headers['x-request-id']).toBe('req_2026-11-30.abc');
    expect(response.json().requestId).toBe('req_2026-11-30.abc');
  });

  it('generates a UUIDv7 when there is no incoming id', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it.each(['short', 'has spaces in it', 'x'.repeat(129), 'inject\nlog-line'])(
    'replaces the unacceptable incoming id %j with a fresh one',
    async (incoming) => {
      const response = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': incoming },
      });
      expect(response.headers['x-request-id']).not.toBe(incoming);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );
});
