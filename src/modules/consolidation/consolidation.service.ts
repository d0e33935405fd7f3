import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import { ACCOUNT_ROLES, type EffectiveRate, findRateOn } from '../ledger/index.ts';
import {
  type AccountType,
  type Basis,
  type ConsolidationInput,
  IC_BALANCE_ROLES,
  IC_RESULT_ROLES,
  type RechargeBalance,
  type TranslatedBalances,
  translateAndEliminate,
} from './consolidation-math.ts';
import { dayBefore, type VisibleEntity, visibleEntities } from './legal-entity-scope.ts';
import './consolidation.tables.ts';

export interface ConsolidationQuery {
  readonly from: string;
  readonly to: string;
  readonly reportingCurrency: string;
  /** The entities to consolidate (each must be visible: 404 otherwise); all visible ones when absent. */
  readonly legalEntityIds?: readonly string[];
}

export interface ConsolidatedEntity {
  readonly id: string;
  readonly name: string;
  readonly functionalCurrency: string;
  /** The rate on `to` (balance sheet and P&L), null when not needed or the same currency. */
  readonly closingRate: RateUsed | null;
  /** The rate on the day before `from` (opening equity and earnings), null when not needed. */
  readonly openingRate: RateUsed | null;
}

export interface RateUsed {
  readonly base: string;
  readonly quote: string;
  readonly on: string;
  readonly rate: string;
  readonly rateDate: string;
  readonly inverted: boolean;
}

export type ConsolidatedReport = TranslatedBalances & {
  readonly from: string;
  readonly to: string;
  readonly reportingCurrency: string;
  readonly legalEntities: ConsolidatedEntity[];
};

const ROLE_ORDER = new Map<string, number>(ACCOUNT_ROLES.map((role, index) => [role, index]));

/**
 * The consolidated trial balance of the legal entities the caller sees (or the ones named), in a
 * reporting currency. Each entity's functional balances are translated (ADR 0014): assets and
 * liabilities at the closing rate (on `to`); revenue and expenses of the period at the closing
 * rate too (the period-end method); equity and earnings before `from` at the opening rate (the
 * day before `from`); the difference is each entity's cumulative translation adjustment (CTA).
 * Inter-company recharges between two entities of the consolidation are eliminated in their own
 * column; what the two sides' translations leave over is shown on explicit FX difference lines.
 * Amounts in different currencies are never added: a missing rate is a 422 FX_RATE_MISSING that
 * names every missing pair, never a partial sum.
 */
export async function consolidate(
  tx: TenantTransaction,
  query: ConsolidationQuery,
): Promise<ConsolidatedReport> {
  if (query.to < query.from)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { fieldProblems: [{ path: '/query/to', message: 'must not be before from' }] },
    );
  const entities = await visibleEntities(tx, query.legalEntityIds ?? null, '/query/legalEntityIds');
  const ids = [...entities.keys()];
  const balances = ids.length === 0 ? [] : await entityBalances(tx, ids, query);
  const recharges = ids.length === 0 ? [] : await rechargeBalances(tx, ids, query);
  const rates = await ratesFor(tx, entities, balances, recharges, query);
  const report = translateAndEliminate({
    reportingCurrency: query.reportingCurrency,
    entities: [...entities.values()].map((entity) => ({
      id: entity.id,
      functionalCurrency: entity.functionalCurrency,
      closingRate: rates.get(entity.id)?.closing?.rate ?? null,
      openingRate: rates.get(entity.id)?.opening?.rate ?? null,
    })),
    balances,
    recharges,
    roleOrder: ROLE_ORDER,
  });
  return {
    from: query.from,
    to: query.to,
    reportingCurrency: query.reportingCurrency,
    legalEntities: [...entities.values()].map((entity) => ({
      ...entity,
      closingRate: used(rates.get(entity.id)?.closing),
      openingRate: used(rates.get(entity.id)?.opening),
    })),
    ...report,
  };
}

async function entityBalances(
  tx: TenantTransaction,
  ids: readonly string[],
  query: ConsolidationQuery,
): Promise<ConsolidationInput['balances']> {
  const { rows } = await sql<{
    legal_entity_id: string;
    type: AccountType;
    role: string | null;
    opening: string;
    movement: string;
  }>`
    SELECT l.legal_entity_id, a.type, a.role,
      sum(CASE WHEN l.entry_date < ${query.from}::date
        THEN l.functional_debit_minor - l.functional_credit_minor ELSE 0 END)::text AS opening,
      sum(CASE WHEN l.entry_date >= ${query.from}::date
        THEN l.functional_debit_minor - l.functional_credit_minor ELSE 0 END)::text AS movement
    FROM journal_lines l
    JOIN ledger_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
    WHERE l.tenant_id = ${tx.ctx.tenantId} AND l.legal_entity_id = ANY(${ids as string[]}::uuid[])
      AND l.entry_date <= ${query.to}::date
    GROUP BY l.legal_entity_id, a.type, a.role`.execute(tx.db);
  return rows.map((row) => ({
    legalEntityId: row.legal_entity_id,
    type: row.type,
    role: row.role,
    openingMinor: BigInt(row.opening),
    movementMinor: BigInt(row.movement),
  }));
}

/** The inter-company accounts' balances that recharges (and their reversals) posted between two consolidated entities. */
async function rechargeBalances(
  tx: TenantTransaction,
  ids: readonly string[],
  query: ConsolidationQuery,
): Promise<RechargeBalance[]> {
  const roles = [...IC_BALANCE_ROLES, ...IC_RESULT_ROLES];
  const { rows } = await sql<{
    employing: string;
    project: string;
    legal_entity_id: string;
    role: string;
    currency: string;
    f_opening: string;
    f_movement: string;
    t_opening: string;
    t_movement: string;
  }>`
    SELECT r.employing_legal_entity_id AS employing, r.project_legal_entity_id AS project,
      l.legal_entity_id, a.role, l.currency,
      sum(CASE WHEN l.entry_date < ${query.from}::date
        THEN l.functional_debit_minor - l.functional_credit_minor ELSE 0 END)::text AS f_opening,
      sum(CASE WHEN l.entry_date >= ${query.from}::date
        THEN l.functional_debit_minor - l.functional_credit_minor ELSE 0 END)::text AS f_movement,
      sum(CASE WHEN l.entry_date < ${query.from}::date THEN l.debit_minor - l.credit_minor ELSE 0 END)::text AS t_opening,
      sum(CASE WHEN l.entry_date >= ${query.from}::date THEN l.debit_minor - l.credit_minor ELSE 0 END)::text AS t_movement
    FROM journal_lines l
    JOIN journal_entries e ON e.tenant_id = l.tenant_id AND e.id = l.entry_id
    LEFT JOIN journal_entries o ON o.tenant_id = e.tenant_id AND o.id = e.reversal_of
    JOIN intercompany_recharges r ON r.tenant_id = l.tenant_id
      AND r.id = CASE WHEN e.source_kind = 'intercompany_recharge' THEN e.source_id
        WHEN o.source_kind = 'intercompany_recharge' THEN o.source_id END
    JOIN ledger_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
    WHERE l.tenant_id = ${tx.ctx.tenantId} AND l.entry_date <= ${query.to}::date
      AND l.legal_entity_id = ANY(${ids as string[]}::uuid[])
      AND r.employing_legal_entity_id = ANY(${ids as string[]}::uuid[])
      AND r.project_legal_entity_id = ANY(${ids as string[]}::uuid[])
      AND a.role = ANY(${roles}::text[])
    GROUP BY r.employing_legal_entity_id, r.project_legal_entity_id, l.legal_entity_id, a.role, l.currency`.execute(
    tx.db,
  );
  return rows.map((row) => ({
    employingLegalEntityId: row.employing,
    projectLegalEntityId: row.project,
    legalEntityId: row.legal_entity_id,
    role: row.role,
    currency: row.currency.trim(),
    openingMinor: BigInt(row.f_opening),
    movementMinor: BigInt(row.f_movement),
    transactionOpeningMinor: BigInt(row.t_opening),
    transactionMovementMinor: BigInt(row.t_movement),
  }));
}

/**
 * The closing and opening rates each entity needs: only for amounts that are not zero, in a
 * currency other than the reporting one. Every missing pair is named in one 422.
 */
async function ratesFor(
  tx: TenantTransaction,
  entities: ReadonlyMap<string, VisibleEntity>,
  balances: ConsolidationInput['balances'],
  recharges: readonly RechargeBalance[],
  query: ConsolidationQuery,
): Promise<Map<string, { closing?: EffectiveRate; opening?: EffectiveRate }>> {
  const need = new Map<string, Set<Basis>>();
  const mark = (id: string, basis: Basis) => need.set(id, (need.get(id) ?? new Set()).add(basis));
  for (const b of balances) {
    const { closing, opening } = amountsByBasis(b.type, b.openingMinor, b.movementMinor);
    if (closing !== 0n) mark(b.legalEntityId, 'closing');
    if (opening !== 0n) mark(b.legalEntityId, 'opening');
  }
  for (const r of recharges)
    if (r.openingMinor !== 0n || r.movementMinor !== 0n) mark(r.legalEntityId, 'closing');
  const openingDay = dayBefore(query.from);
  const found = new Map<string, { closing?: EffectiveRate; opening?: EffectiveRate }>();
  const missing: FieldProblem[] = [];
  const missingPairs: string[] = [];
  for (const [id, bases] of need) {
    const entity = entities.get(id) as VisibleEntity;
    if (entity.functionalCurrency === query.reportingCurrency) continue;
    const rates: { closing?: EffectiveRate; opening?: EffectiveRate } = {};
    for (const basis of [...bases].sort()) {
      const on = basis === 'closing' ? query.to : openingDay;
      const rate = await findRateOn(tx, entity.functionalCurrency, query.reportingCurrency, on);
      if (rate) rates[basis] = rate;
      else {
        const pair = `${entity.functionalCurrency}/${query.reportingCurrency} on or before ${on}`;
        if (!missingPairs.includes(pair)) {
          missingPairs.push(pair);
          missing.push({ path: '/query/reportingCurrency', message: `no ${pair}` });
        }
      }
    }
    found.set(id, rates);
  }
  if (missing.length > 0) {
    missingPairs.sort();
    missing.sort((a, b) => a.message.localeCompare(b.message));
  }
  if (missing.length > 0)
    throw new AppError(
      'FX_RATE_MISSING',
      { missing: missingPairs },
      {
        detail: `No rate for ${missingPairs.join('; ')}: nothing is summed without it`,
        fieldProblems: missing,
      },
    );
  return found;
}

/** What of a balance is translated at the closing rate and what at the opening rate. */
export function amountsByBasis(
  type: AccountType,
  openingMinor: bigint,
  movementMinor: bigint,
): { closing: bigint; opening: bigint } {
  switch (type) {
    case 'asset':
    case 'liability':
      return { closing: openingMinor + movementMinor, opening: 0n };
    case 'equity':
    case 'revenue':
    case 'expense':
      return { closing: movementMinor, opening: openingMinor };
  }
}

function used(rate: EffectiveRate | undefined): RateUsed | null {
  if (!rate) return null;
  return {
    base: rate.base,
    quote: rate.quote,
    on: rate.on,
    rate: rate.rate,
    rateDate: rate.rateDate,
    inverted: rate.inverted,
  };
}
