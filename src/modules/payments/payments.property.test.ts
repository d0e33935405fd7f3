import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { isAppError } from '../../platform/errors/index.ts';
import { openAmounts } from './invoice-open-amount.ts';
import { recordPayment, voidPayment } from './payment.service.ts';
import { allocatePayment, removeAllocation } from './payment-allocation.service.ts';
import { type PaymentWorld, seedPaymentWorld } from './payments-test-fixture.ts';

let t: TestTessera;
let w: PaymentWorld;

type Client = 'globex' | 'initech';
interface InvoiceModel {
  readonly id: string;
  readonly client: Client;
  readonly gross: bigint;
}
let invoices: InvoiceModel[];

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedPaymentWorld(t);
  // Globex (Inc, USD): 125.00, 62.50, 31.25; Initech (Ltd, GBP books, USD invoice): 150.00.
  invoices = [];
  for (const [client, day, minutes] of [
    ['globex', '2026-03-02', 60],
    ['globex', '2026-03-03', 30],
    ['globex', '2026-03-04', 15],
    ['initech', '2026-03-05', 60],
  ] as const) {
    const invoice = await w.issuedInvoice(client, day, minutes);
    invoices.push({ id: invoice.id, client, gross: BigInt(invoice.grossMinor) });
  }
}, 120_000);
afterAll(() => t.cleanup());

type Command =
  | {
      readonly kind: 'record';
      readonly client: Client;
      readonly amount: number;
      readonly allocateTo: number | null;
      readonly part: number;
    }
  | {
      readonly kind: 'allocate';
      readonly payment: number;
      readonly invoice: number;
      readonly amount: number;
      /** Allocate exactly what fits (the smaller of open and unallocated), as a cashier would. */
      readonly rest: boolean;
      /** Pick among the payment's own client's invoices (most allocations do). */
      readonly own: boolean;
    }
  | { readonly kind: 'remove'; readonly payment: number; readonly allocation: number }
  | { readonly kind: 'void'; readonly payment: number };

const amount = fc.integer({ min: 1, max: 16_000 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    client: fc.constantFrom<Client>('globex', 'initech'),
    amount,
    allocateTo: fc.option(fc.nat(3), { nil: null }),
    part: amount,
  }),
  {
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      payment: fc.nat(9),
      invoice: fc.nat(3),
      amount,
      rest: fc.boolean(),
      own: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('remove' as const), payment: fc.nat(9), allocation: fc.nat(3) }),
    weight: 2,
  },
  fc.record({ kind: fc.constant('void' as const), payment: fc.nat(9) }),
);

interface PaymentModel {
  readonly id: string;
  readonly client: Client;
  readonly amount: bigint;
  status: 'recorded' | 'void';
  /** Active allocations: id → invoice index and amount. */
  readonly allocations: Map<string, { invoice: number; amount: bigint }>;
}

/** What the runs went through, so that the property is not vacuous. */
const seen = { allocated: 0, refused: 0, paid: 0, removed: 0, voided: 0 };

const entityOf = (client: Client) => (client === 'globex' ? w.b.inc : w.b.ltd);
let keys = 0;

/** Runs `work`; true when it succeeded, false when it was refused with one of `codes`. */
async function outcome(work: () => Promise<unknown>, codes: readonly string[]): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (isAppError(error) && codes.includes(error.code)) return false;
    throw error;
  }
}

async function checkInvariants(payments: readonly PaymentModel[]): Promise<void> {
  const open = await w.inTenant((tx) =>
    openAmounts(
      tx,
      invoices.map((i) => i.id),
    ),
  );
  const rows = await w.inTenant(
    async (tx) =>
      (
        await sql<{ id: string; status: string }>`SELECT id, status FROM invoices
          WHERE id = ANY(${invoices.map((i) => i.id)}::uuid[])`.execute(tx.db)
      ).rows,
  );
  invoices.forEach((invoice, index) => {
    const amounts = open.get(invoice.id);
    const status = rows.find((r) => r.id === invoice.id)?.status;
    const modelled = payments.reduce(
      (sum, p) =>
        sum +
        [...p.allocations.values()].filter((a) => a.invoice === index).reduce((s, a) => s + a.amount, 0n),
      0n,
    );
    expect(amounts?.allocatedMinor, 'allocations of the invoice').toBe(modelled);
    expect(modelled <= invoice.gross, 'Σ allocations ≤ gross').toBe(true);
    expect(status === 'paid', 'paid ⇔ open = 0').toBe(amounts?.openMinor === 0n);
    expect(status === 'paid' || status === 'issued').toBe(true);
    if (status === 'paid') seen.paid += 1;
  });
  const stored = await w.inTenant(
    async (tx) =>
      (
        await sql<{
          id: string;
          amount_minor: bigint;
          allocated_minor: bigint;
          status: string;
          active: bigint;
        }>`
          SELECT p.id, p.amount_minor, p.allocated_minor, p.status,
            (SELECT coalesce(sum(a.amount_minor), 0) FROM payment_allocations a
              WHERE a.tenant_id = p.tenant_id AND a.payment_id = p.id AND a.removed_at IS NULL)::bigint AS active
          FROM payments p WHERE p.id = ANY(${payments.map((p) => p.id)}::uuid[])`.execute(tx.db)
      ).rows,
  );
  for (const p of payments) {
    const row = stored.find((r) => r.id === p.id);
    const modelled = [...p.allocations.values()].reduce((s, a) => s + a.amount, 0n);
    expect(row?.status).toBe(p.status);
    expect(row?.active, 'Σ allocations of the payment').toBe(modelled);
    expect(row?.allocated_minor, 'allocated_minor = Σ active allocations').toBe(modelled);
    expect(modelled <= p.amount, 'Σ allocations ≤ payment').toBe(true);
  }
}

describe('payments and allocations, as random sequences', () => {
  it('keep Σ allocations within payments and invoices, paid ⇔ open = 0, and the ledger balanced', async () => {
    const start = {
      inc: await w.balanceOf(w.b.inc, 'receivables', 'USD'),
      ltd: await w.balanceOf(w.b.ltd, 'receivables', 'USD'),
      ltdFx: await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD'),
    };
    await fc.assert(
      fc.asyncProperty(
        amount,
        amount,
        fc.array(command, { minLength: 4, maxLength: 14 }),
        async (a, b, more) => {
          // A run that failed (while shrinking) may have left payments: void them first.
          const leftover = await w.inTenant(
            async (tx) =>
              (await sql<{ id: string }>`SELECT id FROM payments WHERE status = 'recorded'`.execute(tx.db))
                .rows,
          );
          for (const { id } of leftover) await w.inTenant((tx) => voidPayment(tx, id));
          // Each run starts with a payment from each client, then goes where the commands lead.
          const commands: Command[] = [
            { kind: 'record', client: 'globex', amount: a, allocateTo: null, part: 1 },
            { kind: 'record', client: 'initech', amount: b, allocateTo: null, part: 1 },
            ...more,
          ];
          const payments: PaymentModel[] = [];
          const openOf = (index: number) =>
            (invoices[index] as InvoiceModel).gross -
            payments.reduce(
              (sum, p) =>
                sum +
                [...p.allocations.values()]
                  .filter((a) => a.invoice === index)
                  .reduce((s, a) => s + a.amount, 0n),
              0n,
            );
          const unallocated = (p: PaymentModel) =>
            p.amount - [...p.allocations.values()].reduce((s, a) => s + a.amount, 0n);
          const fits = (p: PaymentModel, index: number, part: bigint) =>
            p.status === 'recorded' &&
            (invoices[index] as InvoiceModel).client === p.client &&
            part <= unallocated(p) &&
            part <= openOf(index);
          const activeIds = async (p: PaymentModel) =>
            w.inTenant(
              async (tx) =>
                (
                  await sql<{ id: string; invoice_id: string; amount_minor: bigint }>`
                  SELECT id, invoice_id, amount_minor FROM payment_allocations
                  WHERE payment_id = ${p.id} AND removed_at IS NULL ORDER BY id`.execute(tx.db)
                ).rows,
            );
          const syncAllocations = async (p: PaymentModel) => {
            p.allocations.clear();
            for (const row of await activeIds(p))
              p.allocations.set(row.id, {
                invoice: invoices.findIndex((i) => i.id === row.invoice_id),
                amount: BigInt(row.amount_minor),
              });
          };

          for (const c of commands) {
            if (c.kind === 'record') {
              const model: PaymentModel = {
                id: '',
                client: c.client,
                amount: BigInt(c.amount),
                status: 'recorded',
                allocations: new Map(),
              };
              const allocations =
                c.allocateTo === null
                  ? []
                  : [{ invoiceId: (invoices[c.allocateTo] as InvoiceModel).id, amountMinor: c.part }];
              const expected = c.allocateTo === null || fits(model, c.allocateTo, BigInt(c.part));
              let id = '';
              const ok = await outcome(async () => {
                id = (
                  await w.inTenant((tx) =>
                    recordPayment(tx, `property-${++keys}`, {
                      legalEntityId: entityOf(c.client),
                      clientId: c.client === 'globex' ? w.b.globex : w.b.initech,
                      amount: { amountMinor: c.amount, currency: 'USD' },
                      receivedOn: '2026-04-20',
                      allocations,
                    }),
                  )
                ).payment.id;
              }, ['BUSINESS_RULE_VIOLATED']);
              expect(ok, `record ${JSON.stringify(c)}`).toBe(expected);
              if (ok) {
                const recorded = { ...model, id };
                payments.push(recorded);
                await syncAllocations(recorded);
              }
            } else if (c.kind === 'allocate') {
              const p = payments[c.payment % Math.max(payments.length, 1)];
              if (!p) continue;
              const own = invoices.flatMap((invoice, index) => (invoice.client === p.client ? [index] : []));
              const target = c.own ? (own[c.invoice % own.length] as number) : c.invoice;
              const rest = [openOf(target), unallocated(p)].sort((x, y) => (x < y ? -1 : 1))[0] as bigint;
              const part = c.rest && rest > 0n ? Number(rest) : c.amount;
              const expected = fits(p, target, BigInt(part));
              const ok = await outcome(
                () =>
                  w.inTenant((tx) =>
                    allocatePayment(tx, p.id, [
                      { invoiceId: (invoices[target] as InvoiceModel).id, amountMinor: part },
                    ]),
                  ),
                ['BUSINESS_RULE_VIOLATED', 'CONFLICT'],
              );
              expect(ok, `allocate ${JSON.stringify(c)}`).toBe(expected);
              seen[ok ? 'allocated' : 'refused'] += 1;
              if (ok) await syncAllocations(p);
            } else if (c.kind === 'remove') {
              const p = payments[c.payment % Math.max(payments.length, 1)];
              const ids = p ? [...p.allocations.keys()] : [];
              if (!p || ids.length === 0) continue;
              const allocationId = ids[c.allocation % ids.length] as string;
              await w.inTenant((tx) => removeAllocation(tx, p.id, allocationId));
              p.allocations.delete(allocationId);
              seen.removed += 1;
            } else {
              const p = payments[c.payment % Math.max(payments.length, 1)];
              if (!p) continue;
              const ok = await outcome(() => w.inTenant((tx) => voidPayment(tx, p.id)), ['CONFLICT']);
              expect(ok).toBe(p.status === 'recorded');
              if (ok) seen.voided += 1;
              p.status = 'void';
              p.allocations.clear();
            }
            await checkInvariants(payments);
          }
          expect(await w.ledgerBalanced(w.b.inc)).toBe(true);
          expect(await w.ledgerBalanced(w.b.ltd)).toBe(true);

          // Voiding what is left brings every invoice and balance back to where it started.
          for (const p of payments.filter((p) => p.status === 'recorded')) {
            await w.inTenant((tx) => voidPayment(tx, p.id));
            p.status = 'void';
            p.allocations.clear();
          }
          await checkInvariants(payments);
          expect(await w.balanceOf(w.b.inc, 'receivables', 'USD')).toEqual(start.inc);
          expect(await w.balanceOf(w.b.ltd, 'receivables', 'USD')).toEqual(start.ltd);
          expect(await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD')).toEqual(start.ltdFx);
        },
      ),
      { seed: 20_260_430, numRuns: 25 },
    );
    for (const [what, times] of Object.entries(seen)) expect(times, what).toBeGreaterThan(0);
  }, 600_000);
});
