import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import { systemContext, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { type ApprovalStep, getApprovalChain } from './approval-chain.service.ts';
import { requireOpenPeriods } from './time-lookups.ts';
import { auditRecord, presentTimesheet, type TimesheetWithEntries } from './time-views.ts';
import {
  findTimesheetRow,
  requireEditableTimesheet,
  requireOwnTimesheet,
  withEntries,
} from './timesheet.service.ts';
import './timesheets.tables.ts';

/** Per contract of the submitter's entries: whether its client must approve the time. */
export type ContractRules = ReadonlyMap<string, boolean>;

/**
 * Whether the contracts of the caller's own entries on a timesheet require the client's approval.
 *
 * The submitter may book on a project outside their scope (their assignment lets them), and then
 * cannot see its contract; the rule must not silently read as "no client step". So Tessera reads
 * the flag itself, in a read-only transaction of the tenant before the submitter's, limited to the
 * contracts of the entries the caller booked on that timesheet, and returns nothing else.
 */
export async function readContractRules(
  withTenant: WithTenant,
  ctx: TenantContext,
  timesheetId: string,
): Promise<ContractRules> {
  const membershipId = ctx.actor.membershipId;
  if (membershipId === null) return new Map();
  return withTenant(
    systemContext(ctx.tenantId, 'time-approval-rules', ctx.requestId),
    async (tx) => {
      const { rows } = await sql<{ id: string; client_approval_required: boolean }>`
        SELECT DISTINCT c.id, c.client_approval_required
        FROM time_entries e JOIN contracts c ON c.tenant_id = e.tenant_id AND c.id = e.contract_id
        WHERE e.tenant_id = ${ctx.tenantId} AND e.timesheet_id = ${timesheetId}
          AND e.person_membership_id = ${membershipId}::uuid`.execute(tx.db);
      return new Map(rows.map((row) => [row.id, row.client_approval_required]));
    },
    { readOnly: true },
  );
}

/** Whether a step of the chain applies to one project's part of a submitted week. */
export function stepApplies(step: ApprovalStep, weekMinutes: number, clientMustApprove: boolean): boolean {
  switch (step.condition) {
    case 'always':
      return true;
    case 'week_over_threshold':
      return weekMinutes > (step.thresholdMinutes ?? Number.POSITIVE_INFINITY);
    case 'contract_requires_client':
      return clientMustApprove;
  }
}

/**
 * Submits the caller's own timesheet (403 for anyone else's; 409 unless draft or rejected): its
 * draft and rejected entries (422 when there are none; 409 when one lies in a closed month) go
 * to approval in a new round. Per project of those entries, one pending approval record per step
 * of the tenant's chain that applies (the week's total over a step's threshold, the contract
 * requiring the client); a project no step applies to is approved at once. Entries approved in
 * an earlier round stay approved. Audited: the timesheet, each record, each entry.
 */
export async function submitTimesheet(
  tx: TenantTransaction,
  id: string,
  contractRules: ContractRules,
): Promise<TimesheetWithEntries> {
  const timesheet = await findTimesheetRow(tx, id, { forUpdate: true });
  requireOwnTimesheet(tx, timesheet);
  requireEditableTimesheet(timesheet);
  const entries = await tx.db
    .selectFrom('time_entries')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('timesheet_id', '=', id)
    .orderBy('work_date')
    .orderBy('id')
    .execute();
  const pending = entries.filter((entry) => entry.status === 'draft' || entry.status === 'rejected');
  if (pending.length === 0) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { timesheetId: id },
      { detail: 'The timesheet has no draft or rejected entry to submit.' },
    );
  }
  await requireOpenPeriods(
    tx,
    pending.map((entry) => entry.work_date),
    '/params/id',
  );
  const chain = (await getApprovalChain(tx)).steps;
  const weekMinutes = entries.reduce((sum, entry) => sum + entry.minutes, 0);
  const round = timesheet.round + 1;
  const now = new Date();
  const byProject = new Map<string, (typeof pending)[number][]>();
  for (const entry of pending)
    byProject.set(entry.project_id, [...(byProject.get(entry.project_id) ?? []), entry]);

  let awaiting = 0;
  for (const [projectId, mine] of byProject) {
    const first = mine[0] as (typeof mine)[number];
    const clientMustApprove = contractRules.get(first.contract_id);
    if (clientMustApprove === undefined) {
      // An entry on a contract the rules were not read for: booked since; the caller retries.
      throw new AppError(
        'CONFLICT',
        { timesheetId: id, contractId: first.contract_id },
        {
          detail: 'The timesheet changed while it was being submitted; submit it again.',
        },
      );
    }
    const steps = chain.filter((step) => stepApplies(step, weekMinutes, clientMustApprove));
    const minutes = mine.reduce((sum, entry) => sum + entry.minutes, 0);
    for (const step of steps) {
      const approvalId = uuidv7();
      await tx.db
        .insertInto('time_approvals')
        .values({
          tenant_id: tx.ctx.tenantId,
          id: approvalId,
          timesheet_id: id,
          round,
          position: step.position,
          approver: step.approver,
          person_membership_id: timesheet.person_membership_id,
          project_id: projectId,
          contract_id: first.contract_id,
          client_id: first.client_id,
          legal_entity_id: first.legal_entity_id,
          practice_id: first.practice_id,
          region_id: first.region_id,
          portfolio_id: first.portfolio_id,
          currency: first.currency,
          minutes,
          week_minutes: weekMinutes,
          decided_at: null,
          decided_by_membership_id: null,
          reason: null,
        })
        .execute();
      const record = {
        timesheetId: id,
        round,
        position: step.position,
        approver: step.approver,
        projectId,
        minutes,
      };
      tx.audit({
        action: 'time_approval.created',
        resourceKind: 'time_approval',
        resourceId: approvalId,
        after: record,
      });
      tx.emit({
        topic: 'time_approval.created',
        resourceKind: 'time_approval',
        resourceId: approvalId,
        payload: record,
      });
    }
    awaiting += steps.length > 0 ? 1 : 0;
    await setEntryStatus(tx, mine, steps.length > 0 ? 'submitted' : 'approved', now);
  }
  const updated = await tx.db
    .updateTable('timesheets')
    .set({
      status: awaiting > 0 ? 'submitted' : 'approved',
      round,
      submitted_at: now,
      decided_at: awaiting > 0 ? null : now,
      rejection_reason: null,
      updated_at: now,
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  tx.audit({
    action: 'timesheet.submitted',
    resourceKind: 'timesheet',
    resourceId: id,
    before: auditRecord(presentTimesheet(timesheet, weekMinutes)),
    after: auditRecord(presentTimesheet(updated, weekMinutes)),
  });
  tx.emit({
    topic: 'timesheet.submitted',
    resourceKind: 'timesheet',
    resourceId: id,
    payload: { timesheetId: id, round, projects: [...byProject.keys()], status: updated.status },
  });
  const [result] = await withEntries(tx, [updated]);
  return result as TimesheetWithEntries;
}

/** Moves entries to a new status (approved ones get their approval time); one audit event each. */
export async function setEntryStatus(
  tx: TenantTransaction,
  entries: readonly { readonly id: string; readonly status: string }[],
  status: 'submitted' | 'approved' | 'rejected' | 'draft',
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.db
    .updateTable('time_entries')
    .set({ status, approved_at: status === 'approved' ? now : null, updated_at: now })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where(
      'id',
      'in',
      entries.map((entry) => entry.id),
    )
    .execute();
  for (const entry of entries) {
    tx.audit({
      action: `time_entry.${status === 'draft' ? 'reopened' : status}`,
      resourceKind: 'time_entry',
      resourceId: entry.id,
      before: { status: entry.status },
      after: { status },
    });
  }
  tx.emit({
    topic: `time_entries.${status === 'draft' ? 'reopened' : status}`,
    resourceKind: 'time_entry',
    resourceId: null,
    payload: { entryIds: entries.map((entry) => entry.id), status },
  });
}
