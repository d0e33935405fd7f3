// Runs one benchmark by name: `npm run bench -- <name> [flags]`, `--help` lists them.
// Progress goes to stderr; stdout gets the result table, or with --json exactly one JSON object
// (use `npm run -s bench …` so that npm does not print its own banner on stdout).
import type { Benchmark } from './lib/benchmark.ts';
import { log } from './lib/log.ts';
import { formatTable } from './lib/report.ts';

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  isolation: async () => (await import('./isolation/index.ts')).isolation,
  access: async () => (await import('./access/index.ts')).access,
  delivery: async () => (await import('./delivery/index.ts')).delivery,
  billing: async () => (await import('./billing/index.ts')).billing,
  web: async () => (await import('./web/index.ts')).web,
};

const SUMMARIES: Record<string, string> = {
  isolation: 'cost of tenant isolation: write path, read path (RLS), embedded server memory',
  access: 'cost of access checks per request',
  delivery: 'utilization report over 1M time entries (tenant path vs owner); writes: part 2',
  billing: 'billing run over 100,000 approved entries on 1,000 projects (service vs raw SQL)',
  web: 'route changes in the web app in Chromium: cold (vs its API calls) and warm',
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    const list = Object.keys(BENCHMARKS).map((key) => `  ${key.padEnd(12)} ${SUMMARIES[key] ?? ''}`);
    process.stdout.write(
      `Usage: npm run bench -- <benchmark> [--json] [flags]   (<benchmark> --help for its flags)\n\nBenchmarks:\n${list.join('\n')}\n`,
    );
    return name ? 0 : 1;
  }
  const load = BENCHMARKS[name];
  if (!load) {
    log(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 1;
  }
  const benchmark = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(
      `Usage: npm run bench -- ${benchmark.name} [flags]\n${benchmark.summary}\n\n${benchmark.usage}\n`,
    );
    return 0;
  }
  const json = rest.includes('--json');
  const outcome = await benchmark.run(rest.filter((arg) => arg !== '--json'));
  const table = formatTable(outcome.rows);
  if (json) {
    log(`\n${table}`);
    process.stdout.write(
      `${JSON.stringify({ benchmark: benchmark.name, ...outcome.data, rows: outcome.rows }, threeDecimals)}\n`,
    );
  } else {
    process.stdout.write(`\n${table}\n`);
  }
  return outcome.completed ? 0 : 1;
}

/** Keeps the JSON readable: fractions to three decimals. */
function threeDecimals(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detailed = process.env.DEBUG === '1' && error instanceof Error;
    log(detailed ? String(error.stack) : `bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
