import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { getPerson } from './person.service.ts';
import type { PersonCostRateTable } from './resources.tables.ts';

/** What a person costs per hour from a date: payroll-linked, visible with restricted clearance only. */
export interface CostRate {
  readonly id: string;
  readonly personId: string;
  readonly hourlyCost: { readonly amountMinor: number; readonly currency: string };
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly note: string | null;
}

export interface CostRateInput {
  readonly hourlyCost: { readonly amountMinor: number; readonly currency: string };
  readonly validFrom: string;
  readonly validUntil?: string | null;
  readonly note?: string | null;
}

/**
 * Sets a cost rate of a person. The database refuses it (and the person's other rates stay
 * invisible) unless the transaction carries restricted clearance: the policy, not this code,
 * is what keeps payroll data from everyone else.
 */
export async function addCostRate(
  tx: TenantTransaction,
  personId: string,
  input: CostRateInput,
): Promise<CostRate> {
  const person = await getPerson(tx, personId);
  const row = await tx.db
    .insertInto('person_cost_rates')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      person_id: person.id,
      legal_entity_id: person.legalEntityId,
      hourly_cost_minor: BigInt(input.hourlyCost.amountMinor),
      currency: input.hourlyCost.currency,
      valid_from: input.validFrom,
      valid_until: input.validUntil ?? null,
      note: input.note ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rate = present(row);
  tx.audit({
    action: 'cost_rate.created',
    resourceKind: 'person_cost_rate',
    resourceId: rate.id,
    after: { personId, validFrom: rate.validFrom },
  });
  return rate;
}

/** The cost rates of a person the transaction may see (none without restricted clearance). */
export async function listCostRates(tx: TenantTransaction, personId: string): Promise<CostRate[]> {
  await getPerson(tx, personId);
  const rows = await tx.db
    .selectFrom('person_cost_rates')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_id', '=', personId)
    .orderBy('valid_from')
    .execute();
  return rows.map(present);
}

function present(row: Selectable<PersonCostRateTable>): CostRate {
  const amount = Number(row.hourly_cost_minor);
  if (!Number.isSafeInteger(amount))
    throw new AppError('INTERNAL', { reason: 'cost rate beyond safe integer', id: row.id });
  return {
    id: row.id,
    personId: row.person_id,
    hourlyCost: { amountMinor: amount, currency: row.currency },
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    note: row.note,
  };
}
