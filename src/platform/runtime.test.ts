import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/test-databases.ts';
import { loadConfig } from './config/config.ts';
import type { DatabaseHandle } from './db/database-handle.ts';
import { openTessera } from './runtime.ts';

let main: DatabaseHandle & { drop(): Promise<void> };
const config = loadConfig({});
const suffix = uuidv7().slice(-12);

beforeAll(async () => {
  main = await createTestDatabase();
  await (await openTessera(config, { main })).close();
});
afterAll(() => main.drop());

const owner = (statement: string) => main.session((session) => session.script(statement));

describe('start-up', () => {
  it('opens when the application role is safe', async () => {
    const tessera = await openTessera(config, { main });
    expect((await tessera.control.listCells()).map((cell) => cell.name)).toEqual(['eu-pool-1']);
    await tessera.close();
  });

  it('refuses a superuser as the application role', async () => {
    await expect(openTessera(config, { main, appRole: 'postgres' })).rejects.toMatchObject({
      code: 'UNSAFE_APP_ROLE',
      detail: expect.stringContaining('is a superuser'),
    });
  });

  it('refuses an application role that can bypass row-level security', async () => {
    const role = `tessera_bypass_${suffix}`;
    await owner(`CREATE ROLE ${role} NOLOGIN BYPASSRLS`);
    try {
      await expect(openTessera(config, { main, appRole: role })).rejects.toMatchObject({
        detail: expect.stringContaining('has BYPASSRLS'),
      });
    } finally {
      await owner(`DROP ROLE ${role}`);
    }
  });

  it('refuses an application role that owns a table', async () => {
    const role = `tessera_owner_${suffix}`;
    await owner(`CREATE ROLE ${role} NOLOGIN; ALTER TABLE legal_entities OWNER TO ${role}`);
    try {
      await expect(openTessera(config, { main, appRole: role })).rejects.toMatchObject({
        detail: expect.stringContaining('owns public.legal_entities'),
      });
    } finally {
      await owner(`ALTER TABLE legal_entities OWNER TO CURRENT_USER; DROP ROLE ${role}`);
    }
  });

  it('refuses a database whose applied migration was edited, naming the file', async () => {
    const { rows } = await sql<{ checksum: string }>`
      SELECT checksum FROM public.tessera_migrations WHERE name = '0002_legal_entities.sql'`.execute(main.db);
    await sql`UPDATE public.tessera_migrations SET checksum = 'edited' WHERE name = '0002_legal_entities.sql'`.execute(
      main.db,
    );
    try {
      await expect(openTessera(config, { main })).rejects.toMatchObject({
        code: 'MIGRATION_CHECKSUM_MISMATCH',
        detail: 'Migration cell/0002_legal_entities.sql was edited after it was applied (checksum differs)',
      });
    } finally {
      await sql`UPDATE public.tessera_migrations SET checksum = ${rows[0]?.checksum} WHERE name = '0002_legal_entities.sql'`.execute(
        main.db,
      );
    }
  });

  it('refuses a database migrated by a newer build', async () => {
    await sql`INSERT INTO control.tessera_migrations (name, checksum) VALUES ('9999_from_the_future.sql', 'x')`.execute(
      main.db,
    );
    try {
      await expect(openTessera(config, { main })).rejects.toMatchObject({ code: 'MIGRATION_UNKNOWN' });
    } finally {
      await sql`DELETE FROM control.tessera_migrations WHERE name = '9999_from_the_future.sql'`.execute(
        main.db,
      );
    }
  });
});
