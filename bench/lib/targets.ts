import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/platform/config/config.ts';
import { type Backend, type DatabaseHandle, openDatabase } from '../../src/platform/db/database-handle.ts';
import type { TenantTransactionSettings } from '../../src/platform/db/tenant-transaction.ts';
import { APP_ROLE, openTessera, type Tessera } from '../../src/platform/runtime.ts';
import { log } from './log.ts';

/** A throw-away, migrated Tessera on one backend, plus a raw driver path to the same database. */
export interface BenchTarget {
  readonly backend: Backend;
  /** Engine and storage, for the report. */
  readonly description: string;
  readonly database: DatabaseHandle;
  readonly tessera: Tessera;
  readonly settings: TenantTransactionSettings;
  /** One statement straight through the driver, as the database owner, in autocommit. */
  raw(text: string, params: readonly unknown[]): Promise<void>;
  /** Several statements in one string (one round trip), as the database owner. */
  rawScript(text: string): Promise<void>;
  /** Every statement string (one client↔server round trip each) the driver sends while `work` runs, timed. */
  traceStatements(work: () => Promise<unknown>): Promise<StatementTrace[]>;
  close(): Promise<void>;
}

export interface StatementTrace {
  readonly text: string;
  readonly us: number;
}

export type PgliteStorage = 'folder' | 'memory';

/** An embedded PGlite in a temporary folder (as the server runs it) or in memory. */
export async function openPgliteTarget(storage: PgliteStorage): Promise<BenchTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
  const database = await openDatabase(storage === 'memory' ? 'pglite:memory' : `pglite:${dataDir}/main`);
  const pglite = database.pglite as PGlite;
  return finish(database, dataDir, {
    description: `PGlite (${storage === 'memory' ? 'in memory' : 'temp folder'})`,
    // Outside the dialect's session lock: only ever called while nothing else runs.
    raw: async (text, params) => {
      await pglite.query(text, [...params]);
    },
    rawScript: async (text) => {
      await pglite.exec(text);
    },
    traceStatements: (work) =>
      traceCalls(pglite as unknown as Record<string, unknown>, ['query', 'exec'], work),
    drop: () => rm(dataDir, { recursive: true, force: true }),
  });
}

/** A new database on the PostgreSQL server of `adminUrl`, dropped again by `close()`. */
export async function openPostgresTarget(adminUrl: string): Promise<BenchTarget> {
  const name = `tessera_bench_${process.pid}_${Date.now()}`;
  await adminStatement(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
  let database: DatabaseHandle | undefined;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  const drop = async () => {
    await pool.end().catch(() => {});
    await adminStatement(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    database = await openDatabase(url.toString());
    return await finish(database, dataDir, {
      description: `PostgreSQL (database ${name})`,
      raw: async (text, params) => {
        await pool.query(text, [...params]);
      },
      rawScript: async (text) => {
        await pool.query(text);
      },
      traceStatements: (work) =>
        traceCalls(pg.Client.prototype as unknown as Record<string, unknown>, ['query'], work),
      drop,
    });
  } catch (error) {
    await database?.close().catch(() => {});
    await drop();
    throw error;
  }
}

async function finish(
  database: DatabaseHandle,
  dataDir: string,
  parts: Pick<BenchTarget, 'description' | 'raw' | 'rawScript' | 'traceStatements'> & {
    drop(): Promise<unknown>;
  },
): Promise<BenchTarget> {
  const started = Date.now();
  const tessera = await openTessera(loadConfig({ TESSERA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
    main: database,
  });
  const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(
    database.db,
  );
  const description = `${parts.description}, PostgreSQL ${rows[0]?.v ?? '?'}`;
  log(`  opened ${description} and migrated it in ${Date.now() - started} ms`);
  return {
    backend: database.backend,
    description,
    database,
    tessera,
    settings: { appRole: APP_ROLE, statementTimeoutMs: 60_000 },
    raw: parts.raw,
    rawScript: parts.rawScript,
    traceStatements: parts.traceStatements,
    close: async () => {
      await tessera.close();
      await database.close();
      await parts.drop();
    },
  };
}

/**
 * Times every call of the named driver methods of `owner` while `work` runs (each call is one
 * client↔server round trip), then restores them. Promise and callback styles are both timed.
 */
async function traceCalls(
  owner: Record<string, unknown>,
  methods: readonly string[],
  work: () => Promise<unknown>,
): Promise<StatementTrace[]> {
  const trace: StatementTrace[] = [];
  const saved = methods.map((method) => [method, Object.getOwnPropertyDescriptor(owner, method)] as const);
  for (const method of methods) {
    const original = owner[method] as (...args: unknown[]) => unknown;
    owner[method] = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '?');
      const started = process.hrtime.bigint();
      const record = () => trace.push({ text, us: Number(process.hrtime.bigint() - started) / 1000 });
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...results: unknown[]) => {
          record();
          return last(...results);
        };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) return result.finally(record);
      record();
      return result;
    };
  }
  try {
    await work();
  } finally {
    for (const [method, descriptor] of saved) {
      if (descriptor) Object.defineProperty(owner, method, descriptor);
      else delete owner[method];
    }
  }
  return trace;
}

async function adminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A backend that was not measured, and why. */
export interface SkippedBackend {
  readonly status: 'skipped';
  readonly reason: string;
}

/**
 * Runs `measure` on each backend with a way to open its target; PostgreSQL is skipped (with the
 * reason in the report) unless PG_URL or TESSERA_TEST_PG_URL names an administrator's URL.
 */
export async function eachBackend<R>(
  backends: readonly Backend[],
  pgliteStorage: PgliteStorage,
  measure: (open: () => Promise<BenchTarget>) => Promise<R>,
): Promise<Partial<Record<Backend, R | SkippedBackend>>> {
  const adminUrl = process.env.PG_URL ?? process.env.TESSERA_TEST_PG_URL;
  const reports: Partial<Record<Backend, R | SkippedBackend>> = {};
  for (const backend of backends) {
    log(`${backend}:`);
    if (backend === 'postgres' && !adminUrl) {
      const reason = 'PG_URL / TESSERA_TEST_PG_URL not set: run under scripts/with-postgres.sh';
      log(`  skipped: ${reason}`);
      reports.postgres = { status: 'skipped', reason };
      continue;
    }
    reports[backend] = await measure(() =>
      backend === 'postgres' ? openPostgresTarget(adminUrl as string) : openPgliteTarget(pgliteStorage),
    );
  }
  return reports;
}
