import { v7 as uuidv7 } from 'uuid';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  findLegalEntity,
  insertLegalEntity,
  type LegalEntityRow,
  listLegalEntityPage,
  updateLegalEntityRow,
} from './legal-entity.repo.ts';
import { requireWholeDimension } from './segment-guard.ts';

/** A legal entity as the API shows it. */
export interface LegalEntity {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly functionalCurrency: string;
  readonly taxId: string | null;
  readonly addressLine: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LegalEntityInput {
  readonly name: string;
  readonly country: string;
  readonly functionalCurrency: string;
  readonly taxId?: string | null;
  readonly addressLine?: string | null;
  readonly city?: string | null;
  readonly postalCode?: string | null;
}

/** Creates a legal entity of the tenant; audited and announced as `legal_entity.created`. */
export async function createLegalEntity(
  tx: TenantTransaction,
  input: LegalEntityInput,
): Promise<LegalEntity> {
  requireWholeDimension(tx, 'legal_entity');
  const row = await insertLegalEntity(tx, {
    tenant_id: tx.ctx.tenantId,
    id: uuidv7(),
    name: input.name,
    country: input.country,
    functional_currency: input.functionalCurrency,
    tax_id: input.taxId ?? null,
    address_line: input.addressLine ?? null,
    city: input.city ?? null,
    postal_code: input.postalCode ?? null,
  });
  const entity = present(row);
  tx.audit({
    action: 'legal_entity.created',
    resourceKind: 'legal_entity',
    resourceId: entity.id,
    after: record(entity),
  });
  tx.emit({
    topic: 'legal_entity.created',
    resourceKind: 'legal_entity',
    resourceId: entity.id,
    payload: { legalEntity: entity },
  });
  return entity;
}

/** One legal entity; NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getLegalEntity(tx: TenantTransaction, id: string): Promise<LegalEntity> {
  const row = await findLegalEntity(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'legal_entity', id });
  return present(row);
}

/** A page of legal entities the caller may see, with the cursor of the next page. */
export async function listLegalEntities(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: LegalEntity[]; nextCursor: string | null }> {
  const rows = await listLegalEntityPage(tx, page.limit + 1, page.cursor);
  return toPage(rows, page.limit, present);
}

/** Changes the given fields of a legal entity; audited with before and after of what changed. */
export async function updateLegalEntity(
  tx: TenantTransaction,
  id: string,
  patch: Partial<LegalEntityInput>,
): Promise<LegalEntity> {
  const before = await findLegalEntity(tx, id);
  if (!before) throw new AppError('NOT_FOUND', { resource: 'legal_entity', id });
  const row = await updateLegalEntityRow(tx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.country !== undefined ? { country: patch.country } : {}),
    ...(patch.functionalCurrency !== undefined ? { functional_currency: patch.functionalCurrency } : {}),
    ...(patch.taxId !== undefined ? { tax_id: patch.taxId } : {}),
    ...(patch.addressLine !== undefined ? { address_line: patch.addressLine } : {}),
    ...(patch.city !== undefined ? { city: patch.city } : {}),
    ...(patch.postalCode !== undefined ? { postal_code: patch.postalCode } : {}),
  });
  if (!row) throw new AppError('NOT_FOUND', { resource: 'legal_entity', id });
  const entity = present(row);
  tx.audit({
    action: 'legal_entity.updated',
    resourceKind: 'legal_entity',
    resourceId: id,
    before: record(present(before)),
    after: record(entity),
  });
  tx.emit({
    topic: 'legal_entity.updated',
    resourceKind: 'legal_entity',
    resourceId: id,
    payload: { legalEntity: entity },
  });
  return entity;
}

function present(row: LegalEntityRow): LegalEntity {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    functionalCurrency: row.functional_currency,
    taxId: row.tax_id,
    addressLine: row.address_line,
    city: row.city,
    postalCode: row.postal_code,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The audited fields (timestamps are the audit event's own). */
function record(entity: LegalEntity): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = entity;
  return fields;
}
