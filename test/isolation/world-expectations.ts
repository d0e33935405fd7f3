import { EXPENSE_WORLD } from '../../src/demo/world/seed-expense-world.ts';
import type { SeededTenant, SeededWorld } from '../../src/demo/world/seed-world.ts';
import type { PersonaMembershipSpec } from '../../src/demo/world/world-personas.ts';
import { WORLD_SEGMENTS } from '../../src/demo/world/world-segments.ts';
import { BUILT_IN_ROLES } from '../../src/modules/access/built-in-roles.ts';
import {
  CLASSIFICATIONS,
  type Classification,
  SEGMENT_DIMENSIONS,
  type SegmentDimension,
} from '../../src/platform/tenancy/tenant-context.ts';

/** A record of the world with the segments it carries (null: none in that dimension). */
export interface WorldRecord {
  readonly kind:
    | 'legal_entity'
    | 'practice'
    | 'region'
    | 'client'
    | 'portfolio'
    | 'person'
    | 'contact'
    | 'contract'
    | 'rate_card'
    // ---- Delivery: projects and staffing ----
    | 'project'
    | 'project_task'
    | 'project_milestone'
    | 'assignment'
    // ---- Time (timesheets module) ----
    | 'timesheet'
    | 'time_entry'
    | 'time_approval'
    | 'ledger_account'
    | 'journal_entry'
    | 'ledger_period'
    | 'fx_rate'
    | 'expense'
    | 'billing_run'
    | 'invoice'
    | 'payment';
  readonly tenant: string;
  readonly id: string;
  readonly key: string;
  readonly segments: Partial<Record<SegmentDimension, string | null>>;
  /** The person (world key) whose own record it is: they see it whatever their scope. */
  readonly owner?: string;
  /** Time: the state the world left it in (`approved` entries are locked). */
  readonly status?: string;
}

/** Each kind's collection path and the permission that reads it. */
export const KINDS = {
  legal_entity: { path: '/api/v1/legal-entities', permission: 'read:legal-entities' },
  practice: { path: '/api/v1/practices', permission: 'read:organization' },
  region: { path: '/api/v1/regions', permission: 'read:organization' },
  client: { path: '/api/v1/clients', permission: 'read:organization' },
  portfolio: { path: '/api/v1/portfolios', permission: 'read:organization' },
  person: { path: '/api/v1/people', permission: 'read:people' },
  contact: { path: '/api/v1/contacts', permission: 'read:organization' },
  contract: { path: '/api/v1/contracts', permission: 'read:organization' },
  rate_card: { path: '/api/v1/rate-cards', permission: 'read:organization' },
  // ---- Delivery: projects and staffing ----
  project: { path: '/api/v1/projects', permission: 'read:projects' },
  project_task: { path: '/api/v1/tasks', permission: 'read:projects' },
  project_milestone: { path: '/api/v1/milestones', permission: 'read:projects' },
  assignment: { path: '/api/v1/assignments', permission: 'read:projects' },
  // ---- Time (timesheets module) ----
  timesheet: { path: '/api/v1/timesheets', permission: 'read:time' },
  time_entry: { path: '/api/v1/time-entries', permission: 'read:time' },
  time_approval: { path: '/api/v1/time-approvals', permission: 'read:time' },
  ledger_account: { path: '/api/v1/ledger/accounts', permission: 'read:ledger' },
  journal_entry: { path: '/api/v1/ledger/journal-entries', permission: 'read:ledger' },
  ledger_period: { path: '/api/v1/ledger/periods', permission: 'read:ledger' },
  fx_rate: { path: '/api/v1/fx-rates', permission: 'read:fx-rates' },
  // Its spender reads their own with `record:expenses` (`GET /api/v1/expenses/mine`).
  expense: { path: '/api/v1/expenses', permission: 'read:expenses', own: 'record:expenses' },
  billing_run: { path: '/api/v1/billing-runs', permission: 'read:invoices' },
  invoice: { path: '/api/v1/invoices', permission: 'read:invoices' },
  payment: { path: '/api/v1/payments', permission: 'read:payments' },
} as const;

/**
 * Canary fields (`canary:<tenant>:<kind>:<key>:<field>`) that need confidential clearance and the
 * record in scope: a client's and a project's internal notes, a contact's email and phone, an
 * expense's internal note.
 */
export const CONFIDENTIAL_CANARY_FIELDS: ReadonlySet<string> = new Set([
  'internal-notes',
  'email',
  'phone',
  'internal-note',
]);

/** Every record of every firm, with its segments, from the world spec and the seeded ids. */
export function worldRecords(world: SeededWorld): WorldRecord[] {
  const records: WorldRecord[] = [];
  for (const tenant of world.tenants.values()) {
    const spec = WORLD_SEGMENTS[tenant.slug];
    if (!spec) continue;
    const id = (dimension: SegmentDimension, key: string | null) =>
      key === null ? null : (tenant.segments[dimension].get(key) ?? null);
    const add = (
      kind: WorldRecord['kind'],
      key: string,
      recordId: string,
      segments: WorldRecord['segments'],
    ) => records.push({ kind, tenant: tenant.slug, id: recordId, key, segments });
    for (const [key, value] of tenant.segments.legal_entity)
      add('legal_entity', key, value, { legal_entity: value });
    for (const [key, value] of tenant.segments.practice) add('practice', key, value, { practice: value });
    for (const [key, value] of tenant.segments.region) add('region', key, value, { region: value });
    for (const [key, value] of tenant.segments.portfolio) add('portfolio', key, value, { portfolio: value });
    for (const client of spec.clients) {
      const clientId = id('client', client.key) as string;
      add('client', client.key, clientId, {
        client: clientId,
        legal_entity: id('legal_entity', client.legalEntity),
        region: id('region', client.region),
      });
    }
    for (const person of spec.people) {
      add('person', person.key, tenant.people.get(person.key) as string, {
        legal_entity: id('legal_entity', person.legalEntity),
        practice: id('practice', person.practice),
      });
    }
    // A contact carries its client's segments.
    for (const contact of spec.contacts) {
      const client = spec.clients.find((c) => c.key === contact.client);
      if (!client) continue;
      add('contact', contact.key, tenant.contacts.get(contact.key) as string, {
        client: id('client', client.key),
        legal_entity: id('legal_entity', client.legalEntity),
        region: id('region', client.region),
      });
    }
    // A contract: its client (and the client's region), its own legal entity and practice; its
    // rate card carries the same segments.
    for (const contract of spec.contracts) {
      const client = spec.clients.find((c) => c.key === contract.client);
      if (!client) continue;
      const segments = {
        client: id('client', client.key),
        legal_entity: id('legal_entity', contract.legalEntity),
        practice: id('practice', contract.practice),
        region: id('region', client.region),
      };
      add('contract', contract.key, tenant.contracts.get(contract.key) as string, segments);
      const card = tenant.rateCards.get(contract.key);
      if (card) add('rate_card', contract.key, card, segments);
    }
    // The tenant default rate card has no segments: every member of the tenant sees it.
    const fallback = tenant.rateCards.get('default');
    if (fallback) add('rate_card', 'default', fallback, {});
    // ---- Delivery: projects and staffing ----
    // A project: its contract's client, legal entity and region, its own practice and portfolio;
    // its tasks, milestones and assignments carry the same. An assignment is also its person's own.
    const projectSegments = new Map<string, WorldRecord['segments']>();
    for (const project of spec.projects ?? []) {
      const contract = spec.contracts.find((c) => c.key === project.contract);
      const client = spec.clients.find((c) => c.key === contract?.client);
      if (!contract || !client) continue;
      const segments = {
        client: id('client', client.key),
        legal_entity: id('legal_entity', contract.legalEntity),
        region: id('region', client.region),
        practice: id('practice', project.practice),
        portfolio: id('portfolio', project.portfolio),
      };
      projectSegments.set(project.key, segments);
      add('project', project.key, tenant.projects.get(project.key) as string, segments);
    }
    for (const task of spec.tasks ?? [])
      add(
        'project_task',
        task.key,
        tenant.tasks.get(task.key) as string,
        projectSegments.get(task.project) ?? {},
      );
    for (const milestone of spec.milestones ?? [])
      add(
        'project_milestone',
        milestone.key,
        tenant.milestones.get(milestone.key) as string,
        projectSegments.get(milestone.project) ?? {},
      );
    for (const assignment of spec.assignments ?? [])
      records.push({
        kind: 'assignment',
        tenant: tenant.slug,
        id: tenant.assignments.get(assignment.key) as string,
        key: assignment.key,
        segments: projectSegments.get(assignment.project) ?? {},
        owner: assignment.person,
      });
    // ---- Time (timesheets module): the segments as stored, and whose own time it is ----
    for (const record of world.time.get(tenant.slug)?.records ?? []) {
      records.push({
        kind: record.kind,
        tenant: tenant.slug,
        id: record.id,
        key: record.key,
        segments: record.segments,
        owner: record.owner,
        status: record.status,
      });
    }
    // The ledger: accounts, entries and periods carry their legal entity; FX rates are tenant-wide.
    const ledger = tenant.ledger;
    for (const [key, account] of ledger.accounts)
      add('ledger_account', key, account.id, { legal_entity: id('legal_entity', account.legalEntity) });
    for (const [key, entry] of ledger.entries)
      add('journal_entry', key, entry.id, { legal_entity: id('legal_entity', entry.legalEntity) });
    for (const [key, period] of ledger.periods)
      add('ledger_period', key, period.id, { legal_entity: id('legal_entity', period.legalEntity) });
    for (const [key, rateId] of ledger.fxRates) add('fx_rate', key, rateId, {});
    // Billing: an invoice carries its contract's legal entity, client, practice and region (ids as
    // stored); issuing one posted an entry and may have opened a period of its entity.
    const billing = world.billing.get(tenant.slug);
    // A billing run carries its legal entity only (its invoices carry their own segments).
    for (const [key, run] of billing?.runs ?? []) add('billing_run', key, run.id, run.segments);
    for (const [key, invoice] of billing?.invoices ?? [])
      records.push({
        kind: 'invoice',
        tenant: tenant.slug,
        id: invoice.id,
        key,
        segments: invoice.segments,
        status: invoice.status,
      });
    for (const [key, payment] of billing?.payments ?? [])
      records.push({
        kind: 'payment',
        tenant: tenant.slug,
        id: payment.id,
        key,
        segments: payment.segments,
        status: payment.status,
      });
    for (const [key, entry] of billing?.entries ?? [])
      add('journal_entry', key, entry.id, { legal_entity: id('legal_entity', entry.legalEntity) });
    for (const [key, period] of billing?.periods ?? [])
      add('ledger_period', key, period.id, { legal_entity: id('legal_entity', period.legalEntity) });
    records.push(...expenseRecords(world, tenant, spec));
  }
  return records;
}

// ---- Expenses (issue 4, expenses engineer) ----

/**
 * An expense carries its project's segments: the contract's legal entity, client and the client's
 * region, the project's own practice and portfolio; and its spender as owner.
 */
function expenseRecords(
  world: SeededWorld,
  tenant: SeededTenant,
  spec: (typeof WORLD_SEGMENTS)[string] & object,
): WorldRecord[] {
  const expenseSpec = EXPENSE_WORLD[tenant.slug];
  const seeded = world.expenseWorld.get(tenant.slug);
  if (!expenseSpec || !seeded) return [];
  const id = (dimension: SegmentDimension, key: string | null) =>
    key === null ? null : (tenant.segments[dimension].get(key) ?? null);
  const projectSegments = new Map<string, WorldRecord['segments']>();
  const delivery: WorldRecord[] = [];
  for (const project of expenseSpec.projects) {
    const contract = spec.contracts.find((c) => c.key === project.contract);
    const client = spec.clients.find((c) => c.key === contract?.client);
    if (!contract || !client)
      throw new Error(`expense project ${project.key}: its contract is not in the spec`);
    const segments = {
      legal_entity: id('legal_entity', contract.legalEntity),
      practice: id('practice', project.practice),
      client: id('client', client.key),
      region: id('region', client.region),
      portfolio: id('portfolio', project.portfolio),
    };
    projectSegments.set(project.key, segments);
    const projectId = seeded.projects.get(project.key) as string;
    delivery.push({
      kind: 'project',
      tenant: tenant.slug,
      id: projectId,
      key: `expense-${project.key}`,
      segments,
    });
  }
  for (const assignment of expenseSpec.assignments)
    delivery.push({
      kind: 'assignment',
      tenant: tenant.slug,
      id: seeded.assignments.get(`${assignment.person}/${assignment.project}`) as string,
      key: `expense-${assignment.project}-${assignment.person}`,
      segments: projectSegments.get(assignment.project) ?? {},
      owner: assignment.person,
    });
  const expenses = expenseSpec.expenses.map((expense) => {
    const project = expenseSpec.projects.find((p) => p.key === expense.project);
    const contract = spec.contracts.find((c) => c.key === project?.contract);
    const client = spec.clients.find((c) => c.key === contract?.client);
    if (!project || !contract || !client)
      throw new Error(`expense ${expense.key}: its project is not in the spec`);
    return {
      kind: 'expense' as const,
      tenant: tenant.slug,
      id: seeded.expenses.get(expense.key) as string,
      key: expense.key,
      segments: {
        legal_entity: id('legal_entity', contract.legalEntity),
        practice: id('practice', project.practice),
        client: id('client', client.key),
        region: id('region', client.region),
        portfolio: id('portfolio', project.portfolio),
      },
      owner: expense.person,
    };
  });
  return [...delivery, ...expenses];
}

/** What a tenant membership may do and see, derived from the spec, not from Tessera's code paths. */
export interface ExpectedAccess {
  readonly tenant: string | null;
  readonly permissions: ReadonlySet<string>;
  readonly clearance: Classification;
  readonly scope: Readonly<Record<SegmentDimension, 'all' | ReadonlySet<string>>>;
  /** The person (world key) of the membership, whose own time it sees whatever its scope. */
  readonly person?: string | null;
}

/** The expected access of a persona's membership: roles' permissions and clearance, scope with sub-practices. */
export function expectedAccess(spec: PersonaMembershipSpec, world: SeededWorld): ExpectedAccess {
  const roles = spec.roles.map((key) => BUILT_IN_ROLES.get(key)).filter((role) => role !== undefined);
  const tenantRealm = spec.tenant !== undefined;
  const permissions = new Set(
    roles
      .filter((role) => role.realm === (tenantRealm ? 'tenant' : role.realm))
      .flatMap((role) => role.permissions),
  );
  const clearance = CLASSIFICATIONS[
    Math.max(0, ...roles.map((role) => CLASSIFICATIONS.indexOf(role.clearance)))
  ] as Classification;
  const tenant = spec.tenant ? (world.tenants.get(spec.tenant) as SeededTenant) : null;
  const scope = {} as Record<SegmentDimension, 'all' | ReadonlySet<string>>;
  for (const dimension of SEGMENT_DIMENSIONS) {
    const keys = spec.scope?.[dimension];
    if (!keys || !tenant) {
      scope[dimension] = 'all';
      continue;
    }
    const covered = dimension === 'practice' ? withSubPractices(tenant.slug, keys) : keys;
    scope[dimension] = new Set(covered.map((key) => tenant.segments[dimension].get(key) as string));
  }
  return { tenant: spec.tenant ?? null, permissions, clearance, scope, person: spec.person ?? null };
}

function withSubPractices(slug: string, keys: readonly string[]): string[] {
  const practices = WORLD_SEGMENTS[slug]?.practices ?? [];
  const covered = new Set(keys);
  for (const practice of practices)
    if (practice.parent && covered.has(practice.parent)) covered.add(practice.key);
  return [...covered];
}

/** True when the membership's tenant and scope let it see the record (permissions aside). */
export function inScope(access: ExpectedAccess, record: WorldRecord): boolean {
  if (access.tenant !== record.tenant) return false;
  if (isOwn(access, record)) return true;
  return Object.entries(record.segments).every(([dimension, value]) => {
    const scope = access.scope[dimension as SegmentDimension];
    return scope === 'all' || (value !== null && value !== undefined && scope.has(value));
  });
}

/** True when the record is the membership's own time (the own-record branch of the time policies). */
export function isOwn(access: ExpectedAccess, record: WorldRecord): boolean {
  return (
    record.owner !== undefined &&
    access.tenant === record.tenant &&
    access.person !== undefined &&
    access.person !== null &&
    access.person === record.owner
  );
}

/** True when the membership may read the record through the API (its own time too, as a booker). */
export function canRead(access: ExpectedAccess, record: WorldRecord): boolean {
  const kind: { permission: string; own?: string } = KINDS[record.kind];
  if (isOwn(access, record) && access.permissions.has(kind.own ?? 'record:time')) return true;
  return access.permissions.has(kind.permission) && inScope(access, record);
}

/** True when the cost rate of a person record is visible: restricted clearance and the person's entity in scope. */
export function seesCost(access: ExpectedAccess, person: WorldRecord): boolean {
  const entityScope = access.scope.legal_entity;
  const entity = person.segments.legal_entity ?? null;
  return (
    access.tenant === person.tenant &&
    access.clearance === 'restricted' &&
    (entityScope === 'all' || (entity !== null && entityScope.has(entity)))
  );
}
