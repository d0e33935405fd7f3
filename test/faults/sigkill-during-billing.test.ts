import type { ChildProcess } from 'node:child_process';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startTessera, waitForOutput } from '../../cli/spawn-tessera.ts';
import { DEMO_PASSWORD } from '../../src/demo/world/world-personas.ts';
import { verifyAuditChain } from '../../src/platform/audit/verify-audit-chain.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { openTessera } from '../../src/platform/runtime.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { prepareDemoEnvironment } from '../support/demo-environment.ts';

/**
 * Issue 5 and ARCHITECTURE.md §6, faults: the real server is killed with SIGKILL at random points
 * while billing runs (fixed Idempotency-Keys) draft invoices and other requests void, approve and
 * issue them; it is restarted on the same data and the same keys are run again, round after round.
 * Voided invoices release their work, so every round's runs have work to bill. After the last
 * round, with the server stopped, the books are read as the owner: each key made one run, which
 * returned the same documents every time it answered; each time entry and expense is on at most
 * one line of a live invoice and every billed one points at such a line; no invoice lacks its
 * lines; invoice numbers are gapless per legal entity; each issued invoice posted exactly one
 * balanced entry and the trial balance is zero; every tenant's audit chain verifies.
 *
 * The kill delays come from a seeded PRNG (FAULT_SEED, printed); FAULT_BUDGET_MS bounds the rounds
 * (at least MIN_ROUNDS). On PostgreSQL, Brightpath's cell (us-pool-1) is a PostgreSQL database too.
 */

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = Number(process.env.FAULT_BUDGET_MS ?? 60_000);
const MIN_ROUNDS = 10;
const MAX_ROUNDS = 60;
const BACKEND = process.env.TESSERA_TEST_PG_URL ? 'PostgreSQL' : 'PGlite';
/** Kills land uniformly in [0, KILL_WINDOW_MS) after a round's requests start. */
const KILL_WINDOW_MS = Number(process.env.FAULT_KILL_WINDOW_MS ?? (BACKEND === 'PGlite' ? 800 : 400));
/** The dataset's weeks (from 2026-08-31) cut into periods: each entity is billed per period. */
const PERIODS = [
  ['2026-08-31', '2026-09-13'],
  ['2026-09-14', '2026-09-30'],
  ['2026-10-01', '2026-10-18'],
  ['2026-10-19', '2026-11-30'],
] as const;
const VAT = { vatCategory: 'S', vatRate: '20' } as const;

/** mulberry32: the same seed gives the same kill points. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<unknown>;
}

interface Invoice {
  readonly id: string;
  readonly legalEntityId: string;
  readonly status: string;
  readonly number: number | null;
}

interface RunAnswer {
  readonly id: string;
  readonly invoiceIds: string;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function serve(env: Record<string, string>): Promise<Running> {
  const child = startTessera(['serve', '--demo'], { ...env, PORT: '0' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const [, url] = await waitForOutput(child, /Tessera is running at (http:\/\/\S+)/);
  return { child, url: url as string, exited };
}

/** Every request of a round, counted by outcome: answers by status, and cut off by the kill. */
class Client {
  readonly statuses = new Map<number, number>();
  cut = 0;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {}

  async send<T>(method: string, path: string, body?: object, extra: Record<string, string> = {}) {
    try {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: { ...this.headers, ...(body ? { 'content-type': 'application/json' } : {}), ...extra },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
      const text = await response.text();
      if (response.status >= 500) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    } catch (error) {
      if (error instanceof Error && /: 5\d\d /.test(error.message)) throw error;
      this.cut += 1;
      return { status: 0, body: null }; // cut off by the kill: unknown outcome
    }
  }
}

async function signIn(url: string): Promise<Client> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'priya.raman@brightpath.example', password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return new Client(url, { authorization: `Bearer ${accessToken}` });
}

/** Every invoice of a status, all pages. */
async function invoices(client: Client, status: string): Promise<Invoice[]> {
  const items: Invoice[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Invoice[]; nextCursor: string | null } | null } =
      await client.send(
        'GET',
        `/api/v1/invoices?status=${status}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
    if (page.status !== 200 || !page.body) return items;
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('a server killed with SIGKILL during billing runs', () => {
  it('makes each run and document once, bills each source at most once, and keeps the books balanced', async () => {
    // Two streams: the kill delays repeat from the seed whatever the picks consumed.
    const delays = prng(SEED);
    const picks = prng(SEED ^ 0x5bd1e995);
    console.log(
      `SIGKILL during billing (${BACKEND}): seed ${SEED} (FAULT_SEED=${SEED} repeats the kill points)`,
    );
    const demo = await prepareDemoEnvironment('billing-fault');
    cleanups.push(() => demo.cleanup());
    const env = demo.env;
    const started = Date.now();
    let server = await serve(env);
    let client = await signIn(server.url);
    const entities = (
      await client.send<{ items: { id: string; name: string }[] }>('GET', '/api/v1/legal-entities')
    ).body?.items.filter((entity) => entity.name.startsWith('Brightpath'));
    expect(entities?.length).toBe(2);
    console.log(`  demo seeded and served in ${Date.now() - started} ms`);

    const answers = new Map<string, RunAnswer>();
    const bodies = new Map<string, object>();
    const outcomes = new Map<string, number>();
    const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    const runKey = (client: Client, key: string, phase: 'run' | 'rerun' = 'run') => {
      const cutBefore = !answers.has(key);
      return client
        .send<{ id: string; invoices: { id: string }[] }>('POST', '/api/v1/billing-runs', bodies.get(key), {
          'idempotency-key': key,
        })
        .then(({ status, body }) => {
          // A rerun of a run cut off by the kill: 201 if it had not committed, 200 (a replay) if it had.
          if (phase === 'run') tally(`run ${status}`);
          else if (cutBefore) tally(`rerun of a cut run ${status}`);
          if (status === 0) return;
          expect([200, 201], `run ${key}: ${status} ${JSON.stringify(body)}`).toContain(status);
          const answer = {
            id: body?.id ?? '',
            invoiceIds: (body?.invoices ?? []).map((i) => i.id).join(','),
          };
          const first = answers.get(key);
          // The same key answers with the same run and the same documents, before and after a kill.
          if (first) expect(answer, `replay of ${key}`).toEqual(first);
          else answers.set(key, answer);
        });
    };

    const loopStarted = Date.now();
    let round = 0;
    let kills = 0;
    let previousKeys: string[] = [];
    const totals = { cut: 0, issued: 0, voided: 0, approved: 0 };
    // The last acknowledged answer of an invoice action, by invoice: it must have survived the kills.
    const acknowledged = new Map<string, Invoice>();
    // Counts a 200 answer of an invoice action; other answers (a cut-off, a 409 in a race) are not counted.
    const count =
      (action: 'issued' | 'voided' | 'approved') =>
      ({ status, body }: { status: number; body: unknown }) => {
        if (status === 200) totals[action] += 1;
        if (status === 200) acknowledged.set((body as Invoice).id, body as Invoice);
        tally(`${action} ${status}${status >= 400 ? ` ${(body as { code?: string } | null)?.code}` : ''}`);
        return status === 200;
      };
    while (round < MAX_ROUNDS && (round < MIN_ROUNDS || Date.now() - loopStarted < BUDGET_MS)) {
      // After the restart: the killed round's keys again, to completion.
      await Promise.all(previousKeys.map((key) => runKey(client, key, 'rerun')));
      for (const key of previousKeys)
        expect(answers.has(key), `run ${key} answered after restart`).toBe(true);
      const keys = (entities ?? []).flatMap((entity, e) =>
        PERIODS.map(([from, to], p) => {
          const key = `fault-${SEED}-r${round}-e${e}-p${p}`;
          bodies.set(key, { legalEntityId: entity.id, periodFrom: from, periodTo: to, ...VAT });
          return key;
        }),
      );
      const drafts = await invoices(client, 'draft');
      const approved = await invoices(client, 'approved');
      // This round: new runs, and concurrently some drafts voided (their work is billed again by a later
      // round), some approved and issued, and approved ones issued; killed at a random point.
      const delay = delays() * KILL_WINDOW_MS;
      const work: Promise<unknown>[] = keys.map((key) => runKey(client, key));
      for (const invoice of drafts) {
        const pick = picks();
        const path = `/api/v1/invoices/${invoice.id}`;
        if (pick < 0.3) work.push(client.send('POST', `${path}/void`).then(count('voided')));
        else if (pick < 0.6)
          work.push(
            client
              .send('POST', `${path}/approve`)
              .then(count('approved'))
              .then((ok) => ok && client.send('POST', `${path}/issue`, {}).then(count('issued'))),
          );
      }
      for (const invoice of approved)
        work.push(client.send('POST', `/api/v1/invoices/${invoice.id}/issue`, {}).then(count('issued')));
      const killed = new Promise<void>((resolve) =>
        setTimeout(() => {
          server.child.kill('SIGKILL');
          resolve();
        }, delay),
      );
      await Promise.all([...work, killed]);
      await server.exited;
      expect(server.child.signalCode).toBe('SIGKILL');
      kills += 1;
      totals.cut += client.cut;
      round += 1;
      previousKeys = keys;
      server = await serve(env);
      client = await signIn(server.url);
    }
    // The last round's keys once more, then a sweep per entity over the whole dataset.
    await Promise.all(previousKeys.map((key) => runKey(client, key, 'rerun')));
    for (const [e, entity] of (entities ?? []).entries()) {
      const key = `fault-${SEED}-sweep-e${e}`;
      bodies.set(key, { legalEntityId: entity.id, periodFrom: '2026-08-01', periodTo: '2026-12-31', ...VAT });
      await runKey(client, key);
    }
    const loopMs = Date.now() - loopStarted;
    for (const key of bodies.keys()) expect(answers.has(key), `run ${key} answered`).toBe(true);
    server.child.kill('SIGTERM');
    await server.exited;

    // The books, read as the owner with the server stopped.
    const tessera = await openTessera(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
    cleanups.push(() => tessera.close());
    const brightpath = await tessera.control.findTenant('brightpath-consulting');
    expect(brightpath).toBeDefined();
    const tenantId = brightpath?.id as string;
    const cell = (await tessera.cells.forTenant(tenantId)).database;
    expect(cell.backend).toBe(BACKEND === 'PostgreSQL' ? 'postgres' : 'pglite');
    const owner = cell.db as Kysely<unknown>;
    const rows = async <R>(query: RawBuilder<R>) => (await query.execute(owner)).rows;
    const none = async (what: string, query: RawBuilder<unknown>) =>
      expect(await rows(query), what).toEqual([]);

    // Each key: one run, holding exactly the invoices that name it, as the API answered.
    const runs = await rows(sql<{ idempotency_key: string; id: string; invoice_ids: string }>`
      SELECT idempotency_key, id, array_to_string(invoice_ids, ',') AS invoice_ids FROM billing_runs
      WHERE tenant_id = ${tenantId} AND idempotency_key LIKE ${`fault-${SEED}-%`}`);
    expect(runs.length).toBe(bodies.size);
    for (const run of runs)
      expect({ id: run.id, invoiceIds: run.invoice_ids }, run.idempotency_key).toEqual(
        answers.get(run.idempotency_key),
      );
    await none(
      'invoices of a run that the run does not list, or listed and missing',
      sql`SELECT i.id FROM invoices i JOIN billing_runs r ON r.tenant_id = i.tenant_id AND r.id = i.billing_run_id
        WHERE i.tenant_id = ${tenantId} AND NOT i.id = ANY (r.invoice_ids)
        UNION ALL
        SELECT x.id FROM billing_runs r CROSS JOIN LATERAL unnest(r.invoice_ids) AS x(id)
        WHERE r.tenant_id = ${tenantId}
          AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = r.tenant_id AND i.id = x.id AND i.billing_run_id = r.id)`,
    );
    // No invoice without its lines; totals are the lines'.
    await none(
      'invoices without lines or whose net is not the sum of their lines',
      sql`SELECT i.id FROM invoices i
        LEFT JOIN invoice_lines l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
        WHERE i.tenant_id = ${tenantId}
        GROUP BY i.id, i.net_minor HAVING count(l.id) = 0 OR sum(l.net_minor) <> i.net_minor`,
    );
    // Each time entry and expense on at most one line of a live invoice; each billed one points at it.
    await none(
      'sources on two lines of live invoices',
      sql`SELECT o.id FROM invoice_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
        CROSS JOIN LATERAL unnest(l.origin_ids) AS o(id)
        WHERE l.tenant_id = ${tenantId} AND i.status <> 'void' AND l.origin_kind IN ('time', 'expense', 'milestone')
        GROUP BY o.id HAVING count(*) > 1`,
    );
    const sources = [
      ['time_entries', 'time', sql`s.billing_state = 'billed'`],
      ['expenses', 'expense', sql`s.billing_state = 'billed'`],
      ['project_milestones', 'milestone', sql`s.invoice_id IS NOT NULL`],
    ] as const;
    for (const [table, kind, billed] of sources) {
      await none(
        `billed ${table} that do not point at a live line holding them`,
        sql`SELECT s.id FROM ${sql.table(table)} s
          LEFT JOIN invoice_lines l ON l.tenant_id = s.tenant_id AND l.id = s.invoice_line_id AND l.invoice_id = s.invoice_id
            AND s.id = ANY (l.origin_ids) AND l.origin_kind = ${kind}
          LEFT JOIN invoices i ON i.tenant_id = s.tenant_id AND i.id = l.invoice_id AND i.status <> 'void'
          WHERE s.tenant_id = ${tenantId} AND ${billed} AND i.id IS NULL`,
      );
      await none(
        `lines of live invoices whose ${table} are not billed to them`,
        sql`SELECT l.id FROM invoice_lines l
          JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id AND i.status <> 'void'
          CROSS JOIN LATERAL unnest(l.origin_ids) AS o(id)
          LEFT JOIN ${sql.table(table)} s ON s.tenant_id = l.tenant_id AND s.id = o.id AND ${billed}
            AND s.invoice_line_id = l.id
          WHERE l.tenant_id = ${tenantId} AND l.origin_kind = ${kind} AND s.id IS NULL`,
      );
    }
    // Every acknowledged void, approval and issue survived: a void stays void, an approved invoice was
    // at least approved, an issued one keeps its number.
    const states = new Map(
      (
        await rows(sql<{ id: string; status: string; number: string | null }>`
          SELECT id, status, number::text AS number FROM invoices WHERE tenant_id = ${tenantId}`)
      ).map((row) => [row.id, row] as const),
    );
    for (const [id, answer] of acknowledged) {
      const state = states.get(id);
      if (answer.status === 'void') expect(state?.status, `voided ${id}`).toBe('void');
      else if (answer.status === 'approved')
        expect(['approved', 'issued'], `approved ${id}`).toContain(state?.status);
      else {
        expect(state?.status, `issued ${id}`).toBe('issued');
        expect(Number(state?.number), `number of ${id}`).toBe(answer.number);
      }
    }
    // Gapless numbers per legal entity, and the counter right after the last.
    const numbers = await rows(sql<{ legal_entity_id: string; numbers: string; next_number: string | null }>`
      SELECT i.legal_entity_id, string_agg(i.number::text, ',' ORDER BY i.number) AS numbers,
        max(c.next_number)::text AS next_number
      FROM invoices i LEFT JOIN invoice_number_counters c
        ON c.tenant_id = i.tenant_id AND c.legal_entity_id = i.legal_entity_id
      WHERE i.tenant_id = ${tenantId} AND i.number IS NOT NULL GROUP BY i.legal_entity_id`);
    let issued = 0;
    for (const entity of numbers) {
      const list = entity.numbers.split(',').map(Number);
      expect(list, `numbers of ${entity.legal_entity_id}`).toEqual(list.map((_, i) => i + 1));
      expect(Number(entity.next_number)).toBe(list.length + 1);
      issued += list.length;
    }
    // Each issued invoice posted once (and only issued ones posted); every entry balances; trial balance 0.
    await none(
      'issued invoices without exactly their one journal entry, or entries of invoices not issued',
      sql`SELECT i.id FROM invoices i
        LEFT JOIN journal_entries j ON j.tenant_id = i.tenant_id AND j.source_kind = 'invoice' AND j.source_id = i.id
        WHERE i.tenant_id = ${tenantId}
        GROUP BY i.id, i.status, i.journal_entry_id
        HAVING (i.status IN ('issued', 'paid')) <> (count(j.id) = 1 AND bool_and(j.id = i.journal_entry_id))
          OR (i.status NOT IN ('issued', 'paid') AND count(j.id) > 0)`,
    );
    await none(
      'journal entries that do not balance per currency or in the functional currency',
      sql`SELECT entry_id FROM journal_lines WHERE tenant_id = ${tenantId}
        GROUP BY entry_id, currency HAVING sum(debit_minor) <> sum(credit_minor)
        UNION ALL
        SELECT entry_id FROM journal_lines WHERE tenant_id = ${tenantId}
        GROUP BY entry_id HAVING sum(functional_debit_minor) <> sum(functional_credit_minor)`,
    );
    await none(
      'a trial balance that does not sum to zero per legal entity and currency',
      sql`SELECT legal_entity_id, currency FROM journal_lines WHERE tenant_id = ${tenantId}
        GROUP BY legal_entity_id, currency HAVING sum(debit_minor) <> sum(credit_minor)
        UNION ALL
        SELECT legal_entity_id, NULL FROM journal_lines WHERE tenant_id = ${tenantId}
        GROUP BY legal_entity_id HAVING sum(functional_debit_minor) <> sum(functional_credit_minor)`,
    );
    // The run and each invoice it drafted have their audit events, once.
    await none(
      'runs or drafted invoices without exactly one audit event',
      sql`SELECT r.id FROM billing_runs r WHERE r.tenant_id = ${tenantId} AND (
          SELECT count(*) FROM audit_events a WHERE a.tenant_id = r.tenant_id AND a.action = 'billing_run.completed'
            AND a.resource_id = r.id::text) <> 1
        UNION ALL
        SELECT i.id FROM invoices i WHERE i.tenant_id = ${tenantId} AND (
          SELECT count(*) FROM audit_events a WHERE a.tenant_id = i.tenant_id AND a.action = 'invoice.drafted'
            AND a.resource_id = i.id::text) <> 1
        UNION ALL
        SELECT i.id FROM invoices i WHERE i.tenant_id = ${tenantId} AND (
          SELECT count(*) FROM audit_events a WHERE a.tenant_id = i.tenant_id AND a.action = 'invoice.issued'
            AND a.resource_id = i.id::text) <> (CASE WHEN i.status IN ('issued', 'paid') THEN 1 ELSE 0 END)`,
    );
    const [counts] = await rows(sql<{ invoices: string; billed_time: string; billed_expenses: string }>`
      SELECT (SELECT count(*) FROM invoices WHERE tenant_id = ${tenantId})::text AS invoices,
        (SELECT count(*) FROM time_entries WHERE tenant_id = ${tenantId} AND billing_state = 'billed')::text AS billed_time,
        (SELECT count(*) FROM expenses WHERE tenant_id = ${tenantId} AND billing_state = 'billed')::text AS billed_expenses`);
    // Every tenant's audit chain verifies end to end.
    let events = 0;
    for (const tenant of await tessera.control.listTenants()) {
      const verification = await tessera.withTenant(
        systemContext(tenant.id, 'fault-check'),
        (tx) => verifyAuditChain(tx),
        { readOnly: true },
      );
      expect(verification.firstBreak ?? null, `audit chain of ${tenant.slug}`).toBeNull();
      events += verification.eventsChecked;
    }
    console.log(
      `  ${kills} kills in ${loopMs} ms (window ${KILL_WINDOW_MS} ms), ${bodies.size} run keys, ${totals.cut} requests cut off, ` +
        `${totals.voided} voids, ${totals.approved} approvals and ${totals.issued} issues answered; ` +
        `${counts?.invoices} invoices (${issued} issued, gapless), ${counts?.billed_time} time entries and ` +
        `${counts?.billed_expenses} expenses billed once; audit chains verified over ${events} events; ` +
        `total ${Date.now() - started} ms; answers: ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
    );
    expect(kills).toBeGreaterThanOrEqual(MIN_ROUNDS);
    expect(issued).toBeGreaterThan(0);
    expect(Number(counts?.billed_time)).toBeGreaterThan(0);
  }, 300_000);
});
