import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { Permission, Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import { buildHttpApp, type HttpApp } from '../../platform/http/index.ts';
import { type Classification, FULL_SCOPE, type SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { organizationSegmentRoutes } from './organization-segments.routes.ts';
import { type BrightpathSegments, seedBrightpath } from './segments-test-fixture.ts';

// The app's composition root does not register these routes yet, and access tokens are being
// reworked: this suite serves the module alone, with principals looked up by a test bearer key.
let t: TestTessera;
let app: HttpApp;
let brightpath: string;
let kestrel: string;
let b: BrightpathSegments;
const principals = new Map<string, Principal>();

function caller(
  tenantId: string,
  permissions: readonly Permission[],
  options: { scope?: Partial<SegmentScope>; clearance?: Classification } = {},
): { authorization: string } {
  const key = `key-${principals.size + 1}`;
  principals.set(key, {
    kind: 'tenant',
    tenantId,
    userId: `user-${key}`,
    membershipId: '01900000-0000-7000-8000-00000000000a',
    permissions: new Set(permissions),
    via: 'session',
    scope: { ...FULL_SCOPE, ...options.scope },
    clearance: options.clearance ?? 'internal',
    grantId: null,
  });
  return { authorization: `Bearer ${key}` };
}

const rw = ['read:organization', 'write:organization'] as const;
let admin: { authorization: string };
let confidentialAdmin: { authorization: string };
let reader: { authorization: string };
let otherTenant: { authorization: string };

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  admin = caller(brightpath, rw);
  confidentialAdmin = caller(brightpath, rw, { clearance: 'confidential' });
  reader = caller(brightpath, ['read:organization']);
  otherTenant = caller(kestrel, rw, { clearance: 'restricted' });
  app = await buildHttpApp({
    logger: false,
    readiness: async () => ({ ready: true, checks: {} }),
    authenticate: async (request) => {
      const header = request.headers.authorization;
      if (header === undefined) return null;
      const principal = principals.get(header.replace(/^Bearer /, ''));
      if (!principal) throw new AppError('UNAUTHENTICATED');
      return principal;
    },
    modules: [organizationSegmentRoutes(t.tessera.withTenant)],
  });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const get = (url: string, headers: { authorization: string }) => app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PATCH', url: string, headers: { authorization: string }, payload: object) =>
  app.inject({ method, url, headers, payload });

describe('segment routes', () => {
  it('create, read, change and list a practice, region, client and portfolio', async () => {
    const cases = [
      [
        '/api/v1/practices',
        { name: 'Advisory', code: 'advisory', parentId: b.strategy },
        { name: 'M&A Advisory' },
      ],
      ['/api/v1/regions', { code: 'apac', name: 'Asia Pacific' }, { name: 'APAC' }],
      ['/api/v1/clients', { name: 'Acme', legalEntityId: b.inc, regionId: b.us }, { status: 'prospect' }],
      ['/api/v1/portfolios', { name: 'Transform' }, { name: 'Transformation' }],
    ] as const;
    for (const [url, body, patch] of cases) {
      const created = await send('POST', url, admin, body);
      expect(created.statusCode, url).toBe(201);
      const { id } = created.json();
      expect((await get(`${url}/${id}`, reader)).json()).toMatchObject({ id, ...body });
      const changed = await send('PATCH', `${url}/${id}`, admin, patch);
      expect(changed.statusCode, url).toBe(200);
      expect(changed.json()).toMatchObject({ id, ...patch });
      const ids: string[] = (await get(`${url}?limit=200`, reader))
        .json()
        .items.map((item: { id: string }) => item.id);
      expect(ids).toContain(id);
    }
  });

  it('pages through a list with limit and cursor', async () => {
    const first = (await get('/api/v1/practices?limit=2', reader)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBe(first.items[1].id);
    const second = (await get(`/api/v1/practices?limit=2&cursor=${first.nextCursor}`, reader)).json();
    expect(second.items[0].id > first.nextCursor).toBe(true);
  });

  it('mask client internal notes below confidential clearance', async () => {
    const masked = (await get(`/api/v1/clients/${b.globex}`, admin)).json();
    expect(masked).toMatchObject({ id: b.globex, name: 'Globex', legalEntityId: b.inc });
    expect(masked).not.toHaveProperty('internalNotes');
    const shown = (await get(`/api/v1/clients/${b.globex}`, confidentialAdmin)).json();
    expect(shown.internalNotes).toBe('canary:brightpath:globex:notes');
    const list = await get('/api/v1/clients', admin);
    expect(list.body).not.toContain('canary');
    const write = await send('PATCH', `/api/v1/clients/${b.globex}`, admin, { internalNotes: 'nope' });
    expect(write.statusCode).toBe(403);
  });

  it("answer another tenant's ids with 404, for reads and writes alike", async () => {
    const ids = { practices: b.strategy, regions: b.us, clients: b.globex, portfolios: b.growth };
    for (const [resource, id] of Object.entries(ids)) {
      const read = await get(`/api/v1/${resource}/${id}`, otherTenant);
      const write = await send('PATCH', `/api/v1/${resource}/${id}`, otherTenant, { name: 'Mine now' });
      for (const response of [read, write]) {
        expect(response.statusCode, resource).toBe(404);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect((await get(`/api/v1/${resource}`, otherTenant)).body).not.toContain(id);
    }
  });

  it('answer a segment outside the caller’s scope with 404', async () => {
    const usOnly = caller(brightpath, rw, { scope: { region: [b.us] } });
    expect((await get(`/api/v1/regions/${b.ukEu}`, usOnly)).statusCode).toBe(404);
    expect((await get(`/api/v1/clients/${b.initech}`, usOnly)).statusCode).toBe(404);
    expect((await get(`/api/v1/clients/${b.globex}`, usOnly)).statusCode).toBe(200);
  });

  it('refuse a cycle with 422 and a duplicate code with 409 naming no other record', async () => {
    const cycle = await send('PATCH', `/api/v1/practices/${b.strategy}`, admin, { parentId: b.pricing });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors).toEqual([{ path: '/body/parentId', message: expect.any(String) }]);
    const twin = await send('POST', '/api/v1/regions', admin, { code: 'us', name: 'Twin States' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json()).toMatchObject({ code: 'DUPLICATE' });
    expect(twin.body).not.toContain('United States');
  });

  it('reject unknown and invalid fields, listing each', async () => {
    const response = await send('POST', '/api/v1/clients', admin, {
      name: '',
      legalEntityId: 'not-a-uuid',
      status: 'gone',
      tenantId: brightpath,
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/legalEntityId', '/body/name', '/body/status', '/body/tenantId']);
    const patch = await send('PATCH', `/api/v1/practices/${b.data}`, admin, { path: [b.strategy] });
    expect(patch.statusCode).toBe(400);
    const empty = await send('PATCH', `/api/v1/portfolios/${b.run}`, admin, {});
    expect(empty.statusCode).toBe(400);
  });

  it('refuse writes without write:organization and everything without credentials', async () => {
    expect((await send('POST', '/api/v1/portfolios', reader, { name: 'Nope' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/regions' })).statusCode).toBe(401);
  });
});
