import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { fieldsAboveClearance, type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { EXPENSE_FIELD_CLASSIFICATION } from './expense.schema.ts';
import { awaitedApproverIs } from './expense-approvers.ts';
import type {
  BillingState,
  ExpenseApprover,
  ExpenseCategory,
  ExpenseStatus,
  ExpenseTable,
} from './expenses.tables.ts';
import './expenses.tables.ts';

/** Money as the API carries it: integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/**
 * An expense as the API shows it: what a person spent for a project, under their assignment, in
 * the receipt's currency. Its segments are the project's; `intercompany` says the spender's legal
 * entity is not the project's (billing recharges it).
 */
export interface Expense {
  readonly id: string;
  readonly personId: string;
  readonly personLegalEntityId: string;
  readonly assignmentId: string;
  readonly projectId: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly portfolioId: string | null;
  readonly projectCurrency: string;
  readonly incurredOn: string;
  readonly category: ExpenseCategory;
  readonly amount: Money;
  readonly description: string;
  readonly receiptReference: string | null;
  readonly rebillable: boolean;
  readonly internalNote: string | null;
  readonly intercompany: boolean;
  readonly status: ExpenseStatus;
  readonly awaiting: ExpenseApprover | null;
  readonly submittedAt: string | null;
  readonly managerDecidedByMembershipId: string | null;
  readonly managerDecidedAt: string | null;
  readonly clientDecidedByMembershipId: string | null;
  readonly clientDecidedAt: string | null;
  readonly rejectionReason: string | null;
  readonly approvedAt: string | null;
  readonly billingState: BillingState;
  readonly invoiceId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An expense without the fields above the reader's clearance. */
export type ExpenseView = Projected<Expense, typeof EXPENSE_FIELD_CLASSIFICATION>;

export interface ExpenseInput {
  readonly projectId: string;
  readonly incurredOn: string;
  readonly category: ExpenseCategory;
  readonly amount: Money;
  readonly description: string;
  readonly receiptReference?: string | null;
  readonly rebillable?: boolean;
  readonly internalNote?: string | null;
}

export type ExpensePatch = Partial<Omit<ExpenseInput, 'projectId'>>;

export interface ExpenseFilter {
  readonly limit: number;
  readonly cursor: string | null;
  readonly status?: ExpenseStatus;
  readonly projectId?: string;
  readonly personId?: string;
  readonly from?: string;
  readonly to?: string;
  /** Only submitted expenses whose next decision is the caller's. */
  readonly inbox?: boolean;
}

/**
 * Records an expense of the acting person (the person whose membership is the caller's) on a
 * project, under their own assignment to it that covers the day it was incurred. The expense
 * copies the assignment's segments (the project's), person and legal entity. A project without an
 * assignment of the caller is an unknown reference (422); a day outside every such assignment is
 * refused (422). The internal note needs confidential clearance. Audited as `expense.created`.
 */
export async function createExpense(tx: TenantTransaction, input: ExpenseInput): Promise<ExpenseView> {
  requireClearanceToWrite(tx, input);
  const assignment = await assignmentCovering(tx, input.projectId, input.incurredOn);
  const row = await tx.db
    .insertInto('expenses')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      person_id: assignment.person_id,
      person_legal_entity_id: assignment.person_legal_entity_id,
      person_membership_id: assignment.person_membership_id,
      assignment_id: assignment.id,
      project_id: assignment.project_id,
      contract_id: assignment.contract_id,
      client_id: assignment.client_id,
      legal_entity_id: assignment.legal_entity_id,
      practice_id: assignment.practice_id,
      region_id: assignment.region_id,
      portfolio_id: assignment.portfolio_id,
      project_currency: assignment.currency,
      incurred_on: input.incurredOn,
      category: input.category,
      amount_minor: BigInt(input.amount.amountMinor),
      currency: input.amount.currency,
      description: input.description,
      receipt_reference: input.receiptReference ?? null,
      rebillable: input.rebillable ?? false,
      internal_note: input.internalNote ?? null,
      awaiting: null,
      submitted_at: null,
      manager_decided_by_membership_id: null,
      manager_decided_at: null,
      client_decided_by_membership_id: null,
      client_decided_at: null,
      rejection_reason: null,
      approved_at: null,
      invoice_id: null,
      invoice_line_id: null,
      billed_at: null,
      write_off_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const expense = presentExpense(row);
  recordChange(tx, 'expense.created', null, expense);
  return viewOf(tx, expense);
}

/** One expense: NOT_FOUND unless the caller sees its project's segments, or it is their own. */
export async function getExpense(tx: TenantTransaction, id: string): Promise<ExpenseView> {
  return viewOf(tx, presentExpense(await findExpense(tx, id)));
}

/** A page of the expenses the caller sees (row-level security decides), filtered, in id order. */
export async function listExpenses(
  tx: TenantTransaction,
  filter: ExpenseFilter,
): Promise<{ items: ExpenseView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('expenses as e').selectAll('e').where('e.tenant_id', '=', tx.ctx.tenantId);
  if (filter.cursor) query = query.where('e.id', '>', filter.cursor);
  if (filter.status) query = query.where('e.status', '=', filter.status);
  if (filter.projectId) query = query.where('e.project_id', '=', filter.projectId);
  if (filter.personId) query = query.where('e.person_id', '=', filter.personId);
  if (filter.from) query = query.where('e.incurred_on', '>=', sql<string>`${filter.from}::date`);
  if (filter.to) query = query.where('e.incurred_on', '<=', sql<string>`${filter.to}::date`);
  if (filter.inbox) {
    const me = tx.ctx.actor.membershipId;
    if (me === null) return { items: [], nextCursor: null };
    query = query
      .where('e.status', '=', 'submitted')
      .where(sql<boolean>`e.person_membership_id IS DISTINCT FROM ${me}::uuid`)
      .where(awaitedApproverIs(me));
  }
  const rows = await query
    .orderBy('e.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (row) => viewOf(tx, presentExpense(row)));
}

/** A page of the caller's own expenses (those recorded under their membership), filtered. */
export async function listMyExpenses(
  tx: TenantTransaction,
  filter: Omit<ExpenseFilter, 'inbox' | 'personId'>,
): Promise<{ items: ExpenseView[]; nextCursor: string | null }> {
  const me = tx.ctx.actor.membershipId;
  if (me === null) return { items: [], nextCursor: null };
  let query = tx.db
    .selectFrom('expenses')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_membership_id', '=', me);
  if (filter.cursor) query = query.where('id', '>', filter.cursor);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
  if (filter.from) query = query.where('incurred_on', '>=', sql<string>`${filter.from}::date`);
  if (filter.to) query = query.where('incurred_on', '<=', sql<string>`${filter.to}::date`);
  const rows = await query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (row) => viewOf(tx, presentExpense(row)));
}

/**
 * Changes an expense of the caller's own while it is a draft or rejected (403 for someone else's,
 * 409 once submitted or approved). A new day must fall within an assignment of the caller to the
 * same project (the expense moves to it). Audited with before and after.
 */
export async function updateExpense(
  tx: TenantTransaction,
  id: string,
  patch: ExpensePatch,
): Promise<ExpenseView> {
  const row = await findExpense(tx, id, { lock: true });
  requireOwnEditable(tx, row);
  requireClearanceToWrite(tx, patch);
  const before = presentExpense(row);
  const assignment =
    patch.incurredOn !== undefined && patch.incurredOn !== row.incurred_on
      ? await assignmentCovering(tx, row.project_id, patch.incurredOn, '/body/incurredOn')
      : null;
  const updated = await tx.db
    .updateTable('expenses')
    .set({
      ...(assignment ? { assignment_id: assignment.id, incurred_on: patch.incurredOn } : {}),
      ...(patch.category !== undefined ? { category: patch.category } : {}),
      ...(patch.amount !== undefined
        ? { amount_minor: BigInt(patch.amount.amountMinor), currency: patch.amount.currency }
        : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.receiptReference !== undefined ? { receipt_reference: patch.receiptReference } : {}),
      ...(patch.rebillable !== undefined ? { rebillable: patch.rebillable } : {}),
      ...(patch.internalNote !== undefined ? { internal_note: patch.internalNote } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const expense = presentExpense(updated);
  recordChange(tx, 'expense.updated', before, expense);
  return viewOf(tx, expense);
}

/** Deletes an expense of the caller's own while it is a draft or rejected. Audited with what it was. */
export async function deleteExpense(tx: TenantTransaction, id: string): Promise<void> {
  const row = await findExpense(tx, id, { lock: true });
  requireOwnEditable(tx, row);
  await tx.db.deleteFrom('expenses').where('tenant_id', '=', tx.ctx.tenantId).where('id', '=', id).execute();
  recordChange(tx, 'expense.deleted', presentExpense(row), null);
}

/** The expense row, or NOT_FOUND when it does not exist or row-level security hides it. */
export async function findExpense(
  tx: TenantTransaction,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Selectable<ExpenseTable>> {
  let query = tx.db
    .selectFrom('expenses')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'expense', id });
  return row;
}

/** 403 unless the caller recorded the expense (their membership is its person's). */
export function requireOwn(tx: TenantTransaction, row: Selectable<ExpenseTable>, action: string): void {
  const me = tx.ctx.actor.membershipId;
  if (me === null || row.person_membership_id !== me) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'expense', id: row.id },
      { detail: `Only the person who recorded an expense may ${action} it` },
    );
  }
}

function requireOwnEditable(tx: TenantTransaction, row: Selectable<ExpenseTable>): void {
  requireOwn(tx, row, 'change or delete');
  if (row.status !== 'draft' && row.status !== 'rejected') {
    throw new AppError(
      'CONFLICT',
      { resource: 'expense', id: row.id, status: row.status },
      {
        detail: `The expense is ${row.status}: only a draft or a rejected expense can be changed or deleted`,
      },
    );
  }
}

interface AssignmentRow {
  readonly id: string;
  readonly person_id: string;
  readonly person_legal_entity_id: string;
  readonly person_membership_id: string;
  readonly project_id: string;
  readonly contract_id: string;
  readonly client_id: string;
  readonly legal_entity_id: string;
  readonly practice_id: string;
  readonly region_id: string | null;
  readonly portfolio_id: string | null;
  readonly currency: string;
  readonly starts_on: string;
  readonly ends_on: string;
}

/**
 * The caller's own assignment to the project that covers `day` (the latest-starting one when
 * several do). Own assignments are visible to their person whatever their scope (0006).
 */
async function assignmentCovering(
  tx: TenantTransaction,
  projectId: string,
  day: string,
  dayPath = '/body/incurredOn',
): Promise<AssignmentRow> {
  const me = tx.ctx.actor.membershipId;
  if (me === null) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'expense' },
      { detail: 'Only a person signed in to this tenant records their own expenses' },
    );
  }
  const { rows } = await sql<AssignmentRow>`
    SELECT id, person_id, person_legal_entity_id, person_membership_id, project_id, contract_id,
      client_id, legal_entity_id, practice_id, region_id, portfolio_id, currency, starts_on, ends_on
    FROM assignments
    WHERE tenant_id = ${tx.ctx.tenantId} AND project_id = ${projectId} AND person_membership_id = ${me}
    ORDER BY starts_on DESC, id`.execute(tx.db);
  if (rows.length === 0) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'project', id: projectId },
      { fieldProblems: [{ path: '/body/projectId', message: 'no assignment of yours on this project' }] },
    );
  }
  const covering = rows.find((row) => row.starts_on <= day && day <= row.ends_on);
  if (!covering) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'expense', projectId },
      {
        detail: 'An expense is recorded under your assignment to the project on the day it was incurred',
        fieldProblems: [{ path: dayPath, message: 'outside your assignments to this project' }],
      },
    );
  }
  return covering;
}

function requireClearanceToWrite(tx: TenantTransaction, input: Partial<ExpenseInput>): void {
  const above = fieldsAboveClearance<Expense>(
    input as Partial<Expense>,
    EXPENSE_FIELD_CLASSIFICATION,
    tx.ctx.clearance,
  );
  if (above.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'expense', fields: above },
      { detail: `Your clearance does not allow writing: ${above.join(', ')}` },
    );
  }
}

/** An expense row as the API shows it (before projection). */
export function presentExpense(row: Selectable<ExpenseTable>): Expense {
  const amount = Number(row.amount_minor);
  if (!Number.isSafeInteger(amount))
    throw new AppError('INTERNAL', { reason: 'amount beyond safe integer', resource: 'expense', id: row.id });
  const iso = (value: Date | null) => (value === null ? null : value.toISOString());
  return {
    id: row.id,
    personId: row.person_id,
    personLegalEntityId: row.person_legal_entity_id,
    assignmentId: row.assignment_id,
    projectId: row.project_id,
    contractId: row.contract_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    portfolioId: row.portfolio_id,
    projectCurrency: row.project_currency,
    incurredOn: row.incurred_on,
    category: row.category,
    amount: { amountMinor: amount, currency: row.currency },
    description: row.description,
    receiptReference: row.receipt_reference,
    rebillable: row.rebillable,
    internalNote: row.internal_note,
    intercompany: row.intercompany,
    status: row.status,
    awaiting: row.awaiting,
    submittedAt: iso(row.submitted_at),
    managerDecidedByMembershipId: row.manager_decided_by_membership_id,
    managerDecidedAt: iso(row.manager_decided_at),
    clientDecidedByMembershipId: row.client_decided_by_membership_id,
    clientDecidedAt: iso(row.client_decided_at),
    rejectionReason: row.rejection_reason,
    approvedAt: iso(row.approved_at),
    billingState: row.billing_state,
    invoiceId: row.invoice_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The expense as the caller's clearance may see it. */
export function viewOf(tx: TenantTransaction, expense: Expense): ExpenseView {
  return projectFields(expense, EXPENSE_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/**
 * The audit event (before/after, masked for each reader by the field classification) and the
 * outbox event of a change; events carry nothing above internal (no internal note).
 */
export function recordChange(
  tx: TenantTransaction,
  action: string,
  before: Expense | null,
  after: Expense | null,
): void {
  const subject = (after ?? before) as Expense;
  tx.audit({
    action,
    resourceKind: 'expense',
    resourceId: subject.id,
    ...(before ? { before: auditRecord(before) } : {}),
    ...(after ? { after: auditRecord(after) } : {}),
  });
  tx.emit({
    topic: action,
    resourceKind: 'expense',
    resourceId: subject.id,
    payload: { expense: projectFields(subject, EXPENSE_FIELD_CLASSIFICATION, 'internal') },
  });
}

function auditRecord(expense: Expense): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = expense;
  return fields;
}
