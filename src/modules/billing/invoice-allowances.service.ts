import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  findRow,
  getInvoice,
  type Invoice,
  type InvoiceRow,
  linesOf,
  storeTotals,
  wrongState,
} from './invoice.service.ts';
import { canonicalRate, type VatCategory } from './invoice-totals.ts';

export interface AllowanceInput {
  readonly kind: 'allowance' | 'charge';
  readonly reason: string;
  /** UNTDID 5189 (allowances) or 7161 (charges). */
  readonly reasonCode?: string | null;
  readonly amountMinor: bigint;
  /** Default: the one VAT category and rate of the invoice's lines. */
  readonly vatCategory?: VatCategory;
  readonly vatRate?: string;
}

const refused = (path: string, message: string, detail: string) =>
  new AppError('BUSINESS_RULE_VIOLATED', {}, { detail, fieldProblems: [{ path, message }] });

async function draftInvoice(tx: TenantTransaction, id: string): Promise<InvoiceRow> {
  const row = await findRow(tx, id, true);
  if (row.kind !== 'invoice')
    throw new AppError(
      'CONFLICT',
      { resource: row.kind, id },
      { detail: 'A credit note carries the allowances and charges of the invoice it corrects' },
    );
  if (row.status !== 'draft') throw wrongState(row, 'changed: only a draft takes allowances and charges');
  return row;
}

/**
 * Adds a document level allowance or charge to a draft invoice, in one of the VAT categories and
 * rates of its lines (the only one by default), and updates the stored totals in the same
 * transaction. An allowance may not take a category's taxable amount below zero (422).
 */
export async function addInvoiceAllowance(
  tx: TenantTransaction,
  invoiceId: string,
  input: AllowanceInput,
): Promise<Invoice> {
  const row = await draftInvoice(tx, invoiceId);
  const groups = new Map<string, { category: VatCategory; rate: string }>();
  for (const line of await linesOf(tx, invoiceId)) {
    const rate = canonicalRate(line.vat_rate);
    groups.set(`${line.vat_category}:${rate}`, { category: line.vat_category, rate });
  }
  let vat: { category: VatCategory; rate: string } | undefined;
  if (input.vatCategory === undefined) {
    if (groups.size !== 1)
      throw refused(
        '/body/vatCategory',
        'required: the invoice has no single VAT category',
        "Name the VAT category and rate of the allowance: the invoice's lines have several, or none",
      );
    vat = [...groups.values()][0];
  } else {
    const rate = input.vatRate ?? (input.vatCategory === 'S' ? undefined : '0');
    const candidates = [...groups.values()].filter(
      (group) =>
        group.category === input.vatCategory && (rate === undefined || group.rate === canonicalRate(rate)),
    );
    if (candidates.length !== 1)
      throw refused(
        input.vatRate === undefined ? '/body/vatCategory' : '/body/vatRate',
        'not a VAT category and rate of the invoice lines',
        "An allowance or charge falls in a VAT category and rate of the invoice's lines",
      );
    vat = candidates[0];
  }
  if (!vat) throw new AppError('INTERNAL', { reason: 'no VAT group' });
  const id = uuidv7();
  await sql`INSERT INTO invoice_allowances (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
      kind, reason, reason_code, amount_minor, vat_category, vat_rate, created_by_membership_id)
    VALUES (${tx.ctx.tenantId}, ${id}, ${invoiceId}, ${row.legal_entity_id}, ${row.client_id}, ${row.practice_id},
      ${row.region_id}, ${input.kind}, ${input.reason}, ${input.reasonCode ?? null}, ${input.amountMinor},
      ${vat.category}, ${vat.rate}::numeric, ${tx.ctx.actor.membershipId ?? null})`.execute(tx.db);
  const totals = await storeTotals(tx, invoiceId);
  const category = totals.breakdown.find(
    (group) => group.category === vat.category && group.rate === vat.rate,
  );
  if (category && category.taxableMinor < 0n)
    throw refused(
      '/body/amountMinor',
      'exceeds the taxable amount of its VAT category',
      'The allowance is larger than the lines of its VAT category',
    );
  tx.audit({
    action: 'invoice.allowance_added',
    resourceKind: 'invoice',
    resourceId: invoiceId,
    after: {
      allowanceId: id,
      kind: input.kind,
      reason: input.reason,
      amountMinor: input.amountMinor.toString(),
      vatCategory: vat.category,
      vatRate: vat.rate,
      netMinor: totals.netMinor.toString(),
      vatMinor: totals.vatMinor.toString(),
      grossMinor: totals.grossMinor.toString(),
    },
  });
  const invoice = await getInvoice(tx, invoiceId);
  tx.emit({
    topic: 'invoice.allowance_added',
    resourceKind: 'invoice',
    resourceId: invoiceId,
    payload: { invoice },
  });
  return invoice;
}

/** Removes an allowance or charge from a draft invoice; stored totals follow in the same transaction. */
export async function removeInvoiceAllowance(
  tx: TenantTransaction,
  invoiceId: string,
  allowanceId: string,
): Promise<Invoice> {
  await draftInvoice(tx, invoiceId);
  const removed = (
    await sql<{ kind: string; reason: string; amount_minor: string }>`DELETE FROM invoice_allowances
      WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ${invoiceId} AND id = ${allowanceId}
      RETURNING kind, reason, amount_minor::text AS amount_minor`.execute(tx.db)
  ).rows[0];
  if (!removed) throw new AppError('NOT_FOUND', { resource: 'invoice_allowance', id: allowanceId });
  const totals = await storeTotals(tx, invoiceId);
  tx.audit({
    action: 'invoice.allowance_removed',
    resourceKind: 'invoice',
    resourceId: invoiceId,
    before: { allowanceId, kind: removed.kind, reason: removed.reason, amountMinor: removed.amount_minor },
    after: {
      netMinor: totals.netMinor.toString(),
      vatMinor: totals.vatMinor.toString(),
      grossMinor: totals.grossMinor.toString(),
    },
  });
  const invoice = await getInvoice(tx, invoiceId);
  tx.emit({
    topic: 'invoice.allowance_removed',
    resourceKind: 'invoice',
    resourceId: invoiceId,
    payload: { invoice },
  });
  return invoice;
}
