import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';

/** A small SVG logo (a shape and initials) as a data URL. */
export function logoOf(initials: string, colour: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="${colour}"/>` +
    `<text x="32" y="40" font-size="22" text-anchor="middle" fill="#fff">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** A valid brand body for PUT. */
export function brandBody(name: string, hostnames: readonly string[], colours = ['#1b2a4a', '#c9a227']) {
  return {
    name,
    productName: `${name} Suite`,
    logo: logoOf(name.slice(0, 2).toUpperCase(), colours[0] ?? '#000000'),
    primaryColor: colours[0],
    accentColor: colours[1],
    supportEmail: 'help@example.test',
    supportUrl: 'https://help.example.test/',
    hostnames: [...hostnames],
  };
}

/** The partners, tenants and people of SCENARIO.md that the branding tests need. */
export interface BrandingWorld {
  readonly t: TestTessera;
  readonly app: HttpApp;
  readonly partners: { atlas: string; nordics: string; northstar: string };
  readonly tenants: { halden: string; osprey: string; kestrel: string; brightpath: string };
  readonly people: {
    maya: TestIdentity;
    ingrid: TestIdentity;
    lars: TestIdentity;
    nora: TestIdentity;
    kari: TestIdentity;
    osprey: TestIdentity;
    rachel: TestIdentity;
    priya: TestIdentity;
  };
}

/** Opens a test Tessera with the reference partners, their tenants and one member of each. */
export async function openBrandingWorld(): Promise<BrandingWorld> {
  const t = await openTestTessera();
  const { app, signIn } = await openTestApp(t);
  const control = t.tessera.control;
  const atlas = await control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  const nordics = await control.createPartner({
    name: 'Atlas Nordics',
    slug: 'atlas-nordics',
    parentPartnerId: atlas,
  });
  const northstar = await control.createPartner({ name: 'Northstar ERP', slug: 'northstar' });
  const tenant = async (name: string, slug: string, partnerId: string | null) =>
    (
      await control.createTenant({
        name,
        slug,
        partnerId,
        homeRegion: 'eu',
        isolationTier: 'pooled',
        status: 'active',
      })
    ).tenant.id;
  const tenants = {
    halden: await tenant('Halden & Partners', 'halden', nordics),
    osprey: await tenant('Osprey Advisory', 'osprey', atlas),
    kestrel: await tenant('Kestrel IT Services', 'kestrel', northstar),
    brightpath: await tenant('Brightpath Consulting', 'brightpath', null),
  };
  const people = {
    maya: await signIn({ kind: 'platform-operator', roles: ['platform-admin'] }),
    ingrid: await signIn({ kind: 'partner-admin', partnerId: atlas, roles: ['partner-admin'] }),
    lars: await signIn({ kind: 'partner-admin', partnerId: nordics, roles: ['partner-admin'] }),
    nora: await signIn({ kind: 'partner-admin', partnerId: northstar, roles: ['partner-admin'] }),
    kari: await signIn(staffOf(tenants.halden, ['tenant-admin'])),
    osprey: await signIn(staffOf(tenants.osprey, ['consultant'])),
    rachel: await signIn(staffOf(tenants.kestrel, ['finance'])),
    priya: await signIn(staffOf(tenants.brightpath, ['tenant-admin'])),
  };
  return { t, app, partners: { atlas, nordics, northstar }, tenants, people };
}
