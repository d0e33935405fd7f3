import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  type Money,
  minorOf,
  referenceNotFound,
  requireCurrency,
  UnprocessableRequest,
} from './contract-rules.ts';
import type { BillingModel, ContractStatus, ContractTable } from './contracts.tables.ts';
import './contracts.tables.ts';
import '../organization/organization.tables.ts';

/** A contract with a client, as the API shows it. `regionId` is the client's, carried. */
export interface Contract {
  readonly id: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly name: string;
  readonly currency: string;
  readonly billingModel: BillingModel;
  readonly startsOn: string;
  readonly endsOn: string | null;
  /** A cap (time and materials) in the contract's currency. */
  readonly cap: Money | null;
  readonly budgetMinutes: number | null;
  readonly clientApprovalRequired: boolean;
  readonly status: ContractStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ContractInput {
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly name: string;
  readonly currency: string;
  readonly billingModel: BillingModel;
  readonly startsOn: string;
  readonly endsOn?: string | null;
  readonly cap?: Money | null;
  readonly budgetMinutes?: number | null;
  readonly clientApprovalRequired?: boolean;
  readonly status?: ContractStatus;
}

export type ContractPatch = Partial<
  Pick<
    ContractInput,
    | 'name'
    | 'billingModel'
    | 'startsOn'
    | 'endsOn'
    | 'cap'
    | 'budgetMinutes'
    | 'clientApprovalRequired'
    | 'status'
  >
>;

/**
 * Creates a contract with a client, under a legal entity and practice, all of which the caller
 * must see (422 otherwise); the region is copied from the client. A cap must be in the
 * contract's currency (422). Audited and announced as `contract.created`.
 */
export async function createContract(tx: TenantTransaction, input: ContractInput): Promise<Contract> {
  if (input.cap) requireCurrency(input.cap, input.currency, '/body/cap', 'contract');
  requireDates(input.startsOn, input.endsOn ?? null);
  const client = await tx.db
    .selectFrom('clients')
    .select(['id', 'region_id'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client) throw referenceNotFound('client', input.clientId, '/body/clientId');
  const entity = await tx.db
    .selectFrom('legal_entities')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', input.legalEntityId)
    .executeTakeFirst();
  if (!entity) throw referenceNotFound('legal_entity', input.legalEntityId, '/body/legalEntityId');
  const practice = await tx.db
    .selectFrom('practices')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', input.practiceId)
    .executeTakeFirst();
  if (!practice) throw referenceNotFound('practice', input.practiceId, '/body/practiceId');
  const row = await tx.db
    .insertInto('contracts')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      client_id: client.id,
      legal_entity_id: entity.id,
      practice_id: practice.id,
      region_id: client.region_id,
      name: input.name,
      currency: input.currency,
      billing_model: input.billingModel,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      cap_minor: input.cap ? BigInt(input.cap.amountMinor) : null,
      budget_minutes: input.budgetMinutes ?? null,
      client_approval_required: input.clientApprovalRequired ?? false,
      status: input.status ?? 'draft',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const contract = present(row);
  tx.audit({
    action: 'contract.created',
    resourceKind: 'contract',
    resourceId: contract.id,
    after: record(contract),
  });
  tx.emit({
    topic: 'contract.created',
    resourceKind: 'contract',
    resourceId: contract.id,
    payload: { contract },
  });
  return contract;
}

/** One contract; NOT_FOUND unless its legal entity, practice, client and region are all in scope. */
export async function getContract(tx: TenantTransaction, id: string): Promise<Contract> {
  return present(await findContract(tx, id));
}

/** A page of the contracts the caller may see, in id order. */
export async function listContracts(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: Contract[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('contracts').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

/**
 * Changes the given terms of a contract (its client, legal entity, practice and currency stay);
 * dates are checked together with the unchanged ones. Audited with before and after.
 */
export async function updateContract(
  tx: TenantTransaction,
  id: string,
  patch: ContractPatch,
): Promise<Contract> {
  const before = present(await findContract(tx, id));
  if (patch.cap) requireCurrency(patch.cap, before.currency, '/body/cap', 'contract');
  if (patch.startsOn !== undefined || patch.endsOn !== undefined)
    requireDates(
      patch.startsOn ?? before.startsOn,
      patch.endsOn !== undefined ? patch.endsOn : before.endsOn,
    );
  const row = await tx.db
    .updateTable('contracts')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.billingModel !== undefined ? { billing_model: patch.billingModel } : {}),
      ...(patch.startsOn !== undefined ? { starts_on: patch.startsOn } : {}),
      ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
      ...(patch.cap !== undefined ? { cap_minor: patch.cap ? BigInt(patch.cap.amountMinor) : null } : {}),
      ...(patch.budgetMinutes !== undefined ? { budget_minutes: patch.budgetMinutes } : {}),
      ...(patch.clientApprovalRequired !== undefined
        ? { client_approval_required: patch.clientApprovalRequired }
        : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contract', id });
  const contract = present(row);
  tx.audit({
    action: 'contract.updated',
    resourceKind: 'contract',
    resourceId: id,
    before: record(before),
    after: record(contract),
  });
  tx.emit({ topic: 'contract.updated', resourceKind: 'contract', resourceId: id, payload: { contract } });
  return contract;
}

/** The contract row, or NOT_FOUND when it does not exist or is out of scope. */
export async function findContract(tx: TenantTransaction, id: string): Promise<Selectable<ContractTable>> {
  const row = await tx.db
    .selectFrom('contracts')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contract', id });
  return row;
}

function requireDates(startsOn: string, endsOn: string | null): void {
  if (endsOn !== null && endsOn <= startsOn) {
    throw new UnprocessableRequest({ resource: 'contract' }, 'A contract ends after it starts', [
      { path: '/body/endsOn', message: 'must be after startsOn' },
    ]);
  }
}

function present(row: Selectable<ContractTable>): Contract {
  return {
    id: row.id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    name: row.name,
    currency: row.currency,
    billingModel: row.billing_model,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    cap:
      row.cap_minor === null
        ? null
        : { amountMinor: minorOf(row.cap_minor, 'contract', row.id), currency: row.currency },
    budgetMinutes: row.budget_minutes,
    clientApprovalRequired: row.client_approval_required,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function record(contract: Contract): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = contract;
  return fields;
}
