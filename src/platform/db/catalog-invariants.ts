import { type Kysely, sql } from 'kysely';

/**
 * Cell tables without `tenant_id`, each with the reason it holds no tenant's data. Anything
 * else without `tenant_id` is a violation.
 */
export const TABLES_WITHOUT_TENANT: Readonly<Record<string, string>> = Object.freeze({
  tessera_migrations: 'the record of applied migrations: names and checksums, no business data',
  cell_identity: 'which cell this database is, checked when the cell is opened',
});

const COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

interface TableFacts {
  table: string;
  has_tenant: boolean;
  rls: boolean;
  forced: boolean;
  commands: string[] | null;
  subselect_policies: string[] | null;
  pk_first: string | null;
  bad_constraints: string[] | null;
  bad_indexes: string[] | null;
}

/**
 * Reads the catalog of a cell and lists every breach of the schema invariants
 * (ARCHITECTURE.md §4): forced RLS with policies for every command, keys and unique
 * constraints that include `tenant_id`, indexes that lead with it, plain (Citus-safe) policy
 * expressions, and views that run with the caller's rights.
 */
// biome-ignore lint/suspicious/noExplicitAny: reads only the system catalog.
export async function catalogViolations(db: Kysely<any>, schema = 'public'): Promise<string[]> {
  const { rows } = await sql<TableFacts>`
    SELECT c.relname AS table,
      EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant,
      c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
      (SELECT array_agg(DISTINCT p.polcmd::text) FROM pg_policy p WHERE p.polrelid = c.oid) AS commands,
      (SELECT array_agg(p.polname::text) FROM pg_policy p WHERE p.polrelid = c.oid
         AND (coalesce(pg_get_expr(p.polqual, p.polrelid), '') ~* '[(][[:space:]]*select'
           OR coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') ~* '[(][[:space:]]*select')) AS subselect_policies,
      (SELECT a.attname::text FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
         WHERE k.conrelid = c.oid AND k.contype = 'p') AS pk_first,
      (SELECT array_agg(k.conname::text) FROM pg_constraint k
         WHERE k.conrelid = c.oid AND k.contype IN ('f', 'u', 'x')
           AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum = ANY (k.conkey))
      ) AS bad_constraints,
      (SELECT array_agg(i.indexrelid::regclass::text) FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND a.attname <> 'tenant_id') AS bad_indexes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')
    ORDER BY c.relname`.execute(db);
  const violations: string[] = [];
  for (const t of rows) {
    if (!t.has_tenant) {
      if (!(t.table in TABLES_WITHOUT_TENANT))
        violations.push(`${t.table}: has no tenant_id and is not on the allow-list`);
      continue;
    }
    if (!t.rls) violations.push(`${t.table}: row-level security is not enabled`);
    if (!t.forced) violations.push(`${t.table}: row-level security is not forced`);
    const commands = new Set(t.commands ?? []);
    const names: Record<string, string> = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
    const covered = new Set([...commands].flatMap((cmd) => (cmd === '*' ? COMMANDS : [names[cmd] ?? cmd])));
    for (const command of COMMANDS) {
      if (!covered.has(command)) violations.push(`${t.table}: no policy for ${command}`);
    }
    for (const policy of t.subselect_policies ?? [])
      violations.push(`${t.table}: policy ${policy} wraps a sub-select (fails on Citus)`);
    if (t.pk_first !== 'tenant_id') violations.push(`${t.table}: primary key does not start with tenant_id`);
    for (const constraint of t.bad_constraints ?? [])
      violations.push(`${t.table}: constraint ${constraint} does not include tenant_id`);
    for (const index of t.bad_indexes ?? [])
      violations.push(`${t.table}: index ${index} does not lead with tenant_id`);
  }
  const views = await sql<{ view: string }>`
    SELECT c.relname AS view FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('v', 'm')
      AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'] OR c.reloptions @> ARRAY['security_invoker=on'], false)
    ORDER BY 1`.execute(db);
  for (const { view } of views.rows) violations.push(`${view}: view is not security_invoker`);
  return violations;
}
