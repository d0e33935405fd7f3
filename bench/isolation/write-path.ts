import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { createLegalEntity } from '../../src/modules/organization/legal-entity.service.ts';
import { buildContextScript } from '../../src/platform/db/context-script.ts';
import { SCRIPT_MARKER } from '../../src/platform/db/pglite-dialect.ts';
import { FULL_SCOPE, type TenantContext } from '../../src/platform/tenancy/tenant-context.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize, timeUs } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';
import { JournalFloor } from './journal-floor.ts';

export interface WritePathOptions {
  /** Timed writes on each path. */
  readonly writes: number;
  /** Untimed writes on each path first (JIT, plan caches, buffers). */
  readonly warmup: number;
  /** Tenants the writes are spread over, round robin. */
  readonly tenants: number;
}

export interface WritePathResult {
  readonly writes: number;
  readonly tenants: number;
  /** µs per one-row write: the tenant transaction (insert + audit + outbox, through withTenant). */
  readonly tenantTransactionUs: Summary;
  /** µs per one-row write: the same row inserted by the owner, one autocommit statement. */
  readonly rawInsertUs: Summary;
  /** Diagnostic: the same insert in a transaction with the tenant context and RLS, no audit/outbox. */
  readonly contextOnlyUs: Summary;
  /** Diagnostic: the rows of the audited write (entity, audit, outbox, chain head) by the owner, one round trip. */
  readonly journalFloorUs: Summary;
  /** Diagnostic: the entity and its audit event alone, by the owner, one round trip. */
  readonly auditFloorUs: Summary;
  /**
   * Diagnostic: the raw insert inside an explicit transaction (BEGIN, INSERT, COMMIT: three round
   * trips), by the owner, nothing else — what the round trips alone of a transaction cost.
   */
  readonly ownerTransactionUs: Summary;
  readonly ratio: number;
  /** Statement strings (round trips) the driver sends per write on each path. */
  readonly statementsPerWrite: Record<Path, number>;
  /** Where a write's time goes: the mean client-side time of each of its statements (traced separately). */
  readonly breakdownUs: Record<Path, StatementTime[]>;
}

export interface StatementTime {
  readonly statement: string;
  readonly meanUs: number;
}

const RAW_INSERT = `INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency, tax_id)
VALUES ($1, $2, $3, $4, $5, $6)`;
const BLOCK = 50;

export type Path =
  | 'tenantTransaction'
  | 'contextOnly'
  | 'journalFloor'
  | 'auditFloor'
  | 'ownerTransaction'
  | 'rawInsert';
const PATHS: readonly Path[] = [
  'tenantTransaction',
  'contextOnly',
  'journalFloor',
  'auditFloor',
  'ownerTransaction',
  'rawInsert',
];

/**
 * Sequential one-row writes of a new legal entity, spread over several tenants, on five paths.
 * The paths run in interleaved blocks whose order rotates, so that table growth, checkpoints and
 * autovacuum weigh on all of them alike.
 */
export async function measureWritePath(
  target: BenchTarget,
  options: WritePathOptions,
): Promise<WritePathResult> {
  const contexts = await createTenants(target, options.tenants);
  const floor = await JournalFloor.prepare(target, options.tenants);
  let serial = 0;
  const nextName = (path: Path) => `Bench ${path} ${++serial}`;
  const write: Record<Path, (i: number) => Promise<unknown>> = {
    tenantTransaction: (i) =>
      target.tessera.withTenant(pick(contexts, i), (tx) =>
        createLegalEntity(tx, {
          name: nextName('tenantTransaction'),
          country: 'DE',
          functionalCurrency: 'EUR',
        }),
      ),
    contextOnly: (i) => contextOnlyInsert(target, pick(contexts, i), nextName('contextOnly')),
    journalFloor: (i) => floor.write(i, nextName('journalFloor')),
    auditFloor: (i) => floor.write(i, nextName('auditFloor'), 'auditOnly'),
    ownerTransaction: async (i) => {
      await target.rawScript('BEGIN');
      await target.raw(RAW_INSERT, [
        pick(contexts, i).tenantId,
        uuidv7(),
        nextName('ownerTransaction'),
        'DE',
        'EUR',
        null,
      ]);
      await target.rawScript('COMMIT');
    },
    rawInsert: (i) =>
      target.raw(RAW_INSERT, [
        pick(contexts, i).tenantId,
        uuidv7(),
        nextName('rawInsert'),
        'DE',
        'EUR',
        null,
      ]),
  };

  log(
    `  write path: ${options.warmup} warm-up + ${options.writes} timed writes per path over ${options.tenants} tenants`,
  );
  await runBlocks(write, options.warmup, () => {});
  const samples: Record<Path, number[]> = {
    tenantTransaction: [],
    contextOnly: [],
    journalFloor: [],
    auditFloor: [],
    ownerTransaction: [],
    rawInsert: [],
  };
  await runBlocks(write, options.writes, (path, us) => samples[path].push(us));

  const profiles = {
    tenantTransaction: await profile(target, write.tenantTransaction),
    contextOnly: await profile(target, write.contextOnly),
    journalFloor: await profile(target, write.journalFloor),
    auditFloor: await profile(target, write.auditFloor),
    ownerTransaction: await profile(target, write.ownerTransaction),
    rawInsert: await profile(target, write.rawInsert),
  };
  const tenantTransactionUs = summarize(samples.tenantTransaction);
  const rawInsertUs = summarize(samples.rawInsert);
  return {
    writes: options.writes,
    tenants: options.tenants,
    tenantTransactionUs,
    rawInsertUs,
    contextOnlyUs: summarize(samples.contextOnly),
    journalFloorUs: summarize(samples.journalFloor),
    auditFloorUs: summarize(samples.auditFloor),
    ownerTransactionUs: summarize(samples.ownerTransaction),
    ratio: tenantTransactionUs.mean / rawInsertUs.mean,
    statementsPerWrite: {
      tenantTransaction: profiles.tenantTransaction.statements,
      contextOnly: profiles.contextOnly.statements,
      journalFloor: profiles.journalFloor.statements,
      auditFloor: profiles.auditFloor.statements,
      ownerTransaction: profiles.ownerTransaction.statements,
      rawInsert: profiles.rawInsert.statements,
    },
    breakdownUs: {
      tenantTransaction: profiles.tenantTransaction.breakdown,
      contextOnly: profiles.contextOnly.breakdown,
      journalFloor: profiles.journalFloor.breakdown,
      auditFloor: profiles.auditFloor.breakdown,
      ownerTransaction: profiles.ownerTransaction.breakdown,
      rawInsert: profiles.rawInsert.breakdown,
    },
  };
}

async function runBlocks(
  write: Record<Path, (i: number) => Promise<unknown>>,
  count: number,
  record: (path: Path, us: number) => void,
): Promise<void> {
  for (let start = 0, block = 0; start < count; start += BLOCK, block += 1) {
    const size = Math.min(BLOCK, count - start);
    for (let p = 0; p < PATHS.length; p += 1) {
      const path = PATHS[(block + p) % PATHS.length] as Path;
      for (let i = start; i < start + size; i += 1) record(path, await timeUs(() => write[path](i)));
    }
  }
}

/** The kernel's own context script, then the insert under RLS, then COMMIT: isolation without the journal. */
async function contextOnlyInsert(target: BenchTarget, ctx: TenantContext, name: string): Promise<void> {
  const script = buildContextScript(ctx, { ...target.settings, readOnly: false });
  await target.database.session(async (session) => {
    await session.script(script);
    try {
      await sql`INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency, tax_id)
                VALUES (${ctx.tenantId}, ${uuidv7()}, ${name}, 'DE', 'EUR', ${null})`.execute(session.db);
      await session.script('COMMIT');
    } catch (error) {
      await session.script('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/** Traces a few writes of one path: statements per write and the mean time of each one. */
async function profile(
  target: BenchTarget,
  write: (i: number) => Promise<unknown>,
): Promise<{ statements: number; breakdown: StatementTime[] }> {
  const writes = 50;
  const trace = await target.traceStatements(async () => {
    for (let i = 0; i < writes; i += 1) await write(i);
  });
  const statements = trace.length / writes;
  const perWrite = Math.round(statements);
  const breakdown = Array.from({ length: perWrite }, (_, position) => {
    const calls = trace.filter((_, index) => index % perWrite === position);
    return {
      statement: label(calls[0]?.text ?? '?'),
      meanUs: calls.reduce((sum, call) => sum + call.us, 0) / calls.length,
    };
  });
  return { statements, breakdown };
}

function label(text: string): string {
  const statement = text.replace(SCRIPT_MARKER, '').trim();
  if (/^BEGIN;\s+INSERT/i.test(statement)) return 'entity + audit + outbox + chain head, owner (one string)';
  if (/^BEGIN/i.test(statement)) return 'BEGIN + SET LOCAL role, tenant, scope (one string)';
  if (/^SELECT append_journal/i.test(statement))
    return 'append_journal (audit + outbox) + COMMIT (one string)';
  if (/^insert into "?legal_entities/i.test(statement))
    return /returning/i.test(statement) ? 'INSERT … RETURNING *' : 'INSERT';
  return statement.split(/\s+/).slice(0, 3).join(' ');
}

async function createTenants(target: BenchTarget, count: number): Promise<TenantContext[]> {
  const contexts: TenantContext[] = [];
  for (let n = 1; n <= count; n += 1) {
    const { tenant } = await target.tessera.control.createTenant({
      name: `Bench tenant ${n}`,
      slug: `bench-tenant-${n}`,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    });
    contexts.push({
      tenantId: tenant.id,
      actor: { kind: 'user', id: 'bench-user', membershipId: null },
      scope: FULL_SCOPE,
      clearance: 'internal',
      requestId: null,
      grantId: null,
    });
  }
  return contexts;
}

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}
