import type { Tessera } from '../../platform/runtime.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import type { LedgerAccount } from './account.service.ts';
import { createChart } from './account.service.ts';
import { createFxRate } from './fx-rate.service.ts';

/** Brightpath's segments with a chart for each legal entity, accounts by code. */
export interface LedgerFixture {
  readonly tenantId: string;
  readonly b: BrightpathSegments;
  readonly inc: ReadonlyMap<string, LedgerAccount>;
  readonly ltd: ReadonlyMap<string, LedgerAccount>;
  readonly ctx: TenantContext;
}

/** Seeds Brightpath (Inc in USD, Ltd in GBP) in `tenantId`, both charts, and a few EUR, GBP and USD rates. */
export async function seedLedger(tessera: Tessera, tenantId: string, marker = ''): Promise<LedgerFixture> {
  const b = await seedBrightpath(tessera, tenantId, marker);
  const ctx = staff(tenantId);
  return tessera.withTenant(ctx, async (tx) => {
    const chart = async (legalEntityId: string) =>
      new Map(
        (await createChart(tx, { legalEntityId })).accounts.map(
          (account) => [account.code, account] as const,
        ),
      );
    const inc = await chart(b.inc);
    const ltd = await chart(b.ltd);
    for (const [base, quote, date, rate] of [
      ['EUR', 'USD', '2026-01-01', '1.1000000000'],
      ['EUR', 'USD', '2026-02-01', '1.0850000000'],
      ['EUR', 'GBP', '2026-01-01', '0.8500000000'],
      ['GBP', 'USD', '2026-01-01', '1.2500000000'],
    ] as const)
      await createFxRate(tx, { base, quote, date, rate, source: 'test' });
    return { tenantId, b, inc, ltd, ctx };
  });
}

/** The id of an account of a fixture's chart, by code. */
export function idOf(accounts: ReadonlyMap<string, LedgerAccount>, code: string): string {
  const account = accounts.get(code);
  if (!account) throw new Error(`no account ${code}`);
  return account.id;
}
