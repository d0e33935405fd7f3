import { sql } from 'kysely';
import { runBilling } from '../../src/modules/billing/index.ts';
import { runTenantTransaction } from '../../src/platform/db/tenant-transaction.ts';
import { FULL_SCOPE, type TenantContext } from '../../src/platform/tenancy/tenant-context.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize, timeUs } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';
import { baselineRun, type RunParameters } from './baseline.ts';

export interface RunPathResult {
  readonly rounds: number;
  /** Entries priced and billed by each run, its invoices, and the entries no rate applies to. */
  readonly billedEntries: number;
  readonly invoices: number;
  readonly unratedEntries: number;
  readonly netMinor: number;
  /** ms per billing run through runBilling in the tenant transaction (context, RLS, audit, commit). */
  readonly serviceMs: Summary;
  /** ms per raw-SQL run by the owner in one transaction. */
  readonly baselineMs: Summary;
  readonly ratio: number;
}

/** What a run produced, per contract: the lines, their amounts and a digest of every line. */
interface RunDigest {
  readonly invoices: number;
  readonly lines: number;
  readonly net: bigint;
  readonly perContract: Map<string, string>;
}

/**
 * Times `rounds` billing runs of the month through the service and as raw SQL, alternating which
 * goes first, after `warmup` untimed rounds (the first run of a fresh database pays for cold caches). After each run its invoices and lines are read back and compared with the other
 * path's (lines, Σ net per contract, and a digest of every line's origin, number, quantity, rate,
 * net and description); then the run is undone by the owner (lines, invoices and run deleted, the
 * entries unbilled again, vacuumed) so that the next run starts from the same data.
 */
export async function measureRunPath(
  target: BenchTarget,
  run: RunParameters,
  rounds: number,
  warmup: number,
): Promise<RunPathResult> {
  const ctx: TenantContext = {
    tenantId: run.tenantId,
    actor: { kind: 'user', id: 'bench-finance', membershipId: null },
    scope: FULL_SCOPE,
    clearance: 'restricted',
    requestId: null,
    grantId: null,
  };
  let unrated = 0;
  const viaService = async (key: string) =>
    (
      await runTenantTransaction(
        target.database,
        ctx,
        async (tx) => {
          const result = await runBilling(tx, key, {
            legalEntityId: run.legalEntityId,
            periodFrom: run.from,
            periodTo: run.to,
            vatCategory: 'S',
            vatRate: String(run.vatPercent),
          });
          unrated = result.unratedTimeEntryIds.length;
          return result.id as string;
        },
        target.settings,
      )
    ).result;
  const service: number[] = [];
  const baseline: number[] = [];
  let reference: RunDigest | undefined;
  for (let round = -warmup; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['service', 'baseline'] as const) : (['baseline', 'service'] as const);
    for (const path of order) {
      const key = `bench-${path}-${round}`;
      let runId = '';
      const us = await timeUs(async () => {
        runId = path === 'service' ? await viaService(key) : await baselineRun(target, run, key);
      });
      // Warm-up rounds (negative) are checked but not counted.
      if (round >= 0) (path === 'service' ? service : baseline).push(us / 1000);
      const digest = await digestOf(target, run.tenantId, runId);
      if (digest.lines === 0) throw new Error(`${path} run billed nothing`);
      reference ??= digest;
      compare(reference, digest, path);
      log(
        `  ${round < 0 ? 'warm-up' : `round ${round + 1}`}: ${path} ${(us / 1000).toFixed(0)} ms (${digest.invoices} invoices, ${digest.lines.toLocaleString('en')} lines)`,
      );
      await undo(target, run.tenantId);
    }
  }
  const serviceMs = summarize(service);
  const baselineMs = summarize(baseline);
  const { rows } = await sql<{ n: bigint }>`
    SELECT count(*) AS n FROM time_entries WHERE tenant_id = ${run.tenantId}`.execute(target.database.db);
  if (!reference) throw new Error('no run');
  if (reference.lines + unrated !== Number(rows[0]?.n))
    throw new Error(`${reference.lines} billed + ${unrated} unrated ≠ ${rows[0]?.n} entries`);
  return {
    rounds,
    billedEntries: reference.lines,
    invoices: reference.invoices,
    unratedEntries: unrated,
    netMinor: Number(reference.net),
    serviceMs,
    baselineMs,
    ratio: serviceMs.mean / baselineMs.mean,
  };
}

async function digestOf(target: BenchTarget, tenantId: string, runId: string): Promise<RunDigest> {
  const { rows } = await sql<{
    contract_id: string;
    lines: bigint;
    net: bigint;
    digest: string;
    billed: bigint;
  }>`
    SELECT i.contract_id, count(*) AS lines, sum(l.net_minor)::bigint AS net,
      md5(min(i.net_minor || '/' || i.vat_minor || '/' || i.gross_minor || '/' || i.currency) || string_agg(
        l.origin_ids[1] || '|' || l.line_no || '|' || l.quantity || '|' || l.unit_price_minor || '|' || l.net_minor
          || '|' || l.vat_category || l.vat_rate || '|' || l.description, ',' ORDER BY l.line_no)) AS digest,
      count(e.id) AS billed
    FROM invoices i
    JOIN invoice_lines l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
    LEFT JOIN time_entries e ON e.tenant_id = i.tenant_id AND e.id = l.origin_ids[1] AND e.invoice_line_id = l.id
      AND e.invoice_id = i.id AND e.billing_state = 'billed'
    WHERE i.tenant_id = ${tenantId} AND i.billing_run_id = ${runId}
    GROUP BY i.contract_id`.execute(target.database.db);
  const { rows: foreign } = await sql<{ n: bigint }>`
    SELECT count(*) AS n FROM time_entries WHERE tenant_id <> ${tenantId} AND billing_state <> 'unbilled'`.execute(
    target.database.db,
  );
  if (Number(foreign[0]?.n) !== 0) throw new Error(`${foreign[0]?.n} entries of another tenant were billed`);
  const perContract = new Map<string, string>();
  let lines = 0;
  let net = 0n;
  for (const row of rows) {
    if (Number(row.billed) !== Number(row.lines))
      throw new Error(
        `contract ${row.contract_id}: ${row.billed} of ${row.lines} entries point at their line`,
      );
    perContract.set(row.contract_id, `${row.lines} lines, Σ net ${row.net}, ${row.digest}`);
    lines += Number(row.lines);
    net += BigInt(row.net);
  }
  return { invoices: rows.length, lines, net, perContract };
}

function compare(reference: RunDigest, digest: RunDigest, path: string): void {
  if (
    reference.invoices !== digest.invoices ||
    reference.lines !== digest.lines ||
    reference.net !== digest.net
  )
    throw new Error(
      `${path}: ${digest.invoices} invoices, ${digest.lines} lines, Σ net ${digest.net}; ` +
        `expected ${reference.invoices}, ${reference.lines}, ${reference.net}`,
    );
  for (const [contract, expected] of reference.perContract) {
    const got = digest.perContract.get(contract);
    if (got !== expected) throw new Error(`${path}: contract ${contract}: ${got} ≠ ${expected}`);
  }
}

/** Removes a run's documents (as the owner) and unbills its entries. */
async function undo(target: BenchTarget, tenantId: string): Promise<void> {
  await target.database.session((session) =>
    session.script(`
      BEGIN;
      UPDATE time_entries SET billing_state = 'unbilled', invoice_id = NULL, invoice_line_id = NULL, billed_at = NULL
      WHERE tenant_id = '${tenantId}' AND billing_state = 'billed';
      DELETE FROM invoice_lines WHERE tenant_id = '${tenantId}';
      DELETE FROM invoices WHERE tenant_id = '${tenantId}';
      DELETE FROM billing_runs WHERE tenant_id = '${tenantId}';
      COMMIT;`),
  );
  for (const table of ['time_entries', 'invoice_lines', 'invoices', 'billing_runs'])
    await target.raw(`VACUUM ANALYZE ${table}`, []);
}
