import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { PersonTable } from './resources.tables.ts';
import './resources.tables.ts';

/** A person as the API shows them. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly kind: 'employee' | 'subcontractor';
  readonly membershipId: string | null;
  readonly legalEntityId: string;
  readonly practiceId: string | null;
  readonly status: 'active' | 'left';
  /** What a full week holds, in minutes (staffing compares allocations with it). */
  readonly capacityMinutesPerWeek: number;
  readonly role: string | null;
  readonly skills: string[];
  /** The firm a subcontractor is engaged through; null for an employee. */
  readonly supplier: string | null;
}

export interface PersonInput {
  readonly name: string;
  readonly email?: string | null;
  readonly kind: 'employee' | 'subcontractor';
  /**
   * The person's sign-in membership. Not accepted from the API: a member links it when they
   * join (or provisioning does), since a caller-chosen value would reveal through the unique
   * constraint which memberships already have a person, including people out of their scope.
   */
  readonly membershipId?: string | null;
  readonly legalEntityId: string;
  readonly practiceId?: string | null;
  readonly capacityMinutesPerWeek?: number;
  readonly role?: string | null;
  readonly skills?: readonly string[];
  readonly supplier?: string | null;
}

export type PersonPatch = Partial<
  Pick<PersonInput, 'name' | 'email' | 'capacityMinutesPerWeek' | 'role' | 'skills' | 'supplier'>
> & { readonly status?: 'active' | 'left' };

/** Adds a person to the tenant; a subcontractor names their supplier, an employee has none (422). Audited as `person.created`. */
export async function createPerson(tx: TenantTransaction, input: PersonInput): Promise<Person> {
  requireSupplierRule(input.kind, input.supplier ?? null);
  const row = await tx.db
    .insertInto('people')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      kind: input.kind,
      membership_id: input.membershipId ?? null,
      legal_entity_id: input.legalEntityId,
      practice_id: input.practiceId ?? null,
      ...(input.capacityMinutesPerWeek !== undefined
        ? { capacity_minutes_per_week: input.capacityMinutesPerWeek }
        : {}),
      role: input.role ?? null,
      skills: normalizedSkills(input.skills ?? []),
      supplier: input.supplier ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const person = present(row);
  tx.audit({ action: 'person.created', resourceKind: 'person', resourceId: person.id, after: { ...person } });
  tx.emit({ topic: 'person.created', resourceKind: 'person', resourceId: person.id, payload: { person } });
  return person;
}

/** One person in scope, or NOT_FOUND. */
export async function getPerson(tx: TenantTransaction, id: string): Promise<Person> {
  return present(await findPerson(tx, id));
}

/** A page of the people in scope, by id. */
export async function listPeople(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: Person[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('people').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, present);
}

/**
 * Changes the given fields of a person in scope (not their kind, entity, practice or membership).
 * The supplier rule holds after the change (422 naming `/body/supplier`). Audited with before and after.
 */
export async function updatePerson(tx: TenantTransaction, id: string, patch: PersonPatch): Promise<Person> {
  const before = present(await findPerson(tx, id));
  if (patch.supplier !== undefined) requireSupplierRule(before.kind, patch.supplier);
  const row = await tx.db
    .updateTable('people')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email?.toLowerCase() ?? null } : {}),
      ...(patch.capacityMinutesPerWeek !== undefined
        ? { capacity_minutes_per_week: patch.capacityMinutesPerWeek }
        : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.skills !== undefined ? { skills: normalizedSkills(patch.skills) } : {}),
      ...(patch.supplier !== undefined ? { supplier: patch.supplier } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'person', id });
  const person = present(row);
  tx.audit({
    action: 'person.updated',
    resourceKind: 'person',
    resourceId: id,
    before: { ...before },
    after: { ...person },
  });
  tx.emit({ topic: 'person.updated', resourceKind: 'person', resourceId: id, payload: { person } });
  return person;
}

async function findPerson(tx: TenantTransaction, id: string): Promise<Selectable<PersonTable>> {
  const row = await tx.db
    .selectFrom('people')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'person', id });
  return row;
}

/** A subcontractor is engaged through a supplier; an employee is not (422 naming the field). */
function requireSupplierRule(kind: Person['kind'], supplier: string | null): void {
  const message =
    kind === 'subcontractor' && supplier === null
      ? 'is required for a subcontractor'
      : kind === 'employee' && supplier !== null
        ? 'is not allowed for an employee'
        : null;
  if (message === null) return;
  throw new AppError(
    'BUSINESS_RULE_VIOLATED',
    { resource: 'person', kind },
    {
      detail:
        kind === 'subcontractor' ? 'A subcontractor names their supplier' : 'An employee has no supplier',
      fieldProblems: [{ path: '/body/supplier', message }],
    },
  );
}

/** Skills as free tags: trimmed, without duplicates, in the order given. */
function normalizedSkills(skills: readonly string[]): string[] {
  return [...new Set(skills.map((skill) => skill.trim()).filter((skill) => skill.length > 0))];
}

function present(row: Selectable<PersonTable>): Person {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    kind: row.kind,
    membershipId: row.membership_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    status: row.status,
    capacityMinutesPerWeek: row.capacity_minutes_per_week,
    role: row.role,
    skills: row.skills,
    supplier: row.supplier,
  };
}
