import { type Kysely, sql } from 'kysely';
import { SCRIPT_MARKER } from '../../src/platform/db/pglite-dialect.ts';
import { runTenantTransaction } from '../../src/platform/db/tenant-transaction.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { log } from '../lib/log.ts';
import { type Summary, seededRandom, shuffle, summarize, timeUs } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';

/**
 * `interleaved`: tenants alternate row by row, as in a pooled table filled over time (a tenant's
 * 10,000 rows lie on most of the table's pages); `clustered`: each tenant's rows stored together
 * (as after CLUSTER), so a tenant's aggregate reads few pages and takes about a millisecond.
 */
export type Layout = 'clustered' | 'interleaved';

export interface ReadPathOptions {
  readonly rows: number;
  readonly tenants: number;
  /** Timed queries on each path. */
  readonly queries: number;
  readonly layout: Layout;
  readonly seed: number;
  /** Print both plans (EXPLAIN ANALYZE) to stderr. */
  readonly explain: boolean;
}

export interface ReadPathResult {
  readonly rows: number;
  readonly tenants: number;
  readonly queries: number;
  readonly layout: Layout;
  readonly loadSeconds: number;
  /** ms per aggregate through RLS: the whole tenant transaction (context, query, commit). */
  readonly rlsMs: Summary;
  /** ms of the query statement alone inside that transaction. */
  readonly rlsQueryOnlyMs: Summary;
  /** ms per aggregate by the owner, explicit filter, no RLS (autocommit, one statement). */
  readonly ownerMs: Summary;
  readonly ratio: number;
  /** Where an RLS transaction's time goes: mean client-side ms of each statement (traced separately). */
  readonly breakdownMs: { readonly statement: string; readonly meanMs: number }[];
  /** The owner bypasses RLS because it is a superuser (FORCE ROW LEVEL SECURITY binds other owners). */
  readonly ownerIsSuperuser: boolean;
}

const AGGREGATE = (db: Kysely<unknown>, tenantId: string) =>
  sql<{ n: bigint; total: bigint }>`SELECT count(*) AS n, sum(minutes) AS total
    FROM bench_entries WHERE tenant_id = ${tenantId}`.execute(db);

/** Untimed queries on each path first (JIT, plan and buffer caches). */
const WARMUP_QUERIES = 10;

export function benchTenantId(n: number): string {
  return `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * A tenant-filtered aggregate over a generated table with the migrations' RLS, as the application
 * role inside the kernel's tenant transaction, against the owner's same query without RLS.
 */
export async function measureReadPath(
  target: BenchTarget,
  options: ReadPathOptions,
): Promise<ReadPathResult> {
  const loadSeconds = await createTable(target, options);
  const owner = target.database.db as Kysely<unknown>;
  const ownerIsSuperuser = await isSuperuser(owner);
  const order = shuffle(
    Array.from({ length: options.tenants }, (_, i) => i + 1),
    seededRandom(options.seed),
  );
  const tenantOf = (i: number) => benchTenantId(order[i % order.length] as number);

  const viaRls = async (tenantId: string, queryOnly?: number[]) => {
    const { result } = await runTenantTransaction(
      target.database,
      systemContext(tenantId, 'bench'),
      async (tx) => {
        const start = process.hrtime.bigint();
        const { rows } = await AGGREGATE(tx.db as unknown as Kysely<unknown>, tenantId);
        queryOnly?.push(Number(process.hrtime.bigint() - start) / 1e6);
        return rows[0];
      },
      target.settings,
      { readOnly: true },
    );
    return result;
  };
  const viaOwner = async (tenantId: string) => (await AGGREGATE(owner, tenantId)).rows[0];

  await checkIsolation(target, tenantOf(0), viaRls, viaOwner);
  if (options.explain) await explain(target, tenantOf(0));

  log(`  read path: ${options.queries} timed queries per path (${options.layout} layout)`);
  for (let i = 0; i < WARMUP_QUERIES; i += 1) {
    await viaRls(tenantOf(i));
    await viaOwner(tenantOf(i));
  }
  const rls: number[] = [];
  const rlsQueryOnly: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < options.queries; i += 1) {
    const tenantId = tenantOf(i);
    const runRls = async () => rls.push((await timeUs(() => viaRls(tenantId, rlsQueryOnly))) / 1000);
    const runOwner = async () => own.push((await timeUs(() => viaOwner(tenantId))) / 1000);
    if (i % 2 === 0) {
      await runRls();
      await runOwner();
    } else {
      await runOwner();
      await runRls();
    }
  }
  const rlsMs = summarize(rls);
  const ownerMs = summarize(own);
  const breakdownMs = await profile(target, async () => {
    for (let i = 0; i < 10; i += 1) await viaRls(tenantOf(i));
  });
  return {
    rows: options.rows,
    tenants: options.tenants,
    queries: options.queries,
    layout: options.layout,
    loadSeconds,
    rlsMs,
    rlsQueryOnlyMs: summarize(rlsQueryOnly),
    ownerMs,
    ratio: rlsMs.mean / ownerMs.mean,
    breakdownMs,
    ownerIsSuperuser,
  };
}

/** Builds bench_entries with the same RLS as the migrations; returns the seconds it took. */
async function createTable(target: BenchTarget, options: ReadPathOptions): Promise<number> {
  const { rows, tenants } = options;
  if (!Number.isInteger(rows) || !Number.isInteger(tenants) || rows < tenants || tenants < 1) {
    throw new Error(`--rows (${rows}) must be a whole number of at least --tenants (${tenants})`);
  }
  const tenantOfRow =
    options.layout === 'clustered' ? `(g * ${tenants} / ${rows})::int + 1` : `(g % ${tenants})::int + 1`;
  const started = Date.now();
  log(`  read path: generating ${rows.toLocaleString('en')} rows of ${tenants} tenants (${options.layout})…`);
  await target.database.session((session) =>
    session.script(`
      DROP TABLE IF EXISTS bench_entries;
      CREATE TABLE bench_entries (
        tenant_id uuid NOT NULL,
        id bigint NOT NULL,
        work_date date NOT NULL,
        minutes integer NOT NULL,
        billable boolean NOT NULL
      );
      INSERT INTO bench_entries (tenant_id, id, work_date, minutes, billable)
      SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(${tenantOfRow}), 12, '0'))::uuid,
             g + 1, date '2026-01-01' + (g % 365)::int, 15 + (g * 7919 % 466)::int, g % 4 <> 0
      FROM generate_series(0::bigint, ${rows - 1}::bigint) AS g;
      ALTER TABLE bench_entries ADD PRIMARY KEY (tenant_id, id);
      ALTER TABLE bench_entries ENABLE ROW LEVEL SECURITY;
      ALTER TABLE bench_entries FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON bench_entries FOR ALL
        USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
      GRANT SELECT ON bench_entries TO tessera_app;
    `),
  );
  // VACUUM refuses to run inside the implicit transaction of a multi-statement string.
  await sql`VACUUM ANALYZE bench_entries`.execute(target.database.db);
  // One full pass so that neither path pays for the first read of the table.
  await sql`SELECT count(*), sum(minutes) FROM bench_entries`.execute(target.database.db);
  const seconds = (Date.now() - started) / 1000;
  log(`  read path: table ready in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Both paths must agree on a tenant's figures, and RLS alone must hide every other tenant's rows. */
async function checkIsolation(
  target: BenchTarget,
  tenantId: string,
  viaRls: (tenantId: string) => Promise<{ n: bigint; total: bigint } | undefined>,
  viaOwner: (tenantId: string) => Promise<{ n: bigint; total: bigint } | undefined>,
): Promise<void> {
  const [a, b] = [await viaRls(tenantId), await viaOwner(tenantId)];
  if (String(a?.n) !== String(b?.n) || String(a?.total) !== String(b?.total) || !a || Number(a.n) === 0) {
    throw new Error(
      `read path: RLS and owner disagree for ${tenantId}: ${a?.n}/${a?.total} vs ${b?.n}/${b?.total}`,
    );
  }
  const { result: visible } = await runTenantTransaction(
    target.database,
    systemContext(tenantId, 'bench'),
    async (tx) =>
      (await sql<{ n: bigint }>`SELECT count(*) AS n FROM bench_entries`.execute(tx.db)).rows[0]?.n,
    target.settings,
    { readOnly: true },
  );
  if (String(visible) !== String(a.n)) {
    throw new Error(`read path: RLS let ${visible} rows through for a tenant that has ${a.n}`);
  }
}

async function explain(target: BenchTarget, tenantId: string): Promise<void> {
  const statement = (db: Kysely<unknown>) =>
    sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) AS n, sum(minutes) AS total
      FROM bench_entries WHERE tenant_id = ${tenantId}`.execute(db);
  const { result: rlsPlan } = await runTenantTransaction(
    target.database,
    systemContext(tenantId, 'bench'),
    async (tx) => (await statement(tx.db as unknown as Kysely<unknown>)).rows,
    target.settings,
    { readOnly: true },
  );
  const ownerPlan = (await statement(target.database.db as Kysely<unknown>)).rows;
  const text = (rows: { 'QUERY PLAN': string }[]) => rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n');
  log(`  plan through RLS:\n${text(rlsPlan)}\n  plan as owner:\n${text(ownerPlan)}`);
}

/**
 * The statements of a few RLS transactions, timed: context script, query, COMMIT. Grouped by what
 * each statement is, not by its position: on PostgreSQL a read-only transaction answers before its
 * COMMIT has run, so the next transaction's context may be traced before the previous COMMIT.
 */
async function profile(
  target: BenchTarget,
  work: () => Promise<void>,
): Promise<{ statement: string; meanMs: number }[]> {
  const trace = await target.traceStatements(work);
  const groups = new Map<string, number[]>();
  for (const call of trace) {
    const statement = labelOf(call.text);
    groups.set(statement, [...(groups.get(statement) ?? []), call.us]);
  }
  return [...groups].map(([statement, us]) => ({
    statement,
    meanMs: us.reduce((sum, value) => sum + value, 0) / us.length / 1000,
  }));
}

function labelOf(statementText: string): string {
  const text = statementText.replace(SCRIPT_MARKER, '').trim();
  if (/^BEGIN/i.test(text)) return 'BEGIN + SET LOCAL context';
  if (/^COMMIT/i.test(text)) return 'COMMIT (read-only: after the answer)';
  return text.split(/\s+/).slice(0, 4).join(' ');
}

async function isSuperuser(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{
    s: boolean;
  }>`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(db);
  return rows[0]?.s === true;
}
