import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  OBLIGATION_COLUMNS,
  type ObligationRow,
  type PerformanceObligation,
  presentObligation,
} from './obligation.service.ts';
import { ratableSchedule } from './recognition-math.ts';
import { presentRecognition, RECOGNITION_COLUMNS } from './recognition-run.service.ts';

export interface ContractRevenueBalance {
  readonly contractId: string;
  readonly clientId: string;
  readonly currency: string;
  readonly recognizedMinor: number;
  readonly billedMinor: number;
  /** The contract asset: recognized beyond what was billed. */
  readonly unbilledMinor: number;
  /** The contract liability: billed beyond what was recognized. */
  readonly deferredMinor: number;
}

export interface RevenueBalances {
  readonly legalEntityId: string;
  readonly asOf: string;
  readonly contracts: ContractRevenueBalance[];
  /** Per contract currency, never added across currencies. */
  readonly totals: {
    currency: string;
    recognizedMinor: number;
    billedMinor: number;
    unbilledMinor: number;
    deferredMinor: number;
  }[];
}

/**
 * The contract balances of a legal entity's contracts under revenue recognition (those with
 * performance obligations) at the end of `asOf`, in each contract's currency: revenue recognized
 * (months posted, ending on or before the day), billed (what the invoices and credit notes issued on or
 * before the day moved on the contract balance: their non-expense net after allowances), and their difference as unbilled revenue (asset) or deferred revenue
 * (liability) — what the ledger's unbilled and deferred revenue accounts hold on that day.
 */
export async function revenueBalances(
  tx: TenantTransaction,
  legalEntityId: string,
  asOf: string,
): Promise<RevenueBalances> {
  const tenantId = tx.ctx.tenantId;
  const entity =
    await sql`SELECT 1 FROM legal_entities WHERE tenant_id = ${tenantId} AND id = ${legalEntityId}`.execute(
      tx.db,
    );
  if (entity.rows.length === 0)
    throw new AppError('NOT_FOUND', { resource: 'legal_entity', id: legalEntityId });
  const rows = (
    await sql<{
      contract_id: string;
      client_id: string;
      currency: string;
      recognized: string;
      billed: string;
    }>`
      SELECT c.id AS contract_id, c.client_id, c.currency,
        coalesce((SELECT sum(r.amount_minor) FROM revenue_recognitions r
          WHERE r.tenant_id = c.tenant_id AND r.contract_id = c.id AND r.period_end <= ${asOf}::date), 0)::text AS recognized,
        coalesce((SELECT sum(m.deferred_minor - m.unbilled_minor) FROM contract_balance_movements m
          WHERE m.tenant_id = c.tenant_id AND m.contract_id = c.id AND m.source_kind = 'invoice'
            AND m.movement_date <= ${asOf}::date), 0)::text AS billed
      FROM contracts c
      WHERE c.tenant_id = ${tenantId} AND c.legal_entity_id = ${legalEntityId}
        AND EXISTS (SELECT 1 FROM performance_obligations o WHERE o.tenant_id = c.tenant_id AND o.contract_id = c.id)
      ORDER BY c.id`.execute(tx.db)
  ).rows;
  const contracts = rows.map((row): ContractRevenueBalance => {
    const recognized = BigInt(row.recognized);
    const billed = BigInt(row.billed);
    const net = recognized - billed;
    return {
      contractId: row.contract_id,
      clientId: row.client_id,
      currency: row.currency.trim(),
      recognizedMinor: Number(recognized),
      billedMinor: Number(billed),
      unbilledMinor: Number(net > 0n ? net : 0n),
      deferredMinor: Number(net < 0n ? -net : 0n),
    };
  });
  const totals = new Map<string, RevenueBalances['totals'][number]>();
  for (const contract of contracts) {
    const total = totals.get(contract.currency) ?? {
      currency: contract.currency,
      recognizedMinor: 0,
      billedMinor: 0,
      unbilledMinor: 0,
      deferredMinor: 0,
    };
    total.recognizedMinor += contract.recognizedMinor;
    total.billedMinor += contract.billedMinor;
    total.unbilledMinor += contract.unbilledMinor;
    total.deferredMinor += contract.deferredMinor;
    totals.set(contract.currency, total);
  }
  return {
    legalEntityId,
    asOf,
    contracts,
    totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
  };
}

export interface ScheduleLine {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly amountMinor: number;
  /** Recognized (posted) months, then the months a ratable obligation has still to recognize. */
  readonly status: 'recognized' | 'planned';
  readonly journalEntryId: string | null;
}

export interface ObligationSchedule {
  readonly obligation: PerformanceObligation;
  readonly lines: ScheduleLine[];
}

/**
 * The revenue schedule of each performance obligation of a contract: the months recognized, and
 * for a ratable obligation the months still planned by its service days. NOT_FOUND when the
 * contract is not visible.
 */
export async function revenueSchedules(
  tx: TenantTransaction,
  contractId: string,
): Promise<ObligationSchedule[]> {
  const tenantId = tx.ctx.tenantId;
  const visible =
    await sql`SELECT 1 FROM contracts WHERE tenant_id = ${tenantId} AND id = ${contractId}`.execute(tx.db);
  if (visible.rows.length === 0) throw new AppError('NOT_FOUND', { resource: 'contract', id: contractId });
  const obligations = (
    await sql<ObligationRow>`SELECT ${OBLIGATION_COLUMNS} FROM performance_obligations o
      WHERE o.tenant_id = ${tenantId} AND o.contract_id = ${contractId} ORDER BY o.id`.execute(tx.db)
  ).rows.map(presentObligation);
  const recognized = (
    await sql<
      Parameters<typeof presentRecognition>[0]
    >`SELECT ${RECOGNITION_COLUMNS} FROM revenue_recognitions r
      WHERE r.tenant_id = ${tenantId} AND r.contract_id = ${contractId} ORDER BY r.obligation_id, r.period_start`.execute(
      tx.db,
    )
  ).rows.map(presentRecognition);
  return obligations.map((obligation) => {
    const done = recognized.filter((r) => r.obligationId === obligation.id);
    const lines: ScheduleLine[] = done.map((r) => ({
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      amountMinor: r.amountMinor,
      status: 'recognized',
      journalEntryId: r.journalEntryId,
    }));
    if (obligation.kind === 'ratable' && obligation.serviceStart && obligation.serviceEnd) {
      const last = done.at(-1)?.periodStart ?? '';
      for (const planned of ratableSchedule(BigInt(obligation.allocatedPriceMinor ?? 0), {
        start: obligation.serviceStart,
        end: obligation.serviceEnd,
      }))
        if (planned.period.start > last)
          lines.push({
            periodStart: planned.period.start,
            periodEnd: planned.period.end,
            amountMinor: Number(planned.amountMinor),
            status: 'planned',
            journalEntryId: null,
          });
    }
    return { obligation, lines };
  });
}
