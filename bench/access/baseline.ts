import type { Kysely } from 'kysely';
import { LegalEntitySchema } from '../../src/modules/organization/legal-entity.schema.ts';
import { listLegalEntities } from '../../src/modules/organization/legal-entity.service.ts';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.ts';
import type { TenantTransaction } from '../../src/platform/db/tenant-transaction.ts';
import {
  buildHttpApp,
  defineRoute,
  type HttpApp,
  ListOf,
  ListQuery,
  pageOf,
} from '../../src/platform/http/index.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';

export const URL = '/api/v1/legal-entities';

/**
 * Waits for a free database session. Read-only transactions answer before their COMMIT; on PGlite
 * (one session, run on this thread) this waits for that COMMIT, which would otherwise be paid by
 * whatever is timed next. On PostgreSQL another pool connection is free at once (the COMMIT runs
 * beside it on its own connection), so this costs one acquire.
 */
export function settle(database: DatabaseHandle): Promise<void> {
  return database.session(async () => {});
}

/**
 * The owner's transaction on the same database: BEGIN READ ONLY, the service, COMMIT — no role
 * switch, no tenant / scope / clearance settings, so RLS is bypassed (the owner is a superuser
 * here) and only the repository's explicit `tenant_id` filter applies. Like the kernel's
 * read-only tenant transaction, it answers before COMMIT and releases the session after it.
 */
export function ownerTransaction<T>(
  database: DatabaseHandle,
  tenantId: string,
  work: (tx: TenantTransaction) => Promise<T>,
): Promise<T> {
  const ctx = systemContext(tenantId, 'access-bench-owner');
  const refuse = () => {
    throw new Error('the no-checks baseline is read-only');
  };
  return new Promise<T>((resolve, reject) => {
    database
      .session(async (session) => {
        await session.script('BEGIN READ ONLY');
        try {
          resolve(await work({ db: session.db as Kysely<never>, ctx, audit: refuse, emit: refuse }));
        } catch (error) {
          await session.script('ROLLBACK').catch(() => {});
          throw error;
        }
        await session.script('COMMIT').catch(() => session.script('ROLLBACK').catch(() => {}));
      })
      .catch(reject);
  });
}

/** The same HTTP kernel with one public route running the same service in the owner's transaction. */
export async function buildNoChecksApp(database: DatabaseHandle, tenantId: string): Promise<HttpApp> {
  return buildHttpApp({
    logger: false,
    authenticate: async () => null,
    readiness: async () => ({ ready: true, checks: {} }),
    modules: [
      {
        name: 'access-bench',
        register(app) {
          defineRoute(app, {
            method: 'GET',
            url: URL,
            permission: 'public',
            summary: 'Legal entities without access checks (benchmark baseline)',
            schema: { querystring: ListQuery, response: { 200: ListOf(LegalEntitySchema) } },
            handler: (request) =>
              ownerTransaction(database, tenantId, (tx) => listLegalEntities(tx, pageOf(request.query))),
          });
        },
      },
    ],
  });
}
