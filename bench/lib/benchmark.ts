import type { ResultRow } from './report.ts';

/** What a benchmark hands back to bench/run.ts: the table rows and every figure for --json. */
export interface BenchmarkOutcome {
  readonly rows: readonly ResultRow[];
  readonly data: Record<string, unknown>;
  /** False when the run itself failed somewhere (not when a target was missed). */
  readonly completed: boolean;
}

export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  /** The flag reference shown by `npm run bench -- <name> --help`. */
  readonly usage: string;
  run(args: readonly string[]): Promise<BenchmarkOutcome>;
}
