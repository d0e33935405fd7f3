import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, captureLogs, TEST_PRINCIPAL_HEADER } from './http-test-fixture.ts';
import type { HttpApp } from './http-types.ts';

const writer = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets write:widgets' };
const validWidget = { name: 'Bolt', quantity: 3, colour: 'red' };

describe('problem responses', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await buildTestApp({ bodyLimit: 1024 });
  });
  afterAll(() => app.close());

  const postWidget = (payload: string | object, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/widgets',
      headers: { ...writer, 'content-type': contentType },
      payload,
    });

  it('answers 400 to malformed JSON', async () => {
    const response = await postWidget('{"name": "Bolt",');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'The body is not valid JSON.',
    });
  });

  it('answers 400 to a __proto__ key in the body', async () => {
    const response = await postWidget('{"name": "Bolt", "__proto__": {"admin": true}}');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers 400 to an empty body sent as JSON', async () => {
    const response = await postWidget('');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await postWidget({ ...validWidget, name: 'x'.repeat(2048) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const response = await postWidget('name=Bolt', 'text/plain');
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 404 with a problem to an unknown route', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      instance: '/api/v1/nothing-here',
    });
  });

  it('answers 500 with a generic problem that leaks neither message nor stack', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/boom',
      headers: { 'x-request-id': 'boom-0001' },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      type: 'urn:tessera:problem:internal',
      title: 'Internal error',
      status: 500,
      detail: 'Internal error',
      code: 'INTERNAL',
      errors: [],
      instance: '/api/v1/boom',
      requestId: 'boom-0001',
    });
    expect(response.body).not.toMatch(/hunter2|postgres|at /);
  });

  it('maps an AppError to its status, code and detail', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/widgets/w-1/lock' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      type: 'urn:tessera:problem:conflict',
      status: 409,
      code: 'CONFLICT',
      detail: 'The widget is already locked.',
      errors: [],
    });
    expect(response.body).not.toContain('widgetId');
  });
});

describe('error logs', () => {
  it('log a server error with its message and stack, under the request id', async () => {
    const { stream, lines } = captureLogs();
    const app = await buildTestApp({ logger: { level: 'info', stream } });
    await app.inject({ method: 'GET', url: '/api/v1/boom', headers: { 'x-request-id': 'boom-0002' } });
    await app.close();

    const failed = lines.find((line) => line.msg === 'request failed') as {
      err: { message: string; stack: string };
    };
    expect(failed).toMatchObject({ level: 50, requestId: 'boom-0002', code: 'INTERNAL' });
    expect(failed.err.message).toContain('hunter2');
    expect(failed.err.stack).toContain('http-test-fixture.ts');
  });
});
