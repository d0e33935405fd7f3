import { cpus, loadavg, totalmem } from 'node:os';
/** One line of a benchmark's result table; `pass` is null for a diagnostic or skipped line. */
export interface ResultRow {
  readonly backend: string;
  readonly measure: string;
  readonly unit: string;
  readonly ours: number | null;
  readonly baseline: number | null;
  readonly ratio: number | null;
  readonly target: string;
  readonly pass: boolean | null;
  readonly note?: string;
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['backend', 'measure', 'ours', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map((row) => [
    row.backend,
    row.measure,
    amount(row.ours, row.unit),
    amount(row.baseline, row.unit),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}×`,
    row.target,
    row.pass === null ? (row.note ?? '-') : row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] as string).length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)].join('\n');
}

function amount(value: number | null, unit: string): string {
  if (value === null) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** A ratio line: passes when ours/baseline stays at or under `limit`. */
export function ratioRow(
  backend: string,
  measure: string,
  unit: string,
  ours: number,
  baseline: number,
  limit: number,
): ResultRow {
  const ratio = ours / baseline;
  return { backend, measure, unit, ours, baseline, ratio, target: `≤ ${limit}×`, pass: ratio <= limit };
}

/** A diagnostic ratio line: shown for the explanation, not judged. */
export function diagnosticRow(
  backend: string,
  measure: string,
  unit: string,
  ours: number,
  baseline: number,
): ResultRow {
  return {
    backend,
    measure,
    unit,
    ours,
    baseline,
    ratio: ours / baseline,
    target: '-',
    pass: null,
    note: 'info',
  };
}

export function skippedRow(backend: string, measure: string, reason: string): ResultRow {
  return {
    backend,
    measure,
    unit: '',
    ours: null,
    baseline: null,
    ratio: null,
    target: '-',
    pass: null,
    note: `skipped: ${reason.split('\n')[0]}`,
  };
}

/** The machine a run measured on, for its JSON: Node, CPUs, memory, and the load at start and end. */
export function machineOf(loadAtStart: number | undefined) {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryMb: Math.round(totalmem() / 2 ** 20),
    loadAverage: { atStart: loadAtStart, atEnd: loadavg()[0] },
  };
}
