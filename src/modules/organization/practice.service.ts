import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import { getPerson } from '../resources/index.ts';
import {
  findPractice,
  insertPractice,
  listPracticePage,
  type PracticeRow,
  updatePracticeRow,
} from './practice.repo.ts';
import { PRACTICE_FIELD_CLASSIFICATION } from './practice.schema.ts';
import { requireWholeDimension } from './segment-guard.ts';

/** A practice (business unit, service line) as the API shows it. */
export interface Practice {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly code: string;
  /** Ancestors, then the practice itself. */
  readonly path: string[];
  /** The practice's lead, a person. */
  readonly leadPersonId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A practice with the fields the caller's clearance may see. */
export type PracticeView = Projected<Practice, typeof PRACTICE_FIELD_CLASSIFICATION>;

export interface PracticeInput {
  readonly name: string;
  readonly code: string;
  readonly parentId?: string | null;
}

export type PracticePatch = Partial<PracticeInput> & { readonly leadPersonId?: string | null };

/**
 * Creates a practice, top-level or under a parent in the caller's scope; needs every practice
 * in scope. Audited and announced as `practice.created`.
 */
export async function createPractice(tx: TenantTransaction, input: PracticeInput): Promise<PracticeView> {
  requireWholeDimension(tx, 'practice');
  const parent = input.parentId ? await requireParent(tx, input.parentId) : null;
  const row = await insertPractice(tx, {
    tenant_id: tx.ctx.tenantId,
    id: uuidv7(),
    parent_id: parent?.id ?? null,
    parent_path: parent ? [...parent.path] : null,
    name: input.name,
    code: input.code,
  });
  const practice = present(row);
  tx.audit({
    action: 'practice.created',
    resourceKind: 'practice',
    resourceId: practice.id,
    after: record(practice),
  });
  tx.emit({
    topic: 'practice.created',
    resourceKind: 'practice',
    resourceId: practice.id,
    payload: { practice },
  });
  return view(tx, practice);
}

/** One practice; NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getPractice(tx: TenantTransaction, id: string): Promise<PracticeView> {
  const row = await findPractice(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'practice', id });
  return view(tx, present(row));
}

/** A page of the practices the caller may see, with the cursor of the next page. */
export async function listPractices(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: PracticeView[]; nextCursor: string | null }> {
  const rows = await listPracticePage(tx, page.limit + 1, page.cursor);
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/**
 * Changes the given fields of a practice. A new `parentId` (null: top level) moves it with its
 * whole subtree: the database re-derives the path of every descendant, in scope or not. Moving
 * a practice under itself or one of its descendants is refused (422).
 */
export async function updatePractice(
  tx: TenantTransaction,
  id: string,
  patch: PracticePatch,
): Promise<PracticeView> {
  const before = await findPractice(tx, id);
  if (!before) throw new AppError('NOT_FOUND', { resource: 'practice', id });
  let parentChange: { parent_id?: string | null; parent_path?: string[] | null } = {};
  if (patch.parentId !== undefined && patch.parentId !== before.parent_id) {
    const parent = patch.parentId === null ? null : await requireParent(tx, patch.parentId);
    if (parent?.path.includes(id)) {
      throw new AppError(
        'PRACTICE_CYCLE',
        { resource: 'practice', id, parentId: parent.id },
        {
          detail: 'A practice cannot be moved under itself or one of its sub-practices',
          fieldProblems: [
            { path: '/body/parentId', message: 'is the practice itself or one of its sub-practices' },
          ],
        },
      );
    }
    parentChange = { parent_id: parent?.id ?? null, parent_path: parent ? [...parent.path] : null };
  }
  if (patch.leadPersonId) await requireLead(tx, patch.leadPersonId);
  const row = await updatePracticeRow(tx, id, {
    ...(patch.leadPersonId !== undefined ? { lead_person_id: patch.leadPersonId } : {}),
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.code !== undefined ? { code: patch.code } : {}),
    ...parentChange,
  });
  if (!row) throw new AppError('NOT_FOUND', { resource: 'practice', id });
  const practice = present(row);
  tx.audit({
    action: 'practice.updated',
    resourceKind: 'practice',
    resourceId: id,
    before: record(present(before)),
    after: record(practice),
  });
  tx.emit({ topic: 'practice.updated', resourceKind: 'practice', resourceId: id, payload: { practice } });
  return view(tx, practice);
}

/** The parent a practice is placed under: it must exist and be in scope (else 422). */
async function requireParent(tx: TenantTransaction, parentId: string): Promise<PracticeRow> {
  const parent = await findPractice(tx, parentId);
  if (!parent) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'practice', parentId },
      { fieldProblems: [{ path: '/body/parentId', message: 'no such practice' }] },
    );
  }
  return parent;
}

/** A practice's lead: a person the caller can see (else 422, like a person that does not exist). */
async function requireLead(tx: TenantTransaction, personId: string): Promise<void> {
  try {
    await getPerson(tx, personId);
  } catch (error) {
    if (!isAppError(error, 'NOT_FOUND')) throw error;
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'person', personId },
      { fieldProblems: [{ path: '/body/leadPersonId', message: 'no such person' }] },
    );
  }
}

function present(row: PracticeRow): Practice {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    code: row.code,
    path: row.path,
    leadPersonId: row.lead_person_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, practice: Practice): PracticeView {
  return projectFields(practice, PRACTICE_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** The audited fields (timestamps are the audit event's own). */
function record(practice: Practice): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = practice;
  return fields;
}
