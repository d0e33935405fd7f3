import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { fieldsAboveClearance, type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { referenceNotFound } from './contract-rules.ts';
import { CONTACT_FIELD_CLASSIFICATION } from './contracts.schema.ts';
import type { ContactTable } from './contracts.tables.ts';
import './contracts.tables.ts';
import '../organization/organization.tables.ts';

/** A contact at a client, as the API shows it. Its segments are its client's. */
export interface Contact {
  readonly id: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly regionId: string | null;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly title: string | null;
  readonly isApprover: boolean;
  /** The tenant membership the contact signs in with (a client approver), if linked. */
  readonly membershipId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ContactView = Projected<Contact, typeof CONTACT_FIELD_CLASSIFICATION>;

export interface ContactInput {
  readonly clientId: string;
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly title?: string | null;
  readonly isApprover?: boolean;
}

export type ContactPatch = Partial<Omit<ContactInput, 'clientId'>> & {
  readonly membershipId?: string | null;
};

/**
 * The clients a client membership of the tenant is scoped to (`all`: every client), or null when
 * the id names no active client membership of the tenant. The control plane answers it; the
 * composition root hands it in.
 */
export type ClientMembershipLookup = (
  tenantId: string,
  membershipId: string,
) => Promise<'all' | readonly string[] | null>;

/** A membership looked up (before the transaction) for linking: the clients it is scoped to. */
export interface MembershipToLink {
  readonly membershipId: string;
  readonly clients: 'all' | readonly string[] | null;
}

/**
 * Adds a contact to a client the caller can see, copying the client's legal entity and region
 * (the database keeps them equal). Email and phone need confidential clearance to write.
 */
export async function createContact(tx: TenantTransaction, input: ContactInput): Promise<ContactView> {
  requireClearanceToWrite(tx, input);
  const client = await tx.db
    .selectFrom('clients')
    .select(['id', 'legal_entity_id', 'region_id'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client) throw referenceNotFound('client', input.clientId, '/body/clientId');
  const row = await tx.db
    .insertInto('contacts')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      client_id: client.id,
      legal_entity_id: client.legal_entity_id,
      region_id: client.region_id,
      name: input.name,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      title: input.title ?? null,
      is_approver: input.isApprover ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const contact = present(row);
  tx.audit({
    action: 'contact.created',
    resourceKind: 'contact',
    resourceId: contact.id,
    after: record(contact),
  });
  tx.emit({
    topic: 'contact.created',
    resourceKind: 'contact',
    resourceId: contact.id,
    payload: eventPayload(contact),
  });
  return view(tx, contact);
}

/** One contact; NOT_FOUND unless its client is visible to the caller. */
export async function getContact(tx: TenantTransaction, id: string): Promise<ContactView> {
  return view(tx, present(await findContact(tx, id)));
}

/** A page of the contacts the caller may see, in id order. */
export async function listContacts(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: ContactView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('contacts').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/** Changes the given fields of a contact (not its client); audited with before and after. */
export async function updateContact(
  tx: TenantTransaction,
  id: string,
  patch: ContactPatch,
  membership?: MembershipToLink,
): Promise<ContactView> {
  const before = present(await findContact(tx, id));
  requireClearanceToWrite(tx, patch);
  if (patch.membershipId) {
    const clients = membership?.membershipId === patch.membershipId ? membership.clients : null;
    await requireLinkableMembership(tx, before, patch.membershipId, clients);
  }
  const row = await tx.db
    .updateTable('contacts')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email?.toLowerCase() ?? null } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.isApprover !== undefined ? { is_approver: patch.isApprover } : {}),
      ...(patch.membershipId !== undefined ? { membership_id: patch.membershipId } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contact', id });
  const contact = present(row);
  tx.audit({
    action: 'contact.updated',
    resourceKind: 'contact',
    resourceId: id,
    before: record(before),
    after: record(contact),
  });
  tx.emit({
    topic: 'contact.updated',
    resourceKind: 'contact',
    resourceId: id,
    payload: eventPayload(contact),
  });
  return view(tx, contact);
}

async function findContact(tx: TenantTransaction, id: string): Promise<Selectable<ContactTable>> {
  const row = await tx.db
    .selectFrom('contacts')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'contact', id });
  return row;
}

/**
 * A contact is linked only to an active client membership of this tenant scoped to exactly the
 * contact's client (422 otherwise, the same for one that does not exist), and to one contact
 * (409 naming the other). Since such a membership's other contact would be of the same client,
 * and contacts are visible exactly when their client is, the 409 reveals nothing out of scope.
 */
async function requireLinkableMembership(
  tx: TenantTransaction,
  contact: Contact,
  membershipId: string,
  clients: MembershipToLink['clients'],
): Promise<void> {
  if (
    clients === null ||
    clients === 'all' ||
    clients.length === 0 ||
    clients.some((c) => c !== contact.clientId)
  ) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'membership', membershipId },
      {
        detail: "The membership must be an active client membership scoped to the contact's client only",
        fieldProblems: [
          { path: '/body/membershipId', message: "no client membership of this contact's client" },
        ],
      },
    );
  }
  const linked = await tx.db
    .selectFrom('contacts')
    .select('id')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('membership_id', '=', membershipId)
    .where('id', '<>', contact.id)
    .executeTakeFirst();
  if (linked) {
    throw new AppError(
      'DUPLICATE',
      { resource: 'contact', membershipId, contactId: linked.id },
      {
        detail: `The membership is already linked to contact ${linked.id}`,
        fieldProblems: [{ path: '/body/membershipId', message: 'is linked to another contact' }],
      },
    );
  }
}

function requireClearanceToWrite(tx: TenantTransaction, input: Partial<ContactInput>): void {
  const above = fieldsAboveClearance<Contact>(input, CONTACT_FIELD_CLASSIFICATION, tx.ctx.clearance);
  if (above.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'contact', fields: above },
      { detail: `Your clearance does not allow writing: ${above.join(', ')}` },
    );
  }
}

function present(row: Selectable<ContactTable>): Contact {
  return {
    id: row.id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    regionId: row.region_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    title: row.title,
    isApprover: row.is_approver,
    membershipId: row.membership_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, contact: Contact): ContactView {
  return projectFields(contact, CONTACT_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** Events carry nothing above internal (no email, no phone). */
function eventPayload(contact: Contact): Record<string, unknown> {
  return { contact: projectFields(contact, CONTACT_FIELD_CLASSIFICATION, 'internal') };
}

function record(contact: Contact): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = contact;
  return fields;
}
