import { cpus, loadavg } from 'node:os';
import type { Benchmark } from '../lib/benchmark.ts';
import { choice, parseFlags, subset, usage, wholeNumber } from '../lib/flags.ts';
import { log } from '../lib/log.ts';
import { diagnosticRow, machineOf, type ResultRow, ratioRow, skippedRow } from '../lib/report.ts';
import { type BenchTarget, eachBackend } from '../lib/targets.ts';
import { type BillingShape, billedEntityId, billingTenantId, loadBillingTenant, MONTH } from './load.ts';
import { measureRunPath, type RunPathResult } from './run-path.ts';

const FLAGS = {
  backends: { type: 'string', default: 'pglite,postgres', help: 'backends to measure' },
  entries: { type: 'string', default: '100000', help: 'approved, unbilled time entries of the month' },
  projects: { type: 'string', default: '1000', help: 'projects the entries are booked on' },
  contracts: { type: 'string', default: '300', help: 'T&M contracts (one rate card each) over the projects' },
  people: { type: 'string', default: '1000', help: 'people booking the entries (3 projects each)' },
  'other-entries': {
    type: 'string',
    default: '20000',
    help: 'entries of a second tenant in the same tables (RLS must keep them out of the run)',
  },
  rounds: { type: 'string', default: '3', help: 'timed runs per path (undone after each)' },
  warmup: { type: 'string', default: '1', help: 'untimed runs per path first' },
  pglite: { type: 'string', default: 'memory', help: 'PGlite storage: folder | memory' },
  json: { type: 'boolean', help: 'print one JSON object of all figures on stdout' },
} as const;

/**
 * The billing run through the tenant path against raw SQL by the owner producing the same lines.
 * Measured on this 2-core machine: 1.39–1.48× on PGlite, 1.37–1.51× on PostgreSQL 15 (README):
 * most of both is the same row writes; the rest is RLS on every statement, the lines read back
 * for the answer, and the audit. The target guards against a regression to per-entry work (the
 * run priced each entry through billRateFor before: about 8 ms an entry on PGlite).
 */
export const RUN_TARGET = 3;

type BackendReport =
  | { status: 'skipped'; reason: string }
  | { status: 'error'; error: string; description?: string }
  | { status: 'ok'; description: string; loadSeconds: number; run: RunPathResult };

export const billing: Benchmark = {
  name: 'billing',
  summary:
    'A billing run of a month over 100,000 approved time entries on 1,000 projects (300 T&M contracts with\n' +
    'rate cards) through runBilling in the tenant transaction, against raw SQL by the table owner in one\n' +
    'transaction that writes the same invoices and lines and marks the same entries billed. Both must\n' +
    'produce identical lines. PostgreSQL is measured when PG_URL or TESSERA_TEST_PG_URL is set:\n' +
    '  scripts/with-postgres.sh npm run -s bench -- billing',
  usage: usage(FLAGS),
  run: async (args) => {
    const flags = parseFlags(args, FLAGS);
    const backends = subset(flags.backends, 'backends', ['pglite', 'postgres'] as const);
    const shape: BillingShape = {
      entries: wholeNumber(flags.entries, 'entries', 1, 10_000_000),
      projects: wholeNumber(flags.projects, 'projects', 3, 1_000_000),
      contracts: wholeNumber(flags.contracts, 'contracts', 1, 100_000),
      people: wholeNumber(flags.people, 'people', 1, 1_000_000),
    };
    const otherEntries = wholeNumber(flags['other-entries'], 'other-entries', 0, 10_000_000);
    const rounds = wholeNumber(flags.rounds, 'rounds', 1, 100);
    const warmup = wholeNumber(flags.warmup, 'warmup', 0, 100);
    const pgliteStorage = choice(flags.pglite, 'pglite', ['folder', 'memory'] as const);
    const startedAt = new Date().toISOString();
    const loadAtStart = loadavg()[0] as number;
    if (loadAtStart > cpus().length / 2)
      log(
        `warning: load average ${loadAtStart.toFixed(2)} on ${cpus().length} CPUs: other work will add noise`,
      );
    const reports = await eachBackend(backends, pgliteStorage, (open) =>
      measureBackend(open, shape, otherEntries, rounds, warmup),
    );
    const rows: ResultRow[] = [];
    for (const [backend, outcome] of Object.entries(reports)) {
      if (outcome.status !== 'ok') {
        rows.push(
          skippedRow(
            backend,
            'billing',
            outcome.status === 'skipped' ? outcome.reason : `error: ${outcome.error}`,
          ),
        );
        continue;
      }
      const r = outcome.run;
      rows.push(
        ratioRow(
          backend,
          `billing run, ${r.billedEntries.toLocaleString('en')} entries → ${r.invoices} invoices: service vs raw SQL`,
          'ms',
          r.serviceMs.mean,
          r.baselineMs.mean,
          RUN_TARGET,
        ),
        diagnosticRow(backend, '  median', 'ms', r.serviceMs.median, r.baselineMs.median),
        diagnosticRow(backend, '  fastest', 'ms', r.serviceMs.min, r.baselineMs.min),
      );
    }
    return {
      completed: Object.values(reports).every((outcome) => outcome.status !== 'error'),
      rows,
      data: {
        startedAt,
        finishedAt: new Date().toISOString(),
        args,
        settings: { backends, shape, otherEntries, rounds, warmup, pgliteStorage, month: MONTH },
        environment: machineOf(loadAtStart),
        backends: reports,
        pass: rows.every((row) => row.pass !== false),
      },
    };
  },
};

async function measureBackend(
  open: () => Promise<BenchTarget>,
  shape: BillingShape,
  otherEntries: number,
  rounds: number,
  warmup: number,
): Promise<BackendReport> {
  let target: BenchTarget | undefined;
  try {
    target = await open();
    const started = Date.now();
    await loadBillingTenant(target, 1, shape);
    // A second tenant in the same tables: the run must neither see nor bill its entries.
    if (otherEntries > 0)
      await loadBillingTenant(target, 2, {
        entries: otherEntries,
        projects: Math.max(3, Math.round(shape.projects / 10)),
        contracts: Math.max(1, Math.round(shape.contracts / 10)),
        people: Math.max(1, Math.round(shape.people / 10)),
      });
    const loadSeconds = (Date.now() - started) / 1000;
    const run = await measureRunPath(
      target,
      { tenantId: billingTenantId(1), legalEntityId: billedEntityId(1), ...MONTH, vatPercent: 20 },
      rounds,
      warmup,
    );
    return { status: 'ok', description: target.description, loadSeconds, run };
  } catch (error) {
    log(`  error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return {
      status: 'error',
      error: error instanceof Error ? error.message : String(error),
      ...(target ? { description: target.description } : {}),
    };
  } finally {
    await target?.close().catch((e: unknown) => log(`  could not clean up: ${String(e)}`));
  }
}
