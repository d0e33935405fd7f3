import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { billableTime } from './billable-time.ts';
import { type DraftInvoice, type DraftLine, withLines } from './draft-invoice.ts';
import { draftFeeCredits, planFeeCredits, previewFeeCredits } from './fee-credits.ts';
import { draftFeeLines, type RunFeeLines } from './fee-lines.ts';
import { getInvoices, type Invoice } from './invoice.service.ts';
import { timeLineNet, type VatCategory } from './invoice-totals.ts';
import { isoDay, uuidList } from './sql-values.ts';
import { determineVat, REVERSE_CHARGE, type VatTreatment } from './tax-settings.service.ts';

export interface BillingRunInput {
  readonly legalEntityId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  /**
   * Optional, for compatibility: a VAT every line of the run carries. Without it each invoice's
   * VAT comes from the legal entity's tax settings and its client (determineVat).
   */
  readonly vatCategory?: VatCategory;
  readonly vatRate?: string;
  readonly dryRun?: boolean;
}

export interface BillingRunResult {
  readonly id: string | null;
  readonly dryRun: boolean;
  /** True when the key had run before: its documents are returned, nothing new is made. */
  readonly replayed: boolean;
  readonly invoices: Invoice[];
  /** The drafts (invoices and fee credit notes) a dry run would create. */
  readonly preview: DraftInvoice[];
  /** Time entries left out because no bill rate applies to them. */
  readonly unratedTimeEntryIds: string[];
}

interface ContractRow {
  id: string;
  client_id: string;
  practice_id: string;
  region_id: string | null;
  currency: string;
  name: string;
}

interface ExpenseRow {
  id: string;
  contract_id: string;
  amount_minor: bigint | string;
  description: string;
  incurred_on: string;
}

interface MilestoneRow {
  id: string;
  contract_id: string;
  name: string;
  amount_minor: bigint | string;
}

/**
 * A billing run for a legal entity and a period: one draft invoice per contract, from approved,
 * unbilled, billable time entries (minutes × the bill rate, rounded per line), approved
 * re-billable expenses in the project's currency, and accepted milestones not yet invoiced.
 * Each source row is claimed in this transaction (`FOR UPDATE SKIP LOCKED`, re-checked as
 * unbilled), so concurrent runs never bill it twice. The key is unique per tenant: a second run
 * under it returns the first run's invoices. A dry run writes nothing.
 */
export async function runBilling(
  tx: TenantTransaction,
  idempotencyKey: string,
  input: BillingRunInput,
): Promise<BillingRunResult> {
  if (input.periodFrom > input.periodTo)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      {},
      {
        detail: 'The period ends before it starts',
        fieldProblems: [{ path: '/body/periodTo', message: 'before periodFrom' }],
      },
    );
  const tenantId = tx.ctx.tenantId;
  // A legal entity out of the caller's scope is as absent as one that does not exist.
  const entity = await sql`SELECT 1 FROM legal_entities WHERE tenant_id = ${tenantId}
    AND id = ${input.legalEntityId}`.execute(tx.db);
  if (entity.rows.length === 0)
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'legal_entity', id: input.legalEntityId },
      { fieldProblems: [{ path: '/body/legalEntityId', message: 'no such legal entity' }] },
    );
  const dryRun = input.dryRun === true;
  const runId = uuidv7();
  if (!dryRun) {
    const previous = await findRun(tx, idempotencyKey);
    if (previous) return replay(tx, previous, input);
    // A concurrent run under the same key waits here for the first to commit, then replays it.
    const inserted = await sql<{ id: string }>`
      INSERT INTO billing_runs (tenant_id, id, legal_entity_id, idempotency_key, period_from, period_to,
        created_by_membership_id)
      VALUES (${tenantId}, ${runId}, ${input.legalEntityId}, ${idempotencyKey}, ${input.periodFrom}::date,
        ${input.periodTo}::date, ${tx.ctx.actor.membershipId ?? null})
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING id`.execute(tx.db);
    if (inserted.rows.length === 0) {
      const first = await findRun(tx, idempotencyKey);
      if (!first)
        throw new AppError('CONFLICT', {}, { detail: 'The billing run under this key is not visible' });
      return replay(tx, first, input);
    }
  }
  const lock = dryRun ? sql`` : sql`FOR UPDATE OF e SKIP LOCKED`;
  const contracts = new Map(
    (
      await sql<ContractRow>`
        SELECT id, client_id, practice_id, region_id, currency, name FROM contracts
        WHERE tenant_id = ${tenantId} AND legal_entity_id = ${input.legalEntityId}`.execute(tx.db)
    ).rows.map((row) => [row.id, row] as const),
  );
  const time = await billableTime(tx, input, !dryRun);
  const expenses = (
    await sql<ExpenseRow>`
      SELECT e.id, e.contract_id, e.amount_minor, e.description, e.incurred_on FROM expenses e
      WHERE e.tenant_id = ${tenantId} AND e.legal_entity_id = ${input.legalEntityId}
        AND e.status = 'approved' AND e.rebillable AND e.billing_state = 'unbilled'
        AND e.currency = e.project_currency
        AND e.incurred_on BETWEEN ${input.periodFrom}::date AND ${input.periodTo}::date
      ORDER BY e.contract_id, e.incurred_on, e.id
      ${lock}`.execute(tx.db)
  ).rows;
  const milestones = (
    await sql<MilestoneRow>`
      SELECT e.id, e.contract_id, e.name, e.amount_minor FROM project_milestones e
      WHERE e.tenant_id = ${tenantId} AND e.legal_entity_id = ${input.legalEntityId}
        AND e.status = 'accepted' AND e.invoice_id IS NULL AND e.amount_minor > 0
        AND e.decided_at < (${input.periodTo}::date + 1)
      ORDER BY e.contract_id, e.due_on, e.id
      ${lock}`.execute(tx.db)
  ).rows;

  const byContract = new Map<string, DraftLine[]>();
  const add = (contractId: string, line: DraftLine) => {
    const lines = byContract.get(contractId) ?? [];
    lines.push(line);
    byContract.set(contractId, lines);
  };
  const unrated: string[] = [];
  for (const entry of time) {
    if (entry.rate === null) {
      unrated.push(entry.id);
      continue;
    }
    const on = isoDay(entry.work_date);
    const rate = BigInt(entry.rate);
    add(entry.contract_id, {
      originKind: 'time',
      originIds: [entry.id],
      description: `${entry.person_name}, ${on}${entry.note ? `: ${entry.note}` : ''}`.slice(0, 2000),
      quantity: entry.minutes,
      unitPriceMinor: rate,
      netMinor: timeLineNet(entry.minutes, rate),
    });
  }
  for (const expense of expenses)
    add(expense.contract_id, {
      originKind: 'expense',
      originIds: [expense.id],
      description: `${isoDay(expense.incurred_on)}: ${expense.description}`.slice(0, 2000),
      quantity: 1,
      unitPriceMinor: BigInt(expense.amount_minor),
      netMinor: BigInt(expense.amount_minor),
    });
  for (const milestone of milestones)
    add(milestone.contract_id, {
      originKind: 'milestone',
      originIds: [milestone.id],
      description: `Milestone: ${milestone.name}`,
      quantity: 1,
      unitPriceMinor: BigInt(milestone.amount_minor),
      netMinor: BigInt(milestone.amount_minor),
    });
  // Retainer and subscription fees of the periods due (fee-lines.ts), claimed with the other lines.
  const fees = await draftFeeLines(tx, input, dryRun);
  for (const fee of fees.lines) add(fee.contractId, fee.line);

  const drafts: DraftInvoice[] = [];
  // One VAT treatment per client of the run (its contracts share it).
  const vatOf = new Map<string, VatTreatment>();
  for (const [contractId, lines] of [...byContract.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const contract = contracts.get(contractId);
    if (!contract) continue; // a contract outside the caller's scope: its rows stay unbilled
    const vat = vatOf.get(contract.client_id) ?? (await runVat(tx, input, contract.client_id));
    vatOf.set(contract.client_id, vat);
    drafts.push(
      withLines(
        {
          kind: 'invoice',
          correctsInvoiceId: null,
          contractId,
          clientId: contract.client_id,
          practiceId: contract.practice_id,
          regionId: contract.region_id,
          currency: contract.currency.trim(),
          vat,
        },
        lines,
      ),
    );
  }
  // Fee credits no invoice can carry go to credit notes of the invoices that billed their periods.
  const credits = await planFeeCredits(tx, drafts, fees);
  const credited = new Set(credits.map((credit) => credit.line));
  const invoiced = drafts.flatMap((draft) => {
    const lines = draft.lines.filter((line) => !credited.has(line));
    if (lines.length === draft.lines.length) return [draft];
    return lines.length === 0 ? [] : [withLines(draft, lines)];
  });
  if (dryRun)
    return {
      id: null,
      dryRun,
      replayed: false,
      invoices: [],
      preview: [...invoiced, ...previewFeeCredits(credits, drafts)],
      unratedTimeEntryIds: unrated,
    };

  const draftIds = invoiced.map(() => uuidv7());
  await persistDrafts(tx, runId, input, invoiced, draftIds, fees);
  const creditNotes = await draftFeeCredits(tx, credits, fees);
  const invoiceIds = [...draftIds, ...creditNotes.map((note) => note.id)];
  for (const [i, draft] of invoiced.entries())
    tx.audit({
      action: 'invoice.drafted',
      resourceKind: 'invoice',
      resourceId: draftIds[i] ?? null,
      after: { billingRunId: runId, contractId: draft.contractId, lines: draft.lines.length },
    });
  await sql`UPDATE billing_runs SET invoice_ids = ${invoiceIds}::uuid[]
    WHERE tenant_id = ${tenantId} AND id = ${runId}`.execute(tx.db);
  tx.audit({
    action: 'billing_run.completed',
    resourceKind: 'billing_run',
    resourceId: runId,
    after: {
      legalEntityId: input.legalEntityId,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      invoiceIds,
    },
  });
  const invoices = await getInvoices(tx, invoiceIds);
  return { id: runId, dryRun, replayed: false, invoices, preview: [], unratedTimeEntryIds: unrated };
}

/**
 * Writes a run's drafts in a few set-based statements, whatever their number: the invoices, all
 * their lines (numbered per invoice in draft order, carrying the invoice's segments), then the claim
 * of every time entry, expense and milestone for its line (`UPDATE … FROM unnest`, re-checked as
 * unbilled). The source rows were locked when read, so every one must be claimed; a shortfall
 * means a concurrent writer got there first and aborts the run.
 */
async function persistDrafts(
  tx: TenantTransaction,
  runId: string,
  input: BillingRunInput,
  drafts: readonly DraftInvoice[],
  invoiceIds: readonly string[],
  fees: RunFeeLines,
): Promise<void> {
  if (drafts.length === 0) return;
  const tenantId = tx.ctx.tenantId;
  const perInvoice = <T>(pick: (draft: DraftInvoice) => T) => drafts.map(pick);
  await sql`
    INSERT INTO invoices (tenant_id, id, legal_entity_id, client_id, contract_id, practice_id, region_id,
      currency, billing_run_id, period_from, period_to, net_minor, vat_minor, gross_minor, created_by_membership_id,
      vat_exemption_reason, vat_exemption_code)
    SELECT ${tenantId}, i.id, ${input.legalEntityId}, i.client_id, i.contract_id, i.practice_id, i.region_id,
      i.currency, ${runId}, ${input.periodFrom}::date, ${input.periodTo}::date, i.net_minor, i.vat_minor,
      i.gross_minor, ${tx.ctx.actor.membershipId ?? null}, i.exemption_reason, i.exemption_code
    FROM unnest(${invoiceIds}::uuid[], ${perInvoice((d) => d.clientId)}::uuid[],
      ${perInvoice((d) => d.contractId)}::uuid[], ${perInvoice((d) => d.practiceId)}::uuid[],
      ${perInvoice((d) => d.regionId)}::uuid[], ${perInvoice((d) => d.currency)}::text[],
      ${perInvoice((d) => d.netMinor.toString())}::bigint[], ${perInvoice((d) => d.vatMinor.toString())}::bigint[],
      ${perInvoice((d) => d.grossMinor.toString())}::bigint[], ${perInvoice((d) => d.vat.exemptionReason)}::text[],
      ${perInvoice((d) => d.vat.exemptionCode)}::text[])
      AS i(id, client_id, contract_id, practice_id, region_id, currency, net_minor, vat_minor, gross_minor,
        exemption_reason, exemption_code)`.execute(tx.db);
  // Each draft's line ids, in its lines' order (the fee claims take them per invoice).
  const lineIdsOf = drafts.map((draft) => draft.lines.map(() => uuidv7()));
  const lines = drafts.flatMap((draft, d) =>
    draft.lines.map((line, n) => ({
      id: lineIdsOf[d]?.[n] as string,
      invoiceId: invoiceIds[d] as string,
      lineNo: n + 1,
      line,
    })),
  );
  const perLine = <T>(pick: (line: DraftLine) => T) => lines.map(({ line }) => pick(line));
  await sql`
    INSERT INTO invoice_lines (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
      line_no, origin_kind, origin_ids, description, quantity, unit_price_minor, net_minor, vat_category, vat_rate)
    SELECT ${tenantId}, l.id, l.invoice_id, ${input.legalEntityId}, i.client_id, i.practice_id, i.region_id,
      l.line_no, l.origin_kind, ARRAY[l.origin_id], l.description, l.quantity, l.unit_price_minor, l.net_minor,
      i.vat_category, i.vat_rate
    FROM unnest(${lines.map((l) => l.id)}::uuid[], ${lines.map((l) => l.invoiceId)}::uuid[],
      ${lines.map((l) => l.lineNo)}::int[], ${perLine((l) => l.originKind)}::text[],
      ${perLine((l) => l.originIds[0])}::uuid[], ${perLine((l) => l.description)}::text[],
      ${perLine((l) => l.quantity)}::int[], ${perLine((l) => l.unitPriceMinor.toString())}::bigint[],
      ${perLine((l) => l.netMinor.toString())}::bigint[])
      AS l(id, invoice_id, line_no, origin_kind, origin_id, description, quantity, unit_price_minor, net_minor)
    JOIN unnest(${invoiceIds}::uuid[], ${perInvoice((d) => d.clientId)}::uuid[],
      ${perInvoice((d) => d.practiceId)}::uuid[], ${perInvoice((d) => d.regionId)}::uuid[],
      ${perInvoice((d) => d.vat.category)}::text[], ${perInvoice((d) => d.vat.rate)}::numeric[])
      AS i(id, client_id, practice_id, region_id, vat_category, vat_rate) ON i.id = l.invoice_id`.execute(
    tx.db,
  );
  // Time, expenses and milestones are claimed per kind, fees through the fee schedule (fee-lines.ts).
  const claimable = ['time', 'expense', 'milestone'] as const;
  let claimed = 0;
  for (const kind of claimable) {
    const picked = lines.filter(({ line }) => line.originKind === kind);
    if (picked.length === 0) continue;
    const claim = sql`unnest(${picked.map(({ line }) => line.originIds[0])}::uuid[],
      ${picked.map(({ id }) => id)}::uuid[], ${picked.map(({ invoiceId }) => invoiceId)}::uuid[])
      AS c(id, line_id, invoice_id)`;
    const { rows } =
      kind === 'milestone'
        ? await sql`
            UPDATE project_milestones t SET invoice_id = c.invoice_id, invoice_line_id = c.line_id,
              billed_at = now(), updated_at = now()
            FROM ${claim}
            WHERE t.tenant_id = ${tenantId} AND t.id = c.id AND t.invoice_id IS NULL RETURNING t.id`.execute(
            tx.db,
          )
        : await sql`
            UPDATE ${sql.table(kind === 'time' ? 'time_entries' : 'expenses')} t SET billing_state = 'billed',
              invoice_id = c.invoice_id, invoice_line_id = c.line_id, billed_at = now(), updated_at = now()
            FROM ${claim}
            WHERE t.tenant_id = ${tenantId} AND t.id = c.id AND t.billing_state = 'unbilled' RETURNING t.id`.execute(
            tx.db,
          );
    claimed += rows.length;
  }
  for (const [d, draft] of drafts.entries()) {
    if (!draft.lines.some((line) => line.originKind === 'fee')) continue;
    claimed += await fees.claim(tx, invoiceIds[d] as string, draft.lines, lineIdsOf[d] ?? []);
  }
  // The rows were locked by this transaction when read: every one must have been claimed.
  if (claimed !== lines.length)
    throw new AppError('CONFLICT', {}, { detail: 'Work of this run was billed concurrently; run it again' });
}

interface RunRow {
  id: string;
  legal_entity_id: string;
  period_from: string | Date;
  period_to: string | Date;
  invoice_ids: string[] | string;
}

async function findRun(tx: TenantTransaction, key: string): Promise<RunRow | undefined> {
  return (
    await sql<RunRow>`SELECT id, legal_entity_id, period_from, period_to, invoice_ids FROM billing_runs
      WHERE tenant_id = ${tx.ctx.tenantId} AND idempotency_key = ${key}`.execute(tx.db)
  ).rows[0];
}

async function replay(tx: TenantTransaction, run: RunRow, input: BillingRunInput): Promise<BillingRunResult> {
  if (
    run.legal_entity_id !== input.legalEntityId ||
    isoDay(run.period_from) !== input.periodFrom ||
    isoDay(run.period_to) !== input.periodTo
  )
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      {},
      { detail: 'This Idempotency-Key ran a billing run for another legal entity or period' },
    );
  const invoices = await getInvoices(tx, uuidList(run.invoice_ids));
  return { id: run.id, dryRun: false, replayed: true, invoices, preview: [], unratedTimeEntryIds: [] };
}

/** The VAT of a run's invoice: the run's own (compatibility) or the tax settings' for the client. */
async function runVat(
  tx: TenantTransaction,
  input: BillingRunInput,
  clientId: string,
): Promise<VatTreatment> {
  if (input.vatCategory === undefined && input.vatRate === undefined)
    return determineVat(tx, input.legalEntityId, clientId);
  if (input.vatCategory === undefined || input.vatRate === undefined)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        detail: 'Give both vatCategory and vatRate, or neither (the tax settings decide)',
        fieldProblems: [
          {
            path: input.vatRate === undefined ? '/body/vatRate' : '/body/vatCategory',
            message: 'required with the other',
          },
        ],
      },
    );
  const category = input.vatCategory;
  const reason = category === 'AE' ? REVERSE_CHARGE : null;
  return {
    category,
    rate: category === 'S' ? input.vatRate : '0',
    exemptionReason:
      reason?.exemptionReason ??
      (category === 'E' ? 'Exempt' : category === 'O' ? 'Not subject to VAT' : null),
    exemptionCode: reason?.exemptionCode ?? null,
  };
}
