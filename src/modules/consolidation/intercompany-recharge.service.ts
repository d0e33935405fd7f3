import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import { convertMinor, divideRounded, postJournalEntry } from '../ledger/index.ts';
import { type IntercompanyRecharge, present } from './intercompany-recharge-query.ts';
import { rechargeMarkup } from './intercompany-settings.service.ts';
import {
  type ExpenseRow,
  expensesInCurrency,
  lockUncoveredExpenses,
  lockUncoveredTime,
  monthEndRate,
  type TimeRow,
} from './intercompany-work.ts';
import { lastDayOf, visibleEntities } from './legal-entity-scope.ts';
import './consolidation.tables.ts';

export interface RechargeRunInput {
  /** `YYYY-MM` */
  readonly month: string;
  /** Only pairs of these entities (each must be visible); every pair found otherwise. */
  readonly legalEntityIds?: readonly string[];
  /**
   * The day new recharges are posted on (default: the month's last day, never earlier): for a
   * supplement of a month whose books are closed, a day of an open month.
   */
  readonly postOn?: string;
}

export interface RechargeRunResult {
  readonly month: string;
  /**
   * The month's recharges of the pairs run: the ones a previous run posted (`replayed`), then the
   * new ones — a pair's first, or a supplement for its time approved since (`sequence` > 1).
   */
  readonly recharges: (IntercompanyRecharge & { readonly replayed: boolean })[];
}

/** One inter-company pair's uncovered work of the month: the employing entity recharges the project's. */
interface Pair {
  readonly employing: string;
  readonly project: string;
  readonly time: TimeRow[];
  readonly expenses: ExpenseRow[];
}

interface CostRateRow {
  person_id: string;
  hourly_cost_minor: bigint;
  currency: string;
  valid_from: string;
  valid_until: string | null;
}

const BASIS_POINTS = 10_000n;

/**
 * Recharges a month's approved inter-company time and expenses: per pair (employing entity of
 * the person, legal entity of the project), the cost of the time at each person's cost rate on
 * the work day (Σ minutes × hourly cost / 60, rounded once, half away from zero) plus the
 * tenant's markup, and the expenses at cost, in the employing entity's functional currency (a
 * cost rate or receipt in another currency is converted at the month-end rate). Both halves are
 * posted in this transaction, dated the last day of the month (or `postOn`): the employing
 * entity Dr intercompany_receivable / Cr revenue_intercompany, the project entity Dr
 * intercompany_costs / Cr intercompany_payable (converted by the ledger into its functional
 * currency). Each time entry and expense is recharged once: a re-run returns the month's
 * recharges (`replayed`) and recharges only what was approved since, as a supplement of the pair
 * (the next `sequence`). The caller must see both entities of every pair it runs (404 naming the
 * one it cannot), and hold restricted clearance (cost rates are payroll data; 403 otherwise).
 */
export async function runIntercompanyRecharges(
  tx: TenantTransaction,
  input: RechargeRunInput,
): Promise<RechargeRunResult> {
  if (tx.ctx.clearance !== 'restricted')
    throw new AppError(
      'FORBIDDEN',
      {},
      { detail: 'Recharging at cost reads cost rates: it needs restricted clearance' },
    );
  const tenantId = tx.ctx.tenantId;
  const from = `${input.month}-01`;
  const to = lastDayOf(input.month);
  if (input.postOn !== undefined && input.postOn < to)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      {},
      {
        detail: 'A recharge is posted once its month has ended',
        fieldProblems: [{ path: '/body/postOn', message: `before the month ends (${to})` }],
      },
    );
  const only = input.legalEntityIds ? new Set(input.legalEntityIds) : null;
  const entities = await visibleEntities(tx, input.legalEntityIds ?? null, '/body/legalEntityIds');
  const inRun = (employing: string, project: string) =>
    only === null || (only.has(employing) && only.has(project));

  const open = (await lockUncoveredTime(tx, from, to)).filter((row) =>
    inRun(row.person_legal_entity_id, row.legal_entity_id),
  );
  const expenses = (await lockUncoveredExpenses(tx, from, to)).filter((row) =>
    inRun(row.person_legal_entity_id, row.legal_entity_id),
  );
  const existing = (
    await tx.db
      .selectFrom('intercompany_recharges')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('month', '=', from)
      .orderBy('id')
      .execute()
  ).filter((row) => inRun(row.employing_legal_entity_id, row.project_legal_entity_id));
  // The last sequence each pair has this month: time approved since is its supplement.
  const sequences = new Map<string, number>();
  for (const row of existing) {
    const key = pairKey(row.employing_legal_entity_id, row.project_legal_entity_id);
    sequences.set(key, Math.max(sequences.get(key) ?? 0, row.sequence));
  }

  const pairs = new Map<string, Pair>();
  const pairOf = (employing: string, project: string): Pair => {
    const key = pairKey(employing, project);
    const pair = pairs.get(key) ?? { employing, project, time: [], expenses: [] };
    pairs.set(key, pair);
    return pair;
  };
  for (const row of open) pairOf(row.person_legal_entity_id, row.legal_entity_id).time.push(row);
  for (const row of expenses) pairOf(row.person_legal_entity_id, row.legal_entity_id).expenses.push(row);
  // Both sides of every pair must be the caller's: refuse before anything is written.
  for (const pair of pairs.values()) {
    for (const id of [pair.employing, pair.project])
      if (!entities.has(id))
        throw new AppError(
          'NOT_FOUND',
          { resource: 'legal_entity', id },
          { detail: 'A legal entity of an inter-company pair of this month is not in your scope' },
        );
  }

  const markup = await rechargeMarkup(tx);
  const rates = await costRates(tx, [...new Set(open.map((row) => row.person_id))]);
  const missing: FieldProblem[] = [];
  const recharges: (IntercompanyRecharge & { replayed: boolean })[] = existing.map((row) => ({
    ...present(row),
    replayed: true,
  }));
  const planned: { pair: Pair; costs: Map<string, bigint> }[] = [];
  for (const pair of pairs.values()) {
    // Σ minutes × hourly cost per cost currency, exactly; divided by 60 once below.
    const costs = new Map<string, bigint>();
    for (const row of pair.time) {
      const rate = rates
        .get(row.person_id)
        ?.find(
          (r) => r.valid_from <= row.work_date && (r.valid_until === null || r.valid_until >= row.work_date),
        );
      if (!rate) {
        missing.push({
          path: '/body/month',
          message: `no cost rate of person ${row.person_id} on ${row.work_date} (time entry ${row.id})`,
        });
        continue;
      }
      const currency = rate.currency.trim();
      costs.set(currency, (costs.get(currency) ?? 0n) + BigInt(row.minutes) * BigInt(rate.hourly_cost_minor));
    }
    planned.push({ pair, costs });
  }
  if (missing.length > 0)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      {},
      { detail: 'Inter-company time without a cost rate cannot be recharged', fieldProblems: missing },
    );

  for (const { pair, costs } of planned) {
    const employing = entities.get(pair.employing) as { functionalCurrency: string };
    const currency = employing.functionalCurrency;
    let cost = 0n;
    let amount = 0n;
    for (const [costCurrency, minuteCost] of [...costs].sort(([a], [b]) => a.localeCompare(b))) {
      const inCurrency = divideRounded(minuteCost, 60n);
      const withMarkup = divideRounded(minuteCost * (BASIS_POINTS + BigInt(markup)), 60n * BASIS_POINTS);
      if (costCurrency === currency) {
        cost += inCurrency;
        amount += withMarkup;
        continue;
      }
      const rate = await monthEndRate(tx, costCurrency, currency, to);
      cost += convertMinor(inCurrency, costCurrency, currency, rate);
      amount += convertMinor(withMarkup, costCurrency, currency, rate);
    }
    // Expenses pass through at cost: no markup on what the person spent.
    const expensesMinor = await expensesInCurrency(tx, pair.expenses, currency, to);
    const recharge = await postRecharge(tx, {
      month: input.month,
      sequence: (sequences.get(pairKey(pair.employing, pair.project)) ?? 0) + 1,
      postOn: input.postOn ?? to,
      employingLegalEntityId: pair.employing,
      projectLegalEntityId: pair.project,
      currency,
      cost,
      amount: amount + expensesMinor,
      expensesMinor,
      markup,
      rows: pair.time,
      expenses: pair.expenses,
    });
    recharges.push({ ...recharge, replayed: false });
  }
  // The run itself is audited too: it locks the month's time, and says what it found.
  tx.audit({
    action: 'intercompany_recharge.run',
    resourceKind: 'intercompany_recharge',
    resourceId: null,
    after: {
      month: input.month,
      legalEntityIds: input.legalEntityIds ?? null,
      posted: recharges.filter((r) => !r.replayed).map((r) => r.id),
      replayed: recharges.filter((r) => r.replayed).map((r) => r.id),
    },
  });
  return { month: input.month, recharges };
}

async function postRecharge(
  tx: TenantTransaction,
  input: {
    month: string;
    sequence: number;
    postOn: string;
    employingLegalEntityId: string;
    projectLegalEntityId: string;
    currency: string;
    cost: bigint;
    /** Time at cost plus markup, and the expenses at cost. */
    amount: bigint;
    expensesMinor: bigint;
    markup: number;
    rows: readonly TimeRow[];
    expenses: readonly ExpenseRow[];
  },
): Promise<IntercompanyRecharge> {
  const tenantId = tx.ctx.tenantId;
  const id = uuidv7();
  const from = `${input.month}-01`;
  const minutes = input.rows.reduce((sum, row) => sum + BigInt(row.minutes), 0n);
  // The key (month, employing, project, sequence) numbers the pair's recharges; a concurrent run
  // of the pair waits on the time entries' locks and then finds them covered (see
  // runIntercompanyRecharges), and the entries' key recharges each time entry once.
  await tx.db
    .insertInto('intercompany_recharges')
    .values({
      tenant_id: tenantId,
      id,
      month: from,
      sequence: input.sequence,
      employing_legal_entity_id: input.employingLegalEntityId,
      project_legal_entity_id: input.projectLegalEntityId,
      currency: input.currency,
      cost_minor: input.cost,
      markup_basis_points: input.markup,
      amount_minor: input.amount,
      minutes,
      time_entry_count: input.rows.length,
      expenses_minor: input.expensesMinor,
      expense_count: input.expenses.length,
      created_by_membership_id: tx.ctx.actor.membershipId,
    })
    .execute();
  const link = {
    tenant_id: tenantId,
    recharge_id: id,
    employing_legal_entity_id: input.employingLegalEntityId,
    project_legal_entity_id: input.projectLegalEntityId,
  };
  if (input.rows.length > 0)
    await tx.db
      .insertInto('intercompany_recharge_entries')
      .values(input.rows.map((row) => ({ ...link, time_entry_id: row.id })))
      .execute();
  if (input.expenses.length > 0)
    await tx.db
      .insertInto('intercompany_recharge_expenses')
      .values(input.expenses.map((row) => ({ ...link, expense_id: row.id })))
      .execute();
  let employingEntryId: string | null = null;
  let projectEntryId: string | null = null;
  if (input.amount > 0n) {
    const description = `Inter-company recharge ${input.month}${input.sequence > 1 ? `, supplement ${input.sequence - 1}` : ''}`;
    const amount = { amountMinor: input.amount, currency: input.currency };
    employingEntryId = (
      await postJournalEntry(tx, {
        legalEntityId: input.employingLegalEntityId,
        entryDate: input.postOn,
        description,
        source: { kind: 'intercompany_recharge', id, purpose: 'employing' },
        lines: [
          { account: { role: 'intercompany_receivable' }, side: 'debit', ...amount },
          { account: { role: 'revenue_intercompany' }, side: 'credit', ...amount },
        ],
      })
    ).entry.id;
    projectEntryId = (
      await postJournalEntry(tx, {
        legalEntityId: input.projectLegalEntityId,
        entryDate: input.postOn,
        description,
        source: { kind: 'intercompany_recharge', id, purpose: 'project' },
        lines: [
          { account: { role: 'intercompany_costs' }, side: 'debit', ...amount },
          { account: { role: 'intercompany_payable' }, side: 'credit', ...amount },
        ],
      })
    ).entry.id;
  }
  const row = await tx.db
    .updateTable('intercompany_recharges')
    .set({ employing_entry_id: employingEntryId, project_entry_id: projectEntryId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const recharge = present(row);
  const { createdAt: _c, ...record } = recharge;
  tx.audit({
    action: 'intercompany_recharge.posted',
    resourceKind: 'intercompany_recharge',
    resourceId: id,
    after: {
      ...record,
      timeEntryIds: input.rows.map((r) => r.id),
      expenseIds: input.expenses.map((r) => r.id),
    },
  });
  tx.emit({
    topic: 'intercompany_recharge.posted',
    resourceKind: 'intercompany_recharge',
    resourceId: id,
    payload: { recharge },
  });
  return recharge;
}

async function costRates(
  tx: TenantTransaction,
  personIds: readonly string[],
): Promise<Map<string, CostRateRow[]>> {
  const rates = new Map<string, CostRateRow[]>();
  if (personIds.length === 0) return rates;
  const rows = await tx.db
    .selectFrom('person_cost_rates')
    .select(['person_id', 'hourly_cost_minor', 'currency', 'valid_from', 'valid_until'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_id', 'in', personIds)
    .orderBy('valid_from', 'desc')
    .execute();
  for (const row of rows) rates.set(row.person_id, [...(rates.get(row.person_id) ?? []), row]);
  return rates;
}

function pairKey(employing: string, project: string): string {
  return `${employing}|${project}`;
}
