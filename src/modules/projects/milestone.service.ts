import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type Money, minorOf, requireCurrency } from '../contracts/index.ts';
import { requireProject } from './project.service.ts';
import { withoutTimestamps } from './project-rules.ts';
import { MILESTONE_FIELD_CLASSIFICATION } from './projects.schema.ts';
import type { MilestoneStatus, ProjectMilestoneTable } from './projects.tables.ts';
import './projects.tables.ts';

/** A fixed-fee milestone of a project, as the API shows it. Accepted by the client, it is billable. */
export interface Milestone {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  /** In the project's currency. */
  readonly amount: Money;
  readonly dueOn: string;
  readonly status: MilestoneStatus;
  readonly decidedAt: string | null;
  readonly decidedByMembershipId: string | null;
  readonly decisionNote: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type MilestoneView = Projected<Milestone, typeof MILESTONE_FIELD_CLASSIFICATION>;

export interface MilestoneInput {
  readonly projectId: string;
  readonly name: string;
  readonly amount: Money;
  readonly dueOn: string;
}

export type MilestonePatch = Partial<Omit<MilestoneInput, 'projectId'>>;

/** What the milestone actions do: the states each starts from and the one it ends in. */
const TRANSITIONS = {
  ready: { from: ['planned', 'rejected'], to: 'ready' },
  accept: { from: ['ready'], to: 'accepted' },
  reject: { from: ['ready'], to: 'rejected' },
} as const satisfies Record<string, { from: readonly MilestoneStatus[]; to: MilestoneStatus }>;

export type MilestoneAction = keyof typeof TRANSITIONS;

/**
 * Adds a planned milestone to a project the caller can see; its amount must be in the project's
 * currency (422 naming `/body/amount/currency`). Audited as `project_milestone.created`.
 */
export async function createMilestone(tx: TenantTransaction, input: MilestoneInput): Promise<MilestoneView> {
  const project = await requireProject(tx, input.projectId);
  requireCurrency(input.amount, project.currency, '/body/amount', 'project_milestone');
  const row = await tx.db
    .insertInto('project_milestones')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      project_id: project.id,
      contract_id: project.contract_id,
      client_id: project.client_id,
      legal_entity_id: project.legal_entity_id,
      practice_id: project.practice_id,
      region_id: project.region_id,
      portfolio_id: project.portfolio_id,
      currency: project.currency,
      name: input.name,
      amount_minor: BigInt(input.amount.amountMinor),
      due_on: input.dueOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const milestone = present(row);
  tx.audit({
    action: 'project_milestone.created',
    resourceKind: 'project_milestone',
    resourceId: milestone.id,
    after: withoutTimestamps(milestone),
  });
  emit(tx, 'project_milestone.created', milestone);
  return view(tx, milestone);
}

/** One milestone; NOT_FOUND unless its project is visible to the caller. */
export async function getMilestone(tx: TenantTransaction, id: string): Promise<MilestoneView> {
  return view(tx, present(await findMilestone(tx, id)));
}

/** A page of the milestones the caller may see, by id, of one project or status when asked. */
export async function listMilestones(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filters: { readonly projectId?: string; readonly status?: MilestoneStatus } = {},
): Promise<{ items: MilestoneView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('project_milestones').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filters.projectId) query = query.where('project_id', '=', filters.projectId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/**
 * Changes a milestone's name, amount (in the project's currency) or due date; an accepted
 * milestone is what the client agreed to and is not changed (409).
 */
export async function updateMilestone(
  tx: TenantTransaction,
  id: string,
  patch: MilestonePatch,
): Promise<MilestoneView> {
  const row = await findMilestone(tx, id);
  const before = present(row);
  if (patch.amount) requireCurrency(patch.amount, row.currency, '/body/amount', 'project_milestone');
  if (before.status === 'accepted')
    throw new AppError(
      'CONFLICT',
      { resource: 'project_milestone', id, status: before.status },
      { detail: 'An accepted milestone cannot be changed' },
    );
  return write(tx, before, 'project_milestone.updated', {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.amount !== undefined ? { amount_minor: BigInt(patch.amount.amountMinor) } : {}),
    ...(patch.dueOn !== undefined ? { due_on: patch.dueOn } : {}),
  });
}

/**
 * Moves a milestone along its lifecycle: `ready` (the firm: planned or rejected → ready), then
 * `accept` or `reject` by the client (ready → accepted or rejected, recording who, when and the
 * note). Any other starting state is a 409 naming the current one.
 */
export async function decideMilestone(
  tx: TenantTransaction,
  id: string,
  action: MilestoneAction,
  note?: string,
): Promise<MilestoneView> {
  const before = present(await findMilestone(tx, id));
  const transition = TRANSITIONS[action];
  if (!(transition.from as readonly MilestoneStatus[]).includes(before.status)) {
    throw new AppError(
      'CONFLICT',
      { resource: 'project_milestone', id, status: before.status, action },
      { detail: `A ${before.status} milestone cannot be moved to ${transition.to}` },
    );
  }
  const deciding = action !== 'ready';
  if (deciding && tx.ctx.actor.membershipId === null)
    throw new AppError(
      'FORBIDDEN',
      { resource: 'project_milestone', id },
      { detail: 'Only a member decides' },
    );
  return write(tx, before, `project_milestone.${transition.to}`, {
    status: transition.to,
    decided_at: deciding ? new Date() : null,
    decided_by_membership_id: deciding ? tx.ctx.actor.membershipId : null,
    ...(deciding ? { decision_note: note ?? null } : {}),
  });
}

async function write(
  tx: TenantTransaction,
  before: Milestone,
  action: string,
  changes: Partial<
    Pick<
      Selectable<ProjectMilestoneTable>,
      | 'name'
      | 'amount_minor'
      | 'due_on'
      | 'status'
      | 'decided_at'
      | 'decided_by_membership_id'
      | 'decision_note'
    >
  >,
): Promise<MilestoneView> {
  const row = await tx.db
    .updateTable('project_milestones')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project_milestone', id: before.id });
  const milestone = present(row);
  tx.audit({
    action,
    resourceKind: 'project_milestone',
    resourceId: milestone.id,
    before: withoutTimestamps(before),
    after: withoutTimestamps(milestone),
  });
  emit(tx, action, milestone);
  return view(tx, milestone);
}

async function findMilestone(tx: TenantTransaction, id: string): Promise<Selectable<ProjectMilestoneTable>> {
  const row = await tx.db
    .selectFrom('project_milestones')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project_milestone', id });
  return row;
}

function emit(tx: TenantTransaction, topic: string, milestone: Milestone): void {
  tx.emit({
    topic,
    resourceKind: 'project_milestone',
    resourceId: milestone.id,
    payload: { milestone: projectFields(milestone, MILESTONE_FIELD_CLASSIFICATION, 'internal') },
  });
}

function present(row: Selectable<ProjectMilestoneTable>): Milestone {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    amount: { amountMinor: minorOf(row.amount_minor, 'project_milestone', row.id), currency: row.currency },
    dueOn: row.due_on,
    status: row.status,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    decidedByMembershipId: row.decided_by_membership_id,
    decisionNote: row.decision_note,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, milestone: Milestone): MilestoneView {
  return projectFields(milestone, MILESTONE_FIELD_CLASSIFICATION, tx.ctx.clearance);
}
