import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { billRateFor, createRateCard } from '../contracts/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { billableTime } from './billable-time.ts';

let t: TestTessera;
let w: TimeWorld;
let contractCard: string;
let defaultCard: string;

const PERIOD = { periodFrom: '2026-03-02', periodTo: '2026-03-13' } as const;
const ROLES = ['consultant', 'senior', null] as const;
/** Days as offsets from 2026-02-23 (a Monday): the rates start from 0 to 21, the entries fall in 7–18. */
const dayOf = (offset: number) => new Date(Date.UTC(2026, 1, 23 + offset)).toISOString().slice(0, 10);
const ROLLBACK = new Error('rolled back on purpose');

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(w.tenantId), work);

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await inTenant(async (tx) => {
    contractCard = (await createRateCard(tx, { name: 'Globex rates', contractId: w.contracts.globex })).id;
    defaultCard = (await createRateCard(tx, { name: 'Default USD', currency: 'USD' })).id;
    // Jin and Elena on Globex: one approved, billable entry each per working day of the period.
    const tenant = w.tenantId;
    await sql`
      INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id,
        person_membership_id, week_starts_on, status, round, submitted_at, decided_at)
      SELECT p.tenant_id, gen_random_uuid(), p.id, p.legal_entity_id, p.practice_id, p.membership_id, w.week,
        'approved', 1, now(), now()
      FROM people p, (VALUES (date '2026-03-02'), (date '2026-03-09')) AS w(week)
      WHERE p.tenant_id = ${tenant} AND p.id IN (${w.people.jin}, ${w.people.elena})`.execute(tx.db);
    await sql`
      INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
        person_membership_id, assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id,
        region_id, portfolio_id, currency, work_date, minutes, billable, status, approved_at)
      SELECT s.tenant_id, gen_random_uuid(), s.id, s.week_starts_on, s.person_id, s.person_legal_entity_id,
        s.person_membership_id, a.id, p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
        p.region_id, p.portfolio_id, p.currency, s.week_starts_on + d, 60, true, 'approved', now()
      FROM timesheets s
      JOIN assignments a ON a.tenant_id = s.tenant_id AND a.person_id = s.person_id AND a.project_id = ${w.projects.globex}
      JOIN projects p ON p.tenant_id = s.tenant_id AND p.id = a.project_id
      CROSS JOIN generate_series(0, 4) AS d
      WHERE s.tenant_id = ${tenant}`.execute(tx.db);
    tx.audit({ action: 'test.time_entries_inserted', resourceKind: 'time_entry', resourceId: null });
  });
}, 120_000);
afterAll(() => t.cleanup());

const rate = fc.record({
  card: fc.constantFrom('contract', 'default'),
  who: fc.constantFrom('jin', 'elena', 'consultant', 'senior'),
  from: fc.integer({ min: 0, max: 21 }),
  days: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
  amount: fc.integer({ min: 1, max: 50_000 }),
});

describe('billable time', () => {
  it('prices every entry exactly as billRateFor does, overlapping and lapsed rates included (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rate, { maxLength: 14 }),
        fc.record({
          jin: fc.constantFrom(...ROLES),
          elena: fc.constantFrom(...ROLES),
          assignment: fc.constantFrom(...ROLES),
        }),
        async (rates, roles) => {
          // Each property run writes its rates and roles, compares, and rolls everything back.
          await inTenant(async (tx) => {
            const tenant = w.tenantId;
            const seen = new Set<string>();
            for (const r of rates) {
              // One start per card, person or role and day (the unique keys); overlaps are allowed here.
              const key = `${r.card}/${r.who}/${r.from}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const person = r.who === 'jin' || r.who === 'elena' ? w.people[r.who] : null;
              const cardId = r.card === 'contract' ? contractCard : defaultCard;
              await sql`
                INSERT INTO rate_card_rates (tenant_id, id, rate_card_id, scoped, legal_entity_id, practice_id,
                  client_id, region_id, role, person_id, hourly_rate_minor, valid_from, valid_until)
                SELECT c.tenant_id, gen_random_uuid(), c.id, c.scoped, c.legal_entity_id, c.practice_id,
                  c.client_id, c.region_id, ${person ? null : r.who}, ${person}, ${r.amount},
                  ${dayOf(r.from)}::date, ${r.days === null ? null : dayOf(r.from + r.days)}::date
                FROM rate_cards c WHERE c.tenant_id = ${tenant} AND c.id = ${cardId}`.execute(tx.db);
            }
            await sql`UPDATE people SET role = CASE id WHEN ${w.people.jin} THEN ${roles.jin}
                WHEN ${w.people.elena} THEN ${roles.elena} END
              WHERE tenant_id = ${tenant} AND id IN (${w.people.jin}, ${w.people.elena})`.execute(tx.db);
            await sql`UPDATE assignments SET role = ${roles.assignment}
              WHERE tenant_id = ${tenant} AND person_id = ${w.people.jin}`.execute(tx.db);
            const rows = await billableTime(tx, { legalEntityId: w.b.inc, ...PERIOD }, false);
            expect(rows).toHaveLength(20);
            const detail = (
              await sql<{ id: string; person_id: string; role: string | null; work_date: string }>`
                SELECT e.id, e.person_id, coalesce(a.role, p.role) AS role, to_char(e.work_date, 'YYYY-MM-DD') AS work_date
                FROM time_entries e
                JOIN assignments a ON a.tenant_id = e.tenant_id AND a.id = e.assignment_id
                JOIN people p ON p.tenant_id = e.tenant_id AND p.id = e.person_id
                WHERE e.tenant_id = ${tenant}`.execute(tx.db)
            ).rows;
            const entries = new Map(detail.map((row) => [row.id, row] as const));
            for (const row of rows) {
              const entry = entries.get(row.id);
              const expected = await billRateFor(tx, {
                contractId: row.contract_id,
                personId: entry?.person_id ?? null,
                role: entry?.role ?? null,
                on: entry?.work_date ?? '',
              });
              expect(
                row.rate === null ? null : Number(row.rate),
                `${entry?.work_date} ${entry?.person_id} ${entry?.role}`,
              ).toBe(expected ? expected.hourlyRate.amountMinor : null);
            }
            throw ROLLBACK;
          }).catch((error: unknown) => {
            if (error !== ROLLBACK) throw error;
          });
        },
      ),
      { seed: 20261130, numRuns: 40 },
    );
  }, 120_000);

  it('orders by contract, day and id, and leaves out another legal entity, unapproved and billed time', async () => {
    const rows = await inTenant((tx) => billableTime(tx, { legalEntityId: w.b.inc, ...PERIOD }, false));
    expect(rows).toHaveLength(20);
    const keys = rows.map((row) => `${row.contract_id}/${String(row.work_date).slice(0, 10)}/${row.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(rows.map((row) => row.contract_id))).toEqual(new Set([w.contracts.globex]));
    expect(await inTenant((tx) => billableTime(tx, { legalEntityId: w.b.ltd, ...PERIOD }, false))).toEqual(
      [],
    );
    const [first, second] = rows;
    await inTenant(async (tx) => {
      await sql`UPDATE time_entries SET status = 'submitted', approved_at = NULL
        WHERE tenant_id = ${w.tenantId} AND id = ${first?.id}`.execute(tx.db);
      await sql`UPDATE time_entries SET billing_state = 'billed', invoice_id = gen_random_uuid(), billed_at = now()
        WHERE tenant_id = ${w.tenantId} AND id = ${second?.id}`.execute(tx.db);
      const left = await billableTime(tx, { legalEntityId: w.b.inc, ...PERIOD }, true);
      expect(left.map((row) => row.id)).toEqual(rows.slice(2).map((row) => row.id));
      throw ROLLBACK;
    }).catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  });
});
