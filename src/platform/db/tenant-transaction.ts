import { type Kysely, sql } from 'kysely';
import type { AuditEventInput } from '../audit/audit-event.ts';
import { AppError } from '../errors/index.ts';
import type { DomainEventInput } from '../outbox/domain-event.ts';
import type { TenantContext } from '../tenancy/tenant-context.ts';
import type { CellTables } from './cell-tables.ts';
import { buildContextScript } from './context-script.ts';
import { mapDatabaseError } from './database-errors.ts';
import type { DatabaseHandle } from './database-handle.ts';
import { TransactionJournal } from './transaction-journal.ts';

/** What business code gets inside a tenant transaction. Never hand `db` to anything outside it. */
export interface TenantTransaction {
  readonly db: Kysely<CellTables>;
  readonly ctx: TenantContext;
  /** Records an audit event for a change made in this transaction (required for every mutation). */
  audit(event: AuditEventInput): void;
  /** Emits a domain event through the outbox, delivered after this transaction commits. */
  emit(event: DomainEventInput): void;
}

export interface TenantTransactionOptions {
  /** A read-only transaction: PostgreSQL itself refuses any write in it. */
  readonly readOnly?: boolean;
  /** Kernel bookkeeping (outbox delivery positions) that is not a business change and is not audited. */
  readonly bookkeeping?: boolean;
}

export interface TenantTransactionSettings {
  readonly appRole: string;
  readonly statementTimeoutMs: number;
}

/**
 * Runs `work` in one transaction of `database` under the tenant's context: application role,
 * tenant, segment scope and clearance set in one round trip; audit and outbox events written
 * before commit; rolled back as a whole on any error. A transaction that changed data but
 * recorded no audit event is refused and rolled back.
 */
export async function runTenantTransaction<T>(
  database: DatabaseHandle,
  ctx: TenantContext,
  work: (tx: TenantTransaction) => Promise<T>,
  settings: TenantTransactionSettings,
  options: TenantTransactionOptions = {},
): Promise<{ result: T; emitted: number }> {
  const readOnly = options.readOnly === true;
  const script = buildContextScript(ctx, { ...settings, readOnly });
  return new Promise((resolve, reject) => {
    database
      .session(async (session) => {
        await session.script(script);
        const journal = new TransactionJournal();
        let result: T;
        try {
          result = await work({
            db: session.db as Kysely<CellTables>,
            ctx,
            audit: (event) => journal.audit(event),
            emit: (event) => journal.emit(event),
          });
          if (journal.audited === 0 && !readOnly && !options.bookkeeping)
            await refuseUnauditedWrite(session.db);
          if (readOnly) {
            // Nothing to commit: answer now; the session is released once COMMIT has run.
            resolve({ result, emitted: 0 });
            await session.script('COMMIT').catch(() => session.script('ROLLBACK').catch(() => {}));
            return;
          }
          await session.script(journal.closingStatements(ctx));
        } catch (error) {
          await session.script('ROLLBACK').catch(() => {});
          throw error;
        }
        resolve({ result, emitted: journal.emitted });
      })
      .catch((error: unknown) => reject(mapDatabaseError(error)));
  });
}

// biome-ignore lint/suspicious/noExplicitAny: any session schema.
async function refuseUnauditedWrite(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{
    wrote: boolean;
  }>`SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote`.execute(db);
  if (rows[0]?.wrote) {
    throw new AppError('INTERNAL', {
      reason: 'a tenant transaction changed data without recording an audit event',
    });
  }
}
