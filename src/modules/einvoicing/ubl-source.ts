/**
 * What the UBL export reads from the database about one invoice or credit note, and how it maps
 * onto a `UblDocument`. Reading (`readUblSource`) and mapping (`ublDocumentOf`, pure) are apart:
 * each column the export needs is read into `UblSource` in one place and mapped below. A client
 * without a country is taken as domestic (the seller's country).
 */
import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { timeQuantity, unitQuantity } from './line-quantity.ts';
import {
  canonicalRate,
  type UblAllowanceCharge,
  type UblDocument,
  type UblLine,
  type UblParty,
  type UblVatCategory,
} from './ubl-document.ts';
import { deriveUblAmounts } from './ubl-totals.ts';

type Minor = bigint | string | number;

export interface UblSourceInvoice {
  readonly id: string;
  readonly status: 'draft' | 'approved' | 'issued' | 'paid' | 'void';
  readonly number: Minor | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
  readonly currency: string;
  readonly netMinor: Minor;
  readonly vatMinor: Minor;
  readonly grossMinor: Minor;
}

export interface UblSourceLine {
  readonly lineNo: number;
  readonly originKind: 'time' | 'expense' | 'milestone' | 'fee';
  readonly description: string;
  /** Minutes for time lines, 1 otherwise. */
  readonly quantity: number;
  /** The hourly rate for time lines, the amount otherwise. */
  readonly unitPriceMinor: Minor;
  readonly netMinor: Minor;
  readonly vatCategory: UblVatCategory;
  readonly vatRate: string;
}

/** A postal address (none in the schema yet: legal entities and clients will carry one). */
export interface UblSourceAddress {
  readonly addressLine?: string;
  readonly city?: string;
  readonly postalCode?: string;
}

export interface UblSourceEntity extends UblSourceAddress {
  readonly name: string;
  readonly country: string;
  readonly functionalCurrency: string;
  readonly taxId: string | null;
  /** A company registration number, when the entity has one. */
  readonly legalRegistrationId?: string;
}

export interface UblSourceClient extends UblSourceAddress {
  readonly name: string;
  /** The client's country; until clients have one, the seller's stands in. */
  readonly country?: string;
  readonly vatId?: string;
  readonly legalRegistrationId?: string;
}

/** Everything the mapping needs about one invoice. */
export interface UblSource {
  readonly invoice: UblSourceInvoice;
  readonly lines: readonly UblSourceLine[];
  readonly seller: UblSourceEntity;
  readonly client: UblSourceClient;
  readonly contract: { readonly name: string };
  /** A credit note names the invoice it corrects (credit notes are not in the schema yet). */
  readonly creditNote?: { readonly correctsNumber: string; readonly correctsIssueDate?: string };
  /** How to pay: the entity's bank account (not in the schema yet). */
  readonly paymentMeans?: UblDocument['paymentMeans'];
  /** The VAT as booked in the seller's functional currency (the issue's journal entry), if foreign. */
  readonly functionalVatMinor: Minor | null;
  /** Document allowances and charges (none in the schema yet). */
  readonly allowanceCharges: readonly UblAllowanceCharge[];
  /** Exemption reason and code per category (none in the schema yet). */
  readonly exemptions: Partial<Record<UblVatCategory, { readonly reason?: string; readonly code?: string }>>;
}

const day = (value: Date | string | null): string | null =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);

/**
 * Reads what the export needs about an invoice in the caller's scope: NOT_FOUND when it does not
 * exist or is out of scope (RLS), CONFLICT when it is not issued (draft, approved, void).
 */
export async function readUblSource(tx: TenantTransaction, id: string): Promise<UblSource> {
  const tenantId = tx.ctx.tenantId;
  const row = (
    await sql<{
      id: string;
      status: UblSourceInvoice['status'];
      number: Minor | null;
      issue_date: Date | string | null;
      due_date: Date | string | null;
      period_from: Date | string | null;
      period_to: Date | string | null;
      currency: string;
      net_minor: Minor;
      vat_minor: Minor;
      gross_minor: Minor;
      legal_entity_id: string;
      client_id: string;
      contract_id: string;
      journal_entry_id: string | null;
      kind: 'invoice' | 'credit_note';
      corrects_number: Minor | null;
      corrects_issue_date: Date | string | null;
      vat_exemption_reason: string | null;
      vat_exemption_code: string | null;
    }>`SELECT i.id, i.status, i.number, i.issue_date, i.due_date, i.period_from, i.period_to, i.currency,
        i.net_minor, i.vat_minor, i.gross_minor, i.legal_entity_id, i.client_id, i.contract_id, i.journal_entry_id,
        i.kind, c.number AS corrects_number, c.issue_date AS corrects_issue_date, i.vat_exemption_reason,
        i.vat_exemption_code
      FROM invoices i
      LEFT JOIN invoices c ON c.tenant_id = i.tenant_id AND c.id = i.corrects_invoice_id
      WHERE i.tenant_id = ${tenantId} AND i.id = ${id}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'invoice', id });
  if (row.status !== 'issued' && row.status !== 'paid')
    throw new AppError(
      'CONFLICT',
      { resource: 'invoice', id, status: row.status },
      { detail: `A ${row.status} invoice has no e-invoice: only issued invoices are exported` },
    );
  const lines = (
    await sql<{
      line_no: number;
      origin_kind: UblSourceLine['originKind'];
      description: string;
      quantity: number;
      unit_price_minor: Minor;
      net_minor: Minor;
      vat_category: UblVatCategory;
      vat_rate: string;
    }>`SELECT line_no, origin_kind, description, quantity, unit_price_minor, net_minor, vat_category,
        vat_rate::text AS vat_rate
      FROM invoice_lines WHERE tenant_id = ${tenantId} AND invoice_id = ${id} ORDER BY line_no`.execute(tx.db)
  ).rows;
  const entity = (
    await sql<
      { name: string; country: string; functional_currency: string; tax_id: string | null } & AddressRow
    >`SELECT name, country, functional_currency, tax_id, address_line, city, postal_code FROM legal_entities
      WHERE tenant_id = ${tenantId} AND id = ${row.legal_entity_id}`.execute(tx.db)
  ).rows[0];
  // The client and contract carry the invoice's segments, so whoever sees the invoice sees them.
  const client = (
    await sql<{ name: string; country: string | null; vat_id: string | null } & AddressRow>`
      SELECT name, country, vat_id, address_line, city, postal_code FROM clients
      WHERE tenant_id = ${tenantId} AND id = ${row.client_id}`.execute(tx.db)
  ).rows[0];
  const allowances = (
    await sql<{
      kind: 'allowance' | 'charge';
      reason: string;
      reason_code: string | null;
      amount_minor: Minor;
      vat_category: UblVatCategory;
      vat_rate: string;
    }>`SELECT kind, reason, reason_code, amount_minor, vat_category, vat_rate::text AS vat_rate
      FROM invoice_allowances WHERE tenant_id = ${tenantId} AND invoice_id = ${id} ORDER BY created_at, id`.execute(
      tx.db,
    )
  ).rows;
  const contract = (
    await sql<{
      name: string;
    }>`SELECT name FROM contracts WHERE tenant_id = ${tenantId} AND id = ${row.contract_id}`.execute(tx.db)
  ).rows[0];
  if (!entity || !client || !contract)
    throw new AppError('INTERNAL', {
      reason: 'an issued invoice’s entity, client or contract is not visible',
      id,
    });
  const currency = row.currency.trim();
  const functional = entity.functional_currency.trim();
  let functionalVatMinor: Minor | null = null;
  if (functional !== currency && row.journal_entry_id !== null) {
    const vat = (
      await sql<{
        amount: Minor | null;
      }>`SELECT sum(l.functional_credit_minor - l.functional_debit_minor) AS amount
        FROM journal_lines l JOIN ledger_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
        WHERE l.tenant_id = ${tenantId} AND l.entry_id = ${row.journal_entry_id} AND a.role = 'vat_payable'`.execute(
        tx.db,
      )
    ).rows[0];
    functionalVatMinor = vat?.amount ?? 0n;
  }
  return {
    invoice: {
      id: row.id,
      status: row.status,
      number: row.number,
      issueDate: day(row.issue_date),
      dueDate: day(row.due_date),
      periodFrom: day(row.period_from),
      periodTo: day(row.period_to),
      currency,
      netMinor: row.net_minor,
      vatMinor: row.vat_minor,
      grossMinor: row.gross_minor,
    },
    lines: lines.map((line) => ({
      lineNo: line.line_no,
      originKind: line.origin_kind,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unit_price_minor,
      netMinor: line.net_minor,
      vatCategory: line.vat_category,
      vatRate: line.vat_rate,
    })),
    seller: {
      name: entity.name,
      country: entity.country.trim(),
      functionalCurrency: functional,
      taxId: entity.tax_id,
      ...addressFields(entity),
    },
    client: {
      name: client.name,
      ...(client.country ? { country: client.country.trim() } : {}),
      ...(client.vat_id ? { vatId: client.vat_id } : {}),
      ...addressFields(client),
    },
    contract,
    ...(row.kind === 'credit_note' && row.corrects_number !== null
      ? {
          creditNote: {
            correctsNumber: String(row.corrects_number),
            ...(row.corrects_issue_date ? { correctsIssueDate: day(row.corrects_issue_date) as string } : {}),
          },
        }
      : {}),
    functionalVatMinor,
    allowanceCharges: allowances.map((item) => ({
      kind: item.kind,
      reason: item.reason,
      ...(item.reason_code ? { reasonCode: item.reason_code } : {}),
      amountMinor: BigInt(item.amount_minor),
      vatCategory: item.vat_category,
      vatRate: item.vat_rate,
    })),
    exemptions: exemptionsOf(lines, row.vat_exemption_reason, row.vat_exemption_code),
  };
}

interface AddressRow {
  address_line: string | null;
  city: string | null;
  postal_code: string | null;
}

function addressFields(row: AddressRow): UblSourceAddress {
  return {
    ...(row.address_line ? { addressLine: row.address_line } : {}),
    ...(row.city ? { city: row.city } : {}),
    ...(row.postal_code ? { postalCode: row.postal_code } : {}),
  };
}

/** The invoice's exemption reason and code (one per invoice) for each exempted category its lines use. */
function exemptionsOf(
  lines: readonly { vat_category: UblVatCategory }[],
  reason: string | null,
  code: string | null,
): UblSource['exemptions'] {
  if (reason === null && code === null) return {};
  const exemption = { ...(reason ? { reason } : {}), ...(code ? { code } : {}) };
  const exempted = new Set(
    lines.map((line) => line.vat_category).filter((c) => c === 'E' || c === 'AE' || c === 'O'),
  );
  return Object.fromEntries([...exempted].map((category) => [category, exemption]));
}

/** A tax id that is a VAT identifier of the country: its ISO prefix (EL for Greece, XI for Northern Ireland). */
export function isVatIdOf(taxId: string, country: string): boolean {
  const prefixes = country === 'GR' ? ['EL'] : country === 'GB' ? ['GB', 'XI'] : [country];
  return prefixes.some((prefix) => taxId.startsWith(prefix)) && /^[A-Z]{2}[0-9A-Z+*.]{2,20}$/.test(taxId);
}

/**
 * The seller from its legal entity: a tax id with the country's VAT prefix is the VAT identifier
 * (BT-31); another tax id is written as the tax (BT-32) and legal (BT-30) registration. Not subject
 * to VAT (O) forbids a VAT identifier (BR-O-02): the tax id is then the legal registration only.
 */
function sellerOf(entity: UblSourceEntity, notSubject: boolean): UblParty {
  const taxId = entity.taxId?.replace(/[\s-]/g, '').toUpperCase() ?? '';
  const base: UblParty = {
    name: entity.name,
    country: entity.country,
    ...addressOf(entity),
    ...(entity.legalRegistrationId ? { legalRegistrationId: entity.legalRegistrationId } : {}),
  };
  if (taxId === '') return base;
  if (notSubject) return { legalRegistrationId: taxId, ...base };
  if (isVatIdOf(taxId, entity.country)) return { ...base, vatId: taxId };
  return { legalRegistrationId: taxId, ...base, taxRegistrationId: taxId };
}

function addressOf(address: UblSourceAddress): Partial<UblParty> {
  return {
    ...(address.addressLine ? { addressLine: address.addressLine } : {}),
    ...(address.city ? { city: address.city } : {}),
    ...(address.postalCode ? { postalCode: address.postalCode } : {}),
  };
}

/** The buyer from the client; a not-subject document carries no buyer VAT identifier (BR-O-02). */
function buyerOf(client: UblSourceClient, seller: UblSourceEntity, notSubject: boolean): UblParty {
  return {
    name: client.name,
    // Stopgap until clients carry their country: the seller's (a domestic sale).
    country: client.country ?? seller.country,
    ...addressOf(client),
    ...(client.vatId && !notSubject ? { vatId: client.vatId } : {}),
    ...(client.legalRegistrationId ? { legalRegistrationId: client.legalRegistrationId } : {}),
  };
}

function lineOf(line: UblSourceLine): UblLine {
  const price = BigInt(line.unitPriceMinor);
  const q = line.originKind === 'time' ? timeQuantity(line.quantity) : unitQuantity(line.quantity);
  // BR-27: a price is never negative; a negative line is a negative quantity at a positive price.
  const negative = price < 0n;
  return {
    id: String(line.lineNo),
    description: line.description,
    quantity: negative ? `-${q.quantity}` : q.quantity,
    unitCode: q.unitCode,
    netMinor: BigInt(line.netMinor),
    price: {
      amountMinor: negative ? -price : price,
      ...(q.baseQuantity === undefined ? {} : { baseQuantity: q.baseQuantity }),
    },
    vatCategory: line.vatCategory,
    vatRate: canonicalRate(line.vatRate) ?? line.vatRate,
  };
}

/**
 * The EN 16931 document of an issued invoice (pure). The breakdown is derived from the lines,
 * allowances and charges; the totals are the invoice's stored ones, so a mismatch between them
 * surfaces as a refused export (BR-CO-*) rather than a silently different document.
 */
export function ublDocumentOf(source: UblSource): UblDocument {
  const { invoice } = source;
  if (invoice.number === null || invoice.issueDate === null)
    throw new AppError('INTERNAL', {
      reason: 'an issued invoice without number or issue date',
      id: invoice.id,
    });
  const lines = source.lines.map(lineOf);
  const notSubject = lines.some((line) => line.vatCategory === 'O');
  const derived = deriveUblAmounts({
    lines,
    allowanceCharges: source.allowanceCharges,
    exemptions: source.exemptions,
  });
  const net = BigInt(invoice.netMinor);
  const vat = BigInt(invoice.vatMinor);
  const gross = BigInt(invoice.grossMinor);
  const credit = source.creditNote;
  return {
    kind: credit ? 'credit_note' : 'invoice',
    ...(credit
      ? {
          precedingInvoice: {
            number: credit.correctsNumber,
            ...(credit.correctsIssueDate ? { issueDate: credit.correctsIssueDate } : {}),
          },
        }
      : {}),
    ...(source.paymentMeans ? { paymentMeans: source.paymentMeans } : {}),
    number: String(invoice.number),
    issueDate: invoice.issueDate,
    ...(invoice.dueDate ? { dueDate: invoice.dueDate } : {}),
    currency: invoice.currency,
    ...(source.functionalVatMinor !== null && source.seller.functionalCurrency !== invoice.currency
      ? {
          taxCurrency: {
            code: source.seller.functionalCurrency,
            vatMinor: BigInt(source.functionalVatMinor),
          },
        }
      : {}),
    contractReference: source.contract.name,
    ...(invoice.periodFrom && invoice.periodTo
      ? { invoicePeriod: { start: invoice.periodFrom, end: invoice.periodTo } }
      : {}),
    seller: sellerOf(source.seller, notSubject),
    buyer: buyerOf(source.client, source.seller, notSubject),
    lines,
    allowanceCharges: source.allowanceCharges,
    vatBreakdown: derived.vatBreakdown,
    totals: { ...derived.totals, netMinor: net, vatMinor: vat, grossMinor: gross, payableMinor: gross },
  };
}

/** The EN 16931 document of an invoice in the caller's scope (NOT_FOUND, CONFLICT as `readUblSource`). */
export async function loadUblDocument(tx: TenantTransaction, id: string): Promise<UblDocument> {
  return ublDocumentOf(await readUblSource(tx, id));
}
