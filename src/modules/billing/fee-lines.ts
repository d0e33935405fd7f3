import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { DraftLine } from './draft-invoice.ts';
import {
  type FeeInterval,
  type FeeLineDraft,
  type FeePeriod,
  type FeeRevision,
  feeLinesForPeriod,
  feePeriodContaining,
  lastFeeDay,
  nextFeePeriod,
} from './fee-proration.ts';
import { isoDay } from './sql-values.ts';

/** The fee lines of a billing run, per contract, and how to claim them once drafted. */
export interface RunFeeLines {
  readonly lines: readonly { readonly contractId: string; readonly line: DraftLine }[];
  /**
   * Records, for the fee lines among an invoice's `lines` (inserted as `lineIds`), which
   * (contract, period, revision) each bills; returns how many fee lines were claimed whole. A
   * share another run billed meanwhile is not claimed again (unique key), so the count falls short.
   */
  claim(
    tx: TenantTransaction,
    invoiceId: string,
    lines: readonly DraftLine[],
    lineIds: readonly string[],
  ): Promise<number>;
  /** The contract and period of one of `lines`, if it is a fee line. */
  feeLineOf(line: DraftLine): { readonly contractId: string; readonly period: FeePeriod } | undefined;
}

interface ContractRow {
  id: string;
  ends_on: string | null;
}

interface ScheduleRow {
  id: string;
  contract_id: string;
  revision: number;
  amount_minor: bigint | string;
  billing_interval: FeeInterval;
  effective_from: string;
  description: string;
}

interface BilledRow {
  contract_id: string;
  period_from: string;
  revision: number;
}

interface Claim {
  readonly contractId: string;
  readonly draft: FeeLineDraft;
  readonly feeIds: ReadonlyMap<number, string>;
}

function describe(draft: FeeLineDraft, schedule: readonly ScheduleRow[], endsOn: string | null): string {
  const row = schedule.find((r) => r.revision === draft.revision);
  const text = row?.description ?? 'Fee';
  const span = `${draft.period.from} to ${draft.period.to}`;
  const share = draft.shares[draft.shares.length - 1];
  const ending = lastFeeDay(draft.period, endsOn) < draft.period.to ? `, contract ends ${endsOn}` : '';
  const prorated =
    share && share.days < draft.period.days ? ` (${share.days}/${draft.period.days} days${ending})` : '';
  if (draft.kind === 'period') return `${text}, ${span}${prorated}`;
  return `${text}: change effective ${isoDay(row?.effective_from)}, ${span}${prorated}`;
}

/**
 * The recurring fee lines a billing run of a legal entity adds, up to `periodTo`: for each active
 * retainer or subscription contract with a fee schedule, every calendar period that starts on or
 * before `periodTo` (from the first fee's period; none after the contract ends, the one it ends in
 * prorated to its last day) and is not billed yet, in advance, plus adjustment lines for changes
 * (`feeLinesForPeriod`). Unless a dry run, the contracts are locked (`FOR NO KEY UPDATE SKIP
 * LOCKED`: a contract another run is billing is left to it) and shares billed on a voided invoice
 * are released first.
 */
export async function draftFeeLines(
  tx: TenantTransaction,
  input: { readonly legalEntityId: string; readonly periodTo: string },
  dryRun: boolean,
): Promise<RunFeeLines> {
  const tenantId = tx.ctx.tenantId;
  const claims = new Map<DraftLine, Claim>();
  const lines: { contractId: string; line: DraftLine }[] = [];
  const result: RunFeeLines = {
    lines,
    claim: (claimTx, invoiceId, drafted, lineIds) => claim(claimTx, claims, invoiceId, drafted, lineIds),
    feeLineOf: (line) => {
      const found = claims.get(line);
      return found && { contractId: found.contractId, period: found.draft.period };
    },
  };
  const contracts = (
    await sql<ContractRow>`
      SELECT c.id, c.ends_on FROM contracts c
      WHERE c.tenant_id = ${tenantId} AND c.legal_entity_id = ${input.legalEntityId} AND c.status = 'active'
        AND c.billing_model IN ('retainer', 'subscription')
        AND EXISTS (SELECT 1 FROM contract_fees f WHERE f.tenant_id = c.tenant_id AND f.contract_id = c.id
          AND f.effective_from <= ${input.periodTo}::date)
      ORDER BY c.id
      ${dryRun ? sql`` : sql`FOR NO KEY UPDATE OF c SKIP LOCKED`}`.execute(tx.db)
  ).rows;
  if (contracts.length === 0) return result;
  const ids = contracts.map((c) => c.id);
  if (!dryRun) {
    const released = await sql<{ id: string }>`
      UPDATE contract_fee_billings b SET released_at = now()
      FROM invoices i
      WHERE b.tenant_id = ${tenantId} AND b.contract_id = ANY(${ids}::uuid[]) AND b.released_at IS NULL
        AND i.tenant_id = b.tenant_id AND i.id = b.invoice_id AND i.status = 'void'
      RETURNING b.id`.execute(tx.db);
    if (released.rows.length > 0)
      tx.audit({
        action: 'contract_fee_billing.released',
        resourceKind: 'contract_fee_billing',
        resourceId: null,
        after: { ids: released.rows.map((row) => row.id), reason: 'invoice voided' },
      });
  }
  const schedule = (
    await sql<ScheduleRow>`
      SELECT id, contract_id, revision, amount_minor, billing_interval, effective_from, description
      FROM contract_fees
      WHERE tenant_id = ${tenantId} AND contract_id = ANY(${ids}::uuid[]) AND effective_from <= ${input.periodTo}::date
      ORDER BY contract_id, revision`.execute(tx.db)
  ).rows;
  const billed = (
    await sql<BilledRow>`
      SELECT b.contract_id, b.period_from, b.revision FROM contract_fee_billings b
      JOIN invoices i ON i.tenant_id = b.tenant_id AND i.id = b.invoice_id
      WHERE b.tenant_id = ${tenantId} AND b.contract_id = ANY(${ids}::uuid[]) AND b.released_at IS NULL
        AND i.status <> 'void'`.execute(tx.db)
  ).rows;
  const billedKeys = new Set(billed.map((b) => `${b.contract_id}|${isoDay(b.period_from)}|${b.revision}`));

  for (const contract of contracts) {
    const rows = schedule.filter((row) => row.contract_id === contract.id);
    const first = rows[0];
    if (!first) continue;
    const interval = first.billing_interval;
    const revisions: FeeRevision[] = rows.map((row) => ({
      revision: row.revision,
      effectiveFrom: isoDay(row.effective_from),
      amountMinor: BigInt(row.amount_minor),
    }));
    const feeIds = new Map(rows.map((row) => [row.revision, row.id] as const));
    const endsOn = contract.ends_on === null ? null : isoDay(contract.ends_on);
    for (
      let period = feePeriodContaining(isoDay(first.effective_from), interval);
      period.from <= input.periodTo && (endsOn === null || period.from <= endsOn);
      period = nextFeePeriod(period, interval)
    ) {
      const done = new Set(
        revisions
          .filter((r) => billedKeys.has(`${contract.id}|${period.from}|${r.revision}`))
          .map((r) => r.revision),
      );
      for (const draft of feeLinesForPeriod(revisions, period, done, endsOn)) {
        const line: DraftLine = {
          originKind: 'fee',
          originIds: [feeIds.get(draft.revision) ?? ''],
          description: describe(draft, rows, endsOn).slice(0, 2000),
          quantity: 1,
          unitPriceMinor: draft.netMinor,
          netMinor: draft.netMinor,
        };
        claims.set(line, { contractId: contract.id, draft, feeIds });
        lines.push({ contractId: contract.id, line });
      }
    }
  }
  return result;
}

async function claim(
  tx: TenantTransaction,
  claims: ReadonlyMap<DraftLine, Claim>,
  invoiceId: string,
  lines: readonly DraftLine[],
  lineIds: readonly string[],
): Promise<number> {
  const shares = lines.flatMap((line, index) => {
    const found = claims.get(line);
    if (!found) return [];
    return found.draft.shares.map((share) => ({
      id: uuidv7(),
      contractId: found.contractId,
      feeId: found.feeIds.get(share.revision) ?? '',
      revision: share.revision,
      from: found.draft.period.from,
      to: found.draft.period.to,
      kind: found.draft.kind,
      amount: share.netMinor.toString(),
      lineId: lineIds[index] ?? '',
    }));
  });
  if (shares.length === 0) return 0;
  const column = <T>(pick: (share: (typeof shares)[number]) => T) => shares.map(pick);
  const inserted = await sql<{ invoice_line_id: string }>`
    INSERT INTO contract_fee_billings (tenant_id, id, contract_id, contract_fee_id, revision, period_from, period_to,
      kind, amount_minor, invoice_id, invoice_line_id, legal_entity_id, client_id, practice_id, region_id)
    SELECT i.tenant_id, s.id, s.contract_id, s.fee_id, s.revision, s.period_from, s.period_to, s.kind, s.amount,
      i.id, s.line_id, i.legal_entity_id, i.client_id, i.practice_id, i.region_id
    FROM unnest(${column((s) => s.id)}::uuid[], ${column((s) => s.contractId)}::uuid[],
      ${column((s) => s.feeId)}::uuid[], ${column((s) => s.revision)}::int[], ${column((s) => s.from)}::date[],
      ${column((s) => s.to)}::date[], ${column((s) => s.kind)}::text[], ${column((s) => s.amount)}::bigint[],
      ${column((s) => s.lineId)}::uuid[])
      AS s(id, contract_id, fee_id, revision, period_from, period_to, kind, amount, line_id)
    JOIN invoices i ON i.tenant_id = ${tx.ctx.tenantId} AND i.id = ${invoiceId} AND i.contract_id = s.contract_id
    ON CONFLICT (tenant_id, contract_id, period_from, revision) WHERE released_at IS NULL DO NOTHING
    RETURNING invoice_line_id`.execute(tx.db);
  const claimedPerLine = new Map<string, number>();
  for (const row of inserted.rows)
    claimedPerLine.set(row.invoice_line_id, (claimedPerLine.get(row.invoice_line_id) ?? 0) + 1);
  const wanted = new Map<string, number>();
  for (const share of shares) wanted.set(share.lineId, (wanted.get(share.lineId) ?? 0) + 1);
  return [...wanted.entries()].filter(([lineId, n]) => claimedPerLine.get(lineId) === n).length;
}
