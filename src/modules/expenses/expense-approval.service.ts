import { type Selectable, sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  type ExpenseView,
  findExpense,
  presentExpense,
  recordChange,
  requireOwn,
  viewOf,
} from './expense.service.ts';
import { awaitedApproverIs } from './expense-approvers.ts';
import type { ExpenseTable } from './expenses.tables.ts';

/**
 * Submits (or resubmits, after a rejection) an expense of the caller's own: it then awaits the
 * project's manager. The decisions and rejection reason of an earlier round are cleared (the
 * audit log keeps them). 409 unless it is a draft or rejected. Audited as `expense.submitted`.
 */
export async function submitExpense(tx: TenantTransaction, id: string): Promise<ExpenseView> {
  const row = await findExpense(tx, id, { lock: true });
  requireOwn(tx, row, 'submit');
  if (row.status !== 'draft' && row.status !== 'rejected') {
    throw new AppError(
      'CONFLICT',
      { resource: 'expense', id, status: row.status },
      { detail: `The expense is ${row.status} already` },
    );
  }
  return decide(tx, row, 'expense.submitted', {
    status: 'submitted',
    awaiting: 'project_manager',
    submitted_at: new Date(),
    rejection_reason: null,
    manager_decided_by_membership_id: null,
    manager_decided_at: null,
    client_decided_by_membership_id: null,
    client_decided_at: null,
  });
}

/**
 * Approves the step a submitted expense awaits, as that step's approver (see expense-approvers.ts;
 * 403 for anyone else, and for the spender). After the project manager: a re-billable expense
 * under a contract that requires the client's approval then awaits the client's approver
 * (`expense.step_approved`); otherwise it is approved and locked (`expense.approved`).
 */
export async function approveExpense(tx: TenantTransaction, id: string): Promise<ExpenseView> {
  const row = await awaitingMe(tx, id);
  const now = new Date();
  if (row.awaiting === 'client') {
    return decide(tx, row, 'expense.approved', {
      status: 'approved',
      awaiting: null,
      approved_at: now,
      client_decided_by_membership_id: tx.ctx.actor.membershipId,
      client_decided_at: now,
    });
  }
  const manager = { manager_decided_by_membership_id: tx.ctx.actor.membershipId, manager_decided_at: now };
  if (row.rebillable && (await contractRequiresClient(tx, row))) {
    return decide(tx, row, 'expense.step_approved', { ...manager, awaiting: 'client' });
  }
  return decide(tx, row, 'expense.approved', {
    ...manager,
    status: 'approved',
    awaiting: null,
    approved_at: now,
  });
}

/**
 * Rejects a submitted expense with a reason, at whichever step it waits for (same approvers as
 * approval). The spender may then change it and resubmit. Audited as `expense.rejected`.
 */
export async function rejectExpense(
  tx: TenantTransaction,
  id: string,
  input: { reason: string },
): Promise<ExpenseView> {
  const row = await awaitingMe(tx, id);
  const now = new Date();
  const decision =
    row.awaiting === 'client'
      ? { client_decided_by_membership_id: tx.ctx.actor.membershipId, client_decided_at: now }
      : { manager_decided_by_membership_id: tx.ctx.actor.membershipId, manager_decided_at: now };
  return decide(tx, row, 'expense.rejected', {
    ...decision,
    status: 'rejected',
    awaiting: null,
    rejection_reason: input.reason,
  });
}

/** The locked expense if it is submitted and its next decision is the caller's; 409 or 403 otherwise. */
async function awaitingMe(tx: TenantTransaction, id: string): Promise<Selectable<ExpenseTable>> {
  const row = await findExpense(tx, id, { lock: true });
  if (row.status !== 'submitted') {
    throw new AppError(
      'CONFLICT',
      { resource: 'expense', id, status: row.status },
      { detail: `The expense is ${row.status}, not awaiting a decision` },
    );
  }
  const me = tx.ctx.actor.membershipId;
  if (me !== null && row.person_membership_id === me) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'expense', id },
      { detail: 'Nobody decides on their own expense' },
    );
  }
  const { rows } = me
    ? await sql<{ mine: boolean }>`
        SELECT ${awaitedApproverIs(me)} AS mine FROM expenses e
        WHERE e.tenant_id = ${tx.ctx.tenantId} AND e.id = ${id}`.execute(tx.db)
    : { rows: [] };
  if (rows[0]?.mine !== true) {
    const who = row.awaiting === 'client' ? "the client's approver" : "the project's manager";
    throw new AppError(
      'FORBIDDEN',
      { resource: 'expense', id, awaiting: row.awaiting },
      { detail: `The expense awaits ${who}` },
    );
  }
  return row;
}

/**
 * Whether the expense's contract requires the client's approval. The approver must see the
 * contract: one they cannot see (its practice outside their scope) is refused with 422 rather
 * than guessed either way.
 */
async function contractRequiresClient(
  tx: TenantTransaction,
  row: Selectable<ExpenseTable>,
): Promise<boolean> {
  const { rows } = await sql<{ required: boolean }>`
    SELECT client_approval_required AS required FROM contracts
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${row.contract_id}`.execute(tx.db);
  const contract = rows[0];
  if (!contract) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'expense', id: row.id },
      {
        detail:
          "The project's contract is outside your scope, so whether its client must approve this expense cannot be decided",
      },
    );
  }
  return contract.required;
}

type Decision = Partial<
  Pick<
    Selectable<ExpenseTable>,
    | 'status'
    | 'awaiting'
    | 'submitted_at'
    | 'approved_at'
    | 'rejection_reason'
    | 'manager_decided_by_membership_id'
    | 'manager_decided_at'
    | 'client_decided_by_membership_id'
    | 'client_decided_at'
  >
>;

async function decide(
  tx: TenantTransaction,
  row: Selectable<ExpenseTable>,
  action: string,
  decision: Decision,
): Promise<ExpenseView> {
  const updated = await tx.db
    .updateTable('expenses')
    .set({ ...decision, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const expense = presentExpense(updated);
  recordChange(tx, action, presentExpense(row), expense);
  return viewOf(tx, expense);
}
