import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { type BrightpathSegments, seedBrightpath } from '../organization/segments-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let b: BrightpathSegments;
let admin: TestIdentity;
let dataLead: TestIdentity;
let kestrelAdmin: TestIdentity;

const get = (url: string, who: TestIdentity) => app.inject({ method: 'GET', url, headers: who.headers });
const send = (method: 'POST' | 'PATCH', url: string, who: TestIdentity, payload: object) =>
  app.inject({ method, url, headers: who.headers, payload });

beforeAll(async () => {
  t = await openTestTessera();
  const brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  const opened = await openTestApp(t);
  app = opened.app;
  admin = await opened.signIn(staffOf(brightpath, ['tenant-admin']));
  dataLead = await opened.signIn(staffOf(brightpath, ['tenant-admin'], { practice: [b.data] }));
  kestrelAdmin = await opened.signIn(staffOf(kestrel, ['tenant-admin']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('people', () => {
  it('carry a weekly capacity (default 2400), a role, skills and, for a subcontractor, a supplier', async () => {
    const employee = await send('POST', '/api/v1/people', admin, {
      name: 'Ada',
      kind: 'employee',
      legalEntityId: b.inc,
      role: 'consultant',
      skills: ['pricing', ' pricing ', 'sql'],
    });
    expect(employee.statusCode, employee.body).toBe(201);
    expect(employee.json()).toMatchObject({
      capacityMinutesPerWeek: 2400,
      role: 'consultant',
      skills: ['pricing', 'sql'],
      supplier: null,
    });
    const contractor = await send('POST', '/api/v1/people', admin, {
      name: 'Sol',
      kind: 'subcontractor',
      legalEntityId: b.ltd,
      capacityMinutesPerWeek: 1200,
      supplier: 'Sol Data Ltd',
    });
    expect(contractor.json()).toMatchObject({ capacityMinutesPerWeek: 1200, supplier: 'Sol Data Ltd' });
    const { id } = employee.json();
    const changed = await send('PATCH', `/api/v1/people/${id}`, admin, {
      capacityMinutesPerWeek: 1920,
      skills: [],
    });
    expect(changed.json()).toMatchObject({ capacityMinutesPerWeek: 1920, skills: [] });
    expect((await get(`/api/v1/people/${id}`, admin)).json().capacityMinutesPerWeek).toBe(1920);
  });

  it('refuse a subcontractor without a supplier and an employee with one (422 naming the field)', async () => {
    const without = await send('POST', '/api/v1/people', admin, {
      name: 'X',
      kind: 'subcontractor',
      legalEntityId: b.inc,
    });
    expect(without.statusCode).toBe(422);
    expect(without.json().errors).toEqual([
      { path: '/body/supplier', message: 'is required for a subcontractor' },
    ]);
    const employee = await send('POST', '/api/v1/people', admin, {
      name: 'Y',
      kind: 'employee',
      legalEntityId: b.inc,
      supplier: 'Agency',
    });
    expect(employee.statusCode).toBe(422);
    expect(employee.json().errors).toEqual([
      { path: '/body/supplier', message: 'is not allowed for an employee' },
    ]);
    const sub = (
      await send('POST', '/api/v1/people', admin, {
        name: 'Z',
        kind: 'subcontractor',
        legalEntityId: b.inc,
        supplier: 'Z Co',
      })
    ).json();
    const cleared = await send('PATCH', `/api/v1/people/${sub.id}`, admin, { supplier: null });
    expect(cleared.statusCode).toBe(422);
    expect(cleared.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/supplier']);
    const invalid = await send('PATCH', `/api/v1/people/${sub.id}`, admin, {
      capacityMinutesPerWeek: 10081,
      kind: 'employee',
    });
    expect(invalid.statusCode).toBe(400);
    expect(new Set(invalid.json().errors.map((e: { path: string }) => e.path))).toEqual(
      new Set(['/body/capacityMinutesPerWeek', '/body/kind']),
    );
  });

  it('answer 404 to a change out of scope or from another tenant', async () => {
    const person = (
      await send('POST', '/api/v1/people', admin, {
        name: 'P',
        kind: 'employee',
        legalEntityId: b.inc,
        practiceId: b.cloud,
      })
    ).json();
    expect((await send('PATCH', `/api/v1/people/${person.id}`, dataLead, { name: 'Q' })).statusCode).toBe(
      404,
    );
    expect((await send('PATCH', `/api/v1/people/${person.id}`, kestrelAdmin, { name: 'Q' })).statusCode).toBe(
      404,
    );
    expect((await get(`/api/v1/people/${person.id}`, admin)).json().name).toBe('P');
  });
});

describe('a practice lead', () => {
  it('is a person in scope, set and cleared with PATCH', async () => {
    const lead = (
      await send('POST', '/api/v1/people', admin, {
        name: 'Lead',
        kind: 'employee',
        legalEntityId: b.inc,
        practiceId: b.data,
      })
    ).json();
    const set = await send('PATCH', `/api/v1/practices/${b.data}`, admin, { leadPersonId: lead.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().leadPersonId).toBe(lead.id);
    expect((await get(`/api/v1/practices/${b.data}`, admin)).json().leadPersonId).toBe(lead.id);
    const hidden = (
      await send('POST', '/api/v1/people', admin, {
        name: 'Hidden',
        kind: 'employee',
        legalEntityId: b.inc,
        practiceId: b.cloud,
      })
    ).json();
    const refused = await send('PATCH', `/api/v1/practices/${b.data}`, dataLead, { leadPersonId: hidden.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([{ path: '/body/leadPersonId', message: 'no such person' }]);
    const foreign = await send('PATCH', `/api/v1/practices/${b.data}`, admin, { leadPersonId: b.globex });
    expect(foreign.statusCode).toBe(422);
    expect(
      (await send('PATCH', `/api/v1/practices/${b.data}`, admin, { leadPersonId: null })).json().leadPersonId,
    ).toBeNull();
  });
});
