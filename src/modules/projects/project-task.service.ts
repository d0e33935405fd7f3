import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { requireProject } from './project.service.ts';
import { withoutTimestamps } from './project-rules.ts';
import { TASK_FIELD_CLASSIFICATION } from './projects.schema.ts';
import type { ProjectTaskTable, TaskStatus } from './projects.tables.ts';
import './projects.tables.ts';

/** A task of a project (what time is booked against), as the API shows it. */
export interface ProjectTask {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly billable: boolean;
  readonly budgetMinutes: number | null;
  readonly status: TaskStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ProjectTaskView = Projected<ProjectTask, typeof TASK_FIELD_CLASSIFICATION>;

export interface TaskInput {
  readonly projectId: string;
  readonly name: string;
  readonly billable?: boolean;
  readonly budgetMinutes?: number | null;
}

export type TaskPatch = Partial<Omit<TaskInput, 'projectId'>> & { readonly status?: TaskStatus };

/** Adds a task to a project the caller can see, carrying its segments. Audited as `project_task.created`. */
export async function createTask(tx: TenantTransaction, input: TaskInput): Promise<ProjectTaskView> {
  const project = await requireProject(tx, input.projectId);
  const row = await tx.db
    .insertInto('project_tasks')
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
      billable: input.billable ?? true,
      budget_minutes: input.budgetMinutes ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const task = present(row);
  tx.audit({
    action: 'project_task.created',
    resourceKind: 'project_task',
    resourceId: task.id,
    after: withoutTimestamps(task),
  });
  tx.emit({
    topic: 'project_task.created',
    resourceKind: 'project_task',
    resourceId: task.id,
    payload: { task },
  });
  return view(tx, task);
}

/** One task; NOT_FOUND unless its project is visible to the caller. */
export async function getTask(tx: TenantTransaction, id: string): Promise<ProjectTaskView> {
  return view(tx, present(await findTask(tx, id)));
}

/** A page of the tasks the caller may see, by id, of one project or status when asked. */
export async function listTasks(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filters: { readonly projectId?: string; readonly status?: TaskStatus } = {},
): Promise<{ items: ProjectTaskView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('project_tasks').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filters.projectId) query = query.where('project_id', '=', filters.projectId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/** Changes the given fields of a task (not its project); audited with before and after. */
export async function updateTask(
  tx: TenantTransaction,
  id: string,
  patch: TaskPatch,
): Promise<ProjectTaskView> {
  const before = present(await findTask(tx, id));
  const row = await tx.db
    .updateTable('project_tasks')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.billable !== undefined ? { billable: patch.billable } : {}),
      ...(patch.budgetMinutes !== undefined ? { budget_minutes: patch.budgetMinutes } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project_task', id });
  const task = present(row);
  tx.audit({
    action: 'project_task.updated',
    resourceKind: 'project_task',
    resourceId: id,
    before: withoutTimestamps(before),
    after: withoutTimestamps(task),
  });
  tx.emit({ topic: 'project_task.updated', resourceKind: 'project_task', resourceId: id, payload: { task } });
  return view(tx, task);
}

async function findTask(tx: TenantTransaction, id: string): Promise<Selectable<ProjectTaskTable>> {
  const row = await tx.db
    .selectFrom('project_tasks')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project_task', id });
  return row;
}

function present(row: Selectable<ProjectTaskTable>): ProjectTask {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    billable: row.billable,
    budgetMinutes: row.budget_minutes,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, task: ProjectTask): ProjectTaskView {
  return projectFields(task, TASK_FIELD_CLASSIFICATION, tx.ctx.clearance);
}
