import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type AccountRole, postJournalEntry } from '../ledger/index.ts';
import { contractBalanceLines, lockContract, moveContractBalance } from './contract-balance.ts';
import { completeMonths, monthEnd, type Period } from './recognition-math.ts';
import { cumulativeTargets, type TargetObligation } from './recognition-targets.ts';

export interface RecognitionRunInput {
  readonly legalEntityId: string;
  /** Every calendar month ending on or before this day is recognized. */
  readonly asOf: string;
}

export interface Recognition {
  readonly id: string;
  readonly obligationId: string;
  readonly contractId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly amountMinor: number;
  readonly cumulativeMinor: number;
  readonly currency: string;
  readonly journalEntryId: string | null;
}

export interface RecognitionRunResult {
  readonly id: string;
  readonly legalEntityId: string;
  readonly asOf: string;
  /** True when the key had run before: its recognitions are returned, nothing new is posted. */
  readonly replayed: boolean;
  readonly recognitions: Recognition[];
  /** Obligations that could not be recognized this time, and why. */
  readonly skipped: { obligationId: string; reason: string }[];
}

/** The revenue account each kind of obligation earns into. */
export const REVENUE_ROLE: Readonly<Record<TargetObligation['kind'], AccountRole>> = Object.freeze({
  time_and_materials: 'revenue_services',
  milestone: 'revenue_fixed_fees',
  fixed_fee_percent_complete: 'revenue_fixed_fees',
  ratable: 'revenue_subscriptions',
});

interface LockedObligation {
  id: string;
  contract_id: string;
  name: string;
  kind: TargetObligation['kind'];
  currency: string;
  allocated_price_minor: string | null;
  project_id: string | null;
  milestone_id: string | null;
  service_start: string | null;
  service_end: string | null;
  estimated_total_cost_minor: string | null;
  cost_currency: string | null;
  contract_starts_on: string;
  last_start: string | null;
  recognized: string | null;
}

interface RecognitionRow {
  id: string;
  obligation_id: string;
  contract_id: string;
  period_start: string;
  period_end: string;
  amount_minor: string;
  cumulative_minor: string;
  currency: string;
  journal_entry_id: string | null;
}

export const RECOGNITION_COLUMNS = sql`r.id, r.obligation_id, r.contract_id,
  to_char(r.period_start, 'YYYY-MM-DD') AS period_start, to_char(r.period_end, 'YYYY-MM-DD') AS period_end,
  r.amount_minor::text AS amount_minor, r.cumulative_minor::text AS cumulative_minor, r.currency, r.journal_entry_id`;

export function presentRecognition(row: RecognitionRow): Recognition {
  return {
    id: row.id,
    obligationId: row.obligation_id,
    contractId: row.contract_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amountMinor: Number(row.amount_minor),
    cumulativeMinor: Number(row.cumulative_minor),
    currency: row.currency.trim(),
    journalEntryId: row.journal_entry_id,
  };
}

/** The months an obligation still has to recognize up to `asOf`, after the last it recognized. */
export function pendingPeriods(
  obligation: { kind: TargetObligation['kind']; serviceStart: string | null; serviceEnd: string | null },
  contractStartsOn: string,
  lastRecognizedStart: string | null,
  asOf: string,
): Period[] {
  const from =
    obligation.kind === 'ratable' ? (obligation.serviceStart ?? contractStartsOn) : contractStartsOn;
  const until =
    obligation.kind === 'ratable' && obligation.serviceEnd && monthEnd(obligation.serviceEnd) < asOf
      ? monthEnd(obligation.serviceEnd)
      : asOf;
  return completeMonths(from, until).filter(
    (period) => lastRecognizedStart === null || period.start > lastRecognizedStart,
  );
}

async function findRun(tx: TenantTransaction, key: string) {
  return (
    await sql<{ id: string; legal_entity_id: string; as_of: string }>`
      SELECT id, legal_entity_id, to_char(as_of, 'YYYY-MM-DD') AS as_of FROM revenue_recognition_runs
      WHERE tenant_id = ${tx.ctx.tenantId} AND idempotency_key = ${key}`.execute(tx.db)
  ).rows[0];
}

async function replay(
  tx: TenantTransaction,
  run: { id: string; legal_entity_id: string; as_of: string },
  input: RecognitionRunInput,
): Promise<RecognitionRunResult> {
  if (run.legal_entity_id !== input.legalEntityId || run.as_of !== input.asOf)
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      {},
      { detail: 'This Idempotency-Key ran a recognition run for another legal entity or date' },
    );
  const rows = (
    await sql<RecognitionRow>`SELECT ${RECOGNITION_COLUMNS} FROM revenue_recognitions r
      WHERE r.tenant_id = ${tx.ctx.tenantId} AND r.run_id = ${run.id} ORDER BY r.obligation_id, r.period_start`.execute(
      tx.db,
    )
  ).rows;
  return {
    id: run.id,
    legalEntityId: run.legal_entity_id,
    asOf: run.as_of,
    replayed: true,
    recognitions: rows.map(presentRecognition),
    skipped: [],
  };
}

/**
 * Recognizes revenue of a legal entity's performance obligations for every calendar month ending
 * on or before `asOf` not recognized yet: per obligation and month, the cumulative target at the
 * month's end less what was recognized before (`cumulativeTargets`), posted on the month's last
 * day — Dr deferred revenue up to the contract's deferred balance, Dr unbilled revenue for the
 * rest, Cr revenue by kind — in this transaction. The obligations are locked (`FOR UPDATE`) and
 * a month is recognized once (`UNIQUE (obligation, period_start)`), so re-running, concurrently
 * or under another key, posts nothing twice. The key replays the first run's recognitions.
 */
export async function runRecognition(
  tx: TenantTransaction,
  idempotencyKey: string,
  input: RecognitionRunInput,
): Promise<RecognitionRunResult> {
  const tenantId = tx.ctx.tenantId;
  const entity =
    await sql`SELECT 1 FROM legal_entities WHERE tenant_id = ${tenantId} AND id = ${input.legalEntityId}`.execute(
      tx.db,
    );
  if (entity.rows.length === 0)
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'legal_entity', id: input.legalEntityId },
      { fieldProblems: [{ path: '/body/legalEntityId', message: 'no such legal entity' }] },
    );
  const previous = await findRun(tx, idempotencyKey);
  if (previous) return replay(tx, previous, input);
  const runId = uuidv7();
  // A concurrent run under the same key waits here for the first to commit, then replays it.
  const inserted = await sql<{ id: string }>`
    INSERT INTO revenue_recognition_runs (tenant_id, id, legal_entity_id, idempotency_key, as_of, created_by_membership_id)
    VALUES (${tenantId}, ${runId}, ${input.legalEntityId}, ${idempotencyKey}, ${input.asOf}::date,
      ${tx.ctx.actor.membershipId ?? null})
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`.execute(tx.db);
  if (inserted.rows.length === 0) {
    const first = await findRun(tx, idempotencyKey);
    if (!first)
      throw new AppError('CONFLICT', {}, { detail: 'The recognition run under this key is not visible' });
    return replay(tx, first, input);
  }
  // Lock first; read in the next statement, which sees what a run we waited for recognized.
  const locked = (
    await sql<{ id: string }>`SELECT id FROM performance_obligations
      WHERE tenant_id = ${tenantId} AND legal_entity_id = ${input.legalEntityId} ORDER BY id FOR UPDATE`.execute(
      tx.db,
    )
  ).rows.map((row) => row.id);
  const obligations = (
    await sql<LockedObligation>`
      SELECT o.id, o.contract_id, o.name, o.kind, o.currency, o.allocated_price_minor::text AS allocated_price_minor,
        o.project_id, o.milestone_id, to_char(o.service_start, 'YYYY-MM-DD') AS service_start,
        to_char(o.service_end, 'YYYY-MM-DD') AS service_end,
        o.estimated_total_cost_minor::text AS estimated_total_cost_minor, o.cost_currency,
        to_char(c.starts_on, 'YYYY-MM-DD') AS contract_starts_on,
        (SELECT to_char(max(r.period_start), 'YYYY-MM-DD') FROM revenue_recognitions r
          WHERE r.tenant_id = o.tenant_id AND r.obligation_id = o.id) AS last_start,
        (SELECT sum(r.amount_minor)::text FROM revenue_recognitions r
          WHERE r.tenant_id = o.tenant_id AND r.obligation_id = o.id) AS recognized
      FROM performance_obligations o
      JOIN contracts c ON c.tenant_id = o.tenant_id AND c.id = o.contract_id
      WHERE o.tenant_id = ${tenantId} AND o.id = ANY(${locked}::uuid[])
      ORDER BY o.id`.execute(tx.db)
  ).rows;
  const recognitions: Recognition[] = [];
  const skipped: { obligationId: string; reason: string }[] = [];
  for (const row of obligations) {
    const obligation: TargetObligation = {
      id: row.id,
      contractId: row.contract_id,
      kind: row.kind,
      allocatedPriceMinor: row.allocated_price_minor === null ? null : BigInt(row.allocated_price_minor),
      projectId: row.project_id,
      milestoneId: row.milestone_id,
      serviceStart: row.service_start,
      serviceEnd: row.service_end,
      estimatedTotalCostMinor:
        row.estimated_total_cost_minor === null ? null : BigInt(row.estimated_total_cost_minor),
      costCurrency: row.cost_currency?.trim() ?? null,
    };
    const periods = pendingPeriods(obligation, row.contract_starts_on, row.last_start, input.asOf);
    if (periods.length === 0) continue;
    const targets = await cumulativeTargets(tx, obligation, periods);
    if (!targets.ok) {
      skipped.push({ obligationId: row.id, reason: targets.reason });
      continue;
    }
    const currency = row.currency.trim();
    let before = BigInt(row.recognized ?? 0);
    for (const [index, period] of periods.entries()) {
      const cumulative = targets.cumulative[index] as bigint;
      const amount = cumulative - before;
      before = cumulative;
      const id = uuidv7();
      let journalEntryId: string | null = null;
      if (amount !== 0n) {
        const contract = await lockContract(tx, row.contract_id);
        const move = await moveContractBalance(tx, contract, period.end, amount, { kind: 'recognition', id });
        const posted = await postJournalEntry(tx, {
          legalEntityId: input.legalEntityId,
          entryDate: period.end,
          description: `Revenue recognized: ${row.name}, ${period.start.slice(0, 7)}`.slice(0, 500),
          source: { kind: 'revenue_recognition', id, purpose: 'recognition' },
          lines: [
            ...contractBalanceLines(move, currency),
            {
              account: { role: REVENUE_ROLE[row.kind] },
              side: amount > 0n ? 'credit' : 'debit',
              amountMinor: amount > 0n ? amount : -amount,
              currency,
            },
          ],
        });
        journalEntryId = posted.entry.id;
      }
      await sql`INSERT INTO revenue_recognitions (tenant_id, id, obligation_id, contract_id, legal_entity_id, client_id,
          practice_id, region_id, currency, period_start, period_end, amount_minor, cumulative_minor, run_id,
          journal_entry_id)
        SELECT o.tenant_id, ${id}, o.id, o.contract_id, o.legal_entity_id, o.client_id, o.practice_id, o.region_id,
          o.currency, ${period.start}::date, ${period.end}::date, ${amount}, ${cumulative}, ${runId}, ${journalEntryId}
        FROM performance_obligations o WHERE o.tenant_id = ${tenantId} AND o.id = ${row.id}`.execute(tx.db);
      recognitions.push({
        id,
        obligationId: row.id,
        contractId: row.contract_id,
        periodStart: period.start,
        periodEnd: period.end,
        amountMinor: Number(amount),
        cumulativeMinor: Number(cumulative),
        currency,
        journalEntryId,
      });
    }
  }
  await sql`UPDATE revenue_recognition_runs SET recognition_ids = ${recognitions.map((r) => r.id)}::uuid[]
    WHERE tenant_id = ${tenantId} AND id = ${runId}`.execute(tx.db);
  tx.audit({
    action: 'revenue_recognition_run.completed',
    resourceKind: 'revenue_recognition_run',
    resourceId: runId,
    after: {
      legalEntityId: input.legalEntityId,
      asOf: input.asOf,
      recognitions: recognitions.length,
      skipped,
    },
  });
  tx.emit({
    topic: 'revenue_recognition_run.completed',
    resourceKind: 'revenue_recognition_run',
    resourceId: runId,
    payload: { legalEntityId: input.legalEntityId, asOf: input.asOf, recognitions, skipped },
  });
  return {
    id: runId,
    legalEntityId: input.legalEntityId,
    asOf: input.asOf,
    replayed: false,
    recognitions,
    skipped,
  };
}
