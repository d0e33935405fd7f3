import { sql } from 'kysely';
import { log } from '../lib/log.ts';
import type { BenchTarget } from '../lib/targets.ts';

/** The shape of one generated tenant: people on projects, a year of time. */
export interface DeliveryShape {
  readonly entries: number;
  readonly people: number;
  readonly projects: number;
  readonly practices: number;
}

export interface LoadedTenant {
  readonly tenantId: string;
  readonly shape: DeliveryShape;
}

/** The year the entries fall in: 52 ISO weeks from Monday 5 January 2026. */
export const YEAR = { from: '2026-01-05', to: '2027-01-03' } as const;
const WEEKS = 52;
/** Each person is assigned to this many projects and books on them in turn. */
const ASSIGNMENTS_PER_PERSON = 3;
const CONTRACTS = 10;

/** A deterministic uuid for row `n` of table number `kind` of tenant number `tenant`. */
function uid(tenant: number, kind: number, n: string): string {
  return `(lpad(to_hex(${tenant}), 4, '0') || lpad(to_hex(${kind}), 4, '0') || '-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
}

/** The id expressions of a tenant's generated rows, by table. */
function idsOf(tenant: number, projects: number) {
  const of = (kind: number) => (n: string) => uid(tenant, kind, n);
  return {
    le: of(1),
    practice: of(2),
    person: of(3),
    client: of(4),
    contract: of(5),
    project: of(6),
    assignment: of(7),
    timesheet: of(8),
    entry: of(9),
    // Person p's a-th assignment is to project (p × 7 + a × 13) mod projects: distinct for a < 3
    // whenever projects does not divide 13 or 26 (the assignments' primary key would refuse twins).
    projectOf: (p: string, a: string) => `((${p}) * 7 + (${a}) * 13) % ${projects}`,
  };
}

export function benchTenantId(tenant: number): string {
  return `${tenant.toString(16).padStart(4, '0')}0000-0000-7000-8000-000000000000`;
}

/**
 * Generates the tenants' delivery data as the owner, set-based (generate_series), through the real
 * schema: legal entities, practices, people with capacity, clients, contracts, projects,
 * assignments, weekly timesheets and `shape.entries` time entries spread over 52 weeks, Monday to
 * Friday, three projects per person; a tenth are drafts, a tenth submitted, the rest approved; three
 * in four billable. The time entries' secondary indexes are dropped while they are inserted and
 * built once after (the same definitions, read from the catalog), and their foreign-key triggers
 * are skipped (`session_replication_role = replica`, as the superuser owner): the rows are built
 * from the parents just inserted, and a sample of them is checked against their parents after.
 */
export async function loadDeliveryTenants(
  target: BenchTarget,
  tenants: readonly { readonly tenant: number; readonly shape: DeliveryShape }[],
): Promise<LoadedTenant[]> {
  const started = Date.now();
  for (const { tenant, shape } of tenants) await loadReferenceData(target, tenant, shape);
  const indexes = await secondaryIndexes(target);
  await target.database.session((session) =>
    session.script(indexes.map((index) => `DROP INDEX ${index.name};`).join('\n')),
  );
  for (const { tenant, shape } of tenants) {
    await target.database.session((session) =>
      session.script(
        `SET session_replication_role = replica; ${entriesInsert(tenant, shape)}; RESET session_replication_role;`,
      ),
    );
    log(
      `  tenant ${tenant}: ${shape.entries.toLocaleString('en')} time entries after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await target.database.session((session) =>
    session.script(indexes.map((index) => `${index.definition};`).join('\n')),
  );
  await sql`ANALYZE`.execute(target.database.db);
  await checkParents(target);
  log(`  loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tenants.map(({ tenant, shape }) => ({ tenantId: benchTenantId(tenant), shape }));
}

async function loadReferenceData(target: BenchTarget, tenant: number, shape: DeliveryShape): Promise<void> {
  const t = benchTenantId(tenant);
  const { people, projects, practices, entries } = shape;
  if (people < 1 || projects < ASSIGNMENTS_PER_PERSON || practices < 1 || entries < 1)
    throw new Error(
      `a delivery tenant needs people, ${ASSIGNMENTS_PER_PERSON}+ projects, practices and entries`,
    );
  const { le, practice, person, client, contract, project, assignment, timesheet, projectOf } = idsOf(
    tenant,
    projects,
  );
  await target.database.session((session) =>
    session.script(`
      INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency)
      SELECT '${t}', ${le('g')}, 'Bench entity ' || g, 'US', 'USD' FROM generate_series(0, 1) AS g;
      INSERT INTO practices (tenant_id, id, name, code)
      SELECT '${t}', ${practice('g')}, 'Bench practice ' || g, 'practice-' || g FROM generate_series(0, ${practices - 1}) AS g;
      INSERT INTO people (tenant_id, id, name, kind, legal_entity_id, practice_id, capacity_minutes_per_week, role)
      SELECT '${t}', ${person('g')}, 'Bench person ' || g, 'employee', ${le('g % 2')}, ${practice(`g % ${practices}`)},
        CASE WHEN g % 5 = 0 THEN 1200 ELSE 2400 END, 'consultant'
      FROM generate_series(0, ${people - 1}) AS g;
      INSERT INTO clients (tenant_id, id, name, legal_entity_id)
      SELECT '${t}', ${client('g')}, 'Bench client ' || g, ${le('0')} FROM generate_series(0, ${CONTRACTS - 1}) AS g;
      INSERT INTO contracts (tenant_id, id, client_id, legal_entity_id, practice_id, name, currency, billing_model,
        starts_on, status)
      SELECT '${t}', ${contract('g')}, ${client('g')}, ${le('0')}, ${practice(`g % ${practices}`)}, 'Bench contract ' || g,
        'USD', 'time_and_materials', '2026-01-01', 'active'
      FROM generate_series(0, ${CONTRACTS - 1}) AS g;
      INSERT INTO projects (tenant_id, id, contract_id, client_id, legal_entity_id, practice_id, currency, code, name,
        status, starts_on)
      SELECT '${t}', ${project('g')}, ${contract(`g % ${CONTRACTS}`)}, ${client(`g % ${CONTRACTS}`)}, ${le('0')},
        ${practice(`g % ${practices}`)}, 'USD', 'P' || g, 'Bench project ' || g, 'active', '2026-01-01'
      FROM generate_series(0, ${projects - 1}) AS g;
      INSERT INTO assignments (tenant_id, id, project_id, contract_id, client_id, legal_entity_id, practice_id,
        currency, person_id, person_legal_entity_id, allocation_percent, starts_on, ends_on)
      SELECT '${t}', ${assignment(`p * ${ASSIGNMENTS_PER_PERSON} + a`)}, pr.id, pr.contract_id, pr.client_id,
        pr.legal_entity_id, pr.practice_id, pr.currency, ${person('p')}, ${le('p % 2')}, 33, '2026-01-01', '2027-12-31'
      FROM generate_series(0, ${people - 1}) AS p, generate_series(0, ${ASSIGNMENTS_PER_PERSON - 1}) AS a,
        projects pr
      WHERE pr.tenant_id = '${t}' AND pr.id = ${project(projectOf('p', 'a'))};
      INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id, week_starts_on)
      SELECT '${t}', ${timesheet(`p * ${WEEKS} + w`)}, ${person('p')}, ${le('p % 2')}, ${practice(`p % ${practices}`)},
        date '${YEAR.from}' + w * 7
      FROM generate_series(0, ${people - 1}) AS p, generate_series(0, ${WEEKS - 1}) AS w;
    `),
  );
  log(`  tenant ${tenant}: ${people} people, ${projects} projects, ${people * WEEKS} timesheets`);
}

/** The INSERT of a tenant's time entries: entry g of person g mod P, week (g div P) mod 52, … */
function entriesInsert(tenant: number, shape: DeliveryShape): string {
  const t = benchTenantId(tenant);
  const { people, projects, practices, entries } = shape;
  const { le, practice, person, client, contract, project, assignment, timesheet, entry, projectOf } = idsOf(
    tenant,
    projects,
  );
  // … day (g div 52P) mod 5, its person's ((g div 260P) mod 3)-th assignment.
  const p = `(g % ${people})`;
  const w = `((g / ${people}) % ${WEEKS})`;
  const d = `((g / ${people * WEEKS}) % 5)`;
  const a = `((g / ${people * WEEKS * 5}) % ${ASSIGNMENTS_PER_PERSON})`;
  return `INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
       assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id, currency, work_date, minutes,
       billable, status, approved_at)
     SELECT '${t}', ${entry('g')}, ${timesheet(`${p} * ${WEEKS} + ${w}`)}, date '${YEAR.from}' + ${w}::int * 7,
       ${person(p)}, ${le(`${p} % 2`)}, ${assignment(`${p} * ${ASSIGNMENTS_PER_PERSON} + ${a}`)},
       ${project(projectOf(p, a))}, ${contract(`(${projectOf(p, a)}) % ${CONTRACTS}`)},
       ${client(`(${projectOf(p, a)}) % ${CONTRACTS}`)}, ${le('0')}, ${practice(`(${projectOf(p, a)}) % ${practices}`)},
       'USD', date '${YEAR.from}' + ${w}::int * 7 + ${d}::int, 30 + (g * 7919 % 451)::int, g % 4 <> 0,
       CASE g % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' ELSE 'approved' END,
       CASE WHEN g % 10 > 1 THEN now() END
     FROM generate_series(0::bigint, ${entries - 1}::bigint) AS g`;
}

/** Every 97th entry must have its timesheet, assignment and project (the keys the load skipped). */
async function checkParents(target: BenchTarget): Promise<void> {
  const { rows } = await sql<{ orphans: bigint }>`
    SELECT count(*) AS orphans FROM time_entries te
    WHERE (('x' || substr(te.id::text, 25, 12))::bit(48)::bigint) % 97 = 0 AND (
      NOT EXISTS (SELECT 1 FROM timesheets ts WHERE ts.tenant_id = te.tenant_id AND ts.id = te.timesheet_id
        AND ts.person_id = te.person_id AND ts.person_legal_entity_id = te.person_legal_entity_id
        AND ts.week_starts_on = te.week_starts_on)
      OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_id = te.tenant_id AND a.id = te.assignment_id
        AND a.project_id = te.project_id AND a.person_id = te.person_id)
      OR NOT EXISTS (SELECT 1 FROM projects p WHERE p.tenant_id = te.tenant_id AND p.id = te.project_id
        AND p.legal_entity_id = te.legal_entity_id AND p.practice_id = te.practice_id AND p.client_id = te.client_id
        AND p.contract_id = te.contract_id AND p.currency = te.currency))`.execute(target.database.db);
  if (Number(rows[0]?.orphans ?? 0) !== 0)
    throw new Error(`load: ${rows[0]?.orphans} sampled entries lack a parent`);
}

/** The time entries' indexes other than the primary key, with their definitions. */
async function secondaryIndexes(target: BenchTarget): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    SELECT i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename = 'time_entries'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    ORDER BY i.indexname`.execute(target.database.db);
  return rows;
}
