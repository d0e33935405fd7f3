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
}

/** Adds a person to the tenant; audited as `person.created`. */
export async function createPerson(tx: TenantTransaction, input: PersonInput): Promise<Person> {
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
  const row = await tx.db
    .selectFrom('people')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'person', id });
  return present(row);
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
  };
}
