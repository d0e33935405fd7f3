import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../test/support/test-tessera.ts';
import { buildApp } from '../app.ts';
import type { HttpApp } from '../platform/http/index.ts';
import { DEMO_BRANDS } from './demo-brands.ts';
import { seedDemoPlatform } from './seed-demo-platform.ts';
import { DEMO_PASSWORD } from './world/world-personas.ts';

let t: TestTessera;
let app: HttpApp;

beforeAll(async () => {
  t = await openTestTessera();
  await seedDemoPlatform(t.tessera, { cellLocation: (name) => `test:${name}`, dataset: false });
  app = await buildApp(t.tessera, { logger: false, rateLimits: false });
});
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const brandOn = (host: string, authorization?: string) =>
  app.inject({
    method: 'GET',
    url: '/api/v1/brand',
    headers: { host, ...(authorization ? { authorization } : {}) },
  });

async function tokenOf(email: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return `Bearer ${response.json().accessToken}`;
}

describe('the demo brands', () => {
  it.each(DEMO_BRANDS.map((brand) => [brand.hostname, brand.productName]))(
    'shows %s as %s',
    async (hostname, productName) => {
      const brand = (await brandOn(`${hostname}:3000`)).json();
      expect(brand).toMatchObject({ productName, resolvedBy: 'host' });
      expect(brand.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    },
  );

  it.each([
    ['kari.nilsen@halden.example', 'Atlas Nordics'],
    ['rachel.green@kestrel.example', 'Northstar Services Cloud'],
    ['priya.raman@brightpath.example', 'Meridian Cloud ERP'],
    ['ingrid.dahl@atlas.example', 'Atlas Practice Suite'],
  ])('shows %s, signed in on 127.0.0.1, %s', async (email, productName) => {
    const brand = (await brandOn('127.0.0.1:3000', await tokenOf(email))).json();
    expect(brand.productName).toBe(productName);
  });

  it('names the brand host names in the platform summary', async () => {
    const demo = await seedDemoPlatform(t.tessera);
    expect(demo.brands.map((brand) => brand.hostnames[0])).toEqual([
      'meridian.localhost',
      'atlas.localhost',
      'nordics.localhost',
      'northstar.localhost',
    ]);
  });
});
