import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../../src/app.ts';
import { createContract } from '../../src/modules/contracts/index.ts';
import { AccessTokens } from '../../src/modules/identity/access-token.ts';
import { createMembership, createUser } from '../../src/modules/identity/accounts.ts';
import { SessionService } from '../../src/modules/identity/session.service.ts';
import { createClient, createPractice } from '../../src/modules/organization/index.ts';
import { createLegalEntity } from '../../src/modules/organization/legal-entity.service.ts';
import { createProject } from '../../src/modules/projects/index.ts';
import { createPerson } from '../../src/modules/resources/index.ts';
import { createAssignment } from '../../src/modules/staffing/index.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';

export interface WritePathResult {
  readonly writes: number;
  /** µs per time entry written through the API (HTTP request in process, token, tenant transaction, audit). */
  readonly apiUs: Summary;
  /** µs per raw single-row INSERT of the same entry through the driver, autocommit, as the owner. */
  readonly rawUs: Summary;
}

const PASSWORD = 'delivery bench password, long enough';

/**
 * Time-entry writes per second through the API against raw inserts, in the same run: a consultant
 * signed in through the real login books `writes` entries of 15 minutes with
 * `POST /api/v1/time-entries` (`app.inject`: authentication, principal, permission, validation,
 * assignment check, the week's timesheet found or opened, the entry, its audit event and outbox
 * event, one tenant transaction); the baseline inserts the same rows with one INSERT each.
 */
export async function measureWritePath(target: BenchTarget, writes: number): Promise<WritePathResult> {
  const tessera = target.tessera;
  const { tenant } = await tessera.control.createTenant({
    name: 'Delivery Write Bench',
    slug: `delivery-writes-${process.pid}-${Date.now()}`,
    homeRegion: tessera.config.defaultCellRegion,
    isolationTier: 'pooled',
  });
  const control = tessera.control.db;
  const email = `consultant-${uuidv7()}@example.test`;
  const userId = await createUser(control, { email, name: 'Bench Consultant', password: PASSWORD });
  const membershipId = await createMembership(control, {
    userId,
    kind: 'staff',
    tenantId: tenant.id,
    roles: ['consultant'],
    scope: { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all' },
  });
  const fixture = await tessera.withTenant(systemContext(tenant.id, 'delivery-bench'), async (tx) => {
    const entity = await createLegalEntity(tx, {
      name: 'Bench Inc.',
      country: 'US',
      functionalCurrency: 'USD',
    });
    const practice = await createPractice(tx, { name: 'Delivery', code: 'delivery' });
    const client = await createClient(tx, { name: 'Bench Client', legalEntityId: entity.id });
    const contract = await createContract(tx, {
      name: 'Bench contract',
      clientId: client.id,
      legalEntityId: entity.id,
      practiceId: practice.id as string,
      currency: 'USD',
      billingModel: 'time_and_materials',
      startsOn: '2026-01-01',
    });
    const project = await createProject(tx, {
      contractId: contract.id,
      practiceId: practice.id as string,
      code: 'BENCH',
      name: 'Bench project',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    const person = await createPerson(tx, {
      name: 'Bench Consultant',
      kind: 'employee',
      legalEntityId: entity.id,
      practiceId: practice.id as string,
      membershipId,
    });
    await createAssignment(tx, {
      projectId: project.id,
      personId: person.id,
      allocationPercent: 100,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    return { projectId: project.id };
  });
  await tessera.outbox.drain(tenant.id);
  const sessions = new SessionService(control, await AccessTokens.load(control));
  const { accessToken } = await sessions.login({
    email,
    password: PASSWORD,
    membershipId,
    clientAddress: null,
    userAgent: null,
  });
  const app = await buildApp(tessera, { logger: false, rateLimits: false });
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  // Working days of 2026 (the assignment's year), 20 quarter-hours a day at most: no day overflows.
  const days = workingDays2026();
  const dateOf = (i: number) => days[Math.floor(i / 20) % days.length] as string;
  const post = async (i: number) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/time-entries',
      headers,
      payload: { projectId: fixture.projectId, date: dateOf(i), minutes: 15, note: `Bench entry ${i}` },
    });
    if (response.statusCode !== 201)
      throw new Error(`POST /api/v1/time-entries → ${response.statusCode} ${response.body}`);
    return response.json() as { id: string; timesheetId: string };
  };
  try {
    const warmup = Math.min(50, Math.max(5, Math.floor(writes / 10)));
    for (let i = 0; i < warmup; i += 1) await post(i);
    const template = await post(warmup);
    const api: number[] = [];
    const raw: number[] = [];
    const rawInsert = await rawInsertOf(target, tenant.id, template.id);
    // Interleaved, so that both series see the same machine.
    for (let i = 0; i < writes; i += 1) {
      let started = process.hrtime.bigint();
      await post(warmup + 1 + i);
      api.push(Number(process.hrtime.bigint() - started) / 1000);
      started = process.hrtime.bigint();
      await rawInsert(i);
      raw.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    log(`  writes: ${writes} entries through the API, ${writes} raw inserts`);
    return { writes, apiUs: summarize(api), rawUs: summarize(raw) };
  } finally {
    await app.close();
  }
}

/** A raw single-row INSERT of a copy of an existing entry (same week, timesheet and segments), new id. */
async function rawInsertOf(
  target: BenchTarget,
  tenantId: string,
  templateId: string,
): Promise<(i: number) => Promise<void>> {
  const columns = await target.tessera.withTenant(
    systemContext(tenantId, 'delivery-bench'),
    async (tx) =>
      (
        await sql<Record<string, unknown>>`
          SELECT timesheet_id, week_starts_on::text, person_id, person_legal_entity_id, person_membership_id,
            assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id,
            currency, work_date::text
          FROM time_entries WHERE tenant_id = ${tenantId} AND id = ${templateId}`.execute(tx.db)
      ).rows[0],
    { readOnly: true },
  );
  if (!columns) throw new Error('the template entry is not there');
  const text = `INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id,
      person_legal_entity_id, person_membership_id, assignment_id, project_id, contract_id, client_id,
      legal_entity_id, practice_id, region_id, portfolio_id, currency, work_date, minutes, billable, note)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 15, true, $18)`;
  return (i) =>
    target.raw(text, [
      tenantId,
      uuidv7(),
      columns.timesheet_id,
      columns.week_starts_on,
      columns.person_id,
      columns.person_legal_entity_id,
      columns.person_membership_id,
      columns.assignment_id,
      columns.project_id,
      columns.contract_id,
      columns.client_id,
      columns.legal_entity_id,
      columns.practice_id,
      columns.region_id,
      columns.portfolio_id,
      columns.currency,
      columns.work_date,
      `Raw entry ${i}`,
    ]);
}

function workingDays2026(): string[] {
  const days: string[] = [];
  for (
    let d = new Date('2026-01-05T00:00:00Z');
    d.getUTCFullYear() === 2026;
    d.setUTCDate(d.getUTCDate() + 1)
  )
    if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5) days.push(d.toISOString().slice(0, 10));
  return days;
}
