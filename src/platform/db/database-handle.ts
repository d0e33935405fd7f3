import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PgliteDialect, SCRIPT_MARKER } from './pglite-dialect.ts';
import { keepText, PG_TYPE_OIDS, parseInt8, pgliteParsers } from './type-parsers.ts';

export type Backend = 'pglite' | 'postgres';

/** One exclusive database session: queries through `db`, several statements at once through `script`. */
export interface DbSession {
  // biome-ignore lint/suspicious/noExplicitAny: each caller narrows the schema type it works on.
  readonly db: Kysely<any>;
  script(statements: string): Promise<void>;
}

/** An open database: a PostgreSQL pool or an embedded PGlite instance, behind one interface. */
export interface DatabaseHandle {
  readonly backend: Backend;
  readonly location: string;
  // biome-ignore lint/suspicious/noExplicitAny: each caller narrows the schema type it works on.
  readonly db: Kysely<any>;
  /** The embedded instance, on PGlite only (for dumps of its data folder). */
  readonly pglite: PGlite | null;
  session<T>(work: (session: DbSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size; PGlite always has one session. */
  readonly poolSize?: number;
  /** PGlite shared_buffers: the main driver of its resident memory. */
  readonly pgliteSharedBuffers?: string;
  /** A data folder dump to start an in-memory PGlite from (a migrated template, for fast tests). */
  readonly pgliteTemplate?: Blob;
  /** Where relative PGlite folders are resolved from. */
  readonly baseDir?: string;
}

/** Opens `postgres://…`, `pglite:memory` or `pglite:<folder>` (relative to `baseDir`). */
export async function openDatabase(
  location: string,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgres(location, options);
  if (location.startsWith('pglite:')) return openPglite(location, options);
  throw new Error(
    `Unknown database location "${location}": use postgres://… or pglite:<folder>|pglite:memory`,
  );
}

function openPostgres(location: string, options: OpenDatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: location,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === PG_TYPE_OIDS.int8) return parseInt8;
        if (oid === PG_TYPE_OIDS.date || oid === PG_TYPE_OIDS.numeric) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server is dropped by the pool; without a listener it would crash the process.
  pool.on('error', () => {});
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return handle('postgres', location, db, null);
}

async function openPglite(location: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const target = location.slice('pglite:'.length);
  const dataDir = target === 'memory' ? undefined : resolveFolder(target, options.baseDir);
  // PGlite creates only the last level of its folder.
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.pgliteTemplate && !dataDir ? { loadDataDir: options.pgliteTemplate } : {}),
    parsers: pgliteParsers,
    postgresqlconf: `shared_buffers=${options.pgliteSharedBuffers ?? '32MB'}`,
  });
  const db = new Kysely({ dialect: new PgliteDialect(pglite) });
  return handle('pglite', location, db, pglite);
}

function resolveFolder(folder: string, baseDir: string | undefined): string {
  if (folder.startsWith('/') || !baseDir) return folder;
  return `${baseDir.replace(/\/$/, '')}/${folder}`;
}

// biome-ignore lint/suspicious/noExplicitAny: see DatabaseHandle.
function handle(backend: Backend, location: string, db: Kysely<any>, pglite: PGlite | null): DatabaseHandle {
  return {
    backend,
    location,
    db,
    pglite,
    session: (work) =>
      db.connection().execute((connection) =>
        work({
          db: connection,
          script: async (statements) => {
            await sql.raw(SCRIPT_MARKER + statements).execute(connection);
          },
        }),
      ),
    close: async () => {
      await db.destroy();
      await pglite?.close();
    },
  };
}
