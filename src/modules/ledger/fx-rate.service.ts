import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { invertRate, isRate, normalizeRate } from './fx-conversion.ts';
import type { FxRateTable } from './ledger.tables.ts';
import './ledger.tables.ts';

/** 1 unit of `base` = `rate` units of `quote` on `date` (an exact decimal string, 10 decimals). */
export interface FxRate {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly date: string;
  readonly rate: string;
  readonly source: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FxRateInput {
  readonly base: string;
  readonly quote: string;
  readonly date: string;
  readonly rate: string;
  readonly source?: string | null;
}

export interface FxRatePatch {
  readonly rate?: string;
  readonly source?: string | null;
}

/** The rate that applies to a pair on a date, and where it comes from. */
export interface EffectiveRate {
  readonly base: string;
  readonly quote: string;
  /** The date asked for. */
  readonly on: string;
  readonly rate: string;
  /** The date of the rate used: the latest on or before `on`. */
  readonly rateDate: string;
  /** True when only the reverse pair was recorded and its inverse is used. */
  readonly inverted: boolean;
  readonly fxRateId: string;
}

/** Records a rate for a pair and date; a second rate for the same pair and date is a 409. Audited. */
export async function createFxRate(tx: TenantTransaction, input: FxRateInput): Promise<FxRate> {
  requireRate(input.rate);
  if (input.base === input.quote)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { fieldProblems: [{ path: '/body/quote', message: 'must differ from base' }] },
    );
  const row = await tx.db
    .insertInto('fx_rates')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      base_currency: input.base,
      quote_currency: input.quote,
      rate_date: input.date,
      rate: normalizeRate(input.rate),
      source: input.source ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rate = present(row);
  tx.audit({ action: 'fx_rate.created', resourceKind: 'fx_rate', resourceId: rate.id, after: record(rate) });
  tx.emit({
    topic: 'fx_rate.created',
    resourceKind: 'fx_rate',
    resourceId: rate.id,
    payload: { fxRate: rate },
  });
  return rate;
}

/**
 * Corrects a rate or its source. Entries posted with the old rate keep it (each line stores the
 * rate it used). Audited with before and after.
 */
export async function updateFxRate(tx: TenantTransaction, id: string, patch: FxRatePatch): Promise<FxRate> {
  if (patch.rate !== undefined) requireRate(patch.rate);
  const before = present(await findFxRate(tx, id));
  const row = await tx.db
    .updateTable('fx_rates')
    .set({
      ...(patch.rate !== undefined ? { rate: normalizeRate(patch.rate) } : {}),
      ...(patch.source !== undefined ? { source: patch.source } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'fx_rate', id });
  const rate = present(row);
  tx.audit({
    action: 'fx_rate.updated',
    resourceKind: 'fx_rate',
    resourceId: id,
    before: record(before),
    after: record(rate),
  });
  tx.emit({ topic: 'fx_rate.updated', resourceKind: 'fx_rate', resourceId: id, payload: { fxRate: rate } });
  return rate;
}

/** One rate of the tenant. */
export async function getFxRate(tx: TenantTransaction, id: string): Promise<FxRate> {
  return present(await findFxRate(tx, id));
}

/** A page of the tenant's rates in id order, optionally of one pair and a date range. */
export async function listFxRates(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filter: { base?: string; quote?: string; from?: string; to?: string } = {},
): Promise<{ items: FxRate[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('fx_rates').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filter.base) query = query.where('base_currency', '=', filter.base);
  if (filter.quote) query = query.where('quote_currency', '=', filter.quote);
  if (filter.from) query = query.where('rate_date', '>=', filter.from);
  if (filter.to) query = query.where('rate_date', '<=', filter.to);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

/**
 * The rate of `base` in `quote` on a date: the latest recorded on or before it, for the pair or,
 * inverted, for the reverse pair (the more recent wins; on the same date the pair as asked).
 * Same currency: 1. Undefined when there is none (no triangulation through a third currency).
 */
export async function findRateOn(
  tx: TenantTransaction,
  base: string,
  quote: string,
  on: string,
): Promise<EffectiveRate | undefined> {
  const { rows } = await sql<{ id: string; base_currency: string; rate: string; rate_date: string }>`
    SELECT id, base_currency, rate::text AS rate, rate_date FROM fx_rates
    WHERE tenant_id = ${tx.ctx.tenantId} AND rate_date <= ${on}
      AND ((base_currency = ${base} AND quote_currency = ${quote})
        OR (base_currency = ${quote} AND quote_currency = ${base}))
    ORDER BY rate_date DESC, (base_currency = ${base}) DESC
    LIMIT 1`.execute(tx.db);
  const row = rows[0];
  if (!row) return undefined;
  const inverted = row.base_currency !== base;
  return {
    base,
    quote,
    on,
    rate: inverted ? invertRate(row.rate) : normalizeRate(row.rate),
    rateDate: row.rate_date,
    inverted,
    fxRateId: row.id,
  };
}

/** Like findRateOn, but a 404 NOT_FOUND when no rate applies. */
export async function rateOn(
  tx: TenantTransaction,
  base: string,
  quote: string,
  on: string,
): Promise<EffectiveRate> {
  const found = await findRateOn(tx, base, quote, on);
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      { resource: 'fx_rate', base, quote, on },
      {
        detail: `No ${base}/${quote} rate on or before ${on}`,
      },
    );
  return found;
}

async function findFxRate(tx: TenantTransaction, id: string): Promise<Selectable<FxRateTable>> {
  const row = await tx.db
    .selectFrom('fx_rates')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'fx_rate', id });
  return row;
}

function requireRate(rate: string): void {
  if (!isRate(rate))
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        fieldProblems: [
          { path: '/body/rate', message: 'must be a positive decimal with at most 10 decimals' },
        ],
      },
    );
}

function present(row: Selectable<FxRateTable>): FxRate {
  return {
    id: row.id,
    base: row.base_currency,
    quote: row.quote_currency,
    date: row.rate_date,
    rate: normalizeRate(row.rate),
    source: row.source,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function record(rate: FxRate): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = rate;
  return fields;
}
