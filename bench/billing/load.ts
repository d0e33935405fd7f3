import { sql } from 'kysely';
import { log } from '../lib/log.ts';
import type { BenchTarget } from '../lib/targets.ts';

/** The shape of the generated tenant: T&M contracts with rate cards, projects, people, a month of time. */
export interface BillingShape {
  readonly entries: number;
  readonly projects: number;
  readonly contracts: number;
  readonly people: number;
}

/** The month billed: 22 working days, a rate change on the 16th. */
export const MONTH = { from: '2026-03-01', to: '2026-03-31' } as const;
/** Monday of the week holding MONTH.from, and the six weeks that cover the month. */
const FIRST_WEEK = '2026-02-23';
const WEEKS = 6;
const WORKING_DAYS = 22;
const ASSIGNMENTS_PER_PERSON = 3;
const CLIENTS = 100;
const PRACTICES = 4;
export const ROLES = ['consultant', 'senior', 'associate', 'intern'] as const;

/** The legal entity billed. */
export function billedEntityId(tenant: number): string {
  return `${tenant.toString(16).padStart(4, '0')}0001-0000-7000-8000-000000000000`;
}

export function billingTenantId(tenant: number): string {
  return `${tenant.toString(16).padStart(4, '0')}0000-0000-7000-8000-00000000b111`;
}

/** A deterministic uuid expression for row `n` of table number `kind` of tenant number `tenant`. */
function uid(tenant: number, kind: number, n: string): string {
  return `(lpad(to_hex(${tenant}), 4, '0') || lpad(to_hex(${kind}), 4, '0') || '-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
}

/**
 * Generates one tenant's billable month as the owner, set-based (generate_series), through the real
 * schema and its keys: one legal entity (USD), 4 practices, 100 clients, `contracts` time-and-materials
 * contracts each with its rate card, `projects` projects spread over the contracts, `people` people
 * (roles consultant, senior, associate, intern) on 3 projects each, their timesheets, and `entries`
 * approved, billable, unbilled time entries on the 22 working days of March 2026.
 *
 * Rates, so that every rule of billRateFor is exercised: a contract's card prices consultants (a
 * new rate from the 16th) and seniors; one person in 40 has a personal rate on it; associates are
 * priced by the tenant's default USD card; interns by nothing (their time stays unbilled, unless a
 * personal rate applies).
 */
export async function loadBillingTenant(
  target: BenchTarget,
  tenant: number,
  shape: BillingShape,
): Promise<void> {
  const started = Date.now();
  const t = billingTenantId(tenant);
  const { entries, projects, contracts, people } = shape;
  if (projects < ASSIGNMENTS_PER_PERSON || contracts < 1 || people < 1 || entries < 1)
    throw new Error(`a billing tenant needs ${ASSIGNMENTS_PER_PERSON}+ projects, contracts, people, entries`);
  const of = (kind: number) => (n: string) => uid(tenant, kind, n);
  const le = of(1);
  const practice = of(2);
  const person = of(3);
  const client = of(4);
  const contract = of(5);
  const project = of(6);
  const assignment = of(7);
  const timesheet = of(8);
  const entry = of(9);
  const card = of(10);
  const rate = of(11);
  // Person p's a-th assignment is to project (p × 7 + a × 13) mod projects.
  const projectOf = (p: string, a: string) => `((${p}) * 7 + (${a}) * 13) % ${projects}`;
  const roleOf = (p: string) =>
    `(ARRAY['consultant','senior','associate','consultant','senior','consultant','associate','consultant','senior','consultant'])[(${p}) % 10 + 1]`;
  await target.database.session((session) =>
    session.script(`
      INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency)
      VALUES ('${t}', ${le('0')}, 'Bench Inc.', 'US', 'USD');
      INSERT INTO practices (tenant_id, id, name, code)
      SELECT '${t}', ${practice('g')}, 'Bench practice ' || g, 'practice-' || g FROM generate_series(0, ${PRACTICES - 1}) AS g;
      INSERT INTO people (tenant_id, id, name, kind, legal_entity_id, practice_id, capacity_minutes_per_week, role)
      SELECT '${t}', ${person('g')}, 'Bench person ' || g, 'employee', ${le('0')}, ${practice(`g % ${PRACTICES}`)}, 2400,
        CASE WHEN g % 50 = 7 THEN 'intern' ELSE ${roleOf('g')} END
      FROM generate_series(0, ${people - 1}) AS g;
      INSERT INTO clients (tenant_id, id, name, legal_entity_id)
      SELECT '${t}', ${client('g')}, 'Bench client ' || g, ${le('0')} FROM generate_series(0, ${CLIENTS - 1}) AS g;
      INSERT INTO contracts (tenant_id, id, client_id, legal_entity_id, practice_id, name, currency, billing_model,
        starts_on, status)
      SELECT '${t}', ${contract('g')}, ${client(`g % ${CLIENTS}`)}, ${le('0')}, ${practice(`g % ${PRACTICES}`)},
        'Bench contract ' || g, 'USD', 'time_and_materials', '2026-01-01', 'active'
      FROM generate_series(0, ${contracts - 1}) AS g;
      INSERT INTO projects (tenant_id, id, contract_id, client_id, legal_entity_id, practice_id, currency, code, name,
        status, starts_on)
      SELECT '${t}', ${project('g')}, c.id, c.client_id, c.legal_entity_id, c.practice_id, 'USD', 'P' || g,
        'Bench project ' || g, 'active', '2026-01-01'
      FROM generate_series(0, ${projects - 1}) AS g
      JOIN contracts c ON c.tenant_id = '${t}' AND c.id = ${contract(`g % ${contracts}`)};
      INSERT INTO assignments (tenant_id, id, project_id, contract_id, client_id, legal_entity_id, practice_id,
        currency, person_id, person_legal_entity_id, role, allocation_percent, starts_on, ends_on)
      SELECT '${t}', ${assignment(`p * ${ASSIGNMENTS_PER_PERSON} + a`)}, pr.id, pr.contract_id, pr.client_id,
        pr.legal_entity_id, pr.practice_id, pr.currency, ${person('p')}, ${le('0')},
        -- Every fourth assignment names the role it is staffed in (else the person's role applies).
        CASE WHEN (p + a) % 4 = 0 THEN ${roleOf('p + a')} END, 33, '2026-01-01', '2026-12-31'
      FROM generate_series(0, ${people - 1}) AS p, generate_series(0, ${ASSIGNMENTS_PER_PERSON - 1}) AS a,
        projects pr
      WHERE pr.tenant_id = '${t}' AND pr.id = ${project(projectOf('p', 'a'))};
      INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id, week_starts_on)
      SELECT '${t}', ${timesheet(`p * ${WEEKS} + w`)}, ${person('p')}, ${le('0')}, ${practice(`p % ${PRACTICES}`)},
        date '${FIRST_WEEK}' + w * 7
      FROM generate_series(0, ${people - 1}) AS p, generate_series(0, ${WEEKS - 1}) AS w;
      -- Rate cards: one per contract, and the tenant's default card in USD.
      INSERT INTO rate_cards (tenant_id, id, contract_id, legal_entity_id, practice_id, client_id, currency, name)
      SELECT '${t}', ${card('g')}, c.id, c.legal_entity_id, c.practice_id, c.client_id, 'USD', 'Card ' || g
      FROM generate_series(0, ${contracts - 1}) AS g
      JOIN contracts c ON c.tenant_id = '${t}' AND c.id = ${contract('g')};
      INSERT INTO rate_cards (tenant_id, id, currency, name) VALUES ('${t}', ${card(`${contracts}`)}, 'USD', 'Default USD');
      INSERT INTO rate_card_rates (tenant_id, id, rate_card_id, scoped, legal_entity_id, practice_id, client_id, role,
        person_id, hourly_rate_minor, valid_from, valid_until)
      SELECT '${t}', ${rate('g * 4 + k')}, rc.id, true, rc.legal_entity_id, rc.practice_id, rc.client_id,
        CASE WHEN k = 2 THEN 'senior' ELSE 'consultant' END, NULL,
        CASE k WHEN 0 THEN 12000 + (g * 37 % 50) * 100 WHEN 1 THEN 12550 + (g * 37 % 50) * 100
          ELSE 18000 + (g * 11 % 40) * 100 END,
        CASE k WHEN 1 THEN date '2026-03-16' ELSE date '2026-01-01' END,
        CASE k WHEN 0 THEN date '2026-03-15' END
      FROM generate_series(0, ${contracts - 1}) AS g CROSS JOIN generate_series(0, 2) AS k
      JOIN rate_cards rc ON rc.tenant_id = '${t}' AND rc.id = ${card('g')};
      -- Personal rates: person p on the contract of their first project, for one person in 40.
      INSERT INTO rate_card_rates (tenant_id, id, rate_card_id, scoped, legal_entity_id, practice_id, client_id, role,
        person_id, hourly_rate_minor, valid_from, valid_until)
      SELECT '${t}', ${rate(`${contracts * 4} + p`)}, rc.id, true, rc.legal_entity_id, rc.practice_id, rc.client_id,
        NULL, ${person('p')}, 21050 + (p % 13) * 100, date '2026-01-01', NULL
      FROM generate_series(0, ${people - 1}) AS p
      JOIN projects pr ON pr.tenant_id = '${t}' AND pr.id = ${project(projectOf('p', '0'))}
      JOIN rate_cards rc ON rc.tenant_id = '${t}' AND rc.contract_id = pr.contract_id
      WHERE p % 40 = 3;
      INSERT INTO rate_card_rates (tenant_id, id, rate_card_id, scoped, role, hourly_rate_minor, valid_from)
      VALUES ('${t}', ${rate(`${contracts * 4 + people}`)}, ${card(`${contracts}`)}, false, 'associate', 9550,
        date '2026-01-01');
    `),
  );
  // Entry g: person g mod P, working day (g div P) mod 22, their ((g div 22P) mod 3)-th assignment.
  const p = `(g % ${people})`;
  const d = `((g / ${people}) % ${WORKING_DAYS})`;
  const a = `((g / ${people * WORKING_DAYS}) % ${ASSIGNMENTS_PER_PERSON})`;
  // Working day d (0–21) of March 2026 (1 March is a Sunday): Monday 2 March + whole weeks + weekday.
  const day = `(date '2026-03-02' + ((${d} / 5) * 7 + ${d} % 5)::int)`;
  const week = `((${day} - date '${FIRST_WEEK}') / 7)::int`;
  await target.database.session((session) =>
    session.script(`
      SET session_replication_role = replica;
      INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
        assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id, currency, work_date, minutes,
        billable, note, status, approved_at)
      SELECT '${t}', ${entry('g')}, ${timesheet(`${p} * ${WEEKS} + ${week}`)}, date '${FIRST_WEEK}' + ${week} * 7,
        ${person(p)}, ${le('0')}, a.id, a.project_id, a.contract_id, a.client_id, a.legal_entity_id, a.practice_id,
        'USD', ${day}, 15 + (g * 7919 % 32) * 15, true, CASE WHEN g % 7 = 0 THEN 'Workshop ' || (g % 97) END,
        'approved', timestamptz '2026-04-02 10:00:00Z'
      FROM generate_series(0::bigint, ${entries - 1}::bigint) AS g
      JOIN assignments a ON a.tenant_id = '${t}' AND a.id = ${assignment(`${p} * ${ASSIGNMENTS_PER_PERSON} + ${a}`)};
      RESET session_replication_role;
      UPDATE timesheets SET status = 'approved', round = 1, submitted_at = '2026-04-01', decided_at = '2026-04-02'
      WHERE tenant_id = '${t}';
    `),
  );
  // Statistics for the planner, and the new rows' hint bits set now rather than by the first run timed.
  await target.raw('VACUUM ANALYZE', []);
  const { rows } = await sql<{ n: bigint; orphans: bigint }>`
    SELECT count(*) AS n, count(*) FILTER (WHERE NOT EXISTS (
      SELECT 1 FROM timesheets ts WHERE ts.tenant_id = te.tenant_id AND ts.id = te.timesheet_id
        AND ts.person_id = te.person_id AND ts.week_starts_on = te.week_starts_on)) AS orphans
    FROM time_entries te WHERE te.tenant_id = ${t}`.execute(target.database.db);
  if (Number(rows[0]?.n) !== entries || Number(rows[0]?.orphans) !== 0)
    throw new Error(`load: ${rows[0]?.n} entries, ${rows[0]?.orphans} without their timesheet`);
  log(
    `  tenant ${tenant}: ${contracts} contracts, ${projects} projects, ${people} people, ` +
      `${entries.toLocaleString('en')} approved entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
