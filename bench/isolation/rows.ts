import { diagnosticRow, type ResultRow, ratioRow } from '../lib/report.ts';
import type { ReadPathResult } from './read-path.ts';
import type { WritePathResult } from './write-path.ts';

export const WRITE_TARGET = 1.5;
export const READ_TARGET = 1.05;

/** The table lines of one backend: judged ratios first, then the lines that explain them. */
export function isolationRows(
  backend: string,
  report: { writePath?: WritePathResult; readPath?: ReadPathResult },
): ResultRow[] {
  const rows: ResultRow[] = [];
  const w = report.writePath;
  if (w) {
    rows.push(
      ratioRow(
        backend,
        'write: tenant tx vs raw insert',
        'µs',
        w.tenantTransactionUs.mean,
        w.rawInsertUs.mean,
        WRITE_TARGET,
      ),
      diagnosticRow(backend, '  of which context + RLS only', 'µs', w.contextOnlyUs.mean, w.rawInsertUs.mean),
      diagnosticRow(
        backend,
        '  floor: same rows by the owner, 1 round trip',
        'µs',
        w.journalFloorUs.mean,
        w.rawInsertUs.mean,
      ),
      diagnosticRow(
        backend,
        '  floor: entity + audit row only, owner, 1 trip',
        'µs',
        w.auditFloorUs.mean,
        w.rawInsertUs.mean,
      ),
      diagnosticRow(
        backend,
        '  owner: BEGIN; INSERT; COMMIT (3 trips, no RLS)',
        'µs',
        w.ownerTransactionUs.mean,
        w.rawInsertUs.mean,
      ),
      diagnosticRow(
        backend,
        '  tenant tx vs the full floor',
        'µs',
        w.tenantTransactionUs.mean,
        w.journalFloorUs.mean,
      ),
      diagnosticRow(
        backend,
        '  round trips per write',
        'stmt',
        w.statementsPerWrite.tenantTransaction,
        w.statementsPerWrite.rawInsert,
      ),
      ...w.breakdownUs.tenantTransaction.map((step) =>
        timeRow(backend, `    ${step.statement}`, step.meanUs),
      ),
    );
  }
  const r = report.readPath;
  if (r) {
    rows.push(
      ratioRow(
        backend,
        `read: RLS tx vs owner (${r.layout})`,
        'ms',
        r.rlsMs.mean,
        r.ownerMs.mean,
        READ_TARGET,
      ),
      diagnosticRow(backend, '  query alone inside the tx', 'ms', r.rlsQueryOnlyMs.mean, r.ownerMs.mean),
      ...r.breakdownMs.map((step) => timeRow(backend, `    ${step.statement}`, step.meanMs * 1000)),
    );
  }
  return rows;
}

/** One step of the traced tenant transaction, with its mean time. */
function timeRow(backend: string, measure: string, us: number): ResultRow {
  return {
    backend,
    measure,
    unit: 'µs',
    ours: us,
    baseline: null,
    ratio: null,
    target: '-',
    pass: null,
    note: 'info',
  };
}
