import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTessera, waitForOutput } from '../../cli/spawn-tessera.ts';
import { DEMO_PASSWORD } from '../../src/demo/world/world-personas.ts';
import { createTestDatabase } from '../support/test-databases.ts';

/**
 * ARCHITECTURE.md §6, faults: the real server process is killed with SIGKILL while concurrent
 * audited writes are in flight. After a restart on the same data, every write the server
 * acknowledged is there exactly once, nothing exists without its audit event (no partial
 * record), and the tenant's audit hash chain verifies. On PGlite the embedded database dies with
 * the process; on PostgreSQL the server's connections are cut mid-transaction.
 */

const WRITES = 60;
const KILL_AFTER_ACKS = 12;
const PREFIX = `fault-${Date.now()}`;

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function serve(env: Record<string, string>): Promise<Running> {
  const child = startTessera(['serve', '--demo'], { ...env, PORT: '0' });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [, url] = await waitForOutput(child, /Tessera is running at (http:\/\/\S+)/);
  return { child, url: url as string };
}

async function signIn(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'priya.raman@brightpath.example', password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { headers });
  expect(response.status, `${url}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** Every page of a list endpoint. */
async function everything<T>(url: string, headers: Record<string, string>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await getJson(
      `${url}${separator}limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      headers,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('a server killed with SIGKILL during concurrent writes', () => {
  it('keeps every acknowledged write exactly once, no partial record, and a verifying audit chain', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-fault-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { TESSERA_DATA_DIR: dataDir };
    if (process.env.TESSERA_TEST_PG_URL) {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.location;
    }

    const first = await serve(env);
    const headers = await signIn(first.url);
    const [entity] = (
      await getJson<{ items: { id: string }[] }>(`${first.url}/api/v1/legal-entities`, headers)
    ).items;
    expect(entity).toBeDefined();

    // Concurrent audited writes; the process is killed once some have been acknowledged.
    const acknowledged = new Set<string>();
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    let killed = false;
    const writes = Array.from({ length: WRITES }, (_, i) => {
      const name = `${PREFIX}-${String(i).padStart(3, '0')}`;
      return fetch(`${first.url}/api/v1/clients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name, legalEntityId: entity?.id, internalNotes: `written by request ${i}` }),
      }).then(
        (response) => {
          if (response.status === 201) acknowledged.add(name);
          if (acknowledged.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        },
        () => undefined, // cut off by the kill: unknown outcome, either committed whole or not at all
      );
    });
    await Promise.all(writes);
    if (!killed) first.child.kill('SIGKILL');
    await exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.size, 'the kill came before every write was answered').toBeLessThan(WRITES);

    const second = await serve(env);
    const after = await signIn(second.url);
    const clients = (
      await everything<{ id: string; name: string }>(`${second.url}/api/v1/clients`, after)
    ).filter((client) => client.name.startsWith(PREFIX));
    const names = clients.map((client) => client.name);
    // Every acknowledged write survived, and none twice.
    for (const name of acknowledged) expect(names, `acknowledged ${name}`).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    // No partial record: each client that exists has exactly its creation event, and no event
    // names a client that does not exist.
    const events = await everything<{ action: string; resourceId: string }>(
      `${second.url}/api/v1/audit/events?resourceKind=client`,
      after,
    );
    const created = events
      .filter((event) => event.action === 'client.created')
      .map((event) => event.resourceId);
    const ids = new Set(clients.map((client) => client.id));
    for (const id of ids) expect(created.filter((c) => c === id).length, `audit event of ${id}`).toBe(1);
    const known = new Set(
      (await everything<{ id: string }>(`${second.url}/api/v1/clients`, after)).map((c) => c.id),
    );
    for (const id of created) expect(known.has(id), `client of audit event ${id}`).toBe(true);
    // The chain of the tenant verifies end to end.
    const verification = await getJson<{ verified: boolean; eventsChecked: number }>(
      `${second.url}/api/v1/audit/verify`,
      after,
    );
    expect(verification.verified).toBe(true);
    expect(verification.eventsChecked).toBeGreaterThanOrEqual(clients.length);
    console.log(
      `SIGKILL fault (${process.env.TESSERA_TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}): ${WRITES} concurrent writes, ` +
        `${acknowledged.size} acknowledged before the kill, ${clients.length} found after restart, ` +
        `audit chain verified over ${verification.eventsChecked} events`,
    );
    second.child.kill('SIGTERM');
  }, 180_000);
});
