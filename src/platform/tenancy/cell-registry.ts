import type { Kysely } from 'kysely';
import { assertSafeAppRole } from '../db/app-role-safety.ts';
import type { CellTables } from '../db/cell-tables.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { migrate } from '../db/migrations/migrate.ts';
import type { TenantTransactionSettings } from '../db/tenant-transaction.ts';
import { AppError } from '../errors/index.ts';
import { Cell, type CommitListener } from './cell.ts';
import type { CellRecord, ControlPlane } from './control-plane.ts';
import type { CellKind } from './control-tables.ts';

/** The location of the cell that shares the control plane's database. */
export const MAIN_LOCATION = 'main';

export interface CellRegistryOptions {
  readonly main: DatabaseHandle;
  readonly control: ControlPlane;
  /** Opens the database of a cell that does not live in the main database. */
  readonly openLocation: (location: string) => Promise<DatabaseHandle>;
  readonly settings: TenantTransactionSettings;
  readonly onCommit: CommitListener;
}

/**
 * Knows every cell and opens each one lazily, the first time a tenant on it is used: checks
 * the application role, applies pending migrations and verifies that the database is the cell
 * the control plane says it is.
 */
export class CellRegistry {
  private readonly opening = new Map<string, Promise<Cell>>();
  private readonly placements = new Map<string, string>();

  constructor(private readonly options: CellRegistryOptions) {}

  /** Registers a new cell: records it, then opens, migrates and stamps its database (or forgets it again). */
  async register(input: {
    name: string;
    region: string;
    kind: CellKind;
    location: string;
  }): Promise<CellRecord> {
    const record = await this.options.control.insertCell(input);
    try {
      await this.cell(record.id);
    } catch (error) {
      // A record whose database cannot be opened would stop every later start-up.
      await this.options.control.deleteEmptyCell(record.id);
      throw error;
    }
    return record;
  }

  /** The open cell of this id, opening it on first use. */
  cell(cellId: string): Promise<Cell> {
    let cell = this.opening.get(cellId);
    if (!cell) {
      cell = this.open(cellId);
      this.opening.set(cellId, cell);
      cell.catch(() => this.opening.delete(cellId));
    }
    return cell;
  }

  /** The cell holding a tenant's business data. */
  async forTenant(tenantId: string): Promise<Cell> {
    const cellId = this.placements.get(tenantId) ?? (await this.lookUpPlacement(tenantId));
    if (!cellId) throw new AppError('TENANT_NOT_PLACED', { tenantId });
    return this.cell(cellId);
  }

  /** True when the control plane places the tenant on the cell. */
  async isPlaced(tenantId: string, cellId: string): Promise<boolean> {
    const known = this.placements.get(tenantId) ?? (await this.lookUpPlacement(tenantId));
    return known === cellId;
  }

  /**
   * Opens every registered cell once so that its migrations are applied and its role and
   * identity checked; cells outside the main database are closed again until a tenant needs them.
   */
  async migrateAll(): Promise<void> {
    for (const record of await this.options.control.listCells()) {
      if (record.status === 'retired') continue;
      if (record.location === MAIN_LOCATION || this.opening.has(record.id)) {
        await this.cell(record.id);
        continue;
      }
      const cell = await this.open(record.id);
      await cell.database.close();
    }
  }

  /** Cells opened so far. */
  async openCells(): Promise<Cell[]> {
    return Promise.all(this.opening.values());
  }

  async closeAll(): Promise<void> {
    const cells = await Promise.allSettled(this.opening.values());
    this.opening.clear();
    for (const cell of cells) {
      if (cell.status === 'fulfilled' && cell.value.record.location !== MAIN_LOCATION)
        await cell.value.database.close();
    }
  }

  private async lookUpPlacement(tenantId: string): Promise<string | undefined> {
    const cellId = await this.options.control.placementOf(tenantId);
    if (cellId) this.placements.set(tenantId, cellId);
    return cellId;
  }

  private async open(cellId: string): Promise<Cell> {
    const record = await this.options.control.findCell(cellId);
    if (!record) throw new AppError('CELL_NOT_FOUND', { cellId });
    const isMain = record.location === MAIN_LOCATION;
    const database = isMain ? this.options.main : await this.options.openLocation(record.location);
    try {
      await migrate(database, 'cell');
      await assertSafeAppRole(database, this.options.settings.appRole);
      await stampIdentity(database.db as Kysely<CellTables>, record);
    } catch (error) {
      if (!isMain) await database.close();
      throw error;
    }
    return new Cell(
      record,
      database,
      (tenantId, id) => this.isPlaced(tenantId, id),
      this.options.settings,
      this.options.onCommit,
    );
  }
}

/** Writes the cell's identity into its database on first open; refuses a database of another cell. */
async function stampIdentity(db: Kysely<CellTables>, record: CellRecord): Promise<void> {
  await db
    .insertInto('cell_identity')
    .values({ cell_id: record.id, cell_name: record.name })
    .onConflict((oc) => oc.column('singleton').doNothing())
    .execute();
  const identity = await db
    .selectFrom('cell_identity')
    .select(['cell_id', 'cell_name'])
    .executeTakeFirstOrThrow();
  if (identity.cell_id !== record.id) {
    throw new AppError(
      'CELL_IDENTITY_MISMATCH',
      { cell: record.name, foundCell: identity.cell_name },
      {
        detail: `The database configured for cell "${record.name}" belongs to cell "${identity.cell_name}"`,
      },
    );
  }
}
