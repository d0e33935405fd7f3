import type { Selectable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import { FULL_SCOPE, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { setEntryStatus } from './submit-timesheet.ts';
import { approvalsQuery, approverMatches, isLowestPending } from './time-approval.service.ts';
import { type ApprovalRow, approvalView, presentApproval, type TimeApprovalView } from './time-views.ts';
import type { TimeApprovalTable } from './timesheets.tables.ts';
import './timesheets.tables.ts';

export type Decision = { readonly kind: 'approve' } | { readonly kind: 'reject'; readonly reason: string };

const WHO: Readonly<Record<TimeApprovalTable['approver'], string>> = {
  project_manager: "the project's manager",
  practice_lead: "the lead of the project's practice (or of a practice above it)",
  client: "an approver of the project's client",
};

/**
 * Approves or rejects one step of a project's approval of a submitted week.
 *
 * First, under the decider's own context (read-only): the step must be visible to them (404), still
 * pending and the lowest pending of its timesheet, project and round (409), about someone else's
 * time, and theirs to decide (403, naming who decides it).
 *
 * Then the decision and what follows from it, in one transaction of the tenant acting for the
 * decider (the audit names them): a decision reaches beyond the decider's scope (a client approver
 * never sees the timesheet header, nor the week's other projects). Approving the last pending step
 * of a project approves that project's entries; the last project approved approves the timesheet.
 * Rejecting rejects that project's entries and the timesheet with the reason, cancels the round's
 * other pending steps and returns their projects' submitted entries to draft; projects approved
 * already stay approved. Only rows of that timesheet and round are written.
 */
export async function decideTimeApproval(
  withTenant: WithTenant,
  ctx: TenantContext,
  id: string,
  decision: Decision,
): Promise<TimeApprovalView> {
  if (decision.kind === 'reject' && decision.reason.trim() === '') {
    throw new AppError(
      'VALIDATION_FAILED',
      { resource: 'time_approval', id },
      {
        detail: 'A rejection says why.',
        fieldProblems: [{ path: '/body/reason', message: 'must not be empty' }],
      },
    );
  }
  await withTenant(ctx, (tx) => authorizeDecision(tx, id), { readOnly: true });
  return withTenant(actingFor(ctx), (tx) => applyDecision(tx, ctx, id, decision));
}

/** The decider's context over the whole tenant: for the consequences of a decision already authorized. */
function actingFor(ctx: TenantContext): TenantContext {
  return Object.freeze({ ...ctx, scope: FULL_SCOPE });
}

async function authorizeDecision(tx: TenantTransaction, id: string): Promise<void> {
  const me = tx.ctx.actor.membershipId;
  const row = await tx.db
    .selectFrom('time_approvals as ta')
    .select(['ta.status', 'ta.approver', 'ta.position', 'ta.person_membership_id'])
    .select([isLowestPending.as('lowest'), approverMatches(me).as('matches')])
    .where('ta.tenant_id', '=', tx.ctx.tenantId)
    .where('ta.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'time_approval', id });
  requirePending(row.status, id);
  if (!row.lowest) {
    throw new AppError(
      'CONFLICT',
      { resource: 'time_approval', id },
      { detail: 'An earlier step of this approval is still pending: it is decided first.' },
    );
  }
  if (me !== null && row.person_membership_id === me) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'time_approval', id },
      { detail: 'You cannot approve or reject your own time.' },
    );
  }
  if (!row.matches) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'time_approval', id, approver: row.approver },
      { detail: `This step is decided by ${WHO[row.approver]}, which you are not.` },
    );
  }
}

function requirePending(status: string, id: string): void {
  if (status === 'pending') return;
  throw new AppError(
    'CONFLICT',
    { resource: 'time_approval', id, status },
    { detail: `This step is ${status} already.` },
  );
}

async function applyDecision(
  tx: TenantTransaction,
  decider: TenantContext,
  id: string,
  decision: Decision,
): Promise<TimeApprovalView> {
  const step = await tx.db
    .selectFrom('time_approvals')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // The same checks again, on the locked row: another decision may have come in between.
  requirePending(step.status, id);
  const earlier = await pendingSteps(tx, step, { below: step.position });
  if (earlier.length > 0)
    throw new AppError(
      'CONFLICT',
      { resource: 'time_approval', id },
      { detail: 'An earlier step is pending.' },
    );
  const now = new Date();
  const approved = decision.kind === 'approve';
  const decided = await tx.db
    .updateTable('time_approvals')
    .set({
      status: approved ? 'approved' : 'rejected',
      decided_at: now,
      decided_by_membership_id: decider.actor.membershipId,
      reason: approved ? null : decision.reason,
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const record = {
    status: decided.status,
    reason: decided.reason,
    timesheetId: step.timesheet_id,
    projectId: step.project_id,
  };
  tx.audit({
    action: `time_approval.${decided.status}`,
    resourceKind: 'time_approval',
    resourceId: id,
    before: { status: step.status },
    after: record,
  });
  tx.emit({
    topic: `time_approval.${decided.status}`,
    resourceKind: 'time_approval',
    resourceId: id,
    payload: record,
  });
  if (approved) await afterApproval(tx, step, now);
  else await afterRejection(tx, step, decision.reason, now);
  const view = (await approvalsQuery(tx).where('ta.id', '=', id).executeTakeFirstOrThrow()) as ApprovalRow;
  return approvalView(presentApproval({ ...view, decidable: false }), decider.clearance);
}

async function afterApproval(
  tx: TenantTransaction,
  step: Selectable<TimeApprovalTable>,
  now: Date,
): Promise<void> {
  if ((await pendingSteps(tx, step, { project: true })).length > 0) return;
  await setEntryStatus(tx, await submittedEntries(tx, step, { project: step.project_id }), 'approved', now);
  if ((await pendingSteps(tx, step, { project: false })).length > 0) return;
  await decideTimesheet(tx, step, 'approved', null, now);
}

async function afterRejection(
  tx: TenantTransaction,
  step: Selectable<TimeApprovalTable>,
  reason: string,
  now: Date,
): Promise<void> {
  await setEntryStatus(tx, await submittedEntries(tx, step, { project: step.project_id }), 'rejected', now);
  const others = await pendingSteps(tx, step, { project: false });
  if (others.length > 0) {
    await tx.db
      .updateTable('time_approvals')
      .set({ status: 'cancelled' })
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where(
        'id',
        'in',
        others.map((other) => other.id),
      )
      .execute();
    for (const other of others) {
      tx.audit({
        action: 'time_approval.cancelled',
        resourceKind: 'time_approval',
        resourceId: other.id,
        before: { status: 'pending' },
        after: { status: 'cancelled', rejectedStep: step.id },
      });
    }
  }
  // The week's other projects whose chain was not complete go back to their person as drafts.
  await setEntryStatus(tx, await submittedEntries(tx, step, {}), 'draft', now);
  await decideTimesheet(tx, step, 'rejected', reason, now);
}

/** Pending steps of the step's timesheet and round: of its project only (or of every project), optionally below a position. */
async function pendingSteps(
  tx: TenantTransaction,
  step: Selectable<TimeApprovalTable>,
  options: { project?: boolean; below?: number },
): Promise<{ id: string }[]> {
  let query = tx.db
    .selectFrom('time_approvals')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('timesheet_id', '=', step.timesheet_id)
    .where('round', '=', step.round)
    .where('status', '=', 'pending');
  if (options.project !== false) query = query.where('project_id', '=', step.project_id);
  if (options.below !== undefined) query = query.where('position', '<', options.below);
  return query.execute();
}

async function submittedEntries(
  tx: TenantTransaction,
  step: Selectable<TimeApprovalTable>,
  options: { project?: string },
): Promise<{ id: string; status: string }[]> {
  let query = tx.db
    .selectFrom('time_entries')
    .select(['id', 'status'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('timesheet_id', '=', step.timesheet_id)
    .where('status', '=', 'submitted');
  if (options.project) query = query.where('project_id', '=', options.project);
  return query.execute();
}

async function decideTimesheet(
  tx: TenantTransaction,
  step: Selectable<TimeApprovalTable>,
  status: 'approved' | 'rejected',
  reason: string | null,
  now: Date,
): Promise<void> {
  const before = await tx.db
    .selectFrom('timesheets')
    .select(['status', 'rejection_reason'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', step.timesheet_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await tx.db
    .updateTable('timesheets')
    .set({ status, decided_at: now, rejection_reason: reason, updated_at: now })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', step.timesheet_id)
    .execute();
  tx.audit({
    action: `timesheet.${status}`,
    resourceKind: 'timesheet',
    resourceId: step.timesheet_id,
    before: { status: before.status, rejectionReason: before.rejection_reason },
    after: { status, rejectionReason: reason },
  });
  tx.emit({
    topic: `timesheet.${status}`,
    resourceKind: 'timesheet',
    resourceId: step.timesheet_id,
    payload: { timesheetId: step.timesheet_id, round: step.round, status },
  });
}
