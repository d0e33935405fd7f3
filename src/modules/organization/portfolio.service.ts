import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  findPortfolio,
  insertPortfolio,
  listPortfolioPage,
  type PortfolioRow,
  updatePortfolioRow,
} from './portfolio.repo.ts';
import { PORTFOLIO_FIELD_CLASSIFICATION } from './portfolio.schema.ts';
import { requireWholeDimension } from './segment-guard.ts';

/** A portfolio (a group of projects) as the API shows it. */
export interface Portfolio {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A portfolio with the fields the caller's clearance may see. */
export type PortfolioView = Projected<Portfolio, typeof PORTFOLIO_FIELD_CLASSIFICATION>;

export interface PortfolioInput {
  readonly name: string;
}

/** Creates a portfolio; needs every portfolio in scope. Audited and announced as `portfolio.created`. */
export async function createPortfolio(tx: TenantTransaction, input: PortfolioInput): Promise<PortfolioView> {
  requireWholeDimension(tx, 'portfolio');
  const row = await insertPortfolio(tx, { tenant_id: tx.ctx.tenantId, id: uuidv7(), name: input.name });
  const portfolio = present(row);
  tx.audit({
    action: 'portfolio.created',
    resourceKind: 'portfolio',
    resourceId: portfolio.id,
    after: record(portfolio),
  });
  tx.emit({
    topic: 'portfolio.created',
    resourceKind: 'portfolio',
    resourceId: portfolio.id,
    payload: { portfolio },
  });
  return view(tx, portfolio);
}

/** One portfolio; NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getPortfolio(tx: TenantTransaction, id: string): Promise<PortfolioView> {
  const row = await findPortfolio(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'portfolio', id });
  return view(tx, present(row));
}

/** A page of the portfolios the caller may see, with the cursor of the next page. */
export async function listPortfolios(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
): Promise<{ items: PortfolioView[]; nextCursor: string | null }> {
  const rows = await listPortfolioPage(tx, page.limit + 1, page.cursor);
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/** Changes the given fields of a portfolio; audited with before and after of what changed. */
export async function updatePortfolio(
  tx: TenantTransaction,
  id: string,
  patch: Partial<PortfolioInput>,
): Promise<PortfolioView> {
  const before = await findPortfolio(tx, id);
  if (!before) throw new AppError('NOT_FOUND', { resource: 'portfolio', id });
  const row = await updatePortfolioRow(tx, id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
  });
  if (!row) throw new AppError('NOT_FOUND', { resource: 'portfolio', id });
  const portfolio = present(row);
  tx.audit({
    action: 'portfolio.updated',
    resourceKind: 'portfolio',
    resourceId: id,
    before: record(present(before)),
    after: record(portfolio),
  });
  tx.emit({ topic: 'portfolio.updated', resourceKind: 'portfolio', resourceId: id, payload: { portfolio } });
  return view(tx, portfolio);
}

function present(row: PortfolioRow): Portfolio {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, portfolio: Portfolio): PortfolioView {
  return projectFields(portfolio, PORTFOLIO_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

/** The audited fields (timestamps are the audit event's own). */
function record(portfolio: Portfolio): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = portfolio;
  return fields;
}
