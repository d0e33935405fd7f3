import { isUuid } from '../db/context-script.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import {
  runTenantTransaction,
  type TenantTransaction,
  type TenantTransactionOptions,
  type TenantTransactionSettings,
} from '../db/tenant-transaction.ts';
import { AppError } from '../errors/index.ts';
import type { CellRecord } from './control-plane.ts';
import type { TenantContext } from './tenant-context.ts';

/** Confirms that a tenant is placed on a cell (the control plane's word, cached by the registry). */
export type PlacementCheck = (tenantId: string, cellId: string) => Promise<boolean>;

/** Called after a tenant transaction that emitted domain events has committed. */
export type CommitListener = (tenantId: string, cell: Cell) => void;

/** An open cell: one database holding the business data of the tenants placed on it. */
export class Cell {
  constructor(
    readonly record: CellRecord,
    readonly database: DatabaseHandle,
    private readonly isPlaced: PlacementCheck,
    private readonly settings: TenantTransactionSettings,
    private readonly onCommit: CommitListener,
  ) {}

  get id(): string {
    return this.record.id;
  }
  get name(): string {
    return this.record.name;
  }

  /**
   * The only way business code touches business data: one transaction under the tenant's
   * context. Refused when the tenant is not placed on this cell.
   */
  async withTenant<T>(
    ctx: TenantContext,
    work: (tx: TenantTransaction) => Promise<T>,
    options: TenantTransactionOptions = {},
  ): Promise<T> {
    if (!isUuid(ctx.tenantId)) throw new AppError('TENANT_CONTEXT_MISSING', { cell: this.name });
    if (!(await this.isPlaced(ctx.tenantId, this.id))) {
      throw new AppError('TENANT_NOT_ON_CELL', { tenantId: ctx.tenantId, cell: this.name });
    }
    const { result, emitted } = await runTenantTransaction(this.database, ctx, work, this.settings, options);
    if (emitted > 0) this.onCommit(ctx.tenantId, this);
    return result;
  }
}
