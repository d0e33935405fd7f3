import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { createUser } from '../identity/accounts.ts';
import { findBrandByHostname, findBrandOf, saveBrand } from './branding.repo.ts';
import { logoOf } from './branding-test-fixture.ts';

let t: TestTessera;
let partner: string;
let other: string;
let userId: string;

const fields = (hostnames: string[]) => ({
  name: 'Atlas Practice Suite',
  productName: 'Atlas Practice Suite',
  logo: logoOf('AP', '#1b2a4a'),
  primaryColor: '#1b2a4a',
  accentColor: '#c9a227',
  supportEmail: 'help@atlas.example',
  supportUrl: null,
  hostnames,
});

beforeAll(async () => {
  t = await openTestTessera();
  partner = await t.tessera.control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  other = await t.tessera.control.createPartner({ name: 'Northstar ERP', slug: 'northstar' });
  userId = await createUser(t.tessera.control.db, {
    email: 'ops@example.test',
    name: 'Ops',
    password: 'correct horse battery staple',
  });
});
afterAll(() => t.cleanup());

describe('the brands table', () => {
  it('ships a platform brand, so every request has one to show', async () => {
    expect(await findBrandOf(t.tessera.control.db, { kind: 'platform' })).toMatchObject({
      owner_kind: 'platform',
    });
  });

  it('keeps the host name index equal to the brand’s host names', async () => {
    const db = t.tessera.control.db;
    const saved = await saveBrand(
      db,
      { kind: 'partner', id: partner },
      fields(['a.localhost', 'b.localhost']),
      userId,
      null,
    );
    await saveBrand(db, { kind: 'partner', id: partner }, fields(['b.localhost']), userId, saved.id);
    expect(await findBrandByHostname(db, 'a.localhost')).toBeUndefined();
    expect((await findBrandByHostname(db, 'b.localhost'))?.id).toBe(saved.id);
  });

  it('refuses, as a backstop, a host name of another brand and values the API would refuse', async () => {
    const db = t.tessera.control.db;
    const owner = { kind: 'partner', id: other } as const;
    await expect(saveBrand(db, owner, fields(['b.localhost']), userId, null)).rejects.toMatchObject({
      code: '23505',
      constraint: 'brand_hostnames_pkey',
    });
    for (const bad of [
      { primaryColor: 'navy' },
      { logo: 'data:text/html;base64,PGI+' },
      { supportUrl: 'http://plain.example' },
      { supportEmail: 'nobody' },
      { hostnames: ['UPPER.localhost'] },
      { hostnames: ['localhost'] },
      { hostnames: ['10.0.0.1'] },
    ]) {
      await expect(
        saveBrand(db, owner, { ...fields([]), ...bad }, userId, null),
        JSON.stringify(bad),
      ).rejects.toMatchObject({
        code: '23514',
      });
    }
    expect(await findBrandOf(db, owner)).toBeUndefined();
  });

  it('allows one brand per owner and one platform brand', async () => {
    const db = t.tessera.control.db;
    await expect(
      saveBrand(db, { kind: 'partner', id: partner }, fields([]), userId, null),
    ).rejects.toMatchObject({
      code: '23505',
    });
    await expect(saveBrand(db, { kind: 'platform' }, fields([]), userId, null)).rejects.toMatchObject({
      code: '23505',
    });
  });
});
