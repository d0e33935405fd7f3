import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The two kinds of database Tessera migrates: the control plane and every cell. */
export type MigrationKind = 'control' | 'cell';

export interface MigrationFile {
  readonly name: string;
  readonly checksum: string;
  readonly sql: string;
}

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../../../migrations/', import.meta.url));

// The files ship with the build: read once per process (readiness asks on every /ready).
const shipped = new Map<MigrationKind, Promise<MigrationFile[]>>();

/** The migration files of a kind, in name order, each with the SHA-256 of its text. */
export function readMigrationFiles(kind: MigrationKind, root = MIGRATIONS_ROOT): Promise<MigrationFile[]> {
  if (root !== MIGRATIONS_ROOT) return readFolder(kind, root);
  let files = shipped.get(kind);
  if (!files) {
    files = readFolder(kind, root);
    shipped.set(kind, files);
    files.catch(() => shipped.delete(kind));
  }
  return files;
}

async function readFolder(kind: MigrationKind, root: string): Promise<MigrationFile[]> {
  const folder = `${root}${kind}/`;
  const names = (await readdir(folder)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = (await readFile(folder + name, 'utf8')).replace(/\r\n/g, '\n');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}
