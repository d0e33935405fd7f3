import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIdentity } from '../../../test/support/test-app.ts';
import { type BrandingWorld, brandBody, openBrandingWorld } from './branding-test-fixture.ts';

let world: BrandingWorld;

const call = (method: 'GET' | 'PUT', url: string, who: TestIdentity, payload?: object) =>
  world.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

const brandEvents = async () =>
  world.t.tessera.control.db
    .selectFrom('auth_events')
    .selectAll()
    .where('event', '=', 'brand.changed')
    .execute();

beforeAll(async () => {
  world = await openBrandingWorld();
});
afterAll(async () => {
  await world.app.close();
  await world.t.cleanup();
});

describe('a partner admin editing brands', () => {
  it('creates their partner’s brand, reads it back and records one audit event', async () => {
    const { nora } = world.people;
    const url = `/api/v1/partners/${world.partners.northstar}/brand`;
    const draft = await call('GET', url, nora);
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({
      brandId: null,
      ownerKind: 'partner',
      ownerId: world.partners.northstar,
      inherited: true,
      name: 'Tessera',
      hostnames: [],
      updatedAt: null,
    });
    const body = {
      ...brandBody('Northstar Services Cloud', ['northstar.localhost']),
      primaryColor: '#1E6B3A',
    };
    const before = (await brandEvents()).length;
    const saved = await call('PUT', url, nora, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      ownerKind: 'partner',
      ownerId: world.partners.northstar,
      inherited: false,
      name: 'Northstar Services Cloud',
      primaryColor: '#1e6b3a',
      hostnames: ['northstar.localhost'],
    });
    expect((await call('GET', url, nora)).json()).toEqual(saved.json());
    const events = await brandEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toMatchObject({
      user_id: nora.userId,
      membership_id: nora.membershipId,
      partner_id: world.partners.northstar,
      subject: saved.json().brandId,
    });
  });

  it('replaces the whole brand: a field left out is cleared', async () => {
    const { nora } = world.people;
    const url = `/api/v1/partners/${world.partners.northstar}/brand`;
    const { supportUrl: _dropped, ...rest } = brandBody('Northstar Services Cloud', []);
    const saved = (await call('PUT', url, nora, rest)).json();
    expect(saved).toMatchObject({ supportUrl: null, hostnames: [] });
  });

  it('edits the brands of its sub-partners and their tenants', async () => {
    const { ingrid } = world.people;
    const nordics = await call(
      'PUT',
      `/api/v1/partners/${world.partners.nordics}/brand`,
      ingrid,
      brandBody('Atlas Nordics', ['nordics.localhost']),
    );
    expect(nordics.statusCode, nordics.body).toBe(200);
    const halden = await call(
      'PUT',
      `/api/v1/tenants/${world.tenants.halden}/brand`,
      ingrid,
      brandBody('Halden', []),
    );
    expect(halden.statusCode, halden.body).toBe(200);
    expect(halden.json()).toMatchObject({ ownerKind: 'tenant', ownerId: world.tenants.halden });
  });

  it('shows a tenant without a brand the look it inherits, and nothing of whose it is', async () => {
    const { ingrid } = world.people;
    const atlas = brandBody('Atlas Practice Suite', ['atlas.localhost']);
    await call('PUT', `/api/v1/partners/${world.partners.atlas}/brand`, ingrid, atlas);
    const osprey = (await call('GET', `/api/v1/tenants/${world.tenants.osprey}/brand`, ingrid)).json();
    expect(osprey).toMatchObject({
      name: 'Atlas Practice Suite',
      logo: atlas.logo,
      brandId: null,
      ownerKind: 'tenant',
      ownerId: world.tenants.osprey,
      inherited: true,
      hostnames: [],
    });
    expect(JSON.stringify(osprey)).not.toContain(world.partners.atlas);
    expect(JSON.stringify(osprey)).not.toContain('atlas.localhost');
  });

  it('answers 404 for any partner or tenant outside its subtree, and changes nothing', async () => {
    const { nora, lars } = world.people;
    const before = (await brandEvents()).length;
    const foreign = [
      [nora, `/api/v1/partners/${world.partners.atlas}/brand`],
      [nora, `/api/v1/tenants/${world.tenants.osprey}/brand`],
      [nora, `/api/v1/tenants/${world.tenants.brightpath}/brand`],
      [lars, `/api/v1/partners/${world.partners.atlas}/brand`],
      [lars, `/api/v1/tenants/${world.tenants.osprey}/brand`],
      [nora, '/api/v1/partners/00000000-0000-7000-8000-000000000000/brand'],
    ] as const;
    for (const [who, url] of foreign) {
      for (const method of ['GET', 'PUT'] as const) {
        const response = await call(
          method,
          url,
          who,
          method === 'PUT' ? brandBody('Taken over', []) : undefined,
        );
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.json().code).toBe('NOT_FOUND');
      }
    }
    expect(await brandEvents()).toHaveLength(before);
  });

  it('refuses the platform brand to a partner admin and brand routes to tenant members', async () => {
    const { nora, kari } = world.people;
    expect((await call('GET', '/api/v1/platform/brand', nora)).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/platform/brand', nora, brandBody('Mine', []))).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/tenants/${world.tenants.halden}/brand`, kari)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/partners', kari)).statusCode).toBe(403);
  });
});

describe('brand validation', () => {
  it('names each bad field and changes nothing', async () => {
    const { ingrid } = world.people;
    const url = `/api/v1/partners/${world.partners.atlas}/brand`;
    await call('PUT', url, ingrid, brandBody('Atlas Practice Suite', ['atlas.localhost']));
    const before = (await call('GET', url, ingrid)).json();
    const response = await call('PUT', url, ingrid, {
      name: '',
      productName: 'Atlas Practice Suite',
      logo: 'javascript:alert(1)',
      primaryColor: 'navy',
      accentColor: '#c9a22',
      supportEmail: 'not an email',
      supportUrl: 'http://atlas.example/help',
      hostnames: ['Atlas.localhost', 'atlas.localhost:8080', 'ok.localhost', 'localhost', '127.0.0.1'],
      extra: true,
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((error: { path: string }) => error.path);
    for (const path of [
      '/body/name',
      '/body/logo',
      '/body/primaryColor',
      '/body/accentColor',
      '/body/supportEmail',
      '/body/supportUrl',
      '/body/hostnames/0',
      '/body/hostnames/1',
      '/body/hostnames/3',
      '/body/hostnames/4',
    ]) {
      expect(paths, path).toContain(path);
    }
    expect(paths).not.toContain('/body/hostnames/2');
    expect((await call('GET', url, ingrid)).json()).toEqual(before);
  });

  it('refuses a logo over 64 KiB and an image type other than SVG or PNG', async () => {
    const { ingrid } = world.people;
    const url = `/api/v1/partners/${world.partners.atlas}/brand`;
    const body = brandBody('Atlas Practice Suite', []);
    const huge = `data:image/png;base64,${'A'.repeat(70_000)}`;
    for (const logo of [
      huge,
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/svg+xml,<svg onload=alert(1)>',
    ]) {
      const response = await call('PUT', url, ingrid, { ...body, logo });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain('/body/logo');
    }
  });

  it('refuses a host name that another brand holds, naming it, and keeps both brands', async () => {
    const { ingrid, nora } = world.people;
    await call(
      'PUT',
      `/api/v1/partners/${world.partners.atlas}/brand`,
      ingrid,
      brandBody('Atlas Practice Suite', ['atlas.localhost']),
    );
    const url = `/api/v1/partners/${world.partners.northstar}/brand`;
    const before = (await call('GET', url, nora)).json();
    const response = await call(
      'PUT',
      url,
      nora,
      brandBody('Northstar Services Cloud', ['northstar.localhost', 'atlas.localhost']),
    );
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'DUPLICATE',
      errors: [{ path: '/body/hostnames/1', message: 'this host name belongs to another brand' }],
    });
    expect(JSON.stringify(response.json())).not.toContain('Atlas Practice');
    expect((await call('GET', url, nora)).json()).toEqual(before);
    const atlas = await world.app.inject({
      method: 'GET',
      url: '/api/v1/brand',
      headers: { host: 'atlas.localhost' },
    });
    expect(atlas.json().name).toBe('Atlas Practice Suite');
  });

  it('lets a brand keep its own host names when it is saved again', async () => {
    const { ingrid } = world.people;
    const url = `/api/v1/partners/${world.partners.atlas}/brand`;
    const again = await call(
      'PUT',
      url,
      ingrid,
      brandBody('Atlas Practice Suite', ['atlas.localhost', 'www.atlas.localhost']),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().hostnames).toEqual(['atlas.localhost', 'www.atlas.localhost']);
  });
});

describe('the platform brand and the list of partners', () => {
  it('lets the platform operator replace the platform brand', async () => {
    const { maya } = world.people;
    const saved = await call(
      'PUT',
      '/api/v1/platform/brand',
      maya,
      brandBody('Meridian Cloud', ['meridian.localhost']),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ownerKind: 'platform', ownerId: null, name: 'Meridian Cloud' });
    expect((await call('GET', '/api/v1/platform/brand', maya)).json()).toEqual(saved.json());
  });

  it('lists every partner to the platform and only the subtree to a partner admin', async () => {
    const { maya, ingrid, lars, nora } = world.people;
    const names = async (who: TestIdentity) =>
      (await call('GET', '/api/v1/partners', who)).json().items.map((p: { name: string }) => p.name);
    expect(await names(maya)).toEqual(['Atlas Legal Network', 'Atlas Nordics', 'Northstar ERP']);
    expect(await names(ingrid)).toEqual(['Atlas Legal Network', 'Atlas Nordics']);
    expect(await names(lars)).toEqual(['Atlas Nordics']);
    expect(await names(nora)).toEqual(['Northstar ERP']);
    const [nordics] = (await call('GET', '/api/v1/partners', lars)).json().items;
    expect(nordics, 'a parent above the caller’s reach shows as none').toMatchObject({
      parentPartnerId: null,
    });
    const listed = (await call('GET', '/api/v1/partners', ingrid)).json();
    expect(listed).toEqual({
      items: [
        {
          id: world.partners.atlas,
          name: 'Atlas Legal Network',
          slug: 'atlas',
          parentPartnerId: null,
          tenantCount: 1,
        },
        {
          id: world.partners.nordics,
          name: 'Atlas Nordics',
          slug: 'atlas-nordics',
          parentPartnerId: world.partners.atlas,
          tenantCount: 1,
        },
      ],
      nextCursor: null,
    });
  });
});
