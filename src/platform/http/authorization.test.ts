import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute } from './define-route.ts';
import {
  buildTestApp,
  captureLogs,
  MEMBERSHIP_ID,
  TENANT_ID,
  TEST_PRINCIPAL_HEADER,
  widgetsModule,
} from './http-test-fixture.ts';
import type { HttpApp, HttpModule } from './http-types.ts';

describe('route permissions', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const asCaller = (caller: string) => ({ [TEST_PRINCIPAL_HEADER]: caller });

  it('answers a public route without credentials', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/ping' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ pong: true });
  });

  it('answers 401 with a problem and a Bearer challenge when there are no credentials', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/widgets' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers 401 when authenticate rejects the credentials', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/widgets', headers: asCaller('bogus') });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'The test credentials are not valid.',
    });
  });

  it('answers 403 when the principal lacks the route permission', async () => {
    const headers = asCaller('tenant read:widgets');
    const response = await app.inject({ method: 'POST', url: '/api/v1/widgets', headers, payload: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('checks the permission before validating the body', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/widgets',
      payload: { nonsense: true },
    });
    expect(response.statusCode).toBe(401);
  });

  it('answers 200 when the principal holds the permission', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/whoami',
      headers: asCaller('tenant read:widgets'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ tenantId: TENANT_ID });
  });

  it('refuses a tenant-only handler to a platform principal with 403', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/whoami',
      headers: asCaller('platform read:widgets'),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('request logs', () => {
  it('carry the request id, and the tenant and membership once authenticated', async () => {
    const { stream, lines } = captureLogs();
    const app = await buildTestApp({ logger: { level: 'info', stream } });
    const headers = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets', 'x-request-id': 'trace-0001' };
    await app.inject({ method: 'GET', url: '/api/v1/whoami', headers });
    await app.close();

    const answered = lines.find((line) => line.msg === 'whoami answered');
    expect(answered).toMatchObject({
      requestId: 'trace-0001',
      tenantId: TENANT_ID,
      membershipId: MEMBERSHIP_ID,
    });
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({ requestId: 'trace-0001', tenantId: TENANT_ID });
  });
});

describe('a public route that identifies its caller', () => {
  const callerModule: HttpModule = {
    name: 'caller',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/greeting',
        permission: 'public',
        identifiesCaller: true,
        summary: 'Greets the caller, known or not',
        schema: {},
        handler: async (request) => ({ kind: request.principal?.kind ?? 'anonymous' }),
      });
    },
  };
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp({ modules: [widgetsModule, callerModule] });
  });
  afterAll(() => app.close());

  const greet = async (header?: string) => {
    const headers = header === undefined ? {} : { [TEST_PRINCIPAL_HEADER]: header };
    const response = await app.inject({ method: 'GET', url: '/api/v1/greeting', headers });
    expect(response.statusCode).toBe(200);
    return response.json().kind;
  };

  it('sees a valid caller, and answers bad or missing credentials as for an anonymous one', async () => {
    expect(await greet('tenant')).toBe('tenant');
    expect(await greet('bogus')).toBe('anonymous');
    expect(await greet()).toBe('anonymous');
  });

  it('is refused at registration on a route that needs a permission', async () => {
    const module: HttpModule = {
      name: 'wrong',
      register(app) {
        defineRoute(app, {
          method: 'GET',
          url: '/api/v1/wrong',
          permission: 'read:widgets',
          identifiesCaller: true,
          summary: 'Not allowed',
          schema: {},
          handler: async () => ({}),
        });
      },
    };
    await expect(buildTestApp({ modules: [module] })).rejects.toThrow(/only a public route/);
  });
});
