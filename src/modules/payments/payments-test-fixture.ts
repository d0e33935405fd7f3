import { v7 as uuidv7 } from 'uuid';
import type { TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeOf } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { approveInvoice, type Invoice, issueInvoice, runBilling } from '../billing/index.ts';
import { addRate, createRateCard } from '../contracts/index.ts';
import { accountBalance, accountForRole, createChart, createFxRate, trialBalance } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { member, seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';

/**
 * The time fixture's Brightpath with charts for Inc (USD) and Ltd (GBP), rate cards (Jin on Globex
 * at USD 100/h, Lee on Initech at USD 120/h) and GBP/USD rates of 1.25 from January and 1.30 from
 * 15 April. Globex is a client of Inc; Initech's contract is Ltd's, in USD (a foreign currency).
 */
export interface PaymentWorld extends TimeWorld {
  readonly finance: TenantContext;
  inTenant<T>(work: (tx: TenantTransaction) => Promise<T>, ctx?: TenantContext): Promise<T>;
  /** An issued invoice for `minutes` of work on `day` (25% VAT): Globex (Inc) or Initech (Ltd). */
  issuedInvoice(client: 'globex' | 'initech', day: string, minutes: number): Promise<Invoice>;
  /** The same, left a draft. */
  draftInvoice(client: 'globex' | 'initech', day: string, minutes: number): Promise<Invoice>;
  /** Debit − credit of an entity's account of `role`, in the transaction currency and in functional. */
  balanceOf(
    legalEntityId: string,
    role: 'cash' | 'receivables' | 'fx_gains_losses',
    currency: string,
  ): Promise<{ transaction: number; functional: number }>;
  /** True when every entry of the entity balances in total: debits = credits per currency and functional. */
  ledgerBalanced(legalEntityId: string): Promise<boolean>;
}

export async function seedPaymentWorld(t: TestTessera): Promise<PaymentWorld> {
  const w = await seedTimeFixture(t);
  const financeMembership = uuidv7();
  const finance = member(w, financeMembership);
  const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>, ctx: TenantContext = finance) =>
    t.tessera.withTenant(ctx, work);
  await inTenant(async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    await createChart(tx, { legalEntityId: w.b.ltd });
    for (const [date, rate] of [
      ['2026-01-01', '1.2500000000'],
      ['2026-04-15', '1.3000000000'],
    ] as const)
      await createFxRate(tx, { base: 'GBP', quote: 'USD', date, rate, source: 'test' });
    const globex = await createRateCard(tx, { name: 'Globex rates', contractId: w.contracts.globex });
    await addRate(tx, globex.id, {
      personId: w.people.jin,
      hourlyRate: { amountMinor: 10000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const initech = await createRateCard(tx, { name: 'Initech rates', contractId: w.contracts.initech });
    await addRate(tx, initech.id, {
      personId: w.people.lee,
      hourlyRate: { amountMinor: 12000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
  }, staff(w.tenantId));

  let runs = 0;
  const draftInvoice = async (client: 'globex' | 'initech', day: string, minutes: number) => {
    const personId = client === 'globex' ? w.people.jin : w.people.lee;
    const projectId = w.projects[client];
    const legalEntityId = client === 'globex' ? w.b.inc : w.b.ltd;
    await insertApprovedTime(t, w.tenantId, personId, projectId, day, minutes);
    runs += 1;
    const run = await inTenant((tx) =>
      runBilling(tx, `payments-run-${runs}`, {
        legalEntityId,
        periodFrom: day,
        periodTo: day,
        vatCategory: 'S',
        vatRate: '25',
      }),
    );
    const draft = run.invoices[0];
    if (!draft || run.invoices.length !== 1)
      throw new Error(`expected one invoice, got ${run.invoices.length}`);
    return draft;
  };
  const issuedInvoice = async (client: 'globex' | 'initech', day: string, minutes: number) => {
    const draft = await draftInvoice(client, day, minutes);
    return inTenant(async (tx) => {
      await approveInvoice(tx, draft.id);
      return issueInvoice(tx, draft.id, { issueDate: day });
    });
  };

  const balanceOf = (
    legalEntityId: string,
    role: 'cash' | 'receivables' | 'fx_gains_losses',
    currency: string,
  ) =>
    inTenant(async (tx) => {
      const account = await accountForRole(tx, legalEntityId, role);
      const balance = await accountBalance(tx, account.id, '2099-12-31');
      return {
        transaction: balance.currencies.find((c) => c.currency === currency)?.balanceMinor ?? 0,
        functional: balance.functional.balanceMinor,
      };
    });

  const ledgerBalanced = (legalEntityId: string) =>
    inTenant(async (tx) => {
      const trial = await trialBalance(tx, { legalEntityId, from: '2000-01-01', to: '2099-12-31' });
      const f = trial.totals.functional;
      return (
        f.debitMinor === f.creditMinor && trial.totals.currencies.every((c) => c.debitMinor === c.creditMinor)
      );
    });

  return { ...w, finance, inTenant, issuedInvoice, draftInvoice, balanceOf, ledgerBalanced };
}

/** Inserts an approved, billable time entry of a person on a project. */
async function insertApprovedTime(
  t: TestTessera,
  tenantId: string,
  personId: string,
  projectId: string,
  workDate: string,
  minutes: number,
): Promise<void> {
  await t.tessera.withTenant(staff(tenantId), (tx) =>
    insertTimeOf(tx, { personId, projectId, workDate, minutes }),
  );
}
