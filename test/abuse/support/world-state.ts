import { type Kysely, sql } from 'kysely';
import { verifyAuditChain } from '../../../src/platform/audit/verify-audit-chain.ts';
import { systemContext } from '../../../src/platform/tenancy/tenant-context.ts';
import type { TestTessera } from '../../support/test-tessera.ts';

/** Tables that legitimately change with every request (sign-ins, sessions, support-grant use). */
const IGNORED_TABLES = new Set(['auth_events', 'sessions', 'support_grant_uses']);
/** Columns that legitimately change with requests, per table. */
const IGNORED_COLUMNS: Readonly<Record<string, readonly string[]>> = { api_tokens: ['last_used_at'] };

/** Every table of every database, with its row count and a fingerprint of its content; every audit chain. */
export interface WorldState {
  /** `<database>:<schema>.<table>` → `<count> rows, <md5 of the rows>` */
  readonly tables: Readonly<Record<string, string>>;
  /** tenant id → `verified <n> events` or the break */
  readonly auditChains: Readonly<Record<string, string>>;
}

// biome-ignore lint/suspicious/noExplicitAny: read as the owner, across schemas.
async function tablesOf(label: string, db: Kysely<any>, into: Record<string, string>): Promise<void> {
  const { rows } = await sql<{ schema: string; name: string }>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_schema IN ('public', 'control') AND table_type = 'BASE TABLE'
    ORDER BY 1, 2`.execute(db);
  for (const { schema, name } of rows) {
    if (IGNORED_TABLES.has(name)) continue;
    const dropped = (IGNORED_COLUMNS[name] ?? []).map((column) => sql`- ${column}::text`);
    const row = sql`(to_jsonb(t) ${sql.join(dropped, sql` `)})::text`;
    const {
      rows: [found],
    } = await sql<{ count: string | number | bigint; digest: string | null }>`
      SELECT count(*) AS count, md5(string_agg(${row}, E'\n' ORDER BY ${row})) AS digest
      FROM ${sql.id(schema, name)} AS t`.execute(db);
    into[`${label}:${schema}.${name}`] = `${String(found?.count)} rows, ${found?.digest ?? 'empty'}`;
  }
}

/** Reads the state of the main database and of every test cell database, as their owner. */
export async function worldState(t: TestTessera): Promise<WorldState> {
  const tables: Record<string, string> = {};
  await tablesOf('main', t.tessera.main.db, tables);
  for (const cell of await t.tessera.control.listCells()) {
    if (!cell.location.startsWith('test:')) continue;
    const name = cell.location.slice('test:'.length);
    await tablesOf(`cell ${name}`, (await t.database(name)).db, tables);
  }
  const auditChains: Record<string, string> = {};
  for (const tenant of await t.tessera.control.listTenants()) {
    const verification = await t.tessera.withTenant(
      systemContext(tenant.id, 'abuse-suite'),
      (tx) => verifyAuditChain(tx),
      { readOnly: true },
    );
    auditChains[`${tenant.slug} ${tenant.id}`] = verification.verified
      ? `verified ${verification.eventsChecked} events`
      : `broken at ${verification.firstBreak?.seq} (${verification.firstBreak?.reason}) after ${verification.eventsChecked}`;
  }
  return { tables, auditChains };
}
