import { AccessTokens } from '../../src/modules/identity/access-token.ts';
import { resolvePrincipal } from '../../src/modules/identity/principal-resolver.ts';
import { listLegalEntities } from '../../src/modules/organization/legal-entity.service.ts';
import { type Principal, tenantContextOf } from '../../src/platform/auth/principal.ts';
import type { Tessera } from '../../src/platform/runtime.ts';
import { log } from '../lib/log.ts';
import { type Summary, summarize, timeUs } from '../lib/stats.ts';
import { ownerTransaction, settle } from './baseline.ts';
import { type AccessFixture, practiceExpander } from './setup.ts';

export interface BreakdownOptions {
  readonly calls: number;
  readonly warmup: number;
}

/** µs per direct call of each step of the access checks, and of the transaction with and without them. */
export interface BreakdownResult {
  readonly calls: number;
  readonly verifyUs: Summary;
  readonly resolveFullUs: Summary;
  /** Includes the practice expansion (a second, read-only tenant transaction). */
  readonly resolveScopedUs: Summary;
  readonly expansionUs: Summary;
  /** listLegalEntities in the kernel's tenant transaction (role + SET LOCAL context, RLS). */
  readonly tenantTxFullUs: Summary;
  readonly tenantTxScopedUs: Summary;
  /** The same in the owner's BEGIN READ ONLY … COMMIT, explicit tenant filter only. */
  readonly ownerTxUs: Summary;
}

const PAGE = { limit: 50, cursor: null };

/** Each step called directly (no HTTP), the steps taking turns in a rotating order. */
export async function measureBreakdown(
  tessera: Tessera,
  fixture: AccessFixture,
  options: BreakdownOptions,
): Promise<BreakdownResult> {
  const tokens = await AccessTokens.load(tessera.control.db);
  const expandPractices = practiceExpander(tessera);
  const resolverOptions = { control: tessera.control, expandPractices };
  const [fullClaims, scopedClaims] = [
    await tokens.verify(fixture.full.token),
    await tokens.verify(fixture.scoped.token),
  ];
  const [full, scoped] = [
    tenantOf(await resolvePrincipal(fullClaims, resolverOptions)),
    tenantOf(await resolvePrincipal(scopedClaims, resolverOptions)),
  ];
  if (scoped.scope.practice === 'all' || scoped.scope.practice.length < 3) {
    throw new Error(`the scoped principal's practices were not expanded: ${String(scoped.scope.practice)}`);
  }
  const database = (await tessera.cells.forTenant(fixture.tenantId)).database;
  const inTenant = (principal: typeof full) =>
    tessera.withTenant(tenantContextOf(principal, null), (tx) => listLegalEntities(tx, PAGE), {
      readOnly: true,
    });

  const steps = {
    verify: () => tokens.verify(fixture.full.token),
    resolveFull: () => resolvePrincipal(fullClaims, resolverOptions),
    resolveScoped: () => resolvePrincipal(scopedClaims, resolverOptions),
    expansion: () => expandPractices(fixture.tenantId, [fixture.scopedPracticeId]),
    tenantTxFull: () => inTenant(full),
    tenantTxScoped: () => inTenant(scoped),
    ownerTx: () => ownerTransaction(database, fixture.tenantId, (tx) => listLegalEntities(tx, PAGE)),
  } as const;
  const names = Object.keys(steps) as (keyof typeof steps)[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    keyof typeof steps,
    number[]
  >;
  log(`  breakdown: ${options.warmup} warm-up + ${options.calls} timed direct calls per step`);
  for (let i = 0; i < options.warmup; i += 1) {
    for (const name of names) {
      await steps[name]();
      await settle(database);
    }
  }
  for (let i = 0; i < options.calls; i += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(i + k) % names.length] as keyof typeof steps;
      samples[name].push(await timeUs(steps[name]));
      // Untimed: the deferred COMMIT of a read-only transaction is not the next step's cost.
      await settle(database);
    }
  }
  const s = (name: keyof typeof steps) => summarize(samples[name]);
  return {
    calls: options.calls,
    verifyUs: s('verify'),
    resolveFullUs: s('resolveFull'),
    resolveScopedUs: s('resolveScoped'),
    expansionUs: s('expansion'),
    tenantTxFullUs: s('tenantTxFull'),
    tenantTxScopedUs: s('tenantTxScoped'),
    ownerTxUs: s('ownerTx'),
  };
}

function tenantOf(principal: Principal): Extract<Principal, { kind: 'tenant' }> {
  if (principal.kind !== 'tenant') throw new Error(`expected a tenant principal, got ${principal.kind}`);
  return principal;
}
