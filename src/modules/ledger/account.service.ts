import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type AccountRole, type ChartTemplate, templateAccounts } from './chart-template.ts';
import type { AccountType, LedgerAccountTable } from './ledger.tables.ts';
import { referenceNotFound, refused, visibleLegalEntity } from './ledger-rules.ts';
import './ledger.tables.ts';

/** An account of a legal entity's chart, as the API shows it. */
export interface LedgerAccount {
  readonly id: string;
  readonly legalEntityId: string;
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  /** The side that increases it: debit for assets and expenses, credit for the others. */
  readonly normalBalance: 'debit' | 'credit';
  readonly role: string | null;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LedgerAccountInput {
  readonly legalEntityId: string;
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
}

export interface LedgerAccountPatch {
  readonly name?: string;
  readonly active?: boolean;
}

/** A legal entity's chart, as created from a template. */
export interface Chart {
  readonly legalEntityId: string;
  readonly template: ChartTemplate;
  readonly accounts: LedgerAccount[];
}

/**
 * Creates a legal entity's chart of accounts from a template (the entity must be visible: 422
 * otherwise); a 409 when the entity has accounts already. Each account is audited; the chart is
 * announced once as `ledger.chart_created`.
 */
export async function createChart(
  tx: TenantTransaction,
  input: { readonly legalEntityId: string; readonly template?: ChartTemplate },
): Promise<Chart> {
  const template = input.template ?? 'professional-services';
  const entity = await visibleLegalEntity(tx, input.legalEntityId);
  if (!entity) throw referenceNotFound('legal_entity', input.legalEntityId, '/body/legalEntityId');
  const existing = await tx.db
    .selectFrom('ledger_accounts')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('legal_entity_id', '=', entity.id)
    .limit(1)
    .executeTakeFirst();
  if (existing)
    throw new AppError(
      'CONFLICT',
      { legalEntityId: entity.id },
      { detail: 'This legal entity has a chart of accounts already; add accounts to it instead' },
    );
  const rows = await tx.db
    .insertInto('ledger_accounts')
    .values(
      templateAccounts(template).map((account) => ({
        tenant_id: tx.ctx.tenantId,
        id: uuidv7(),
        legal_entity_id: entity.id,
        code: account.code,
        name: account.name,
        type: account.type,
        role: account.role,
      })),
    )
    .returningAll()
    .execute();
  const accounts = rows.map(present).sort((a, b) => a.code.localeCompare(b.code));
  for (const account of accounts) {
    tx.audit({
      action: 'ledger_account.created',
      resourceKind: 'ledger_account',
      resourceId: account.id,
      after: { ...record(account), template },
    });
  }
  tx.emit({
    topic: 'ledger.chart_created',
    resourceKind: 'legal_entity',
    resourceId: entity.id,
    payload: { legalEntityId: entity.id, template, accounts: accounts.length },
  });
  return { legalEntityId: entity.id, template, accounts };
}

/** Adds an account (no role) to a legal entity's chart; a code used in the entity is a 409. Audited. */
export async function createAccount(
  tx: TenantTransaction,
  input: LedgerAccountInput,
): Promise<LedgerAccount> {
  const entity = await visibleLegalEntity(tx, input.legalEntityId);
  if (!entity) throw referenceNotFound('legal_entity', input.legalEntityId, '/body/legalEntityId');
  const row = await tx.db
    .insertInto('ledger_accounts')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      legal_entity_id: entity.id,
      code: input.code,
      name: input.name,
      type: input.type,
      role: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const account = present(row);
  tx.audit({
    action: 'ledger_account.created',
    resourceKind: 'ledger_account',
    resourceId: account.id,
    after: record(account),
  });
  tx.emit({
    topic: 'ledger_account.created',
    resourceKind: 'ledger_account',
    resourceId: account.id,
    payload: { account },
  });
  return account;
}

/** Renames an account or (de)activates it; code, type and role never change. Audited. */
export async function updateAccount(
  tx: TenantTransaction,
  id: string,
  patch: LedgerAccountPatch,
): Promise<LedgerAccount> {
  const before = present(await findAccountRow(tx, id));
  const row = await tx.db
    .updateTable('ledger_accounts')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'ledger_account', id });
  const account = present(row);
  tx.audit({
    action: 'ledger_account.updated',
    resourceKind: 'ledger_account',
    resourceId: id,
    before: record(before),
    after: record(account),
  });
  tx.emit({
    topic: 'ledger_account.updated',
    resourceKind: 'ledger_account',
    resourceId: id,
    payload: { account },
  });
  return account;
}

/** One account; NOT_FOUND unless its legal entity is in scope. */
export async function getAccount(tx: TenantTransaction, id: string): Promise<LedgerAccount> {
  return present(await findAccountRow(tx, id));
}

/** A page of the accounts the caller sees, optionally of one legal entity, in id order. */
export async function listAccounts(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filter: { readonly legalEntityId?: string } = {},
): Promise<{ items: LedgerAccount[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('ledger_accounts').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filter.legalEntityId) query = query.where('legal_entity_id', '=', filter.legalEntityId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

/**
 * The account of a legal entity's chart that holds a role (receivables, deferred_revenue, …), for
 * postings of other modules. A 422 when the entity has no chart, or no active account in that role.
 */
export async function accountForRole(
  tx: TenantTransaction,
  legalEntityId: string,
  role: AccountRole,
): Promise<LedgerAccount> {
  const row = await tx.db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('legal_entity_id', '=', legalEntityId)
    .where('role', '=', role)
    .executeTakeFirst();
  if (!row)
    throw refused('BUSINESS_RULE_VIOLATED', `The legal entity's chart has no account for ${role}`, [], {
      legalEntityId,
      role,
    });
  if (!row.active)
    throw refused('LEDGER_ACCOUNT_INACTIVE', `The ${role} account ${row.code} is inactive`, [], {
      accountId: row.id,
    });
  return present(row);
}

/** The account row, or NOT_FOUND when it does not exist or is out of scope. */
export async function findAccountRow(
  tx: TenantTransaction,
  id: string,
): Promise<Selectable<LedgerAccountTable>> {
  const row = await tx.db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'ledger_account', id });
  return row;
}

/** Debit for assets and expenses, credit for liabilities, equity and revenue. */
export function normalBalanceOf(type: AccountType): 'debit' | 'credit' {
  return type === 'asset' || type === 'expense' ? 'debit' : 'credit';
}

export function present(row: Selectable<LedgerAccountTable>): LedgerAccount {
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    code: row.code,
    name: row.name,
    type: row.type,
    normalBalance: normalBalanceOf(row.type),
    role: row.role,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function record(account: LedgerAccount): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, normalBalance: _n, ...fields } = account;
  return fields;
}
