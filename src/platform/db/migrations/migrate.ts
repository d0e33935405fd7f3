import { sql } from 'kysely';
import { AppError } from '../../errors/index.ts';
import type { DatabaseHandle } from '../database-handle.ts';
import { type MigrationFile, type MigrationKind, readMigrationFiles } from './migration-files.ts';

/** The schema each kind's tables (and its migration record) live in. */
export const MIGRATION_SCHEMA: Readonly<Record<MigrationKind, string>> = Object.freeze({
  control: 'control',
  cell: 'public',
});

export interface MigrationOutcome {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
}

/**
 * Applies the pending migrations of a kind in one transaction, under an advisory lock so two
 * processes never migrate at once. Refuses, naming the file, when an applied migration was
 * edited or the database holds one this build does not know.
 */
export async function migrate(
  database: DatabaseHandle,
  kind: MigrationKind,
  files?: readonly MigrationFile[],
): Promise<MigrationOutcome> {
  const migrations = files ?? (await readMigrationFiles(kind));
  const schema = MIGRATION_SCHEMA[kind];
  return database.session(async (session) => {
    await session.script(
      `BEGIN; CREATE SCHEMA IF NOT EXISTS ${schema};
       CREATE TABLE IF NOT EXISTS ${schema}.tessera_migrations (
         name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());`,
    );
    try {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`tessera:migrate:${schema}`}))`.execute(session.db);
      const applied = await sql<{ name: string; checksum: string }>`
        SELECT name, checksum FROM ${sql.table(`${schema}.tessera_migrations`)} ORDER BY name`.execute(
        session.db,
      );
      const pending = planPending(kind, migrations, applied.rows);
      for (const migration of pending) {
        await session.script(`SET LOCAL search_path = ${schema}, public; ${migration.sql}`);
        await sql`INSERT INTO ${sql.table(`${schema}.tessera_migrations`)} (name, checksum)
                  VALUES (${migration.name}, ${migration.checksum})`.execute(session.db);
      }
      await session.script('COMMIT');
      return { applied: pending.map((m) => m.name), alreadyApplied: applied.rows.length };
    } catch (error) {
      await session.script('ROLLBACK');
      throw error;
    }
  });
}

function planPending(
  kind: MigrationKind,
  files: readonly MigrationFile[],
  applied: readonly { name: string; checksum: string }[],
): MigrationFile[] {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const record of applied) {
    const file = byName.get(record.name);
    if (!file) {
      throw new AppError(
        'MIGRATION_UNKNOWN',
        { kind, migration: record.name },
        {
          detail: `The ${kind} database has migration ${record.name}, which this build does not have`,
        },
      );
    }
    if (file.checksum !== record.checksum) {
      throw new AppError(
        'MIGRATION_CHECKSUM_MISMATCH',
        { kind, migration: record.name },
        {
          detail: `Migration ${kind}/${record.name} was edited after it was applied (checksum differs)`,
        },
      );
    }
  }
  const done = new Set(applied.map((record) => record.name));
  return files.filter((file) => !done.has(file.name));
}

/** Names of the migrations not yet applied; throws like `migrate` when the record disagrees with the files. */
export async function pendingMigrations(database: DatabaseHandle, kind: MigrationKind): Promise<string[]> {
  const files = await readMigrationFiles(kind);
  const schema = MIGRATION_SCHEMA[kind];
  const applied = await sql<{ name: string; checksum: string }>`
    SELECT name, checksum FROM ${sql.table(`${schema}.tessera_migrations`)} ORDER BY name`.execute(
    database.db,
  );
  return planPending(kind, files, applied.rows).map((file) => file.name);
}
