import { buildApp } from '../../src/app.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import type { Tessera } from '../../src/platform/runtime.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize } from '../lib/stats.ts';
import type { BenchTarget } from '../lib/targets.ts';
import { buildNoChecksApp, settle, URL } from './baseline.ts';
import type { AccessFixture, BenchIdentity } from './setup.ts';

export interface RequestOptions {
  readonly requests: number;
  readonly warmup: number;
}

export interface RequestResult {
  readonly requests: number;
  readonly warmup: number;
  /** µs per `app.inject` GET until the answer, each series interleaved with the others. */
  readonly fullUs: Summary;
  readonly scopedUs: Summary;
  readonly noChecksUs: Summary;
  readonly fullRatio: number;
  readonly scopedRatio: number;
  /**
   * µs until a database session is free again. On PGlite that includes the read-only COMMIT sent
   * after the answer; on PostgreSQL only a pool acquire (the COMMIT runs on its own connection).
   */
  readonly settled: { fullUs: Summary; scopedUs: Summary; noChecksUs: Summary };
  /** Statements sent to the database (one round trip each) by one request of each series. */
  readonly roundTrips: { full: number; scoped: number; noChecks: number };
  /** Items each answer held (the scoped identity sees one legal entity). */
  readonly items: { full: number; scoped: number; noChecks: number };
}

/**
 * `GET /api/v1/legal-entities` through the real app (full-scope and scoped identity) against the
 * no-checks app, in process with `app.inject`; the three series take turns in a rotating order.
 */
export async function measureRequests(
  tessera: Tessera,
  fixture: AccessFixture,
  options: RequestOptions,
  trace: BenchTarget['traceStatements'],
): Promise<RequestResult> {
  // Rate limits off: a per-tenant bucket of 200/s would answer 429 within the first second.
  const real = await buildApp(tessera, { logger: false, rateLimits: false });
  const database = (await tessera.cells.forTenant(fixture.tenantId)).database;
  const bare = await buildNoChecksApp(database, fixture.tenantId);
  try {
    const call = async (app: HttpApp, who: BenchIdentity) => {
      // The same request bytes on both apps: the baseline simply ignores the header.
      const response = await app.inject({ method: 'GET', url: URL, headers: who.headers });
      if (response.statusCode !== 200) {
        throw new Error(`GET ${URL} as ${who.label} answered ${response.statusCode}: ${response.body}`);
      }
      return response;
    };
    const series = [
      { run: () => call(real, fixture.full), samples: [] as number[], settled: [] as number[] },
      { run: () => call(real, fixture.scoped), samples: [] as number[], settled: [] as number[] },
      { run: () => call(bare, fixture.full), samples: [] as number[], settled: [] as number[] },
    ] as const;

    const items = await checkAnswers(fixture, (i) => series[i]?.run() as ReturnType<typeof call>);
    const roundTripsOf = async (i: number) => {
      await settle(database);
      return (
        await trace(async () => {
          await series[i]?.run();
          await settle(database);
          // On PostgreSQL the deferred COMMIT runs on its own connection: let it finish inside the trace.
          await new Promise((resolve) => setTimeout(resolve, 50));
        })
      ).length;
    };
    const roundTrips = {
      full: await roundTripsOf(0),
      scoped: await roundTripsOf(1),
      noChecks: await roundTripsOf(2),
    };
    log(
      `  round trips per request: full ${roundTrips.full}, scoped ${roundTrips.scoped}, no checks ${roundTrips.noChecks}`,
    );
    log(`  requests: ${options.warmup} warm-up + ${options.requests} timed per series (3 series)`);
    for (let i = 0; i < options.warmup; i += 1) {
      for (const s of series) {
        await s.run();
        await settle(database);
      }
    }
    for (let i = 0; i < options.requests; i += 1) {
      for (let k = 0; k < series.length; k += 1) {
        const s = series[(i + k) % series.length] as (typeof series)[number];
        const start = process.hrtime.bigint();
        await s.run();
        const answered = process.hrtime.bigint();
        await settle(database);
        s.samples.push(Number(answered - start) / 1000);
        s.settled.push(Number(process.hrtime.bigint() - start) / 1000);
      }
    }
    const [fullUs, scopedUs, noChecksUs] = series.map((s) => summarize(s.samples)) as [
      Summary,
      Summary,
      Summary,
    ];
    const [fullSettled, scopedSettled, noChecksSettled] = series.map((s) => summarize(s.settled)) as [
      Summary,
      Summary,
      Summary,
    ];
    return {
      requests: options.requests,
      warmup: options.warmup,
      fullUs,
      scopedUs,
      noChecksUs,
      fullRatio: fullUs.mean / noChecksUs.mean,
      scopedRatio: scopedUs.mean / noChecksUs.mean,
      settled: { fullUs: fullSettled, scopedUs: scopedSettled, noChecksUs: noChecksSettled },
      roundTrips,
      items,
    };
  } finally {
    await real.close();
    await bare.close();
  }
}

/** The answers must be what the access rules say: all entities, exactly the scoped one, all again. */
async function checkAnswers(
  fixture: AccessFixture,
  run: (series: number) => Promise<{ json(): unknown }>,
): Promise<RequestResult['items']> {
  const ids = async (series: number) =>
    ((await run(series)).json() as { items: { id: string }[] }).items.map((item) => item.id).sort();
  const [full, scoped, noChecks] = [await ids(0), await ids(1), await ids(2)];
  const all = [...fixture.legalEntityIds].sort();
  if (full.join() !== all.join() || noChecks.join() !== all.join()) {
    throw new Error(`expected all ${all.length} legal entities, got ${full.length} / ${noChecks.length}`);
  }
  if (scoped.join() !== fixture.legalEntityIds[0]) {
    throw new Error(`the scoped identity saw ${scoped.length} legal entities instead of its one`);
  }
  return { full: full.length, scoped: scoped.length, noChecks: noChecks.length };
}
