import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PRINCIPAL_HEADER } from './http-test-fixture.ts';
import type { HttpApp } from './http-types.ts';

const writer = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets write:widgets' };
const validWidget = { name: 'Bolt', quantity: 3, colour: 'red' };

describe('validation problems', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const postWidget = (payload: string | object, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/widgets',
      headers: { ...writer, 'content-type': contentType },
      payload,
    });

  it('accepts a valid body', async () => {
    const response = await postWidget(validWidget);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: 'w-1', name: 'Bolt', quantity: 3 });
  });

  it('lists every invalid field of the body with its JSON pointer', async () => {
    const response = await postWidget({ name: '', quantity: -1, colour: 'green' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'The request is not valid',
    });
    expect(problem.errors).toEqual([
      { path: '/body/name', message: 'must NOT have fewer than 1 characters' },
      { path: '/body/quantity', message: 'must be >= 0' },
      { path: '/body/colour', message: 'must be one of "red", "blue"' },
    ]);
  });

  it('reports a missing field at its own path', async () => {
    const response = await postWidget({ name: 'Bolt', colour: 'red' });
    expect(response.json().errors).toEqual([{ path: '/body/quantity', message: 'is required' }]);
  });

  it('rejects an undeclared body field, naming its path, even in a nested object', async () => {
    const response = await postWidget({ ...validWidget, tenantId: 'x', size: { width: 2, depth: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: '/body/tenantId', message: 'is not an allowed field' },
      { path: '/body/size/depth', message: 'is not an allowed field' },
    ]);
  });

  it('does not coerce body types, but coerces querystring types', async () => {
    const body = await postWidget({ ...validWidget, quantity: '3' });
    expect(body.json().errors).toEqual([{ path: '/body/quantity', message: 'must be integer' }]);
    const reader = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets' };
    const query = await app.inject({ method: 'GET', url: '/api/v1/widgets?limit=20', headers: reader });
    expect(query.json()).toEqual({ items: [], limit: 20 });
  });

  it('lists the problems of params and querystring together', async () => {
    const headers = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets' };
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/widgets/not-a-uuid?verbose=maybe',
      headers,
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(['/params/id', '/query/verbose']);
  });
});
