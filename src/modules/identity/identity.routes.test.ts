import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, TEST_PASSWORD, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createMembership } from './accounts.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let tenant: string;
let clock = new Date();

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t, { now: () => clock }));
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const login = (body: Record<string, unknown>, remoteAddress = '10.1.1.1') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress });
const me = (token: string) =>
  app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
const authEvents = (event: string, subject: string) =>
  t.tessera.control.db
    .selectFrom('auth_events')
    .select('event')
    .where('event', '=', event)
    .where('subject', '=', subject)
    .execute();

describe('signing in', () => {
  it('gives a token bound to one membership, and records the event', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    const response = await login({ email: person.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.membership).toMatchObject({
      id: person.membershipId,
      kind: 'staff',
      tenantId: tenant,
      roles: ['consultant'],
    });
    const whoAmI = (await me(body.accessToken)).json();
    expect(whoAmI).toMatchObject({
      userId: person.userId,
      membershipId: person.membershipId,
      tenantId: tenant,
      clearance: 'internal',
    });
    expect(whoAmI.permissions).toContain('read:legal-entities');
    expect(whoAmI.permissions).not.toContain('write:legal-entities');
    expect(await authEvents('login.succeeded', person.email)).toHaveLength(2);
  });

  it('answers a wrong password and an unknown account alike, and records both', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    const wrong = await login({ email: person.email, password: 'not it' });
    const unknown = await login({ email: 'nobody@example.test', password: 'not it' });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(await authEvents('login.failed', person.email)).toHaveLength(1);
    expect(await authEvents('login.failed', 'nobody@example.test')).toHaveLength(1);
  });

  it('throttles an account after five failures, even with the right password, with Retry-After', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    for (let i = 0; i < 5; i += 1)
      expect((await login({ email: person.email, password: `guess ${i}` }, `10.2.0.${i}`)).statusCode).toBe(
        401,
      );
    const throttled = await login({ email: person.email, password: TEST_PASSWORD }, '10.2.0.99');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(800);
    expect(throttled.headers['content-type']).toMatch(/problem\+json/);
  });

  it('throttles an address that guesses across many accounts', async () => {
    for (let i = 0; i < 20; i += 1)
      await login({ email: `spray-${i}@example.test`, password: 'x' }, '10.3.3.3');
    const person = await signIn(staffOf(tenant, ['consultant']));
    expect((await login({ email: person.email, password: TEST_PASSWORD }, '10.3.3.3')).statusCode).toBe(429);
    expect((await login({ email: person.email, password: TEST_PASSWORD }, '10.3.3.4')).statusCode).toBe(200);
  });

  it('refuses unknown fields and lists every bad one', async () => {
    const response = await login({ email: 'not-an-email', password: '', tenantId: tenant });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/email', '/body/password', '/body/tenantId']);
  });
});

describe('sessions', () => {
  it('stop working at once when signed out, access and refresh tokens alike', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    expect((await me(person.token)).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: person.headers })).statusCode,
    ).toBe(204);
    expect((await me(person.token)).statusCode).toBe(401);
    const refresh = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: person.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('rotate the refresh token, and a reused one ends the session', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: person.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const next = refreshed.json();
    expect((await me(next.accessToken)).statusCode).toBe(200);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: person.refreshToken },
    });
    expect(replay.statusCode).toBe(401);
    expect((await me(next.accessToken)).statusCode).toBe(401);
  });

  it('switch to another membership of the same user and end the old session', async () => {
    const other = await createTestTenant(t.tessera, { name: 'Kestrel' });
    const jin = await signIn(staffOf(tenant, ['consultant']));
    const atKestrel = await createMembership(t.tessera.control.db, {
      ...staffOf(other, ['subcontractor']),
      staffType: 'subcontractor',
      userId: jin.userId,
    });
    const switched = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/switch',
      headers: jin.headers,
      payload: { membershipId: atKestrel },
    });
    expect(switched.statusCode).toBe(200);
    expect((await me(switched.json().accessToken)).json()).toMatchObject({
      tenantId: other,
      membershipId: atKestrel,
    });
    expect((await me(jin.token)).statusCode).toBe(401);
    const foreign = await signIn(staffOf(other, ['consultant']));
    const stolen = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/switch',
      headers: switched.json().accessToken ? { authorization: `Bearer ${switched.json().accessToken}` } : {},
      payload: { membershipId: foreign.membershipId },
    });
    expect(stolen.statusCode).toBe(403);
  });

  it('stop working when the membership is suspended', async () => {
    const person = await signIn(staffOf(tenant, ['consultant']));
    await t.tessera.control.db
      .updateTable('memberships')
      .set({ status: 'suspended' })
      .where('id', '=', person.membershipId)
      .execute();
    expect((await me(person.token)).statusCode).toBe(401);
  });

  it('apply a time-boxed scope only until its end, with no job running', async () => {
    const entity = '01900000-0000-7000-8000-00000000e001';
    const until = new Date(clock.getTime() + 60_000);
    const person: TestIdentity = await signIn(
      staffOf(tenant, ['consultant'], { legal_entity: [{ id: entity, validUntil: until }] }),
    );
    expect((await me(person.token)).json().scope.legal_entity).toEqual([entity]);
    clock = new Date(until.getTime() + 1);
    try {
      expect((await me(person.token)).json().scope.legal_entity).toEqual([]);
    } finally {
      clock = new Date();
    }
  });
});
