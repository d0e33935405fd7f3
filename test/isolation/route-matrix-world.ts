import { sql } from 'kysely';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { DEMO_PARTNERS, DEMO_TENANTS } from '../../src/demo/demo-world.ts';
import { seedDemoPlatform } from '../../src/demo/seed-demo-platform.ts';
import type { SeededWorld } from '../../src/demo/world/seed-world.ts';
import { DEMO_PASSWORD, PERSONAS } from '../../src/demo/world/world-personas.ts';
import { createMembership, createUser } from '../../src/modules/identity/accounts.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { openTestTessera, type TestTessera } from '../support/test-tessera.ts';
import { type ExpectedAccess, expectedAccess, type WorldRecord, worldRecords } from './world-expectations.ts';

/**
 * The world of the route × persona matrix: the canary reference world of SCENARIO.md, every
 * persona's every membership signed in, a support engineer acting under an approved grant, an
 * API token with one narrow scope, and the objects the world lacks (API tokens, support grants,
 * spare memberships and tenants), all made through the API.
 */

const BP = 'brightpath-consulting';

/** The kinds of object a path parameter (or a reference in a query or body) can name. */
export type Kind = WorldRecord['kind'] | 'membership' | 'api_token' | 'support_grant' | 'tenant' | 'partner';

/** An object of the world the matrix aims requests at. */
export interface PoolObject {
  readonly kind: Kind;
  readonly id: string;
  /** The tenant (slug) that owns it; null for platform and partner memberships, and for partners. */
  readonly tenant: string | null;
  /** A stable name for reports: `brightpath-consulting/client/globex`, `membership/tom@brightpath-consulting`. */
  readonly key: string;
  /**
   * Never the in-scope target of a change: the personas' memberships, the world's firms and the
   * matrix's own token and grant (a foreign or out-of-scope request at them must change nothing
   * anyway). The world's records are not: in scope they get a no-op rename or a new cost rate.
   */
  readonly protected: boolean;
  readonly record?: WorldRecord;
  readonly membership?: {
    readonly userId: string;
    readonly tenantAdmin: boolean;
    /** The id of the person record linked to the membership, if any. */
    readonly person?: string;
  };
  readonly apiToken?: { readonly membershipId: string };
  readonly grant?: { readonly requesterUserId: string; readonly requesterMembershipId: string };
  /** For rate cards and projects: the currency (a rate or a milestone must be in it); for ledger accounts, their entity's. */
  readonly currency?: string;
  /** For tenants: the partner (slug) that sold it, null when sold by the platform directly; for partners, itself. */
  readonly partner?: string | null;
}

/** Who calls: one membership of a persona, a support grant token or an API token. */
export interface Caller {
  /** `tom@brightpath-consulting`, `maya@platform`, `sam+grant@brightpath-consulting`, … */
  readonly key: string;
  readonly persona: string;
  readonly via: 'session' | 'support-grant' | 'api-token';
  readonly realm: 'tenant' | 'partner' | 'platform';
  readonly tenant: string | null;
  readonly partner: string | null;
  readonly userId: string;
  readonly membershipId: string;
  readonly email: string;
  /** From the spec (SCENARIO.md, the grant and the token as requested), never from Tessera's answers. */
  readonly access: ExpectedAccess;
  headers: { authorization: string };
  /** A new session of the same caller, for routes that end the session they are called with. */
  fresh(): Promise<{ authorization: string }>;
}

export interface MatrixWorld {
  readonly t: TestTessera;
  readonly app: HttpApp;
  readonly world: SeededWorld;
  readonly records: readonly WorldRecord[];
  readonly callers: readonly Caller[];
  readonly pool: readonly PoolObject[];
  /** Current names of the world's records, by id (a no-op rename keeps their canaries). */
  readonly names: ReadonlyMap<string, string>;
  readonly tenantIds: ReadonlyMap<string, string>;
  /** Partner slug → the partners of its subtree (itself included), from the spec. */
  readonly subtree: (partner: string) => readonly string[];
  /** Requests made while building the world. */
  setupRequests: number;
}

/** What the support engineer's grant on Brightpath carries: read-only, practice Technology only. */
export const GRANT_PERMISSIONS = [
  'read:legal-entities',
  'read:organization',
  'read:people',
  'read:audit',
  'read:memberships',
] as const;
/** The matrix's API token: created by Brightpath's admin, one scope, restricted to Brightpath Ltd. */
export const TOKEN_SCOPES = ['read:legal-entities'] as const;

export async function openMatrixWorld(): Promise<MatrixWorld> {
  const t = await openTestTessera();
  let world: SeededWorld | undefined;
  await seedDemoPlatform(t.tessera, {
    cellLocation: (name) => `test:${name}`,
    canaries: true,
    onWorld: (seeded) => (world = seeded),
  });
  if (!world) throw new Error('the reference world was not seeded');
  const seeded = world;
  const app = await buildApp(t.tessera, { logger: false, rateLimits: false });
  let setupRequests = 0;
  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: { authorization: string } | undefined,
    payload?: unknown,
    expected = [200, 201],
  ) => {
    setupRequests += 1;
    const response = await app.inject({
      method,
      url,
      ...(headers ? { headers } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(expected, `setup: ${method} ${url} → ${response.statusCode} ${response.body}`).toContain(
      response.statusCode,
    );
    return response.json();
  };
  const signIn = async (email: string, membershipId: string) => {
    const login = await call('POST', '/api/v1/auth/login', undefined, {
      email,
      password: DEMO_PASSWORD,
      membershipId,
    });
    return { authorization: `Bearer ${login.accessToken}` };
  };

  const tenantIds = new Map([...seeded.tenants.values()].map((tenant) => [tenant.slug, tenant.id]));
  const partnerOf = new Map(DEMO_TENANTS.map((tenant) => [tenant.slug, tenant.partnerSlug]));
  const subtree = (partner: string): string[] => [
    partner,
    ...DEMO_PARTNERS.filter((p) => p.parentSlug === partner).flatMap((p) => subtree(p.slug)),
  ];
  const records = worldRecords(seeded);
  const currencies = await cardCurrencies(t, records);
  const pool: PoolObject[] = records.map((record) => ({
    kind: record.kind,
    id: record.id,
    tenant: record.tenant,
    key: `${record.tenant}/${record.kind}/${record.key}`,
    // In scope, a change to a record is a no-op rename or an added cost rate: the world survives it.
    // A contract with a rate card is no target for a new card (a second one is a 409 DUPLICATE).
    protected:
      (record.kind === 'contract' &&
        records.some((r) => r.kind === 'rate_card' && r.tenant === record.tenant && r.key === record.key)) ||
      // Time: an entry in scope is a target of changes only when approved (locked: 409, never gone);
      // an approval step only while pending (so that its approver may decide it).
      (record.kind === 'time_entry' && record.status !== 'approved') ||
      (record.kind === 'time_approval' && record.status !== 'pending') ||
      // A payment in scope is a target of changes only when voided (409, never gone).
      (record.kind === 'payment' && record.status !== 'void'),
    record,
    ...(record.kind === 'rate_card' || record.kind === 'project'
      ? { currency: currencies.get(record.id) as string }
      : {}),
    // A ledger account: its legal entity's functional currency (what a probe entry posts in).
    ...(record.kind === 'ledger_account'
      ? { currency: seeded.tenants.get(record.tenant)?.ledger.accounts.get(record.key)?.currency as string }
      : {}),
  }));
  for (const [slug, id] of tenantIds) {
    pool.push({
      kind: 'tenant',
      id,
      tenant: slug,
      key: `tenant/${slug}`,
      protected: true,
      partner: partnerOf.get(slug) ?? null,
    });
  }

  // The partners: their brands are the only thing of theirs a route changes (in scope, a probe brand).
  for (const partner of DEMO_PARTNERS) {
    const found = await t.tessera.control.findPartner(partner.slug);
    if (!found) throw new Error(`partner ${partner.slug} was not seeded`);
    pool.push({
      kind: 'partner',
      id: found.id,
      tenant: null,
      key: `partner/${partner.slug}`,
      protected: false,
      partner: partner.slug,
    });
  }

  // Every membership of every persona signs in.
  const callers: Caller[] = [];
  const personaMembership = new Map<string, { headers: { authorization: string }; id: string }>();
  for (const persona of PERSONAS) {
    const personaSeed = seeded.personas.get(persona.key);
    if (!personaSeed) throw new Error(`persona ${persona.key} was not seeded`);
    for (const membership of personaSeed.memberships) {
      const spec = membership.spec;
      const where = spec.tenant ?? spec.partner ?? 'platform';
      const key = `${persona.key}@${where}`;
      const headers = await signIn(persona.email, membership.id);
      personaMembership.set(key, { headers, id: membership.id });
      callers.push({
        key,
        persona: persona.key,
        via: 'session',
        realm: spec.tenant ? 'tenant' : spec.partner ? 'partner' : 'platform',
        tenant: spec.tenant ?? null,
        partner: spec.partner ?? null,
        userId: personaSeed.userId,
        membershipId: membership.id,
        email: persona.email,
        access: withSession(expectedAccess(spec, seeded)),
        headers,
        fresh: () => signIn(persona.email, membership.id),
      });
      pool.push({
        kind: 'membership',
        id: membership.id,
        tenant: spec.tenant ?? null,
        key: `membership/${key}`,
        protected: true,
        membership: {
          userId: personaSeed.userId,
          tenantAdmin: spec.roles.includes('tenant-admin'),
          ...(spec.tenant && spec.person
            ? { person: seeded.tenants.get(spec.tenant)?.people.get(spec.person) as string }
            : {}),
        },
      });
    }
  }
  const callerOf = (key: string) => {
    const found = callers.find((c) => c.key === key);
    if (!found) throw new Error(`no caller ${key}`);
    return found;
  };
  const priya = callerOf(`priya@${BP}`);
  const kari = callerOf('kari@halden-partners');
  const sam = callerOf('sam@platform');
  const ltd = seeded.tenants.get(BP)?.segments.legal_entity.get('ltd') as string;
  const technology = seeded.tenants.get(BP)?.segments.practice.get('technology') as string;

  // Spare memberships in the firms that have an admin persona: targets for in-scope changes.
  for (const admin of [priya, kari]) {
    const invited = await call('POST', '/api/v1/memberships', admin.headers, {
      email: `route-matrix.spare@${admin.tenant}.example`,
      name: 'Route Matrix Spare',
      kind: 'staff',
      roles: ['consultant'],
      scope: { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all' },
    });
    pool.push({
      kind: 'membership',
      id: invited.membership.id,
      tenant: admin.tenant,
      key: `membership/spare@${admin.tenant}`,
      protected: false,
      membership: { userId: invited.membership.userId, tenantAdmin: false },
    });
  }

  // API tokens: the matrix's own narrow token, and one spare token per session of each firm.
  const token = await call('POST', '/api/v1/api-tokens', priya.headers, {
    name: 'route matrix: read legal entities of Brightpath Ltd',
    scopes: [...TOKEN_SCOPES],
    segmentRestriction: { legal_entity: [ltd] },
  });
  pool.push({
    kind: 'api_token',
    id: token.id,
    tenant: BP,
    key: `api-token/priya+api-token@${BP}`,
    protected: true,
    apiToken: { membershipId: priya.membershipId },
  });
  for (const owner of ['priya', 'tom', 'kari', 'rachel', 'jin'] as const) {
    for (const caller of callers.filter((c) => c.persona === owner && c.realm === 'tenant')) {
      const scope = caller.access.permissions.has('read:legal-entities')
        ? 'read:legal-entities'
        : 'read:organization';
      const spare = await call('POST', '/api/v1/api-tokens', caller.headers, {
        name: `route matrix spare of ${caller.key}`,
        scopes: [scope],
      });
      pool.push({
        kind: 'api_token',
        id: spare.id,
        tenant: caller.tenant,
        key: `api-token/spare@${caller.key}`,
        protected: false,
        apiToken: { membershipId: caller.membershipId },
      });
    }
  }

  // Support grants: Sam's approved grant on Brightpath (the grant caller), Sam's pending requests
  // in every firm, and a second engineer's requests (never Sam's to see or use).
  const grantRequest = (tenant: string, scope?: object) => ({
    tenantId: tenantIds.get(tenant),
    reason: `Route matrix: support ticket for ${tenant}`,
    durationMinutes: 120,
    permissions: [...GRANT_PERMISSIONS],
    ...(scope ? { scope } : {}),
  });
  const grantScope = {
    legal_entity: 'all',
    practice: [technology],
    region: 'all',
    client: 'all',
    portfolio: 'all',
  };
  const active = await call('POST', '/api/v1/support-grants', sam.headers, grantRequest(BP, grantScope));
  await call('POST', `/api/v1/support-grants/${active.id}/approve`, priya.headers, { note: 'route matrix' });
  const grantSession = async () => {
    const headers = await signIn(sam.email, sam.membershipId);
    const exchanged = await call('POST', `/api/v1/support-grants/${active.id}/token`, headers);
    return { authorization: `Bearer ${exchanged.accessToken}` };
  };
  const samGrant = { requesterUserId: sam.userId, requesterMembershipId: sam.membershipId };
  pool.push({
    kind: 'support_grant',
    id: active.id,
    tenant: BP,
    key: `support-grant/sam+grant@${BP}`,
    protected: true,
    grant: samGrant,
  });
  for (const tenant of tenantIds.keys()) {
    const pending = await call('POST', '/api/v1/support-grants', sam.headers, grantRequest(tenant));
    pool.push({
      kind: 'support_grant',
      id: pending.id,
      tenant,
      key: `support-grant/sam-pending@${tenant}`,
      protected: false,
      grant: samGrant,
    });
  }
  const otherEngineerEmail = 'route-matrix.support@meridian.example';
  const otherUserId = await createUser(t.tessera.control.db, {
    email: otherEngineerEmail,
    name: 'Route Matrix Support',
    password: DEMO_PASSWORD,
  });
  const otherMembershipId = await createMembership(t.tessera.control.db, {
    userId: otherUserId,
    kind: 'support',
    roles: ['support'],
  });
  const other = await signIn(otherEngineerEmail, otherMembershipId);
  for (const tenant of [BP, 'halden-partners']) {
    const pending = await call('POST', '/api/v1/support-grants', other, grantRequest(tenant));
    pool.push({
      kind: 'support_grant',
      id: pending.id,
      tenant,
      key: `support-grant/other-engineer@${tenant}`,
      protected: false,
      grant: { requesterUserId: otherUserId, requesterMembershipId: otherMembershipId },
    });
  }

  // Spare tenants, one per seller, each with an admin: targets for suspend, activate and admins.
  for (const seller of [
    'maya@platform',
    'ingrid@atlas-legal-network',
    'lars@atlas-nordics',
    'nora@northstar-erp',
  ]) {
    const caller = callerOf(seller);
    const slug = `route-matrix-${caller.persona}`;
    const created = await call('POST', '/api/v1/tenants', caller.headers, {
      name: `Route Matrix ${caller.persona}`,
      slug,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    });
    pool.push({
      kind: 'tenant',
      id: created.id,
      tenant: slug,
      key: `tenant/${slug}`,
      protected: false,
      partner: caller.partner,
    });
    const admin = await call('POST', `/api/v1/tenants/${created.id}/admins`, caller.headers, {
      email: `admin@${slug}.example`,
    });
    pool.push({
      kind: 'membership',
      id: admin.membership.id,
      tenant: slug,
      key: `membership/admin@${slug}`,
      protected: false,
      membership: { userId: admin.membership.userId, tenantAdmin: true },
    });
  }

  // The two callers beyond the personas' memberships.
  const technologyScope = new Set([
    technology,
    seeded.tenants.get(BP)?.segments.practice.get('cloud') as string,
  ]);
  callers.push({
    key: `sam+grant@${BP}`,
    persona: 'sam',
    via: 'support-grant',
    realm: 'tenant',
    tenant: BP,
    partner: null,
    userId: sam.userId,
    membershipId: sam.membershipId,
    email: sam.email,
    access: {
      tenant: BP,
      permissions: new Set([...GRANT_PERMISSIONS, 'use:session']),
      clearance: 'internal',
      scope: {
        legal_entity: 'all',
        practice: technologyScope,
        region: 'all',
        client: 'all',
        portfolio: 'all',
      },
    },
    headers: await grantSession(),
    fresh: grantSession,
  });
  const tokenHeaders = { authorization: `Bearer ${token.token}` };
  callers.push({
    key: `priya+api-token@${BP}`,
    persona: 'priya',
    via: 'api-token',
    realm: 'tenant',
    tenant: BP,
    partner: null,
    userId: priya.userId,
    membershipId: priya.membershipId,
    email: priya.email,
    access: {
      tenant: BP,
      permissions: new Set(TOKEN_SCOPES),
      clearance: priya.access.clearance,
      scope: { ...priya.access.scope, legal_entity: new Set([ltd]) },
    },
    headers: tokenHeaders,
    fresh: async () => tokenHeaders,
  });

  return {
    t,
    app,
    world: seeded,
    records,
    callers,
    pool,
    names: await currentNames(t, records),
    tenantIds,
    subtree,
    setupRequests,
  };
}

/** Every signed-in membership may use its session (`use:session`), whatever its roles. */
function withSession(access: ExpectedAccess): ExpectedAccess {
  return { ...access, permissions: new Set([...access.permissions, 'use:session']) };
}

/** The tables of the kinds whose records have a name (time records have none: no rename targets them). */
const TABLES: Partial<Record<WorldRecord['kind'], string>> = {
  legal_entity: 'legal_entities',
  practice: 'practices',
  region: 'regions',
  client: 'clients',
  portfolio: 'portfolios',
  person: 'people',
  contact: 'contacts',
  contract: 'contracts',
  rate_card: 'rate_cards',
  // ---- Delivery: projects and staffing ----
  project: 'projects',
  project_task: 'project_tasks',
  project_milestone: 'project_milestones',
  assignment: 'assignments',
  ledger_account: 'ledger_accounts',
  journal_entry: 'journal_entries',
  ledger_period: 'ledger_periods',
  fx_rate: 'fx_rates',
  expense: 'expenses',
  billing_run: 'billing_runs',
  invoice: 'invoices',
  payment: 'payments',
};
const UNNAMED: ReadonlySet<WorldRecord['kind']> = new Set([
  'journal_entry',
  'ledger_period',
  'fx_rate',
  'billing_run',
  'invoice',
  'payment',
]);

/** The column that names a record of a kind, where it is not `name` (a no-op change writes it back). */
const NAME_COLUMN: Partial<Record<WorldRecord['kind'], string>> = {
  assignment: 'role',
  expense: 'description',
};

/** The currency of each rate card and project of the world, by id. */
async function cardCurrencies(t: TestTessera, records: readonly WorldRecord[]): Promise<Map<string, string>> {
  const currencies = new Map<string, string>();
  for (const slug of new Set(
    records.filter((r) => r.kind === 'rate_card' || r.kind === 'project').map((r) => r.tenant),
  )) {
    const tenant = await t.tessera.control.findTenant(slug);
    if (!tenant) continue;
    await t.tessera.withTenant(
      systemContext(tenant.id, 'route-matrix'),
      async (tx) => {
        const { rows } = await sql<{ id: string; currency: string }>`
          SELECT id, currency FROM rate_cards WHERE tenant_id = ${tenant.id}
          UNION ALL SELECT id, currency FROM projects WHERE tenant_id = ${tenant.id}`.execute(tx.db);
        for (const row of rows) currencies.set(row.id, row.currency);
      },
      { readOnly: true },
    );
  }
  return currencies;
}

async function currentNames(t: TestTessera, records: readonly WorldRecord[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const byTenant = new Map<string, WorldRecord[]>();
  for (const record of records.filter((r) => !UNNAMED.has(r.kind)))
    byTenant.set(record.tenant, [...(byTenant.get(record.tenant) ?? []), record]);
  for (const [slug, mine] of byTenant) {
    const tenant = await t.tessera.control.findTenant(slug);
    if (!tenant) continue;
    await t.tessera.withTenant(
      systemContext(tenant.id, 'route-matrix'),
      async (tx) => {
        for (const record of mine) {
          const table = TABLES[record.kind];
          if (!table) continue;
          const { rows } = await sql<{ name: string }>`
            SELECT ${sql.ref(NAME_COLUMN[record.kind] ?? 'name')} AS name FROM ${sql.table(table)} WHERE tenant_id = ${tenant.id} AND id = ${record.id}`.execute(
            tx.db,
          );
          if (rows[0]) names.set(record.id, rows[0].name);
        }
      },
      { readOnly: true },
    );
  }
  return names;
}
