import { v7 as uuidv7 } from 'uuid';
import { fieldsAboveClearance, type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type ClientRow, findClient, insertClient, listClientPage, updateClientRow } from './client.repo.ts';
import { CLIENT_FIELD_CLASSIFICATION } from './client.schema.ts';
import { findLegalEntity } from './legal-entity.repo.ts';
import { findRegion } from './region.repo.ts';
import { requireWholeDimension } from './segment-guard.ts';

export type ClientStatus = 'prospect' | 'active' | 'inactive';

/**
 * A client as the API shows it. Each client is a client workspace: its id is the client
 * segment that a client approver's scope names (`client: [clientId]`).
 */
export interface Client {
  readonly id: string;
  readonly name: string;
  readonly legalEntityId: string;
  readonly regionId: string | null;
  readonly status: ClientStatus;
  readonly internalNotes: string | null;
  readonly country: string | null;
  readonly vatId: string | null;
  readonly addressLine: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A client with the fields the caller's clearance may see. */
export type ClientView = Projected<Client, typeof CLIENT_FIELD_CLASSIFICATION>;

export interface ClientInput {
  readonly name: string;
  readonly legalEntityId: string;
  readonly regionId?: string | null;
  readonly status?: ClientStatus;
  readonly internalNotes?: string | null;
  readonly country?: string | null;
  readonly vatId?: string | null;
  readonly addressLine?: string | null;
  readonly city?: string | null;
  readonly postalCode?: string | null;
}

/**
 * Creates a client (and so its workspace) under a legal entity and region in the caller's scope;
 * needs every client in scope and, to set the notes, confidential clearance. Audited and
 * announced as `client.created` (the event carries no confidential field).
 */
export async function createClient(tx: TenantTransaction, input: ClientInput): Promise<ClientView> {
  requireWholeDimension(tx, 'client');
  requireClearanceToWrite(tx, input);
  await requireSegments(tx, { legalEntityId: input.legalEntityId, regionId: input.regionId ?? null });
  const row = await insertClient(tx, {
    tenant_id: tx.ctx.tenantId,
    id: uuidv7(),
    name: input.name,
    legal_entity_id: input.legalEntityId,
    region_id: input.regionId ?? null,
    status: input.status ?? 'active',
    internal_notes: input.internalNotes ?? null,
    country: input.country ?? null,
    vat_id: input.vatId ?? null,
    address_line: input.addressLine ?? null,
    city: input.city ?? null,
    postal_code: input.postalCode ?? null,
  });
  const client = present(row);
  tx.audit({
    action: 'client.created',
    resourceKind: 'client',
    resourceId: client.id,
    after: record(client),
  });
  tx.emit({
    topic: 'client.created',
    resourceKind: 'client',
    resourceId: client.id,
    payload: eventPayload(client),
  });
  return view(tx, client);
}

/** One client; NOT_FOUND unless the client, its legal entity and its region are all in scope. */
export async function getClient(tx: TenantTransaction, id: string): Promise<ClientView> {
  const row = await findClient(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'client', id });
  return view(tx, present(row));
}

/** A page of the clients the caller may see, with the cursor of the next page. */
export async function listClients(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: ClientView[]; nextCursor: string | null }> {
  const rows = await listClientPage(tx, page.limit + 1, page.cursor);
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/**
 * Changes the given fields of a client; a new legal entity or region must be in the caller's
 * scope, and the notes need confidential clearance. Audited with before and after.
 */
export async function updateClient(
  tx: TenantTransaction,
  id: string,
  patch: Partial<ClientInput>,
): Promise<ClientView> {
  const before = await findClient(tx, id);
  if (!before) throw new AppError('NOT_FOUND', { resource: 'client', id });
  requireClearanceToWrite(tx, patch);
  await requireSegments(tx, {
    legalEntityId:
      patch.legalEntityId !== undefined && patch.legalEntityId !== before.legal_entity_id
        ? patch.legalEntityId
        : null,
    regionId:
      patch.regionId !== undefined && patch.regionId !== before.region_id ? patch.regionId : undefined,
  });
  const row = await updateClientRow(tx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.legalEntityId !== undefined ? { legal_entity_id: patch.legalEntityId } : {}),
    ...(patch.regionId !== undefined ? { region_id: patch.regionId } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    ...(patch.internalNotes !== undefined ? { internal_notes: patch.internalNotes } : {}),
    ...(patch.country !== undefined ? { country: patch.country } : {}),
    ...(patch.vatId !== undefined ? { vat_id: patch.vatId } : {}),
    ...(patch.addressLine !== undefined ? { address_line: patch.addressLine } : {}),
    ...(patch.city !== undefined ? { city: patch.city } : {}),
    ...(patch.postalCode !== undefined ? { postal_code: patch.postalCode } : {}),
  });
  if (!row) throw new AppError('NOT_FOUND', { resource: 'client', id });
  const client = present(row);
  tx.audit({
    action: 'client.updated',
    resourceKind: 'client',
    resourceId: id,
    before: record(present(before)),
    after: record(client),
  });
  tx.emit({ topic: 'client.updated', resourceKind: 'client', resourceId: id, payload: eventPayload(client) });
  return view(tx, client);
}

/** A caller may not write a field it may not read (403). */
function requireClearanceToWrite(tx: TenantTransaction, input: Partial<ClientInput>): void {
  const above = fieldsAboveClearance<Client>(input, CLIENT_FIELD_CLASSIFICATION, tx.ctx.clearance);
  if (above.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'client', fields: above },
      { detail: `Your clearance does not allow writing: ${above.join(', ')}` },
    );
  }
}

/**
 * The segments a client is (re)assigned to must be in the caller's scope: an unseen legal entity
 * or region is, to the caller, one that does not exist (422). A client without a region is visible
 * only with every region in scope, so a region-scoped caller must name one. `null` legal entity
 * and `undefined` region mean "unchanged".
 */
async function requireSegments(
  tx: TenantTransaction,
  segments: { legalEntityId: string | null; regionId: string | null | undefined },
): Promise<void> {
  if (segments.legalEntityId !== null && !(await findLegalEntity(tx, segments.legalEntityId))) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'legal_entity', id: segments.legalEntityId },
      { fieldProblems: [{ path: '/body/legalEntityId', message: 'no such legal entity' }] },
    );
  }
  if (segments.regionId === null && tx.ctx.scope.region !== 'all') {
    throw new AppError(
      'VALIDATION_FAILED',
      { resource: 'region' },
      {
        detail: 'A client without a region would be invisible to you: name a region in your scope',
        fieldProblems: [{ path: '/body/regionId', message: 'must name a region in your scope' }],
      },
    );
  }
  if (typeof segments.regionId === 'string' && !(await findRegion(tx, segments.regionId))) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'region', id: segments.regionId },
      { fieldProblems: [{ path: '/body/regionId', message: 'no such region' }] },
    );
  }
}

function present(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    legalEntityId: row.legal_entity_id,
    regionId: row.region_id,
    status: row.status as ClientStatus,
    internalNotes: row.internal_notes,
    country: row.country?.trim() ?? null,
    vatId: row.vat_id,
    addressLine: row.address_line,
    city: row.city,
    postalCode: row.postal_code,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, client: Client): ClientView {
  return projectFields(client, CLIENT_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** Events leave the tenant's transaction for subscribers and webhooks: nothing above internal. */
function eventPayload(client: Client): Record<string, unknown> {
  return { client: projectFields(client, CLIENT_FIELD_CLASSIFICATION, 'internal') };
}

/** The audited fields, all of them (the audit log is the forensic record); timestamps are the event's own. */
function record(client: Client): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = client;
  return fields;
}
