import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeEntryRow } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { createChart, createFxRate, postJournalEntry } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { addCostRate } from '../resources/index.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';

/**
 * The time fixture's Brightpath (Inc in USD, Ltd in GBP) with both charts and inter-company work:
 * Elena (Ltd, cost GBP 60.00 an hour) staffed on Globex (an Inc project), Jin (Inc, cost USD 80.00
 * an hour) on Initech (a Ltd project). GBP/USD 1.25 from 2026-01-01.
 */
export interface ConsolidationWorld extends TimeWorld {
  /** Restricted clearance, full scope: finance of the whole group. */
  readonly finance: TenantContext;
  readonly assignments: { readonly elenaGlobex: string; readonly jinInitech: string };
}

export async function seedConsolidationWorld(t: TestTessera): Promise<ConsolidationWorld> {
  const w = await seedTimeFixture(t);
  const finance = staff(w.tenantId, {}, 'restricted');
  const assignments = await t.tessera.withTenant(finance, async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    await createChart(tx, { legalEntityId: w.b.ltd });
    await createFxRate(tx, { base: 'GBP', quote: 'USD', date: '2026-01-01', rate: '1.25', source: 'test' });
    await addCostRate(tx, w.people.elena, {
      hourlyCost: { amountMinor: 6000, currency: 'GBP' },
      validFrom: '2026-01-01',
    });
    await addCostRate(tx, w.people.jin, {
      hourlyCost: { amountMinor: 8000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    return {
      elenaGlobex: await assignmentOf(tx, w.people.elena, w.projects.globex),
      jinInitech: await assignmentOf(tx, w.people.jin, w.projects.initech),
    };
  });
  return { ...w, finance, assignments };
}

async function assignmentOf(tx: TenantTransaction, personId: string, projectId: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT id FROM assignments
    WHERE tenant_id = ${tx.ctx.tenantId} AND person_id = ${personId} AND project_id = ${projectId}`.execute(
    tx.db,
  );
  if (!rows[0]) throw new Error('no assignment');
  return rows[0].id;
}

/** Approved (unless told otherwise) time of an assignment on a day. */
export function bookTime(
  t: TestTessera,
  w: ConsolidationWorld,
  assignmentId: string,
  workDate: string,
  minutes: number,
  status: 'approved' | 'submitted' = 'approved',
): Promise<string> {
  return t.tessera.withTenant(w.finance, (tx) =>
    insertTimeEntryRow(tx, { assignmentId, workDate, minutes, status }),
  );
}

/** A balanced two-line entry in an entity's functional currency, by account role. */
export function postSimple(
  t: TestTessera,
  w: ConsolidationWorld,
  legalEntityId: string,
  entryDate: string,
  debit: Parameters<typeof postJournalEntry>[1]['lines'][number]['account'],
  credit: Parameters<typeof postJournalEntry>[1]['lines'][number]['account'],
  amountMinor: bigint,
  currency: string,
): Promise<unknown> {
  return t.tessera.withTenant(w.finance, (tx) =>
    postJournalEntry(tx, {
      legalEntityId,
      entryDate,
      description: 'Test posting',
      source: { kind: 'manual' },
      lines: [
        { account: debit, side: 'debit', amountMinor, currency },
        { account: credit, side: 'credit', amountMinor, currency },
      ],
    }),
  );
}

/** An approved expense of an assignment's person on its project, spent in `currency`. */
export function bookExpense(
  t: TestTessera,
  w: ConsolidationWorld,
  assignmentId: string,
  incurredOn: string,
  amountMinor: number,
  currency: string,
): Promise<string> {
  return t.tessera.withTenant(w.finance, async (tx) => {
    const id = uuidv7();
    await sql`
      INSERT INTO expenses (tenant_id, id, person_id, person_legal_entity_id, person_membership_id, assignment_id,
        project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, project_currency,
        incurred_on, category, amount_minor, currency, description, status, submitted_at, approved_at)
      SELECT tenant_id, ${id}, person_id, person_legal_entity_id, person_membership_id, id, project_id, contract_id,
        client_id, legal_entity_id, practice_id, region_id, portfolio_id, currency, ${incurredOn}::date, 'travel',
        ${amountMinor}, ${currency}, 'Train to the client', 'approved', now(), now()
      FROM assignments WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${assignmentId}`.execute(tx.db);
    tx.audit({ action: 'expense.created', resourceKind: 'expense', resourceId: id, after: { id } });
    return id;
  });
}
