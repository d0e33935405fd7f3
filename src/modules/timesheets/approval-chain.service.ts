import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import type { ApproverKind, StepCondition } from './timesheets.tables.ts';
import './timesheets.tables.ts';

/** One step of the tenant's time approval chain. */
export interface ApprovalStep {
  readonly position: number;
  readonly approver: ApproverKind;
  readonly condition: StepCondition;
  readonly thresholdMinutes: number | null;
}

export interface ApprovalChain {
  readonly steps: ApprovalStep[];
  /** True when the tenant configured none: a submitted week goes to its project managers. */
  readonly isDefault: boolean;
}

export interface ApprovalStepInput {
  readonly approver: ApproverKind;
  readonly condition?: StepCondition;
  readonly thresholdMinutes?: number | null;
}

/** The chain a tenant without one gets: the project manager approves. */
export const DEFAULT_CHAIN: readonly ApprovalStep[] = Object.freeze([
  Object.freeze({
    position: 1,
    approver: 'project_manager',
    condition: 'always',
    thresholdMinutes: null,
  } as const),
]);

/** The tenant's approval chain in order, or the default one-step chain. */
export async function getApprovalChain(tx: TenantTransaction): Promise<ApprovalChain> {
  const rows = await tx.db
    .selectFrom('time_approval_steps')
    .select(['position', 'approver', 'condition', 'threshold_minutes'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .orderBy('position')
    .execute();
  if (rows.length === 0) return { steps: [...DEFAULT_CHAIN], isDefault: true };
  return {
    steps: rows.map((row) => ({
      position: row.position,
      approver: row.approver,
      condition: row.condition,
      thresholdMinutes: row.threshold_minutes,
    })),
    isDefault: false,
  };
}

/**
 * Replaces the tenant's chain with `steps`, in order (an empty list restores the default). Every
 * problem is reported at once (422): a threshold is given exactly for `week_over_threshold`, the
 * client approves only where the contract requires it, and no step is repeated. Weeks already
 * submitted keep the steps they were given. Audited with the chain before and after.
 */
export async function replaceApprovalChain(
  tx: TenantTransaction,
  steps: readonly ApprovalStepInput[],
): Promise<ApprovalChain> {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    const at = `/body/steps/${index}`;
    const condition = step.condition ?? 'always';
    const threshold = step.thresholdMinutes ?? null;
    if (condition === 'week_over_threshold' && threshold === null)
      problems.push({ path: `${at}/thresholdMinutes`, message: 'is required for week_over_threshold' });
    if (condition !== 'week_over_threshold' && threshold !== null)
      problems.push({ path: `${at}/thresholdMinutes`, message: 'applies only to week_over_threshold' });
    if ((step.approver === 'client') !== (condition === 'contract_requires_client'))
      problems.push({
        path: `${at}/condition`,
        message:
          step.approver === 'client'
            ? 'the client approves where the contract requires it: use contract_requires_client'
            : 'contract_requires_client is the condition of the client step only',
      });
    const key = `${step.approver} ${condition} ${threshold}`;
    if (seen.has(key)) problems.push({ path: at, message: 'repeats an earlier step' });
    seen.add(key);
  });
  if (problems.length > 0) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'time_approval_steps' },
      { detail: `The approval chain is not valid: ${problems.length} problem(s).`, fieldProblems: problems },
    );
  }
  const before = await getApprovalChain(tx);
  await tx.db.deleteFrom('time_approval_steps').where('tenant_id', '=', tx.ctx.tenantId).execute();
  if (steps.length > 0) {
    await tx.db
      .insertInto('time_approval_steps')
      .values(
        steps.map((step, index) => ({
          tenant_id: tx.ctx.tenantId,
          id: uuidv7(),
          position: index + 1,
          approver: step.approver,
          condition: step.condition ?? 'always',
          threshold_minutes: step.thresholdMinutes ?? null,
        })),
      )
      .execute();
  }
  const after = await getApprovalChain(tx);
  tx.audit({
    action: 'time_approval_steps.replaced',
    resourceKind: 'time_approval_steps',
    resourceId: null,
    before: { ...before },
    after: { ...after },
  });
  tx.emit({
    topic: 'time_approval_steps.replaced',
    resourceKind: 'time_approval_steps',
    resourceId: null,
    payload: { chain: after },
  });
  return after;
}
