import { AppError } from '../errors/index.ts';
import type { CellKind, IsolationTier } from './control-tables.ts';

export interface PlacementCandidate {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly kind: CellKind;
  readonly status: string;
  /** How many tenants the cell holds already. */
  readonly tenantCount: number;
}

export interface TenantResidency {
  readonly isolationTier: IsolationTier;
  readonly homeRegion: string;
  readonly allowedRegions: readonly string[];
}

/**
 * Chooses the cell for a new tenant: active, in a region its residency allows, of the kind its
 * tier needs; a dedicated tenant only gets an empty dedicated cell. Among fits, the home region
 * first, then the least-loaded cell. With `requestedCellId`, checks that cell instead.
 */
export function choosePlacement(
  tenant: TenantResidency,
  cells: readonly PlacementCandidate[],
  requestedCellId?: string,
): PlacementCandidate {
  const allowed = new Set(tenant.allowedRegions);
  if (requestedCellId !== undefined) return checkRequested(tenant, cells, allowed, requestedCellId);
  const inRegion = cells.filter((cell) => cell.status === 'active' && allowed.has(cell.region));
  if (inRegion.length === 0) {
    throw new AppError('PLACEMENT_RESIDENCY_VIOLATION', { allowedRegions: tenant.allowedRegions });
  }
  const fits = inRegion.filter(
    (cell) => cell.kind === tenant.isolationTier && (cell.kind === 'pooled' || cell.tenantCount === 0),
  );
  if (fits.length === 0) {
    throw new AppError(
      tenant.isolationTier === 'dedicated' ? 'PLACEMENT_NO_DEDICATED_CELL' : 'PLACEMENT_NO_CELL',
      {
        allowedRegions: tenant.allowedRegions,
      },
    );
  }
  const rank = (cell: PlacementCandidate) => (cell.region === tenant.homeRegion ? 0 : 1);
  return [...fits].sort(
    (a, b) => rank(a) - rank(b) || a.tenantCount - b.tenantCount || a.name.localeCompare(b.name),
  )[0] as PlacementCandidate;
}

function checkRequested(
  tenant: TenantResidency,
  cells: readonly PlacementCandidate[],
  allowed: ReadonlySet<string>,
  cellId: string,
): PlacementCandidate {
  const cell = cells.find((candidate) => candidate.id === cellId);
  if (cell?.status !== 'active') throw new AppError('CELL_NOT_FOUND', { cellId });
  if (!allowed.has(cell.region)) {
    throw new AppError('PLACEMENT_RESIDENCY_VIOLATION', { cell: cell.name, region: cell.region });
  }
  if (cell.kind !== tenant.isolationTier) {
    throw new AppError('PLACEMENT_KIND_MISMATCH', {
      cell: cell.name,
      kind: cell.kind,
      tier: tenant.isolationTier,
    });
  }
  if (cell.kind === 'dedicated' && cell.tenantCount > 0) {
    throw new AppError('PLACEMENT_CELL_OCCUPIED', { cell: cell.name });
  }
  return cell;
}
