import type { ResultRow } from '../lib/report.ts';
import type { Summary } from '../lib/stats.ts';
import type { BreakdownResult } from './breakdown.ts';
import type { RequestResult } from './requests.ts';

/** The table lines of one backend: the request ratios (with their sanity checks), then the breakdown. */
export function accessRows(backend: string, r: RequestResult, b: BreakdownResult | undefined): ResultRow[] {
  const rows: ResultRow[] = [
    check(
      backend,
      'GET legal-entities: full scope vs no checks (mean)',
      r.fullUs.mean,
      r.noChecksUs.mean,
      '≥ 1× (sanity)',
      r.fullUs.mean >= r.noChecksUs.mean,
    ),
    info(backend, '  p95', r.fullUs.p95, r.noChecksUs.p95),
    check(
      backend,
      'GET legal-entities: scoped vs no checks (mean)',
      r.scopedUs.mean,
      r.noChecksUs.mean,
      '> full (sanity)',
      r.scopedUs.mean > r.fullUs.mean,
    ),
    info(backend, '  p95', r.scopedUs.p95, r.noChecksUs.p95),
  ];
  rows.push(
    {
      backend,
      measure: '  round trips: full scope vs no checks',
      unit: 'stmt',
      ours: r.roundTrips.full,
      baseline: r.roundTrips.noChecks,
      ratio: null,
      target: '-',
      pass: null,
      note: 'info',
    },
    {
      backend,
      measure: '  round trips: scoped vs full scope',
      unit: 'stmt',
      ours: r.roundTrips.scoped,
      baseline: r.roundTrips.full,
      ratio: null,
      target: '+3 (expansion tx)',
      pass: r.roundTrips.scoped === r.roundTrips.full + 3,
    },
  );
  if (!b) return rows;
  const txExtra = (tx: Summary) => tx.mean - b.ownerTxUs.mean;
  rows.push(
    step(backend, '  tokens.verify', b.verifyUs),
    step(backend, '  resolvePrincipal, full scope', b.resolveFullUs),
    step(backend, '  resolvePrincipal, scoped (with expansion)', b.resolveScopedUs),
    step(backend, '  practice expansion alone', b.expansionUs),
    info(backend, '  tenant tx vs owner tx, full scope', b.tenantTxFullUs.mean, b.ownerTxUs.mean),
    info(backend, '  tenant tx vs owner tx, scoped', b.tenantTxScopedUs.mean, b.ownerTxUs.mean),
    info(
      backend,
      '  added, full: measured vs sum of steps',
      r.fullUs.mean - r.noChecksUs.mean,
      b.verifyUs.mean + b.resolveFullUs.mean + txExtra(b.tenantTxFullUs),
    ),
    info(
      backend,
      '  added, scoped: measured vs sum of steps',
      r.scopedUs.mean - r.noChecksUs.mean,
      b.verifyUs.mean + b.resolveScopedUs.mean + txExtra(b.tenantTxScopedUs),
    ),
  );
  return rows;
}

function check(
  backend: string,
  measure: string,
  ours: number,
  baseline: number,
  target: string,
  pass: boolean,
): ResultRow {
  return { backend, measure, unit: 'µs', ours, baseline, ratio: ours / baseline, target, pass };
}

function info(backend: string, measure: string, ours: number, baseline: number): ResultRow {
  return {
    backend,
    measure,
    unit: 'µs',
    ours,
    baseline,
    ratio: ours / baseline,
    target: '-',
    pass: null,
    note: 'info',
  };
}

function step(backend: string, measure: string, summary: Summary): ResultRow {
  return {
    backend,
    measure,
    unit: 'µs',
    ours: summary.mean,
    baseline: null,
    ratio: null,
    target: '-',
    pass: null,
    note: `info, p95 ${Math.round(summary.p95)} µs`,
  };
}
