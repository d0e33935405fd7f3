import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../src/demo/world/world-personas.ts';
import { createLegalEntity } from '../src/modules/organization/legal-entity.service.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { openDatabase } from '../src/platform/db/database-handle.ts';
import { openTessera } from '../src/platform/runtime.ts';
import { systemContext } from '../src/platform/tenancy/tenant-context.ts';
import { serveDemoAndStop } from './serve-check.ts';
import { runTessera } from './spawn-tessera.ts';

// The CLI runs on its own embedded databases; it has nothing to test against a PostgreSQL run.
const cliIt = it.skipIf(Boolean(process.env.TESSERA_TEST_PG_URL));
const SLOW = 90_000;

describe('tessera CLI', () => {
  let dataDir: string;
  const tessera = (...args: string[]) => runTessera(args, { TESSERA_DATA_DIR: dataDir }, tmpdir());

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-cli-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  cliIt('lists its commands in --help', async () => {
    const run = await tessera('--help');
    expect(run.code).toBe(0);
    for (const command of ['serve', 'migrate', 'cells', 'tenants', 'audit'])
      expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('TESSERA_DATA_DIR');
  });

  cliIt('exits 2 with one line naming the setting when the configuration is wrong', async () => {
    const run = await runTessera(['migrate'], { TESSERA_DATA_DIR: dataDir, PORT: 'abc' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^tessera: Invalid configuration: PORT .*"abc"/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  cliIt(
    'migrates the control plane and the default cell, then lists that cell',
    async () => {
      const migrate = await tessera('migrate');
      expect(migrate.stderr).toBe('');
      expect(migrate.stdout).toMatch(/^control plane \(pglite:.*\): applied 0001_control_plane/m);
      expect(migrate.stdout).toMatch(/^cell eu-pool-1 \(main database\): applied 0001_kernel/m);
      const list = await tessera('cells', 'list');
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^eu-pool-1\s+eu\s+pooled\s+active\s+main$/m);
    },
    SLOW,
  );

  cliIt('says so when the platform has no tenants', async () => {
    const run = await tessera('tenants', 'list');
    expect(run).toMatchObject({ code: 0, stdout: 'No tenants yet.\n' });
  });

  cliIt(
    'adds a cell in a PGlite folder and lists it',
    async () => {
      const add = await tessera(
        ...['cells', 'add', '--name', 'us-pool-1', '--region', 'us', '--kind', 'pooled'],
        ...['--location', 'pglite:cells/us-pool-1'],
      );
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      expect(existsSync(join(dataDir, 'cells/us-pool-1'))).toBe(true);
      const list = await tessera('cells', 'list');
      expect(list.stdout).toMatch(/^us-pool-1\s+us\s+pooled\s+active\s+pglite:cells\/us-pool-1$/m);
    },
    SLOW,
  );

  cliIt('exits 1 with a clear message for a tenant that does not exist', async () => {
    const run = await tessera('audit', 'verify', '--tenant', 'nope');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('tessera: no tenant with id or slug "nope" (NOT_FOUND)\n');
  });

  cliIt(
    "verifies a tenant's audit chain, and exits 1 at the first break once an event is altered",
    async () => {
      const tenantId = await createAuditedTenant(dataDir);
      const intact = await tessera('audit', 'verify', '--tenant', 'osprey-advisory');
      expect(intact).toMatchObject({
        code: 0,
        stdout: 'Osprey Advisory (osprey-advisory): verified 2 events\n',
      });
      const main = await openDatabase(`pglite:${dataDir}/main`);
      await sql`UPDATE audit_events SET action = 'tampered' WHERE tenant_id = ${tenantId} AND seq = 2`.execute(
        main.db,
      );
      await main.close();
      const broken = await tessera('audit', 'verify', '--tenant', tenantId);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(
        /^tessera: the audit chain of Osprey Advisory .* breaks at seq 2: content-altered/,
      );
    },
    SLOW,
  );

  cliIt(
    'serves the demo and its web app on the printed URL, lists the personas, and stops cleanly on SIGTERM',
    async () => {
      const { health, page, banner, code } = await serveDemoAndStop(
        await mkdtemp(join(tmpdir(), 'tessera-serve-')),
      );
      expect(health).toBe(200);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="root"></div>');
      expect(banner).toMatch(/Open http:\/\/\S+ in a browser/);
      for (const persona of PERSONAS) expect(banner).toContain(persona.email);
      expect(code).toBe(0);
    },
    SLOW,
  );
});

/** A tenant on the default cell with two audited legal entities, created in this process. */
async function createAuditedTenant(dataDir: string): Promise<string> {
  const tessera = await openTessera(loadConfig({ TESSERA_DATA_DIR: dataDir }));
  try {
    const { tenant } = await tessera.control.createTenant({
      name: 'Osprey Advisory',
      slug: 'osprey-advisory',
      homeRegion: 'eu',
      isolationTier: 'pooled',
      status: 'active',
    });
    await tessera.withTenant(systemContext(tenant.id, 'test'), async (tx) => {
      await createLegalEntity(tx, { name: 'Osprey GmbH', country: 'DE', functionalCurrency: 'EUR' });
      await createLegalEntity(tx, { name: 'Osprey Services GmbH', country: 'DE', functionalCurrency: 'EUR' });
    });
    return tenant.id;
  } finally {
    await tessera.close();
  }
}
