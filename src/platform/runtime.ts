import type { Kysely } from 'kysely';
import type { TesseraConfig } from './config/config.ts';
import { assertSafeAppRole } from './db/app-role-safety.ts';
import { isUuid } from './db/context-script.ts';
import { type DatabaseHandle, openDatabase } from './db/database-handle.ts';
import { migrate, pendingMigrations } from './db/migrations/migrate.ts';
import type { TenantTransaction, TenantTransactionOptions } from './db/tenant-transaction.ts';
import { AppError } from './errors/index.ts';
import { OutboxDispatcher } from './outbox/outbox-dispatcher.ts';
import { CellRegistry, MAIN_LOCATION } from './tenancy/cell-registry.ts';
import { ControlPlane } from './tenancy/control-plane.ts';
import type { ControlTables } from './tenancy/control-tables.ts';
import type { TenantContext } from './tenancy/tenant-context.ts';

/** The name of the application role every tenant transaction switches to. */
export const APP_ROLE = 'tessera_app';

/** Where the main database (control plane and default cell) lives under a configuration. */
export function mainLocation(config: TesseraConfig): string {
  return config.databaseUrl ?? `pglite:${config.dataDir}/main`;
}

/** A running Tessera: the control plane, its cells and the one path to business data. */
export interface Tessera {
  readonly config: TesseraConfig;
  readonly main: DatabaseHandle;
  readonly control: ControlPlane;
  readonly cells: CellRegistry;
  readonly outbox: OutboxDispatcher;
  /** Runs `work` in a transaction of the tenant's cell under the tenant's context. */
  withTenant<T>(
    ctx: TenantContext,
    work: (tx: TenantTransaction) => Promise<T>,
    options?: TenantTransactionOptions,
  ): Promise<T>;
  /** Whether the databases answer and are migrated, for `/ready`. */
  readiness(): Promise<{ ready: boolean; checks: Record<string, string> }>;
  close(): Promise<void>;
}

export interface OpenTesseraOptions {
  /** The main database, when the caller opened it (tests); otherwise from the configuration. */
  readonly main?: DatabaseHandle;
  /** How a cell location is opened; defaults to openDatabase relative to the data folder. */
  readonly openLocation?: (location: string) => Promise<DatabaseHandle>;
  /** The role tenant transactions switch to (default tessera_app). */
  readonly appRole?: string;
  /** Told when an outbox subscriber fails (it is retried from the same event). */
  readonly onOutboxError?: (error: unknown, detail: { tenantId: string; subscriber: string }) => void;
}

/**
 * Opens Tessera: migrates the control plane, checks the application role, creates the default
 * cell in the main database on first start, then migrates every registered cell.
 */
export async function openTessera(config: TesseraConfig, options: OpenTesseraOptions = {}): Promise<Tessera> {
  const appRole = options.appRole ?? APP_ROLE;
  const openLocation =
    options.openLocation ?? ((location: string) => openDatabase(location, { baseDir: config.dataDir }));
  const main = options.main ?? (await openDatabase(mainLocation(config), { baseDir: config.dataDir }));
  try {
    await migrate(main, 'control');
    await migrate(main, 'cell');
    await assertSafeAppRole(main, appRole);
  } catch (error) {
    if (!options.main) await main.close();
    throw error;
  }
  const control = new ControlPlane((main.db as Kysely<ControlTables>).withSchema('control'));
  let outbox: OutboxDispatcher | undefined;
  const cells = new CellRegistry({
    main,
    control,
    openLocation,
    settings: { appRole, statementTimeoutMs: config.statementTimeoutMs },
    onCommit: (tenantId) => outbox?.notify(tenantId),
  });
  outbox = new OutboxDispatcher({
    cellOf: (tenantId) => cells.forTenant(tenantId),
    ...(options.onOutboxError ? { onError: options.onOutboxError } : {}),
    tenantsToSweep: async () =>
      (await Promise.all((await cells.openCells()).map((cell) => control.tenantsOn(cell.id)))).flat(),
  });
  if ((await control.listCells()).length === 0) {
    await cells.register({
      name: config.defaultCellName,
      region: config.defaultCellRegion,
      kind: 'pooled',
      location: MAIN_LOCATION,
    });
  }
  await cells.migrateAll();
  const dispatcher = outbox;
  return {
    config,
    main,
    control,
    cells,
    outbox: dispatcher,
    withTenant: async (ctx, work, transactionOptions) => {
      if (!isUuid(ctx.tenantId)) throw new AppError('TENANT_CONTEXT_MISSING', {});
      return (await cells.forTenant(ctx.tenantId)).withTenant(ctx, work, transactionOptions);
    },
    readiness: async () => {
      const checks: Record<string, string> = {};
      checks.controlPlane = await check(async () => {
        const pending = await pendingMigrations(main, 'control');
        if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
      });
      for (const cell of await cells.openCells()) {
        checks[`cell:${cell.name}`] = await check(async () => {
          const pending = await pendingMigrations(cell.database, 'cell');
          if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(', ')}`);
        });
      }
      return { ready: Object.values(checks).every((check) => check === 'ok'), checks };
    },
    close: async () => {
      await dispatcher.stop();
      await cells.closeAll();
      if (!options.main) await main.close();
    },
  };
}

async function check(probe: () => Promise<void>): Promise<string> {
  try {
    await probe();
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : 'unreachable';
  }
}
