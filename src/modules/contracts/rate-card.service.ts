import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import '../resources/resources.tables.ts';
import { findContract } from './contract.service.ts';
import {
  type Money,
  minorOf,
  referenceNotFound,
  requireCurrency,
  UnprocessableRequest,
} from './contract-rules.ts';
import type { RateCardRateTable, RateCardTable } from './contracts.tables.ts';
import './contracts.tables.ts';

/**
 * A rate card: a contract's (at most one per contract, in its currency, visible exactly when the
 * contract is) or, with `contractId` null, the tenant's default card for a currency, which every
 * member of the tenant sees (bill rates are internal, not restricted).
 */
export interface RateCard {
  readonly id: string;
  readonly contractId: string | null;
  readonly currency: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface RateCardInput {
  readonly name: string;
  readonly contractId?: string | null;
  /** Required for a default card; for a contract's card, the contract's currency or absent. */
  readonly currency?: string;
}

/** A bill rate by role or by person, valid from `validFrom` to `validUntil` inclusive (null: open). */
export interface Rate {
  readonly id: string;
  readonly rateCardId: string;
  readonly role: string | null;
  readonly personId: string | null;
  readonly hourlyRate: Money;
  readonly validFrom: string;
  readonly validUntil: string | null;
}

export interface RateInput {
  readonly role?: string;
  readonly personId?: string;
  readonly hourlyRate: Money;
  readonly validFrom: string;
  readonly validUntil?: string | null;
}

/**
 * Creates a contract's rate card (segments and currency copied from the contract, which the
 * caller must see) or a default card for a currency. A second card for the same contract, or a
 * second default for the same currency, is a 409 DUPLICATE. Audited.
 */
export async function createRateCard(tx: TenantTransaction, input: RateCardInput): Promise<RateCard> {
  let values: Omit<Selectable<RateCardTable>, 'scoped' | 'created_at' | 'updated_at'>;
  if (input.contractId) {
    const contract = await findContract(tx, input.contractId).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'NOT_FOUND'
        ? referenceNotFound('contract', input.contractId ?? '', '/body/contractId')
        : error;
    });
    if (input.currency !== undefined)
      requireCurrency({ amountMinor: 0, currency: input.currency }, contract.currency, '/body', 'rate_card');
    values = {
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      contract_id: contract.id,
      legal_entity_id: contract.legal_entity_id,
      practice_id: contract.practice_id,
      client_id: contract.client_id,
      region_id: contract.region_id,
      currency: contract.currency,
      name: input.name,
    };
  } else {
    if (input.currency === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        { resource: 'rate_card' },
        {
          detail: 'A default rate card (no contract) needs a currency',
          fieldProblems: [{ path: '/body/currency', message: 'required without contractId' }],
        },
      );
    }
    values = {
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      contract_id: null,
      legal_entity_id: null,
      practice_id: null,
      client_id: null,
      region_id: null,
      currency: input.currency,
      name: input.name,
    };
  }
  const row = await tx.db.insertInto('rate_cards').values(values).returningAll().executeTakeFirstOrThrow();
  const card = presentCard(row);
  tx.audit({
    action: 'rate_card.created',
    resourceKind: 'rate_card',
    resourceId: card.id,
    after: { contractId: card.contractId, currency: card.currency, name: card.name },
  });
  tx.emit({
    topic: 'rate_card.created',
    resourceKind: 'rate_card',
    resourceId: card.id,
    payload: { rateCard: card },
  });
  return card;
}

export async function getRateCard(tx: TenantTransaction, id: string): Promise<RateCard> {
  return presentCard(await findCard(tx, id));
}

export async function listRateCards(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: RateCard[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('rate_cards').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, presentCard);
}

/** Renames a rate card (its contract and currency stay). */
export async function updateRateCard(
  tx: TenantTransaction,
  id: string,
  patch: { name: string },
): Promise<RateCard> {
  const before = presentCard(await findCard(tx, id));
  const row = await tx.db
    .updateTable('rate_cards')
    .set({ name: patch.name, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'rate_card', id });
  const card = presentCard(row);
  tx.audit({
    action: 'rate_card.updated',
    resourceKind: 'rate_card',
    resourceId: id,
    before: { name: before.name },
    after: { name: card.name },
  });
  tx.emit({
    topic: 'rate_card.updated',
    resourceKind: 'rate_card',
    resourceId: id,
    payload: { rateCard: card },
  });
  return card;
}

/**
 * Adds a bill rate to a card, for a role or a person (exactly one: 400 otherwise), in the card's
 * currency (422 otherwise). A validity overlapping another rate of the same role or person on the
 * card is refused (422): the card row is locked first, so concurrent additions to one card are
 * checked one after the other; a unique key on the start date backs the check.
 */
export async function addRate(tx: TenantTransaction, rateCardId: string, input: RateInput): Promise<Rate> {
  const card = await findCard(tx, rateCardId, { lock: true });
  if ((input.role === undefined) === (input.personId === undefined)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { resource: 'rate' },
      {
        detail: 'A rate is for a role or for a person: give exactly one',
        fieldProblems: [
          { path: '/body/role', message: 'give exactly one of role and personId' },
          { path: '/body/personId', message: 'give exactly one of role and personId' },
        ],
      },
    );
  }
  requireCurrency(input.hourlyRate, card.currency, '/body/hourlyRate', 'rate');
  const validUntil = input.validUntil ?? null;
  if (validUntil !== null && validUntil < input.validFrom) {
    throw new UnprocessableRequest(
      { resource: 'rate' },
      'A rate is valid until a day on or after it starts',
      [{ path: '/body/validUntil', message: 'must not be before validFrom' }],
    );
  }
  if (input.personId !== undefined) {
    const person = await tx.db
      .selectFrom('people')
      .select('id')
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where('id', '=', input.personId)
      .executeTakeFirst();
    if (!person) throw referenceNotFound('person', input.personId, '/body/personId');
  }
  // Inclusive periods [from, until] overlap when each starts no later than the other ends.
  let overlapping = tx.db
    .selectFrom('rate_card_rates')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('rate_card_id', '=', card.id)
    .where((eb) =>
      eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', sql<string>`${input.validFrom}::date`)]),
    );
  if (validUntil !== null)
    overlapping = overlapping.where('valid_from', '<=', sql<string>`${validUntil}::date`);
  overlapping =
    input.personId !== undefined
      ? overlapping.where('person_id', '=', input.personId)
      : overlapping.where('role', '=', input.role ?? '');
  if (await overlapping.executeTakeFirst()) {
    throw new UnprocessableRequest(
      { resource: 'rate', rateCardId: card.id },
      `Another rate for this ${input.personId !== undefined ? 'person' : 'role'} on this card is valid in that period`,
      [{ path: '/body/validFrom', message: 'overlaps the validity of another rate' }],
    );
  }
  const row = await tx.db
    .insertInto('rate_card_rates')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      rate_card_id: card.id,
      scoped: card.scoped,
      legal_entity_id: card.legal_entity_id,
      practice_id: card.practice_id,
      client_id: card.client_id,
      region_id: card.region_id,
      role: input.role ?? null,
      person_id: input.personId ?? null,
      hourly_rate_minor: BigInt(input.hourlyRate.amountMinor),
      valid_from: input.validFrom,
      valid_until: validUntil,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const rate = presentRate(row, card.currency);
  tx.audit({ action: 'rate.created', resourceKind: 'rate', resourceId: rate.id, after: { ...rate } });
  tx.emit({ topic: 'rate.created', resourceKind: 'rate', resourceId: rate.id, payload: { rate } });
  return rate;
}

/** The rates of a card the caller can see, by role/person then start date. */
export async function listRates(tx: TenantTransaction, rateCardId: string): Promise<Rate[]> {
  const card = await findCard(tx, rateCardId);
  const rows = await tx.db
    .selectFrom('rate_card_rates')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('rate_card_id', '=', card.id)
    .orderBy('role')
    .orderBy('person_id')
    .orderBy('valid_from')
    .execute();
  return rows.map((row) => presentRate(row, card.currency));
}

/** The applicable bill rate, and where it came from. */
export interface BillRate {
  readonly hourlyRate: Money;
  readonly source: 'contract-person' | 'contract-role' | 'default-person' | 'default-role';
  readonly rateCardId: string;
  readonly rateId: string;
}

/**
 * The bill rate for a person working in a role on a contract on a day: the person's rate on the
 * contract's card, else the role's rate on it, else the person's then the role's rate on the
 * tenant's default card in the contract's currency; null when none applies. A rate applies on
 * days from `valid_from` to `valid_until` inclusive. NOT_FOUND when the contract is not visible.
 */
export async function billRateFor(
  tx: TenantTransaction,
  query: { contractId: string; personId: string | null; role: string | null; on: string },
): Promise<BillRate | null> {
  const contract = await findContract(tx, query.contractId);
  const cards = await tx.db
    .selectFrom('rate_cards')
    .select(['id', 'contract_id'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where((eb) =>
      eb.or([
        eb('contract_id', '=', contract.id),
        eb.and([eb('contract_id', 'is', null), eb('currency', '=', contract.currency)]),
      ]),
    )
    .execute();
  const contractCard = cards.find((card) => card.contract_id !== null)?.id;
  const defaultCard = cards.find((card) => card.contract_id === null)?.id;
  const candidates: [BillRate['source'], string | undefined, 'person_id' | 'role', string | null][] = [
    ['contract-person', contractCard, 'person_id', query.personId],
    ['contract-role', contractCard, 'role', query.role],
    ['default-person', defaultCard, 'person_id', query.personId],
    ['default-role', defaultCard, 'role', query.role],
  ];
  for (const [source, cardId, column, value] of candidates) {
    if (cardId === undefined || value === null) continue;
    const row = await tx.db
      .selectFrom('rate_card_rates')
      .selectAll()
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where('rate_card_id', '=', cardId)
      .where(column, '=', value)
      .where('valid_from', '<=', sql<string>`${query.on}::date`)
      .where((eb) =>
        eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', sql<string>`${query.on}::date`)]),
      )
      .orderBy('valid_from', 'desc')
      .executeTakeFirst();
    if (row) {
      return {
        hourlyRate: presentRate(row, contract.currency).hourlyRate,
        source,
        rateCardId: cardId,
        rateId: row.id,
      };
    }
  }
  return null;
}

async function findCard(
  tx: TenantTransaction,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Selectable<RateCardTable>> {
  let query = tx.db
    .selectFrom('rate_cards')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'rate_card', id });
  return row;
}

function presentCard(row: Selectable<RateCardTable>): RateCard {
  return {
    id: row.id,
    contractId: row.contract_id,
    currency: row.currency,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function presentRate(row: Selectable<RateCardRateTable>, currency: string): Rate {
  return {
    id: row.id,
    rateCardId: row.rate_card_id,
    role: row.role,
    personId: row.person_id,
    hourlyRate: { amountMinor: minorOf(row.hourly_rate_minor, 'rate', row.id), currency },
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}
