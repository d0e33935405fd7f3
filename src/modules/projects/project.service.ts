import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { fieldsAboveClearance, type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  getContract,
  type Money,
  minorOf,
  requireCurrency,
  UnprocessableRequest,
} from '../contracts/index.ts';
import { getPortfolio, getPractice } from '../organization/index.ts';
import { getPerson } from '../resources/index.ts';
import { requireOrderedDates, requireVisible, withoutTimestamps } from './project-rules.ts';
import { PROJECT_FIELD_CLASSIFICATION } from './projects.schema.ts';
import type { ProjectStatus, ProjectTable } from './projects.tables.ts';
import './projects.tables.ts';
import '../staffing/staffing.tables.ts';

/** A project under a client's contract, as the API shows it. */
export interface Project {
  readonly id: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly portfolioId: string | null;
  /** The contract's currency, which budgets and milestones are in. */
  readonly currency: string;
  readonly code: string;
  readonly name: string;
  readonly managerPersonId: string | null;
  readonly status: ProjectStatus;
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly budgetMinutes: number | null;
  readonly budget: Money | null;
  readonly internalNotes: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ProjectView = Projected<Project, typeof PROJECT_FIELD_CLASSIFICATION>;

export interface ProjectInput {
  readonly contractId: string;
  readonly practiceId: string;
  readonly portfolioId?: string | null;
  readonly code: string;
  readonly name: string;
  readonly managerPersonId?: string | null;
  readonly status?: ProjectStatus;
  readonly startsOn: string;
  readonly endsOn?: string | null;
  readonly budgetMinutes?: number | null;
  readonly budget?: Money | null;
  readonly internalNotes?: string | null;
}

export type ProjectPatch = Partial<Omit<ProjectInput, 'contractId'>>;

export interface ProjectFilters {
  readonly contractId?: string;
  readonly clientId?: string;
  readonly practiceId?: string;
  readonly portfolioId?: string;
  readonly status?: ProjectStatus;
}

/**
 * Creates a project under a contract the caller can see, copying its client, legal entity, region
 * and currency (the database keeps them equal, and cascades them); the practice, portfolio and
 * manager must be visible too (422 otherwise). A budget must be in the contract's currency.
 * Internal notes need confidential clearance to write. Audited; announced as `project.created`.
 */
export async function createProject(tx: TenantTransaction, input: ProjectInput): Promise<ProjectView> {
  requireClearanceToWrite(tx, input);
  requireOrderedDates('project', input.startsOn, input.endsOn ?? null);
  const contract = await requireVisible(
    () => getContract(tx, input.contractId),
    'contract',
    input.contractId,
    '/body/contractId',
  );
  if (input.budget) requireCurrency(input.budget, contract.currency, '/body/budget', 'project');
  requirePortfolioInScope(tx, input.portfolioId ?? null);
  await requireReferences(tx, input);
  const row = await tx.db
    .insertInto('projects')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      contract_id: contract.id,
      client_id: contract.clientId,
      legal_entity_id: contract.legalEntityId,
      region_id: contract.regionId,
      currency: contract.currency,
      practice_id: input.practiceId,
      portfolio_id: input.portfolioId ?? null,
      code: input.code,
      name: input.name,
      manager_person_id: input.managerPersonId ?? null,
      status: input.status ?? 'planned',
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      budget_minutes: input.budgetMinutes ?? null,
      budget_minor: input.budget ? BigInt(input.budget.amountMinor) : null,
      internal_notes: input.internalNotes ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const project = present(row);
  tx.audit({
    action: 'project.created',
    resourceKind: 'project',
    resourceId: project.id,
    after: withoutTimestamps(project),
  });
  tx.emit({
    topic: 'project.created',
    resourceKind: 'project',
    resourceId: project.id,
    payload: eventPayload(project),
  });
  return view(tx, project);
}

/** One project; NOT_FOUND unless every segment it carries is in the caller's scope. */
export async function getProject(tx: TenantTransaction, id: string): Promise<ProjectView> {
  return view(tx, present(await findProject(tx, id)));
}

/** A page of the projects the caller may see, in id order, narrowed by the given filters. */
export async function listProjects(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filters: ProjectFilters = {},
): Promise<{ items: ProjectView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('projects').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filters.contractId) query = query.where('contract_id', '=', filters.contractId);
  if (filters.clientId) query = query.where('client_id', '=', filters.clientId);
  if (filters.practiceId) query = query.where('practice_id', '=', filters.practiceId);
  if (filters.portfolioId) query = query.where('portfolio_id', '=', filters.portfolioId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/**
 * Changes the given fields of a project (its contract and what it carries from it stay). A new
 * practice or portfolio moves its tasks, milestones and assignments with it (cascading keys).
 * New dates must still hold every assignment of the project (422 naming the date).
 */
export async function updateProject(
  tx: TenantTransaction,
  id: string,
  patch: ProjectPatch,
): Promise<ProjectView> {
  const before = present(await findProject(tx, id));
  requireClearanceToWrite(tx, patch);
  const startsOn = patch.startsOn ?? before.startsOn;
  const endsOn = patch.endsOn !== undefined ? patch.endsOn : before.endsOn;
  requireOrderedDates(
    'project',
    startsOn,
    endsOn,
    patch.endsOn !== undefined ? '/body/endsOn' : '/body/startsOn',
  );
  if (patch.budget) requireCurrency(patch.budget, before.currency, '/body/budget', 'project');
  if (patch.portfolioId === null) requirePortfolioInScope(tx, null);
  await requireReferences(tx, patch);
  if (patch.startsOn !== undefined || patch.endsOn !== undefined)
    await requireAssignmentsWithin(tx, id, startsOn, endsOn);
  const row = await tx.db
    .updateTable('projects')
    .set({
      ...(patch.practiceId !== undefined ? { practice_id: patch.practiceId } : {}),
      ...(patch.portfolioId !== undefined ? { portfolio_id: patch.portfolioId } : {}),
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.managerPersonId !== undefined ? { manager_person_id: patch.managerPersonId } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.startsOn !== undefined ? { starts_on: patch.startsOn } : {}),
      ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
      ...(patch.budgetMinutes !== undefined ? { budget_minutes: patch.budgetMinutes } : {}),
      ...(patch.budget !== undefined
        ? { budget_minor: patch.budget ? BigInt(patch.budget.amountMinor) : null }
        : {}),
      ...(patch.internalNotes !== undefined ? { internal_notes: patch.internalNotes } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project', id });
  const project = present(row);
  tx.audit({
    action: 'project.updated',
    resourceKind: 'project',
    resourceId: id,
    before: withoutTimestamps(before),
    after: withoutTimestamps(project),
  });
  tx.emit({
    topic: 'project.updated',
    resourceKind: 'project',
    resourceId: id,
    payload: eventPayload(project),
  });
  return view(tx, project);
}

/** The project row, or NOT_FOUND when it does not exist or is out of scope. */
export async function findProject(tx: TenantTransaction, id: string): Promise<Selectable<ProjectTable>> {
  const row = await tx.db
    .selectFrom('projects')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'project', id });
  return row;
}

/** The project a child is created under: visible to the caller, else 422 naming `/body/projectId`. */
export function requireProject(tx: TenantTransaction, id: string): Promise<Selectable<ProjectTable>> {
  return requireVisible(() => findProject(tx, id), 'project', id, '/body/projectId');
}

async function requireReferences(tx: TenantTransaction, input: ProjectPatch): Promise<void> {
  if (input.practiceId)
    await requireVisible(
      () => getPractice(tx, input.practiceId as string),
      'practice',
      input.practiceId,
      '/body/practiceId',
    );
  if (input.portfolioId)
    await requireVisible(
      () => getPortfolio(tx, input.portfolioId as string),
      'portfolio',
      input.portfolioId,
      '/body/portfolioId',
    );
  if (input.managerPersonId)
    await requireVisible(
      () => getPerson(tx, input.managerPersonId as string),
      'person',
      input.managerPersonId,
      '/body/managerPersonId',
    );
}

/** A caller scoped to some portfolios cannot make a project without one: it would vanish from their view (422). */
function requirePortfolioInScope(tx: TenantTransaction, portfolioId: string | null): void {
  if (portfolioId !== null || tx.ctx.scope.portfolio === 'all') return;
  throw new UnprocessableRequest(
    { resource: 'project' },
    'Your scope covers some portfolios only: name one',
    [{ path: '/body/portfolioId', message: 'is required in your scope' }],
  );
}

async function requireAssignmentsWithin(
  tx: TenantTransaction,
  projectId: string,
  startsOn: string,
  endsOn: string | null,
): Promise<void> {
  let query = tx.db
    .selectFrom('assignments')
    .select(['starts_on', 'ends_on'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('project_id', '=', projectId);
  query = query.where((eb) =>
    endsOn === null
      ? eb('starts_on', '<', startsOn)
      : eb.or([eb('starts_on', '<', startsOn), eb('ends_on', '>', endsOn)]),
  );
  const outside = await query.limit(1).executeTakeFirst();
  if (!outside) return;
  const path = outside.starts_on < startsOn ? '/body/startsOn' : '/body/endsOn';
  throw new UnprocessableRequest(
    { resource: 'project', id: projectId },
    'An assignment of the project falls outside the new dates',
    [{ path, message: 'would leave an assignment outside the project' }],
  );
}

function requireClearanceToWrite(tx: TenantTransaction, input: Partial<ProjectInput>): void {
  const above = fieldsAboveClearance<Project>(
    { internalNotes: input.internalNotes },
    PROJECT_FIELD_CLASSIFICATION,
    tx.ctx.clearance,
  );
  if (above.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'project', fields: above },
      { detail: `Your clearance does not allow writing: ${above.join(', ')}` },
    );
  }
}

function present(row: Selectable<ProjectTable>): Project {
  return {
    id: row.id,
    contractId: row.contract_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    portfolioId: row.portfolio_id,
    currency: row.currency,
    code: row.code,
    name: row.name,
    managerPersonId: row.manager_person_id,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    budgetMinutes: row.budget_minutes,
    budget:
      row.budget_minor === null
        ? null
        : { amountMinor: minorOf(row.budget_minor, 'project', row.id), currency: row.currency },
    internalNotes: row.internal_notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, project: Project): ProjectView {
  return projectFields(project, PROJECT_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** Events carry nothing above internal (no internal notes). */
function eventPayload(project: Project): Record<string, unknown> {
  return { project: projectFields(project, PROJECT_FIELD_CLASSIFICATION, 'internal') };
}
