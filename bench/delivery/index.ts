import { cpus, loadavg } from 'node:os';
import type { Benchmark } from '../lib/benchmark.ts';
import { choice, parseFlags, subset, usage, wholeNumber } from '../lib/flags.ts';
import { log } from '../lib/log.ts';
import { diagnosticRow, machineOf, type ResultRow, ratioRow, skippedRow } from '../lib/report.ts';
import { type BenchTarget, eachBackend } from '../lib/targets.ts';
import { type DeliveryShape, loadDeliveryTenants } from './load.ts';
import { measureReportPath, type ReportPathResult } from './report-path.ts';
import { measureWritePath, type WritePathResult } from './write-path.ts';

const FLAGS = {
  backends: { type: 'string', default: 'pglite,postgres', help: 'backends to measure' },
  measures: { type: 'string', default: 'report,writes', help: 'measures to run: report, writes' },
  writes: { type: 'string', default: '500', help: 'time entries written through the API (and raw)' },
  entries: { type: 'string', default: '1000000', help: 'time entries of the measured tenant' },
  people: { type: 'string', default: '2000', help: 'people of the measured tenant' },
  projects: { type: 'string', default: '200', help: 'projects of the measured tenant' },
  practices: { type: 'string', default: '8', help: 'practices of the measured tenant' },
  'other-entries': {
    type: 'string',
    default: '100000',
    help: 'time entries of a second tenant in the same tables (RLS must keep them out of the figures)',
  },
  queries: { type: 'string', default: '10', help: 'timed reports per path' },
  warmup: { type: 'string', default: '2', help: 'untimed reports per path first' },
  'project-report': { type: 'boolean', help: 'also time the project report (bill and cost rates per group)' },
  pglite: { type: 'string', default: 'memory', help: 'PGlite storage: folder | memory' },
  json: { type: 'boolean', help: 'print one JSON object of all figures on stdout' },
} as const;

/**
 * The utilization report through the tenant path against the owner's statement. Measured on this
 * 2-core machine: 2.6–3.5× (docs/adr/0008-reports-under-row-level-security.md), all of it the five
 * segment policies evaluated per row (dropped, the paths are level): the target guards against a
 * regression of the report itself, the second one holds the tenant path to the owner's bound once
 * the policies' own cost is taken out.
 */
export const REPORT_TARGET = 4;
export const WITHOUT_SEGMENT_POLICIES_TARGET = 1.25;

type BackendReport =
  | { status: 'skipped'; reason: string }
  | { status: 'error'; error: string; description?: string }
  | {
      status: 'ok';
      description: string;
      loadSeconds: number;
      report?: ReportPathResult;
      writes?: WritePathResult;
    };

export const delivery: Benchmark = {
  name: 'delivery',
  summary:
    'Delivery operations at volume. Part 1: the utilization report of a year over 1,000,000 time entries\n' +
    'through the report service in the tenant transaction (RLS) against the same statement run by the\n' +
    'table owner. Part 2: time-entry writes per second through the API (POST /api/v1/time-entries in\n' +
    'process) against raw single-row inserts through the driver. PostgreSQL is measured when PG_URL or\n' +
    'TESSERA_TEST_PG_URL is set:\n' +
    '  scripts/with-postgres.sh npm run -s bench -- delivery',
  usage: usage(FLAGS),
  run: async (args) => {
    const flags = parseFlags(args, FLAGS);
    const backends = subset(flags.backends, 'backends', ['pglite', 'postgres'] as const);
    const measures = subset(flags.measures, 'measures', ['report', 'writes'] as const);
    const shape: DeliveryShape = {
      entries: wholeNumber(flags.entries, 'entries', 1, 100_000_000),
      people: wholeNumber(flags.people, 'people', 1, 1_000_000),
      projects: wholeNumber(flags.projects, 'projects', 3, 1_000_000),
      practices: wholeNumber(flags.practices, 'practices', 1, 10_000),
    };
    const otherEntries = wholeNumber(flags['other-entries'], 'other-entries', 0, 100_000_000);
    const report = {
      queries: wholeNumber(flags.queries, 'queries', 1, 10_000),
      warmup: wholeNumber(flags.warmup, 'warmup', 0, 10_000),
      projects: flags['project-report'] === true,
    };
    const writes = wholeNumber(flags.writes, 'writes', 10, 1_000_000);
    const pgliteStorage = choice(flags.pglite, 'pglite', ['folder', 'memory'] as const);
    const startedAt = new Date().toISOString();
    const loadAtStart = loadavg()[0] as number;
    if (loadAtStart > cpus().length / 2)
      log(
        `warning: load average ${loadAtStart.toFixed(2)} on ${cpus().length} CPUs: other work will add noise`,
      );

    const reports = await eachBackend(backends, pgliteStorage, (open) =>
      measureBackend(open, measures, shape, otherEntries, report, writes),
    );
    const rows: ResultRow[] = [];
    for (const [backend, outcome] of Object.entries(reports)) {
      if (outcome.status !== 'ok') {
        rows.push(
          skippedRow(
            backend,
            'delivery',
            outcome.status === 'skipped' ? outcome.reason : `error: ${outcome.error}`,
          ),
        );
        continue;
      }
      if (outcome.report) rows.push(...reportRows(backend, outcome.report));
      if (outcome.writes) rows.push(...writeRows(backend, outcome.writes));
    }
    return {
      completed: Object.values(reports).every((outcome) => outcome.status !== 'error'),
      rows,
      data: {
        startedAt,
        finishedAt: new Date().toISOString(),
        args,
        settings: { backends, measures, shape, otherEntries, report, pgliteStorage },
        environment: machineOf(loadAtStart),
        backends: reports,
        pass: rows.every((row) => row.pass !== false),
      },
    };
  },
};

async function measureBackend(
  open: () => Promise<BenchTarget>,
  measures: readonly string[],
  shape: DeliveryShape,
  otherEntries: number,
  report: Parameters<typeof measureReportPath>[2],
  writes: number,
): Promise<BackendReport> {
  let target: BenchTarget | undefined;
  try {
    target = await open();
    const started = Date.now();
    const [measured] = await loadDeliveryTenants(target, [
      { tenant: 1, shape },
      // A second tenant in the same tables: its rows must stay out of the first one's figures.
      ...(otherEntries > 0
        ? [
            {
              tenant: 2,
              shape: { ...shape, entries: otherEntries, people: Math.max(1, Math.round(shape.people / 10)) },
            },
          ]
        : []),
    ]);
    if (!measured) throw new Error('no tenant loaded');
    const outcome: BackendReport = {
      status: 'ok',
      description: target.description,
      loadSeconds: (Date.now() - started) / 1000,
    };
    if (measures.includes('report'))
      outcome.report = await measureReportPath(target, measured.tenantId, report);
    if (measures.includes('writes')) outcome.writes = await measureWritePath(target, writes);
    return outcome;
  } catch (error) {
    log(`  error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return {
      status: 'error',
      error: error instanceof Error ? error.message : String(error),
      ...(target ? { description: target.description } : {}),
    };
  } finally {
    await target?.close().catch((error: unknown) => log(`  could not clean up: ${String(error)}`));
  }
}

/**
 * An audited time-entry write through the whole API against one raw insert: its cost is the
 * HTTP and access path (docs/adr/0004) plus the audited write (docs/adr/0005). A regression guard.
 */
export const WRITE_TARGET = 12;

function writeRows(backend: string, w: WritePathResult): ResultRow[] {
  return [
    ratioRow(
      backend,
      `time-entry write, API vs raw insert (${w.writes} each)`,
      'µs',
      w.apiUs.mean,
      w.rawUs.mean,
      WRITE_TARGET,
    ),
    diagnosticRow(backend, '  writes per second (API vs raw)', '/s', 1e6 / w.apiUs.mean, 1e6 / w.rawUs.mean),
    diagnosticRow(backend, '  median', 'µs', w.apiUs.median, w.rawUs.median),
  ];
}

function reportRows(backend: string, r: ReportPathResult): ResultRow[] {
  const rows = [
    ratioRow(
      backend,
      `utilization report, ${(r.countedEntries / 1e6).toFixed(2)}M entries: tenant path vs owner`,
      'ms',
      r.serviceMs.mean,
      r.ownerMs.mean,
      REPORT_TARGET,
    ),
    diagnosticRow(backend, '  median', 'ms', r.serviceMs.median, r.ownerMs.median),
    diagnosticRow(backend, '  owner, planned as the report is', 'ms', r.ownerSamePlanMs.mean, r.ownerMs.mean),
    ratioRow(
      backend,
      '  tenant path, segment policies dropped',
      'ms',
      r.withoutSegmentPolicies.serviceMs.mean,
      r.withoutSegmentPolicies.ownerMs.mean,
      WITHOUT_SEGMENT_POLICIES_TARGET,
    ),
  ];
  if (r.projectReport)
    rows.push(
      diagnosticRow(
        backend,
        'project report (cost, margin): tenant path vs owner',
        'ms',
        r.projectReport.serviceMs.mean,
        r.projectReport.ownerMs.mean,
      ),
    );
  return rows;
}
