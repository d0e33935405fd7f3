import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { seedDemoPlatform } from '../../src/demo/seed-demo-platform.ts';
import type { SeededWorld } from '../../src/demo/world/seed-world.ts';
import { DEMO_PASSWORD, PERSONAS, type PersonaMembershipSpec } from '../../src/demo/world/world-personas.ts';
import { createMembership, createUser } from '../../src/modules/identity/accounts.ts';
import { resolvePrincipal } from '../../src/modules/identity/principal-resolver.ts';
import { expandPracticeScope } from '../../src/modules/organization/index.ts';
import { tenantContextOf } from '../../src/platform/auth/principal.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { openTestTessera, type TestTessera } from '../support/test-tessera.ts';
import {
  CONFIDENTIAL_CANARY_FIELDS,
  canRead,
  type ExpectedAccess,
  expectedAccess,
  inScope,
  KINDS,
  seesCost,
  type WorldRecord,
  worldRecords,
} from './world-expectations.ts';

interface SignedInMembership {
  readonly persona: string;
  readonly spec: PersonaMembershipSpec;
  readonly membershipId: string;
  readonly userId: string;
  readonly access: ExpectedAccess;
  readonly headers: { authorization: string };
}

let t: TestTessera;
let app: HttpApp;
let world: SeededWorld;
let records: WorldRecord[];
const members: SignedInMembership[] = [];
const CANARY = /canary:([a-z-]+):([a-z_]+):([a-z-]+)(?::([a-z-]+))?/g;

beforeAll(async () => {
  t = await openTestTessera();
  await seedDemoPlatform(t.tessera, {
    cellLocation: (name) => `test:${name}`,
    canaries: true,
    onWorld: (seeded) => (world = seeded),
  });
  records = worldRecords(world);
  app = await buildApp(t.tessera, { logger: false, rateLimits: false });
  for (const persona of PERSONAS) {
    const seeded = world.personas.get(persona.key);
    if (!seeded) throw new Error(`persona ${persona.key} was not seeded`);
    for (const membership of seeded.memberships) {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: persona.email, password: DEMO_PASSWORD, membershipId: membership.id },
      });
      expect(login.statusCode, `${persona.key} signs in`).toBe(200);
      members.push({
        persona: persona.key,
        spec: membership.spec,
        membershipId: membership.id,
        userId: seeded.userId,
        access: expectedAccess(membership.spec, world),
        headers: { authorization: `Bearer ${login.json().accessToken}` },
      });
    }
  }
}, 240_000);
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const get = (url: string, member: SignedInMembership) =>
  app.inject({ method: 'GET', url, headers: member.headers });
const label = (member: SignedInMembership) =>
  `${member.persona}@${member.spec.tenant ?? member.spec.partner ?? 'platform'}`;

describe('the persona matrix (SCENARIO.md, canary world)', { timeout: 240_000 }, () => {
  it('covers partners, tenants, legal entities, practices with a sub-practice, regions and clients', () => {
    expect(new Set(members.map((m) => m.persona)).size).toBe(PERSONAS.length);
    expect(new Set(records.map((r) => r.tenant)).size).toBe(4);
    expect(records.filter((r) => r.tenant === 'brightpath-consulting' && r.kind === 'practice')).toHaveLength(
      5,
    );
    // Contacts, contracts and rate cards (a contract's and the tenant default) exist in every firm.
    for (const kind of ['contact', 'contract', 'rate_card'] as const)
      expect(new Set(records.filter((r) => r.kind === kind).map((r) => r.tenant)).size, kind).toBe(4);
    expect(records.filter((r) => r.kind === 'rate_card' && r.key !== 'default').map((r) => r.tenant)).toEqual(
      ['brightpath-consulting'],
    );
    // Projects, tasks and milestones in every firm; assignments wherever the firm has people, some
    // of them outside their person's own scope (seen as their own).
    for (const kind of ['project', 'project_task', 'project_milestone'] as const)
      expect(new Set(records.filter((r) => r.kind === kind).map((r) => r.tenant)).size, kind).toBe(4);
    const ownOnly = members.filter((m) =>
      records.some(
        (r) =>
          r.kind === 'assignment' &&
          r.owner === m.spec.person &&
          r.tenant === m.spec.tenant &&
          !inScope({ ...m.access, person: null }, r),
      ),
    );
    expect(ownOnly.map(label).sort()).toEqual(['jin@brightpath-consulting', 'omar@brightpath-consulting']);
    // Expenses in three firms, one spent outside its spender's scope (the own-record branch).
    expect(new Set(records.filter((r) => r.kind === 'expense').map((r) => r.tenant)).size).toBe(3);
    expect(records.filter((r) => r.kind === 'expense').length).toBe(9);
  });

  it('gives every persona exactly the records its scope allows, in lists and by id', async () => {
    let requests = 0;
    for (const member of members) {
      for (const [kind, { path }] of Object.entries(KINDS)) {
        const mine = records.filter((record) => record.kind === kind);
        const list = await get(`${path}?limit=200`, member);
        requests += 1;
        const mayList =
          member.access.tenant !== null &&
          member.access.permissions.has(KINDS[kind as WorldRecord['kind']].permission);
        if (!mayList) {
          expect(list.statusCode, `${label(member)} lists ${kind}`).toBe(403);
        } else {
          const expected = mine
            .filter((record) => canRead(member.access, record))
            .map((record) => record.id)
            .sort();
          const seen = list
            .json()
            .items.map((item: { id: string }) => item.id)
            .sort();
          expect(seen, `${label(member)} lists ${kind}`).toEqual(expected);
        }
        for (const record of mine) {
          const one = await get(`${path}/${record.id}`, member);
          requests += 1;
          const expected = !mayList ? 403 : canRead(member.access, record) ? 200 : 404;
          expect(one.statusCode, `${label(member)} reads ${record.tenant}/${kind}/${record.key}`).toBe(
            expected,
          );
        }
      }
    }
    expect(requests).toBeGreaterThan(500);
  });

  it('shows cost rates only to finance with restricted clearance, within its legal entities', async () => {
    for (const member of members) {
      for (const person of records.filter((record) => record.kind === 'person')) {
        const response = await get(`/api/v1/people/${person.id}/cost-rates`, member);
        const who = `${label(member)} reads the cost of ${person.tenant}/${person.key}`;
        if (member.access.tenant === null || !member.access.permissions.has('read:cost')) {
          expect(response.statusCode, who).toBe(403);
        } else if (!canRead({ ...member.access, permissions: new Set(['read:people']) }, person)) {
          expect(response.statusCode, who).toBe(404);
        } else {
          expect(response.json().items.length, who).toBe(seesCost(member.access, person) ? 1 : 0);
        }
      }
    }
  });

  it('never returns a canary the persona may not see', async () => {
    let leaks = 0;
    for (const member of members) {
      const bodies: string[] = [];
      for (const { path } of Object.values(KINDS)) bodies.push((await get(`${path}?limit=200`, member)).body);
      for (const record of records)
        bodies.push((await get(`${KINDS[record.kind].path}/${record.id}`, member)).body);
      for (const person of records.filter((record) => record.kind === 'person')) {
        bodies.push((await get(`/api/v1/people/${person.id}/cost-rates`, member)).body);
      }
      bodies.push((await get('/api/v1/audit/events?limit=200', member)).body);
      for (const body of bodies) {
        for (const [marker, tenant, kind, key, field] of body.matchAll(CANARY)) {
          const record = records.find((r) => r.tenant === tenant && r.kind === kind && r.key === key);
          const allowed =
            record !== undefined &&
            member.access.tenant === tenant &&
            (field === 'cost'
              ? seesCost(member.access, record)
              : field !== undefined && CONFIDENTIAL_CANARY_FIELDS.has(field)
                ? inScope(member.access, record) &&
                  ['confidential', 'restricted'].includes(member.access.clearance)
                : true);
          if (!allowed) {
            leaks += 1;
            expect.soft(allowed, `${label(member)} received ${marker}`).toBe(true);
          }
        }
      }
    }
    expect(leaks).toBe(0);
  });

  it("keeps every event payload of the outbox to its own firm: no other firm's canary", async () => {
    let own = 0;
    let foreign = 0;
    for (const tenant of world.tenants.values()) {
      const payloads = await t.tessera.withTenant(
        systemContext(tenant.id, 'test'),
        async (tx) =>
          (await sql<{ payload: string }>`SELECT payload::text AS payload FROM outbox_events`.execute(tx.db))
            .rows,
        { readOnly: true },
      );
      for (const { payload } of payloads) {
        for (const [marker, slug] of payload.matchAll(CANARY)) {
          if (slug === tenant.slug) own += 1;
          else {
            foreign += 1;
            expect.soft(slug, `an event of ${tenant.slug} carries ${marker}`).toBe(tenant.slug);
          }
        }
      }
    }
    // The events do carry the world's canaries (names, notes, invoice lines): the check is not vacuous.
    expect(own).toBeGreaterThan(100);
    expect(foreign).toBe(0);
  });

  it('holds by row-level security alone: unfiltered queries on the tenant path see the same', async () => {
    const tables = {
      legal_entity: 'legal_entities',
      practice: 'practices',
      region: 'regions',
      client: 'clients',
      portfolio: 'portfolios',
      person: 'people',
      contact: 'contacts',
      contract: 'contracts',
      rate_card: 'rate_cards',
      // ---- Delivery: projects and staffing (an assignment is also its person's own) ----
      project: 'projects',
      project_task: 'project_tasks',
      project_milestone: 'project_milestones',
      assignment: 'assignments',
      // ---- Time (timesheets module): the own-record branch included ----
      timesheet: 'timesheets',
      time_entry: 'time_entries',
      time_approval: 'time_approvals',
      ledger_account: 'ledger_accounts',
      journal_entry: 'journal_entries',
      ledger_period: 'ledger_periods',
      fx_rate: 'fx_rates',
      expense: 'expenses',
      invoice: 'invoices',
      payment: 'payments',
    } as const;
    for (const member of members.filter((m) => m.access.tenant !== null)) {
      const principal = await resolvePrincipal(
        {
          userId: member.userId,
          membershipId: member.membershipId,
          sessionId: null,
          apiTokenId: null,
          grantId: null,
        },
        {
          control: t.tessera.control,
          expandPractices: (tenantId, ids) =>
            t.tessera.withTenant(systemContext(tenantId, 'test'), (tx) => expandPracticeScope(tx, ids), {
              readOnly: true,
            }),
        },
      );
      if (principal.kind !== 'tenant') throw new Error('expected a tenant principal');
      const seen = await t.tessera.withTenant(
        tenantContextOf(principal, null),
        async (tx) => {
          const byKind: Record<string, string[]> = {};
          for (const [kind, table] of Object.entries(tables)) {
            byKind[kind] = (await sql<{ id: string }>`SELECT id FROM ${sql.table(table)}`.execute(tx.db)).rows
              .map((row) => row.id)
              .sort();
          }
          byKind.cost = (
            await sql<{ person_id: string }>`SELECT person_id FROM person_cost_rates`.execute(tx.db)
          ).rows
            .map((row) => row.person_id)
            .sort();
          return byKind;
        },
        { readOnly: true },
      );
      for (const kind of Object.keys(tables)) {
        const expected = records
          .filter((record) => record.kind === kind && inScope(member.access, record))
          .map((record) => record.id)
          .sort();
        expect(seen[kind], `${label(member)}: SELECT id FROM ${kind}`).toEqual(expected);
      }
      const costs = records
        .filter((record) => record.kind === 'person' && seesCost(member.access, record))
        .map((record) => record.id)
        .sort();
      expect(seen.cost, `${label(member)}: SELECT FROM person_cost_rates`).toEqual(costs);
    }
  });

  it('explains exactly the readers that can actually read each record, in every firm', async () => {
    const explainers = members.filter((m) => m.access.permissions.has('explain:access'));
    expect(explainers.map((m) => m.persona).sort()).toEqual(['dan', 'kari', 'priya']);
    // Kestrel and Osprey have no persona who may ask: each gets an auditor for this test.
    for (const slug of ['kestrel-it-services', 'osprey-advisory']) {
      const tenantId = world.tenants.get(slug)?.id as string;
      const email = `auditor@${slug}.example`;
      const userId = await createUser(t.tessera.control.db, {
        email,
        name: `Auditor of ${slug}`,
        password: DEMO_PASSWORD,
      });
      const spec: PersonaMembershipSpec = { kind: 'staff', tenant: slug, roles: ['auditor'] };
      const membershipId = await createMembership(t.tessera.control.db, {
        userId,
        kind: 'staff',
        tenantId,
        roles: ['auditor'],
        scope: { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all' },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: DEMO_PASSWORD },
      });
      const auditor = {
        persona: `auditor-${slug}`,
        spec,
        membershipId,
        userId,
        access: expectedAccess(spec, world),
        headers: { authorization: `Bearer ${login.json().accessToken}` },
      };
      members.push(auditor);
      explainers.push(auditor);
    }
    const explained = new Set(explainers.map((explainer) => explainer.access.tenant));
    expect([...explained].sort()).toEqual([...world.tenants.keys()].sort());
    for (const explainer of explainers) {
      for (const record of records.filter((r) => r.tenant === explainer.access.tenant)) {
        const response = await get(
          `/api/v1/access/explain?resourceKind=${record.kind}&resourceId=${record.id}`,
          explainer,
        );
        expect(response.statusCode).toBe(200);
        const explained = response
          .json()
          .readers.map((reader: { membershipId: string }) => reader.membershipId)
          .sort();
        const actual: string[] = [];
        for (const member of members.filter((m) => m.access.tenant === record.tenant)) {
          if ((await get(`${KINDS[record.kind].path}/${record.id}`, member)).statusCode === 200)
            actual.push(member.membershipId);
        }
        expect(explained, `readers of ${record.tenant}/${record.kind}/${record.key}`).toEqual(actual.sort());
      }
    }
  });
});

describe('with every route permission check switched off (test-only switch)', { timeout: 240_000 }, () => {
  it('still gives every tenant persona only its own tenant and its scope, because RLS enforces them', async () => {
    const open = await buildApp(t.tessera, { logger: false, rateLimits: false, authorizeEverything: true });
    try {
      let refusedByRls = 0;
      for (const member of members.filter((m) => m.access.tenant !== null)) {
        for (const [kind, { path }] of Object.entries(KINDS)) {
          const list = await open.inject({
            method: 'GET',
            url: `${path}?limit=200`,
            headers: member.headers,
          });
          const expected = records
            .filter((record) => record.kind === kind && inScope(member.access, record))
            .map((record) => record.id)
            .sort();
          expect(
            list
              .json()
              .items.map((item: { id: string }) => item.id)
              .sort(),
            `${label(member)} lists ${kind}`,
          ).toEqual(expected);
          for (const record of records.filter((r) => r.kind === kind && !inScope(member.access, r))) {
            const one = await open.inject({
              method: 'GET',
              url: `${path}/${record.id}`,
              headers: member.headers,
            });
            expect(one.statusCode, `${label(member)} reads ${record.tenant}/${kind}/${record.key}`).toBe(404);
            refusedByRls += 1;
          }
        }
      }
      expect(refusedByRls).toBeGreaterThan(300);
      // The switch really is off: a client approver now reaches a route its role does not grant.
      const ava = members.find((m) => m.persona === 'ava') as SignedInMembership;
      expect(
        (await open.inject({ method: 'GET', url: '/api/v1/people', headers: ava.headers })).statusCode,
      ).toBe(200);
    } finally {
      await open.close();
    }
  });
});
