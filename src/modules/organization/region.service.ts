import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { findRegion, insertRegion, listRegionPage, type RegionRow, updateRegionRow } from './region.repo.ts';
import { REGION_FIELD_CLASSIFICATION } from './region.schema.ts';
import { requireWholeDimension } from './segment-guard.ts';

/** A region (geography) of the tenant as the API shows it. */
export interface Region {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A region with the fields the caller's clearance may see. */
export type RegionView = Projected<Region, typeof REGION_FIELD_CLASSIFICATION>;

export interface RegionInput {
  readonly code: string;
  readonly name: string;
}

/** Creates a region; needs every region in scope. Audited and announced as `region.created`. */
export async function createRegion(tx: TenantTransaction, input: RegionInput): Promise<RegionView> {
  requireWholeDimension(tx, 'region');
  const row = await insertRegion(tx, {
    tenant_id: tx.ctx.tenantId,
    id: uuidv7(),
    code: input.code,
    name: input.name,
  });
  const region = present(row);
  tx.audit({
    action: 'region.created',
    resourceKind: 'region',
    resourceId: region.id,
    after: record(region),
  });
  tx.emit({ topic: 'region.created', resourceKind: 'region', resourceId: region.id, payload: { region } });
  return view(tx, region);
}

/** One region; NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getRegion(tx: TenantTransaction, id: string): Promise<RegionView> {
  const row = await findRegion(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'region', id });
  return view(tx, present(row));
}

/** A page of the regions the caller may see, with the cursor of the next page. */
export async function listRegions(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: RegionView[]; nextCursor: string | null }> {
  const rows = await listRegionPage(tx, page.limit + 1, page.cursor);
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/** Changes the given fields of a region; audited with before and after of what changed. */
export async function updateRegion(
  tx: TenantTransaction,
  id: string,
  patch: Partial<RegionInput>,
): Promise<RegionView> {
  const before = await findRegion(tx, id);
  if (!before) throw new AppError('NOT_FOUND', { resource: 'region', id });
  const row = await updateRegionRow(tx, id, {
    ...(patch.code !== undefined ? { code: patch.code } : {}),
    ...(patch.name !== undefined ? { name: patch.name } : {}),
  });
  if (!row) throw new AppError('NOT_FOUND', { resource: 'region', id });
  const region = present(row);
  tx.audit({
    action: 'region.updated',
    resourceKind: 'region',
    resourceId: id,
    before: record(present(before)),
    after: record(region),
  });
  tx.emit({ topic: 'region.updated', resourceKind: 'region', resourceId: id, payload: { region } });
  return view(tx, region);
}

function present(row: RegionRow): Region {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, region: Region): RegionView {
  return projectFields(region, REGION_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** The audited fields (timestamps are the audit event's own). */
function record(region: Region): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = region;
  return fields;
}
