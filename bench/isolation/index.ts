import { cpus, loadavg } from 'node:os';
import type { Benchmark } from '../lib/benchmark.ts';
import { choice, parseFlags, subset, usage, wholeNumber } from '../lib/flags.ts';
import { log } from '../lib/log.ts';
import { machineOf, type ResultRow, skippedRow } from '../lib/report.ts';
import { type BenchTarget, eachBackend } from '../lib/targets.ts';
import { type LoadResult, type MemoryResult, measureMemory } from './memory.ts';
import { measureReadPath, type ReadPathResult } from './read-path.ts';
import { isolationRows } from './rows.ts';
import { measureWritePath, type WritePathResult } from './write-path.ts';

const FLAGS = {
  backends: { type: 'string', default: 'pglite,postgres', help: 'backends to measure' },
  measures: { type: 'string', default: 'write,read,memory', help: 'measures to run' },
  writes: { type: 'string', default: '2000', help: 'timed one-row writes per path' },
  warmup: { type: 'string', default: '200', help: 'untimed writes per path first' },
  'write-tenants': { type: 'string', default: '10', help: 'tenants the writes are spread over' },
  rows: { type: 'string', default: '1000000', help: 'rows of the read-path table' },
  tenants: { type: 'string', default: '100', help: 'tenants of the read-path table' },
  queries: { type: 'string', default: '50', help: 'timed aggregates per path' },
  layout: {
    type: 'string',
    default: 'interleaved',
    help: 'read table: interleaved (tenants alternate, as appended over time) | clustered (by tenant)',
  },
  seed: { type: 'string', default: '42', help: 'seed of the tenant order' },
  pglite: { type: 'string', default: 'folder', help: 'PGlite storage: folder | memory' },
  duration: { type: 'string', default: '10', help: 'seconds of load per route (memory)' },
  connections: { type: 'string', default: '10', help: 'autocannon connections (memory)' },
  idle: { type: 'string', default: '5', help: 'seconds idle before reading memory' },
  'start-timeout': { type: 'string', default: '180', help: 'seconds a server start may take' },
  login: {
    type: 'string',
    help: 'demo user(s) email:password, comma-separated, for the tenant route (or TESSERA_BENCH_LOGIN)',
  },
  route: { type: 'string', help: 'authenticated tenant route (default: found in /openapi.json)' },
  explain: { type: 'boolean', help: 'print the read-path plans to stderr' },
  json: { type: 'boolean', help: 'print one JSON object of all figures on stdout' },
} as const;

const MEMORY_TARGET_MB = 600;

type BackendReport =
  | { status: 'skipped'; reason: string }
  | { status: 'error'; error: string; description?: string }
  | { status: 'ok'; description: string; writePath?: WritePathResult; readPath?: ReadPathResult };

export const isolation: Benchmark = {
  name: 'isolation',
  summary:
    'Cost of tenant isolation: a one-row write through the tenant transaction vs a raw insert, a tenant\n' +
    'aggregate over a 1M-row table through RLS vs the owner, and the embedded server’s memory.\n' +
    'PostgreSQL is measured when PG_URL or TESSERA_TEST_PG_URL (an admin URL) is set:\n' +
    '  scripts/with-postgres.sh npm run -s bench -- isolation',
  usage: usage(FLAGS),
  run: async (args) => {
    const flags = parseFlags(args, FLAGS);
    const backends = subset(flags.backends, 'backends', ['pglite', 'postgres'] as const);
    const measures = subset(flags.measures, 'measures', ['write', 'read', 'memory'] as const);
    const write = {
      writes: wholeNumber(flags.writes, 'writes', 1, 1_000_000),
      warmup: wholeNumber(flags.warmup, 'warmup', 0, 1_000_000),
      tenants: wholeNumber(flags['write-tenants'], 'write-tenants', 1, 1000),
    };
    const read = {
      rows: wholeNumber(flags.rows, 'rows', 1, 100_000_000),
      tenants: wholeNumber(flags.tenants, 'tenants', 1, 100_000),
      queries: wholeNumber(flags.queries, 'queries', 1, 100_000),
      layout: choice(flags.layout, 'layout', ['clustered', 'interleaved'] as const),
      seed: wholeNumber(flags.seed, 'seed', 0, 2 ** 32 - 1),
      explain: flags.explain === true,
    };
    const memory = {
      durationSeconds: wholeNumber(flags.duration, 'duration', 1, 600),
      connections: wholeNumber(flags.connections, 'connections', 1, 1000),
      idleSeconds: wholeNumber(flags.idle, 'idle', 0, 600),
      startTimeoutSeconds: wholeNumber(flags['start-timeout'], 'start-timeout', 1, 3600),
      logins: (flags.login as string | undefined) ?? process.env.TESSERA_BENCH_LOGIN,
      route: flags.route as string | undefined,
    };
    const pgliteStorage = choice(flags.pglite, 'pglite', ['folder', 'memory'] as const);
    const startedAt = new Date().toISOString();
    const loadAtStart = loadavg()[0] as number;
    if (loadAtStart > cpus().length / 2) {
      log(
        `warning: load average ${loadAtStart.toFixed(2)} on ${cpus().length} CPUs: other work will add noise`,
      );
    }

    const measuresDatabases = measures.includes('write') || measures.includes('read');
    const reports = measuresDatabases
      ? await eachBackend(backends, pgliteStorage, (open) => measureBackend(open, measures, write, read))
      : {};

    let memoryResult: MemoryResult | { status: 'error'; error: string } | undefined;
    if (measures.includes('memory')) {
      log('embedded server memory:');
      memoryResult = await measureMemory(memory).catch((error: unknown) => ({
        status: 'error' as const,
        error: message(error),
      }));
      if (memoryResult.status !== 'ok')
        log(
          `  ${memoryResult.status}: ${'reason' in memoryResult ? memoryResult.reason : memoryResult.error}`,
        );
    }

    const rows: ResultRow[] = [];
    for (const [backend, report] of Object.entries(reports)) {
      if (report.status === 'ok') rows.push(...isolationRows(backend, report));
      else
        rows.push(
          skippedRow(
            backend,
            'write + read path',
            report.status === 'skipped' ? report.reason : `error: ${report.error}`,
          ),
        );
    }
    if (memoryResult) rows.push(...memoryRows(memoryResult));
    const completed =
      Object.values(reports).every((report) => report.status !== 'error') && memoryResult?.status !== 'error';
    return {
      completed,
      rows,
      data: {
        startedAt,
        finishedAt: new Date().toISOString(),
        args,
        settings: {
          backends,
          measures,
          write,
          read,
          memory: { ...memory, logins: memory.logins ? '(given)' : null },
          pgliteStorage,
        },
        environment: machineOf(loadAtStart),
        backends: reports,
        memory: memoryResult ?? { status: 'skipped', reason: 'not selected' },
        pass: rows.every((row) => row.pass !== false),
      },
    };
  },
};

async function measureBackend(
  open: () => Promise<BenchTarget>,
  measures: readonly string[],
  write: Parameters<typeof measureWritePath>[1],
  read: Parameters<typeof measureReadPath>[1],
): Promise<BackendReport> {
  let target: BenchTarget | undefined;
  try {
    target = await open();
    const report: BackendReport = { status: 'ok', description: target.description };
    if (measures.includes('write')) report.writePath = await measureWritePath(target, write);
    if (measures.includes('read')) report.readPath = await measureReadPath(target, read);
    return report;
  } catch (error) {
    log(`  error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { status: 'error', error: message(error), ...(target ? { description: target.description } : {}) };
  } finally {
    await target?.close().catch((error: unknown) => log(`  could not clean up: ${message(error)}`));
  }
}

function memoryRows(result: MemoryResult | { status: 'error'; error: string }): ResultRow[] {
  const backend = 'pglite (server)';
  if (result.status === 'error') return [skippedRow(backend, 'memory', `error: ${result.error}`)];
  if (result.status === 'skipped') return [skippedRow(backend, 'memory', result.reason)];
  const mb = (measure: string, value: number): ResultRow => ({
    backend,
    measure,
    unit: 'MB',
    ours: value,
    baseline: null,
    ratio: null,
    target: `≤ ${MEMORY_TARGET_MB} MB`,
    pass: value <= MEMORY_TARGET_MB,
  });
  const underLoad = (load: LoadResult) =>
    mb(
      `memory: peak RSS, GET ${load.route}${load.tenants > 1 ? ` (${load.tenants} tenants)` : ''}`,
      load.peakRssMb,
    );
  const rows = [mb('memory: RSS idle, demo loaded', result.idleRssMb), underLoad(result.ready)];
  if ('status' in result.tenantRoute)
    rows.push(skippedRow(backend, 'memory: tenant route', result.tenantRoute.reason));
  else rows.push(underLoad(result.tenantRoute));
  return rows;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
