import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type AccountRole, type PostingLine, postJournalEntry } from '../ledger/index.ts';
import { splitContractBalance } from './recognition-math.ts';

interface ContractRow {
  id: string;
  legal_entity_id: string;
  client_id: string;
  practice_id: string;
  region_id: string | null;
  currency: string;
  has_obligations: boolean;
}

export interface ContractBalanceMove {
  readonly unbilledMinor: bigint;
  readonly deferredMinor: bigint;
}

/**
 * Locks a contract for a contract-balance posting (issues and recognitions of one contract queue
 * here, so each reads the balance the previous one left) and says whether revenue recognition
 * applies to it: it does once the contract has a performance obligation.
 */
export async function lockContract(tx: TenantTransaction, contractId: string): Promise<ContractRow> {
  const row = (
    await sql<Omit<ContractRow, 'has_obligations'>>`
      SELECT id, legal_entity_id, client_id, practice_id, region_id, currency FROM contracts
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${contractId} FOR NO KEY UPDATE`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contract', id: contractId });
  // A statement of its own, after the lock: it sees what a transaction we waited for committed.
  const defined = await sql`SELECT 1 FROM performance_obligations
    WHERE tenant_id = ${tx.ctx.tenantId} AND contract_id = ${contractId} LIMIT 1`.execute(tx.db);
  return { ...row, currency: row.currency.trim(), has_obligations: defined.rows.length > 0 };
}

async function balanceOn(
  tx: TenantTransaction,
  contractId: string,
  date: string,
): Promise<ContractBalanceMove> {
  const row = (
    await sql<{ u: string | null; d: string | null }>`
      SELECT sum(unbilled_minor)::text AS u, sum(deferred_minor)::text AS d FROM contract_balance_movements
      WHERE tenant_id = ${tx.ctx.tenantId} AND contract_id = ${contractId} AND movement_date <= ${date}::date`.execute(
      tx.db,
    )
  ).rows[0];
  return { unbilledMinor: BigInt(row?.u ?? 0), deferredMinor: BigInt(row?.d ?? 0) };
}

async function insertMovement(
  tx: TenantTransaction,
  contract: ContractRow,
  date: string,
  source: { readonly kind: 'invoice' | 'recognition' | 'reclassification'; readonly id: string },
  move: ContractBalanceMove,
): Promise<void> {
  await sql`INSERT INTO contract_balance_movements (tenant_id, id, contract_id, legal_entity_id, client_id, practice_id,
      region_id, currency, movement_date, source_kind, source_id, unbilled_minor, deferred_minor)
    VALUES (${tx.ctx.tenantId}, ${uuidv7()}, ${contract.id}, ${contract.legal_entity_id}, ${contract.client_id},
      ${contract.practice_id}, ${contract.region_id}, ${contract.currency}, ${date}::date, ${source.kind}, ${source.id},
      ${move.unbilledMinor}, ${move.deferredMinor})`.execute(tx.db);
}

/**
 * Moves a locked contract's balance by `deltaMinor` on `date` (positive: revenue recognized;
 * negative: an amount billed), split by the balance on that date (`splitContractBalance`), and
 * records the movement. When later-dated movements exist (a back-dated posting: last month's
 * recognition after this month's invoice), the balance on each later date may now hold both an
 * asset and a liability: a reclassification entry on that date (deferred ↔ unbilled) restores
 * one side only, so the ledger's accounts equal the balances report at every date.
 */
export async function moveContractBalance(
  tx: TenantTransaction,
  contract: ContractRow,
  date: string,
  deltaMinor: bigint,
  source: { readonly kind: 'invoice' | 'recognition'; readonly id: string },
): Promise<ContractBalanceMove> {
  const move = splitContractBalance(await balanceOn(tx, contract.id, date), deltaMinor);
  await insertMovement(tx, contract, date, source, move);
  const later = (
    await sql<{ day: string; u: string; d: string }>`
      SELECT to_char(movement_date, 'YYYY-MM-DD') AS day, sum(unbilled_minor)::text AS u, sum(deferred_minor)::text AS d
      FROM contract_balance_movements
      WHERE tenant_id = ${tx.ctx.tenantId} AND contract_id = ${contract.id} AND movement_date > ${date}::date
      GROUP BY movement_date ORDER BY movement_date`.execute(tx.db)
  ).rows;
  if (later.length === 0) return move;
  const state = await balanceOn(tx, contract.id, date);
  let unbilled = state.unbilledMinor;
  let deferred = state.deferredMinor;
  for (const group of later) {
    unbilled += BigInt(group.u);
    deferred += BigInt(group.d);
    const net = unbilled - deferred;
    const shift = (net > 0n ? net : 0n) - unbilled;
    if (shift === 0n) continue;
    const id = uuidv7();
    await insertMovement(
      tx,
      contract,
      group.day,
      { kind: 'reclassification', id },
      {
        unbilledMinor: shift,
        deferredMinor: shift,
      },
    );
    const amount = shift > 0n ? shift : -shift;
    await postJournalEntry(tx, {
      legalEntityId: contract.legal_entity_id,
      entryDate: group.day,
      description: 'Contract balance reclassified after a back-dated posting',
      source: { kind: 'revenue_recognition', id, purpose: 'reclassification' },
      lines: [
        {
          account: { role: 'unbilled_revenue' },
          side: shift > 0n ? 'debit' : 'credit',
          amountMinor: amount,
          currency: contract.currency,
        },
        {
          account: { role: 'deferred_revenue' },
          side: shift > 0n ? 'credit' : 'debit',
          amountMinor: amount,
          currency: contract.currency,
        },
      ],
    });
    unbilled += shift;
    deferred += shift;
  }
  return move;
}

/** Posting lines moving unbilled and deferred revenue by a contract-balance move. */
export function contractBalanceLines(move: ContractBalanceMove, currency: string): PostingLine[] {
  const lines: PostingLine[] = [];
  const add = (role: AccountRole, debitPositive: bigint) => {
    if (debitPositive === 0n) return;
    lines.push({
      account: { role },
      side: debitPositive > 0n ? 'debit' : 'credit',
      amountMinor: debitPositive > 0n ? debitPositive : -debitPositive,
      currency,
    });
  };
  add('unbilled_revenue', move.unbilledMinor);
  add('deferred_revenue', -move.deferredMinor);
  return lines;
}

type InvoiceRevenueRole = 'revenue_services' | 'revenue_expense_recharge' | 'revenue_fixed_fees';

/**
 * The revenue side of an issued invoice's entry. A contract without performance obligations
 * credits revenue by role as billing always did. Under revenue recognition, billing earns
 * nothing: the non-expense net credits the contract balance — unbilled revenue (the contract
 * asset) up to the contract's unbilled balance on the issue date, deferred revenue (the contract
 * liability) for the rest — and recognition runs earn it. Expense recharges stay revenue on
 * billing (they are no performance obligation). Locks the contract; records the movement.
 */
export async function contractBalanceCredits(
  tx: TenantTransaction,
  input: {
    readonly contractId: string;
    readonly invoiceId: string;
    readonly currency: string;
    readonly date: string;
    readonly revenueByRole: ReadonlyMap<InvoiceRevenueRole, bigint>;
  },
): Promise<PostingLine[]> {
  const direct = (role: AccountRole, amount: bigint): PostingLine[] =>
    amount === 0n
      ? []
      : [
          {
            account: { role },
            side: amount > 0n ? 'credit' : 'debit',
            amountMinor: amount > 0n ? amount : -amount,
            currency: input.currency,
          },
        ];
  const contract = await lockContract(tx, input.contractId);
  if (!contract.has_obligations)
    return [...input.revenueByRole.entries()].flatMap(([role, amount]) => direct(role, amount));
  let billed = 0n;
  for (const [role, amount] of input.revenueByRole) if (role !== 'revenue_expense_recharge') billed += amount;
  const move =
    billed === 0n
      ? { unbilledMinor: 0n, deferredMinor: 0n }
      : await moveContractBalance(tx, contract, input.date, -billed, {
          kind: 'invoice',
          id: input.invoiceId,
        });
  return [
    ...contractBalanceLines(move, input.currency),
    ...direct('revenue_expense_recharge', input.revenueByRole.get('revenue_expense_recharge') ?? 0n),
  ];
}
