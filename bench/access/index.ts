import { loadavg } from 'node:os';
import type { Benchmark } from '../lib/benchmark.ts';
import { choice, parseFlags, subset, usage, wholeNumber } from '../lib/flags.ts';
import { log } from '../lib/log.ts';
import { machineOf, type ResultRow, skippedRow } from '../lib/report.ts';
import { type BenchTarget, eachBackend } from '../lib/targets.ts';
import { type BreakdownResult, measureBreakdown } from './breakdown.ts';
import { measureRequests, type RequestResult } from './requests.ts';
import { accessRows } from './rows.ts';
import { createAccessFixture } from './setup.ts';

const FLAGS = {
  backends: { type: 'string', default: 'pglite,postgres', help: 'backends to measure' },
  requests: { type: 'string', default: '2000', help: 'timed requests per series (full, scoped, no checks)' },
  warmup: { type: 'string', default: '300', help: 'untimed requests per series first' },
  calls: { type: 'string', default: '1000', help: 'timed direct calls per breakdown step (0: no breakdown)' },
  entities: { type: 'string', default: '4', help: 'legal entities of the tenant' },
  pglite: { type: 'string', default: 'folder', help: 'PGlite storage: folder | memory' },
  json: { type: 'boolean', help: 'print one JSON object of all figures on stdout' },
} as const;

type BackendReport =
  | { status: 'skipped'; reason: string }
  | { status: 'error'; error: string; description?: string }
  | { status: 'ok'; description: string; requests: RequestResult; breakdown?: BreakdownResult };

export const access: Benchmark = {
  name: 'access',
  summary:
    'Cost of access checks per request: GET /api/v1/legal-entities through the real app (token,\n' +
    'principal, permission, tenant transaction with role and scope settings, RLS) for a full-scope and\n' +
    'a scoped identity, against the same service behind a public route in the owner’s transaction.\n' +
    'In process (app.inject), interleaved. PostgreSQL is measured when PG_URL or TESSERA_TEST_PG_URL is set:\n' +
    '  scripts/with-postgres.sh npm run -s bench -- access',
  usage: usage(FLAGS),
  run: async (args) => {
    const flags = parseFlags(args, FLAGS);
    const backends = subset(flags.backends, 'backends', ['pglite', 'postgres'] as const);
    const requests = {
      requests: wholeNumber(flags.requests, 'requests', 1, 1_000_000),
      warmup: wholeNumber(flags.warmup, 'warmup', 0, 1_000_000),
    };
    const breakdown = { calls: wholeNumber(flags.calls, 'calls', 0, 1_000_000), warmup: 50 };
    const entities = wholeNumber(flags.entities, 'entities', 1, 200);
    const pgliteStorage = choice(flags.pglite, 'pglite', ['folder', 'memory'] as const);
    const startedAt = new Date().toISOString();
    const loadAtStart = loadavg()[0];

    const reports = await eachBackend(backends, pgliteStorage, (open) =>
      measureBackend(open, entities, requests, breakdown),
    );

    const rows: ResultRow[] = [];
    for (const [backend, report] of Object.entries(reports)) {
      if (report.status === 'ok') rows.push(...accessRows(backend, report.requests, report.breakdown));
      else
        rows.push(
          skippedRow(
            backend,
            'access checks per request',
            report.status === 'skipped' ? report.reason : `error: ${report.error}`,
          ),
        );
    }
    return {
      completed: Object.values(reports).every((report) => report.status !== 'error'),
      rows,
      data: {
        startedAt,
        finishedAt: new Date().toISOString(),
        args,
        settings: { backends, ...requests, breakdownCalls: breakdown.calls, entities, pgliteStorage },
        environment: machineOf(loadAtStart),
        backends: reports,
        pass: rows.every((row) => row.pass !== false),
      },
    };
  },
};

async function measureBackend(
  open: () => Promise<BenchTarget>,
  entities: number,
  requests: Parameters<typeof measureRequests>[2],
  breakdown: Parameters<typeof measureBreakdown>[2],
): Promise<BackendReport> {
  let target: BenchTarget | undefined;
  try {
    target = await open();
    const fixture = await createAccessFixture(target.tessera, entities);
    log(`  tenant with ${entities} legal entities, two staff identities signed in`);
    const report: BackendReport = {
      status: 'ok',
      description: target.description,
      requests: await measureRequests(target.tessera, fixture, requests, target.traceStatements),
    };
    if (breakdown.calls > 0) report.breakdown = await measureBreakdown(target.tessera, fixture, breakdown);
    return report;
  } catch (error) {
    log(`  error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { status: 'error', error: message(error), ...(target ? { description: target.description } : {}) };
  } finally {
    await target?.close().catch((error: unknown) => log(`  could not clean up: ${message(error)}`));
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
