import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type Money, minorOf, requireCurrency, UnprocessableRequest } from '../contracts/index.ts';
import type { FeeInterval } from './fee-proration.ts';

/** A row of a contract's fee schedule: from `effectiveFrom` on, `amount` per `interval`, billed in advance. */
export interface ContractFee {
  readonly id: string;
  readonly contractId: string;
  /** 1, 2, … in the order the rows were added (and in effective-date order). */
  readonly revision: number;
  readonly amount: Money;
  readonly interval: FeeInterval;
  readonly effectiveFrom: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdByMembershipId: string | null;
}

export interface ContractFeeInput {
  readonly amount: Money;
  readonly interval: FeeInterval;
  readonly effectiveFrom: string;
  /** The line text on invoices; the previous row's (or "Retainer"/"Subscription") when absent. */
  readonly description?: string;
}

interface ContractRow {
  id: string;
  currency: string;
  billing_model: string;
  starts_on: string;
  ends_on: string | null;
}

interface FeeRow {
  id: string;
  contract_id: string;
  revision: number;
  amount_minor: bigint | string;
  currency: string;
  billing_interval: FeeInterval;
  effective_from: string;
  description: string;
  created_at: Date | string;
  created_by_membership_id: string | null;
}

const FEE_COLUMNS = sql`id, contract_id, revision, amount_minor, currency, billing_interval, effective_from,
  description, created_at, created_by_membership_id`;

function present(row: FeeRow): ContractFee {
  return {
    id: row.id,
    contractId: row.contract_id,
    revision: row.revision,
    amount: {
      amountMinor: minorOf(BigInt(row.amount_minor), 'contract_fee', row.id),
      currency: row.currency.trim(),
    },
    interval: row.billing_interval,
    effectiveFrom: String(row.effective_from).slice(0, 10),
    description: row.description,
    createdAt: new Date(row.created_at).toISOString(),
    createdByMembershipId: row.created_by_membership_id,
  };
}

async function findContract(tx: TenantTransaction, id: string, lock: boolean): Promise<ContractRow> {
  const row = (
    await sql<ContractRow>`SELECT id, currency, billing_model, starts_on, ends_on FROM contracts
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id} ${lock ? sql`FOR NO KEY UPDATE` : sql``}`.execute(
      tx.db,
    )
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contract', id });
  return row;
}

async function scheduleOf(tx: TenantTransaction, contractId: string): Promise<FeeRow[]> {
  return (
    await sql<FeeRow>`SELECT ${FEE_COLUMNS} FROM contract_fees
      WHERE tenant_id = ${tx.ctx.tenantId} AND contract_id = ${contractId} ORDER BY revision`.execute(tx.db)
  ).rows;
}

/** A contract's fee schedule, oldest revision first; NOT_FOUND when the contract is not visible. */
export async function listContractFees(tx: TenantTransaction, contractId: string): Promise<ContractFee[]> {
  await findContract(tx, contractId, false);
  return (await scheduleOf(tx, contractId)).map(present);
}

/**
 * Adds a row to a retainer or subscription contract's fee schedule: the first fee, or a plan or
 * price change effective on a date (a stop is a change to 0). Rows are history, never updated:
 * a change may not be dated before the latest row (a correction is a new row on the same date),
 * keeps the schedule's interval, and falls within the contract's dates; the amount is in the
 * contract's currency. The contract row is locked, so concurrent additions number one after the
 * other. Audited; emits `contract_fee.added`.
 */
export async function addContractFee(
  tx: TenantTransaction,
  contractId: string,
  input: ContractFeeInput,
): Promise<ContractFee> {
  const contract = await findContract(tx, contractId, true);
  if (contract.billing_model !== 'retainer' && contract.billing_model !== 'subscription')
    throw new UnprocessableRequest(
      { resource: 'contract_fee', contractId, billingModel: contract.billing_model },
      'Only a retainer or subscription contract has recurring fees',
      [{ path: '/params/id', message: `the contract is billed ${contract.billing_model}` }],
    );
  requireCurrency(input.amount, contract.currency.trim(), '/body/amount', 'contract_fee');
  const schedule = await scheduleOf(tx, contractId);
  const latest = schedule[schedule.length - 1];
  const problems: { path: string; message: string }[] = [];
  const startsOn = String(contract.starts_on).slice(0, 10);
  const endsOn = contract.ends_on === null ? null : String(contract.ends_on).slice(0, 10);
  if (input.effectiveFrom < startsOn)
    problems.push({ path: '/body/effectiveFrom', message: `before the contract starts (${startsOn})` });
  if (endsOn !== null && input.effectiveFrom > endsOn)
    problems.push({ path: '/body/effectiveFrom', message: `after the contract ends (${endsOn})` });
  if (latest && input.effectiveFrom < String(latest.effective_from).slice(0, 10))
    problems.push({
      path: '/body/effectiveFrom',
      message: `before the latest change (${String(latest.effective_from).slice(0, 10)}): changes are appended in date order`,
    });
  if (latest && input.interval !== latest.billing_interval)
    problems.push({
      path: '/body/interval',
      message: `the schedule is billed per ${latest.billing_interval}`,
    });
  if (problems.length > 0)
    throw new UnprocessableRequest(
      { resource: 'contract_fee', contractId },
      'The fee cannot take effect so',
      problems,
    );

  const id = uuidv7();
  const revision = (latest?.revision ?? 0) + 1;
  const description =
    input.description ??
    latest?.description ??
    (contract.billing_model === 'retainer' ? 'Retainer' : 'Subscription');
  const row = (
    await sql<FeeRow>`
      INSERT INTO contract_fees (tenant_id, id, contract_id, legal_entity_id, client_id, practice_id, region_id,
        currency, revision, amount_minor, billing_interval, effective_from, description, created_by_membership_id)
      SELECT c.tenant_id, ${id}, c.id, c.legal_entity_id, c.client_id, c.practice_id, c.region_id, c.currency,
        ${revision}, ${BigInt(input.amount.amountMinor)}, ${input.interval}, ${input.effectiveFrom}::date,
        ${description}, ${tx.ctx.actor.membershipId ?? null}
      FROM contracts c WHERE c.tenant_id = ${tx.ctx.tenantId} AND c.id = ${contractId}
      RETURNING ${FEE_COLUMNS}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contract', id: contractId });
  const fee = present(row);
  tx.audit({
    action: 'contract_fee.added',
    resourceKind: 'contract_fee',
    resourceId: id,
    before: latest ? { revision: latest.revision, amountMinor: Number(latest.amount_minor) } : null,
    after: {
      contractId,
      revision,
      amountMinor: fee.amount.amountMinor,
      interval: fee.interval,
      effectiveFrom: fee.effectiveFrom,
    },
  });
  tx.emit({ topic: 'contract_fee.added', resourceKind: 'contract_fee', resourceId: id, payload: { fee } });
  return fee;
}
