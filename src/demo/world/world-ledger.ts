import {
  closePeriod,
  createAccount,
  createChart,
  createFxRate,
  listPeriods,
  postJournalEntry,
} from '../../modules/ledger/index.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';

/** One firm's ledger in the reference world: charts, an added account, entries, a closed month, FX rates. */
export interface TenantLedgerSpec {
  /** Legal entities (world keys) whose chart is created from the template. */
  readonly charts: readonly string[];
  /** Accounts added to a chart, keyed for canaries. */
  readonly accounts: readonly { key: string; legalEntity: string; code: string; name: string }[];
  /** Entries posted through postJournalEntry; lines name accounts by code. */
  readonly entries: readonly {
    key: string;
    legalEntity: string;
    date: string;
    description: string;
    lines: readonly { code: string; side: 'debit' | 'credit'; amountMinor: number; currency: string }[];
  }[];
  /** Months closed after posting (legal entity key, YYYY-MM). */
  readonly closed: readonly { legalEntity: string; month: string }[];
  readonly fxRates: readonly { key: string; base: string; quote: string; date: string; rate: string }[];
}

/** The ids a firm's seeded ledger got, by key (template accounts as `<entity>-<code>`, added ones by their key). */
export interface SeededLedger {
  readonly accounts: ReadonlyMap<string, { id: string; legalEntity: string; currency: string }>;
  readonly entries: ReadonlyMap<string, { id: string; legalEntity: string }>;
  /** Every period row (months posted into or closed), by `<entity>-<YYYY-MM>`. */
  readonly periods: ReadonlyMap<string, { id: string; legalEntity: string }>;
  readonly fxRates: ReadonlyMap<string, string>;
}

const EUR_USD = { key: 'eur-usd', base: 'EUR', quote: 'USD', date: '2026-01-01', rate: '1.0850' };

/** Per tenant slug; firms not listed get no ledger. */
export const WORLD_LEDGERS: Readonly<Record<string, TenantLedgerSpec>> = Object.freeze({
  'brightpath-consulting': {
    charts: ['inc', 'ltd'],
    accounts: [
      { key: 'inc-recruiting', legalEntity: 'inc', code: '6150', name: 'Recruiting' },
      { key: 'ltd-recruiting', legalEntity: 'ltd', code: '6150', name: 'Recruiting' },
    ],
    entries: [
      {
        key: 'inc-capital',
        legalEntity: 'inc',
        date: '2026-01-05',
        description: 'Share capital paid in',
        lines: [
          { code: '1000', side: 'debit', amountMinor: 500_000_00, currency: 'USD' },
          { code: '3000', side: 'credit', amountMinor: 500_000_00, currency: 'USD' },
        ],
      },
      {
        key: 'inc-globex-invoice',
        legalEntity: 'inc',
        date: '2026-02-10',
        description: 'Globex: January consulting',
        lines: [
          { code: '1100', side: 'debit', amountMinor: 12_000_00, currency: 'USD' },
          { code: '4000', side: 'credit', amountMinor: 12_000_00, currency: 'USD' },
        ],
      },
      {
        key: 'ltd-capital',
        legalEntity: 'ltd',
        date: '2026-01-05',
        description: 'Share capital paid in',
        lines: [
          { code: '1000', side: 'debit', amountMinor: 200_000_00, currency: 'GBP' },
          { code: '3000', side: 'credit', amountMinor: 200_000_00, currency: 'GBP' },
        ],
      },
      {
        key: 'ltd-initech-invoice',
        legalEntity: 'ltd',
        date: '2026-02-12',
        description: 'Initech: January consulting, in euros',
        lines: [
          { code: '1100', side: 'debit', amountMinor: 6_000_00, currency: 'EUR' },
          { code: '4000', side: 'credit', amountMinor: 5_000_00, currency: 'EUR' },
          { code: '2200', side: 'credit', amountMinor: 1_000_00, currency: 'EUR' },
        ],
      },
    ],
    closed: [{ legalEntity: 'ltd', month: '2026-01' }],
    fxRates: [
      EUR_USD,
      { key: 'eur-gbp', base: 'EUR', quote: 'GBP', date: '2026-01-01', rate: '0.8500' },
      { key: 'gbp-usd', base: 'GBP', quote: 'USD', date: '2026-01-01', rate: '1.2700' },
    ],
  },
  'kestrel-it-services': {
    charts: ['llc'],
    accounts: [{ key: 'llc-recruiting', legalEntity: 'llc', code: '6150', name: 'Recruiting' }],
    entries: [
      {
        key: 'llc-capital',
        legalEntity: 'llc',
        date: '2026-01-05',
        description: 'Share capital paid in',
        lines: [
          { code: '1000', side: 'debit', amountMinor: 80_000_00, currency: 'USD' },
          { code: '3000', side: 'credit', amountMinor: 80_000_00, currency: 'USD' },
        ],
      },
    ],
    closed: [],
    fxRates: [EUR_USD],
  },
  'halden-partners': {
    charts: ['as'],
    accounts: [],
    entries: [],
    closed: [],
    fxRates: [
      EUR_USD,
      { key: 'eur-nok', base: 'EUR', quote: 'NOK', date: '2026-01-01', rate: '11.4500' },
      // Dollars received, and the firm consolidated in dollars.
      { key: 'usd-nok', base: 'USD', quote: 'NOK', date: '2026-01-01', rate: '10.5500' },
    ],
  },
});

/**
 * Seeds a firm's ledger through the ledger's own services (audited like everything else): FX rates
 * first, then charts, added accounts, entries, and the months to close. `mark` appends a canary.
 */
export async function seedTenantLedger(
  tx: TenantTransaction,
  spec: TenantLedgerSpec,
  legalEntities: ReadonlyMap<string, string>,
  currencyOf: (legalEntityKey: string) => string,
  mark: (kind: string, key: string) => string,
): Promise<SeededLedger> {
  const fxRates = new Map<string, string>();
  for (const rate of spec.fxRates) {
    const created = await createFxRate(tx, {
      ...rate,
      source: `ECB reference rate${mark('fx_rate', rate.key)}`,
    });
    fxRates.set(rate.key, created.id);
  }
  const entityId = (key: string) => legalEntities.get(key) as string;
  const accounts = new Map<string, { id: string; legalEntity: string; currency: string }>();
  // Every account by `<entity>-<code>`, for the entries' lines.
  const byCode = new Map<string, string>();
  for (const key of spec.charts) {
    const chart = await createChart(tx, { legalEntityId: entityId(key) });
    for (const account of chart.accounts) {
      accounts.set(`${key}-${account.code}`, { id: account.id, legalEntity: key, currency: currencyOf(key) });
      byCode.set(`${key}-${account.code}`, account.id);
    }
  }
  for (const account of spec.accounts) {
    const created = await createAccount(tx, {
      legalEntityId: entityId(account.legalEntity),
      code: account.code,
      name: account.name + mark('ledger_account', account.key),
      type: 'expense',
    });
    accounts.set(account.key, {
      id: created.id,
      legalEntity: account.legalEntity,
      currency: currencyOf(account.legalEntity),
    });
    byCode.set(`${account.legalEntity}-${account.code}`, created.id);
  }
  const entries = new Map<string, { id: string; legalEntity: string }>();
  for (const entry of spec.entries) {
    const { entry: posted } = await postJournalEntry(tx, {
      legalEntityId: entityId(entry.legalEntity),
      entryDate: entry.date,
      description: entry.description + mark('journal_entry', entry.key),
      source: { kind: 'manual' },
      lines: entry.lines.map((line) => ({
        account: { id: byCode.get(`${entry.legalEntity}-${line.code}`) as string },
        side: line.side,
        amountMinor: BigInt(line.amountMinor),
        currency: line.currency,
      })),
    });
    entries.set(entry.key, { id: posted.id, legalEntity: entry.legalEntity });
  }
  for (const period of spec.closed)
    await closePeriod(tx, { legalEntityId: entityId(period.legalEntity), month: period.month });
  const periods = new Map<string, { id: string; legalEntity: string }>();
  const keyOf = new Map([...legalEntities].map(([key, id]) => [id, key]));
  for (const period of (await listPeriods(tx, { limit: 200, cursor: null })).items) {
    const legalEntity = keyOf.get(period.legalEntityId) as string;
    periods.set(`${legalEntity}-${period.month}`, { id: period.id, legalEntity });
  }
  return { accounts, entries, periods, fxRates };
}
