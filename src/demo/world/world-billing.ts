import { sql } from 'kysely';
import {
  approveInvoice,
  issueInvoice,
  putTaxSettings,
  runBilling,
  type TaxSettingsInput,
} from '../../modules/billing/index.ts';
import { listPeriods } from '../../modules/ledger/index.ts';
import { listLegalEntities } from '../../modules/organization/index.ts';
import { recordPayment, voidPayment } from '../../modules/payments/index.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { type SegmentDimension, systemContext } from '../../platform/tenancy/tenant-context.ts';
import { WORLD_LEDGERS } from './world-ledger.ts';

/** An invoice of the reference world with the segments it carries (ids), and its state. */
export interface SeededInvoice {
  readonly id: string;
  readonly legalEntity: string;
  readonly status: string;
  readonly segments: Readonly<Partial<Record<SegmentDimension, string | null>>>;
}

/** A payment of the reference world: its client's segments (ids), and whether it was voided. */
export interface SeededPayment {
  readonly id: string;
  readonly status: 'recorded' | 'void';
  readonly segments: Readonly<Partial<Record<SegmentDimension, string | null>>>;
}

/** A billing run of the reference world: its legal entity (key and id), the segment it carries. */
export interface SeededBillingRun {
  readonly id: string;
  readonly legalEntity: string;
  readonly segments: Readonly<Partial<Record<SegmentDimension, string | null>>>;
}

/** One firm's billing: its runs (by legal entity key), invoices and payments by key, and the ledger records they added. */
export interface SeededBilling {
  readonly runs: ReadonlyMap<string, SeededBillingRun>;
  readonly invoices: ReadonlyMap<string, SeededInvoice>;
  readonly payments: ReadonlyMap<string, SeededPayment>;
  /** The journal entries that issuing, paying and voiding posted, by id. */
  readonly entries: ReadonlyMap<string, { id: string; legalEntity: string }>;
  /** Ledger period rows that issuing and paying opened, by `<entity>-<YYYY-MM>`. */
  readonly periods: ReadonlyMap<string, { id: string; legalEntity: string }>;
}

/** What the billing seed needs of the firm seeded before it. */
export interface BillingSeedInput {
  readonly id: string;
  readonly slug: string;
  readonly segments: Readonly<Record<SegmentDimension, ReadonlyMap<string, string>>>;
  readonly ledger: {
    readonly periods: ReadonlyMap<string, unknown>;
    readonly entries: ReadonlyMap<string, { readonly id: string }>;
  };
}

const JOB = 'world-billing';

/**
 * VAT by the seller's country: the standard rate where there is VAT; a US entity's sales are not
 * subject to it (category O, with the reason EN 16931 asks for).
 */
function taxSettingsFor(country: string): TaxSettingsInput {
  const standard = { DE: '19', GB: '20', NO: '25', DK: '25', FR: '20', NL: '21' }[country];
  return standard
    ? {
        standardVatRate: standard,
        defaultVatCategory: 'S',
        defaultExemptionReason: null,
        defaultExemptionCode: null,
        reverseChargeAbroad: true,
      }
    : {
        standardVatRate: '0',
        defaultVatCategory: 'O',
        defaultExemptionReason: 'Not subject to VAT',
        defaultExemptionCode: 'VATEX-EU-O',
        reverseChargeAbroad: false,
      };
}

/** The year of the world's time and expenses; invoices are issued in a month no firm has closed. */
const PERIOD = { periodFrom: '2026-01-01', periodTo: '2026-12-31' } as const;
const ISSUE_DATE = '2026-02-27';
const PAID_ON = '2026-03-20';

/**
 * Gives every legal entity of the firm its VAT settings (taxSettingsFor), then bills the approved
 * time, expenses and accepted milestones of the year for every legal entity with a chart
 * (world-ledger.ts), through the billing and payment services: one run per entity, the first
 * draft of each run approved and issued (numbered, posted), the others left as drafts. The issued
 * invoice is half paid, and a second payment of it was recorded and voided (it bounced). Returns
 * null for a firm without a ledger.
 */
export async function seedWorldBilling(
  tessera: Tessera,
  tenant: BillingSeedInput,
): Promise<SeededBilling | null> {
  await tessera.withTenant(systemContext(tenant.id, JOB), async (tx) => {
    for (const entity of (await listLegalEntities(tx, { limit: 200, cursor: null })).items)
      await putTaxSettings(tx, entity.id, taxSettingsFor(entity.country));
  });
  const spec = WORLD_LEDGERS[tenant.slug];
  if (!spec || spec.charts.length === 0) return null;
  return tessera.withTenant(systemContext(tenant.id, JOB), async (tx) => {
    const runs = new Map<string, SeededBillingRun>();
    const invoices = new Map<string, SeededInvoice>();
    const payments = new Map<string, SeededPayment>();
    for (const entity of spec.charts) {
      const legalEntityId = tenant.segments.legal_entity.get(entity) as string;
      const run = await runBilling(tx, `${JOB}-${tenant.slug}-${entity}`, { legalEntityId, ...PERIOD });
      runs.set(entity, {
        id: run.id as string,
        legalEntity: entity,
        segments: { legal_entity: legalEntityId },
      });
      for (const [index, drafted] of run.invoices.entries()) {
        const key = `${entity}-${index + 1}`;
        let invoice = drafted;
        if (index === 0) {
          await approveInvoice(tx, drafted.id);
          invoice = await issueInvoice(tx, drafted.id, { issueDate: ISSUE_DATE, paymentTermDays: 30 });
        }
        const segments = {
          legal_entity: invoice.legalEntityId,
          client: invoice.clientId,
          practice: invoice.practiceId,
          region: invoice.regionId,
        };
        invoices.set(key, { id: invoice.id, legalEntity: entity, status: invoice.status, segments });
        if (index !== 0) continue;
        // A payment carries its client's segments: the legal entity, the client and its region.
        const paid = {
          legal_entity: segments.legal_entity,
          client: segments.client,
          region: segments.region,
        };
        const half = Math.floor(invoice.grossMinor / 2);
        for (const bounced of [false, true]) {
          const { payment } = await recordPayment(tx, `${JOB}-${key}-${bounced ? 'bounced' : 'half'}`, {
            legalEntityId: invoice.legalEntityId,
            clientId: invoice.clientId,
            amount: { amountMinor: half, currency: invoice.currency },
            receivedOn: PAID_ON,
            reference: `Remittance for invoice ${invoice.number}`,
            allocations: [{ invoiceId: invoice.id, amountMinor: half }],
          });
          if (bounced) await voidPayment(tx, payment.id);
          payments.set(`${key}-${bounced ? 'bounced' : 'half'}`, {
            id: payment.id,
            status: bounced ? 'void' : 'recorded',
            segments: paid,
          });
        }
      }
    }
    const keyOf = new Map([...tenant.segments.legal_entity].map(([key, id]) => [id, key]));
    const known = new Set([...tenant.ledger.entries.values()].map((entry) => entry.id));
    const entries = new Map<string, { id: string; legalEntity: string }>();
    const posted = await sql<{ id: string; legal_entity_id: string }>`
      SELECT id, legal_entity_id FROM journal_entries WHERE tenant_id = ${tenant.id}`.execute(tx.db);
    for (const row of posted.rows)
      if (!known.has(row.id))
        entries.set(row.id, { id: row.id, legalEntity: keyOf.get(row.legal_entity_id) as string });
    const periods = new Map<string, { id: string; legalEntity: string }>();
    for (const period of (await listPeriods(tx, { limit: 200, cursor: null })).items) {
      const legalEntity = keyOf.get(period.legalEntityId) as string;
      const key = `${legalEntity}-${period.month}`;
      if (!tenant.ledger.periods.has(key)) periods.set(key, { id: period.id, legalEntity });
    }
    return { runs, invoices, payments, entries, periods };
  });
}
