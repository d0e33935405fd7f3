import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIdentity } from '../../../test/support/test-app.ts';
import { type BrandingWorld, brandBody, openBrandingWorld } from './branding-test-fixture.ts';

let world: BrandingWorld;

const brandOn = (host: string, who?: TestIdentity | { authorization: string }) =>
  world.app.inject({
    method: 'GET',
    url: '/api/v1/brand',
    headers: { host, ...(who === undefined ? {} : 'headers' in who ? who.headers : who) },
  });

async function put(url: string, who: TestIdentity, body: object) {
  const response = await world.app.inject({ method: 'PUT', url, headers: who.headers, payload: body });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  world = await openBrandingWorld();
  const { maya, ingrid, lars, nora } = world.people;
  const { atlas, nordics, northstar } = world.partners;
  await put(
    '/api/v1/platform/brand',
    maya,
    brandBody('Meridian Cloud', ['meridian.localhost'], ['#23395d', '#f59e0b']),
  );
  await put(
    `/api/v1/partners/${atlas}/brand`,
    ingrid,
    brandBody('Atlas Practice Suite', ['atlas.localhost']),
  );
  await put(
    `/api/v1/partners/${nordics}/brand`,
    lars,
    brandBody('Atlas Nordics', ['nordics.localhost'], ['#0f4c5c', '#e0b040']),
  );
  await put(
    `/api/v1/partners/${northstar}/brand`,
    nora,
    brandBody('Northstar Services Cloud', ['northstar.localhost'], ['#1e6b3a', '#8bc34a']),
  );
});
afterAll(async () => {
  await world.app.close();
  await world.t.cleanup();
});

describe('the brand a request is shown', () => {
  it('is the brand holding the host name, for anyone, without a token', async () => {
    const response = await brandOn('Atlas.localhost:5173');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({
      name: 'Atlas Practice Suite',
      ownerKind: 'partner',
      resolvedBy: 'host',
    });
  });

  it('answers exactly one brand and nothing of any other owner', async () => {
    const brand = (await brandOn('atlas.localhost')).json();
    expect(Object.keys(brand).sort()).toEqual(
      [
        'accentColor',
        'brandId',
        'logo',
        'name',
        'ownerKind',
        'primaryColor',
        'productName',
        'resolvedBy',
        'supportEmail',
        'supportUrl',
      ].sort(),
    );
    expect(brand.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(brand.primaryColor).toBe('#1b2a4a');
  });

  it('prefers the host name to the signed-in membership', async () => {
    const brand = (await brandOn('atlas.localhost', world.people.rachel)).json();
    expect(brand).toMatchObject({ name: 'Atlas Practice Suite', resolvedBy: 'host' });
  });

  it.each([
    ['Halden (Atlas Nordics)', 'kari', 'Atlas Nordics', 'membership'],
    ['Osprey (Atlas Legal Network)', 'osprey', 'Atlas Practice Suite', 'membership'],
    ['Kestrel (Northstar ERP)', 'rachel', 'Northstar Services Cloud', 'membership'],
    ['Brightpath (sold directly)', 'priya', 'Meridian Cloud', 'platform'],
    ['a partner admin of Atlas Nordics', 'lars', 'Atlas Nordics', 'membership'],
    ['a partner admin of Atlas Legal Network', 'ingrid', 'Atlas Practice Suite', 'membership'],
    ['the platform operator', 'maya', 'Meridian Cloud', 'platform'],
  ] as const)('shows a member of %s the nearest brand up the partner chain', async (_, who, name, by) => {
    const brand = (await brandOn('localhost', world.people[who])).json();
    expect(brand).toMatchObject({ name, resolvedBy: by });
  });

  it('shows a tenant its own brand before its partner’s', async () => {
    const { ingrid, osprey } = world.people;
    await put(`/api/v1/tenants/${world.tenants.osprey}/brand`, ingrid, brandBody('Osprey Advisory', []));
    expect((await brandOn('localhost', osprey)).json()).toMatchObject({
      name: 'Osprey Advisory',
      ownerKind: 'tenant',
      resolvedBy: 'membership',
    });
  });

  it('answers the platform brand without a token, with an invalid one, or with a malformed header', async () => {
    for (const headers of [
      undefined,
      { authorization: 'Bearer not.a.token' },
      { authorization: 'Basic abc' },
    ]) {
      const response = await brandOn('unknown.example', headers);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        name: 'Meridian Cloud',
        ownerKind: 'platform',
        resolvedBy: 'platform',
      });
    }
  });

  it('still resolves the host name when the token is invalid', async () => {
    const brand = (await brandOn('northstar.localhost', { authorization: 'Bearer nope' })).json();
    expect(brand).toMatchObject({ name: 'Northstar Services Cloud', resolvedBy: 'host' });
  });
});
