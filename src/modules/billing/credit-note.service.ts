import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import {
  allowancesOf,
  findRow,
  getInvoice,
  type Invoice,
  type LineRow,
  linesOf,
  storeTotals,
  wrongState,
} from './invoice.service.ts';

export interface CreditNoteInput {
  readonly reason: string;
  /** Credit everything not credited yet: every line's remainder, and the allowances and charges. */
  readonly full?: boolean;
  /**
   * With `full`: once issued, the credit note releases the invoice's work (time, expenses,
   * milestones, fee periods) so that the next billing run bills it again — credit and rebill.
   */
  readonly rebill?: boolean;
  /** Or: these lines of the invoice, each by a positive amount up to what is left of it. */
  readonly lines?: readonly { readonly lineId: string; readonly amountMinor: bigint }[];
  /** The API's Idempotency-Key: the same key and input return the first credit note. */
  readonly idempotencyKey?: string;
}

export interface CreditNoteResult {
  readonly creditNote: Invoice;
  /** True when the key had made this credit note before: nothing new was written. */
  readonly replayed: boolean;
}

const ruleRefused = (detail: string, fieldProblems: FieldProblem[]) =>
  new AppError('BUSINESS_RULE_VIOLATED', {}, { detail, fieldProblems });

function fingerprintOf(invoiceId: string, input: CreditNoteInput): string {
  const lines = [...(input.lines ?? [])]
    .map((line) => `${line.lineId}:${line.amountMinor}`)
    .sort()
    .join(',');
  return createHash('sha256')
    .update(JSON.stringify([invoiceId, input.reason, input.full === true, lines, input.rebill === true]))
    .digest('base64url');
}

async function replayed(
  tx: TenantTransaction,
  invoiceId: string,
  input: CreditNoteInput,
): Promise<CreditNoteResult | undefined> {
  if (input.idempotencyKey === undefined) return undefined;
  const previous = (
    await sql<{
      id: string;
      idempotency_fingerprint: string | null;
    }>`SELECT id, idempotency_fingerprint FROM invoices
      WHERE tenant_id = ${tx.ctx.tenantId} AND idempotency_key = ${input.idempotencyKey}`.execute(tx.db)
  ).rows[0];
  if (!previous) return undefined;
  if (previous.idempotency_fingerprint !== fingerprintOf(invoiceId, input))
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      {},
      { detail: 'This Idempotency-Key made another credit note' },
    );
  return { creditNote: await getInvoice(tx, previous.id), replayed: true };
}

/**
 * Drafts a credit note correcting an issued (or paid) invoice: same legal entity, client,
 * contract and currency, its lines naming the lines they credit, amounts positive. `full` credits
 * what is left of every line (and the invoice's allowances and charges, unless an earlier credit
 * note carried them); otherwise the given lines by the given amounts. What is credited of a line
 * never exceeds the line, nor the credit notes of an invoice its net: the invoice row is locked,
 * so concurrent credit notes queue (and a trigger checks each line again). 422 naming the field.
 */
export async function createCreditNote(
  tx: TenantTransaction,
  invoiceId: string,
  input: CreditNoteInput,
): Promise<CreditNoteResult> {
  if ((input.full === true) === (input.lines !== undefined && input.lines.length > 0))
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        detail: 'Credit the whole invoice (full) or some of its lines (lines), not both',
        fieldProblems: [{ path: '/body/lines', message: 'give either full: true or lines' }],
      },
    );
  if (input.rebill === true && input.full !== true)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        detail: 'Only a credit note of the whole invoice releases its work to bill again',
        fieldProblems: [{ path: '/body/rebill', message: 'needs full: true' }],
      },
    );
  const first = await replayed(tx, invoiceId, input);
  if (first) return first;
  const invoice = await findRow(tx, invoiceId, true);
  if (invoice.kind !== 'invoice')
    throw new AppError(
      'CONFLICT',
      { resource: invoice.kind, id: invoiceId },
      {
        detail: 'A credit note is corrected by voiding it (draft) or by a new invoice, not by a credit note',
      },
    );
  if (invoice.status !== 'issued' && invoice.status !== 'paid') throw wrongState(invoice, 'credited');
  const tenantId = tx.ctx.tenantId;
  const lines = await linesOf(tx, invoiceId);
  const credited = new Map(
    (
      await sql<{ corrects_line_id: string; credited: string }>`
        SELECT l.corrects_line_id, sum(l.net_minor)::text AS credited FROM invoice_lines l
        JOIN invoices c ON c.tenant_id = l.tenant_id AND c.id = l.invoice_id
        WHERE l.tenant_id = ${tenantId} AND c.corrects_invoice_id = ${invoiceId} AND c.status <> 'void'
        GROUP BY l.corrects_line_id`.execute(tx.db)
    ).rows.map((row) => [row.corrects_line_id, BigInt(row.credited)] as const),
  );
  const previous = (
    await sql<{ net: string | null; allowances: string }>`
      SELECT sum(c.net_minor)::text AS net,
        (SELECT count(*) FROM invoice_allowances a JOIN invoices d ON d.tenant_id = a.tenant_id AND d.id = a.invoice_id
          WHERE a.tenant_id = ${tenantId} AND d.corrects_invoice_id = ${invoiceId} AND d.status <> 'void')::text AS allowances
      FROM invoices c WHERE c.tenant_id = ${tenantId} AND c.corrects_invoice_id = ${invoiceId}
        AND c.status <> 'void'`.execute(tx.db)
  ).rows[0];
  const remainder = (line: LineRow) => BigInt(line.net_minor) - (credited.get(line.id) ?? 0n);

  let picked: { line: LineRow; amount: bigint }[];
  if (input.full === true) {
    picked = lines.flatMap((line) => (remainder(line) > 0n ? [{ line, amount: remainder(line) }] : []));
    if (picked.length === 0)
      throw ruleRefused('Every line of the invoice has been credited', [
        { path: '/body/full', message: 'nothing is left to credit' },
      ]);
  } else {
    const byId = new Map(lines.map((line) => [line.id, line] as const));
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    picked = [];
    (input.lines ?? []).forEach((wanted, i) => {
      const line = byId.get(wanted.lineId);
      if (!line || seen.has(wanted.lineId)) {
        problems.push({
          path: `/body/lines/${i}/lineId`,
          message: line ? 'named twice' : 'not a line of the invoice',
        });
        return;
      }
      seen.add(wanted.lineId);
      const left = remainder(line);
      if (wanted.amountMinor > left)
        problems.push({
          path: `/body/lines/${i}/amountMinor`,
          message: `exceeds what is left to credit of the line (${left < 0n ? 0n : left})`,
        });
      picked.push({ line, amount: wanted.amountMinor });
    });
    if (problems.length > 0)
      throw ruleRefused('The credit note would credit more than the invoice', problems);
  }
  const allowances =
    input.full === true && BigInt(previous?.allowances ?? '0') === 0n
      ? await allowancesOf(tx, invoiceId)
      : [];

  const id = uuidv7();
  await sql`INSERT INTO invoices (tenant_id, id, kind, corrects_invoice_id, credit_reason, rebill, legal_entity_id,
      client_id, contract_id, practice_id, region_id, currency, period_from, period_to, vat_exemption_reason,
      vat_exemption_code, idempotency_key, idempotency_fingerprint, created_by_membership_id)
    SELECT tenant_id, ${id}, 'credit_note', id, ${input.reason}, ${input.rebill === true}, legal_entity_id,
      client_id, contract_id, practice_id, region_id, currency, period_from, period_to, vat_exemption_reason,
      vat_exemption_code,
      ${input.idempotencyKey ?? null}, ${input.idempotencyKey === undefined ? null : fingerprintOf(invoiceId, input)},
      ${tx.ctx.actor.membershipId ?? null}
    FROM invoices WHERE tenant_id = ${tenantId} AND id = ${invoiceId}`.execute(tx.db);
  let lineNo = 0;
  for (const { line, amount } of picked) {
    // The whole of a line keeps its quantity and price; a part is one unit of the amount.
    const whole = amount === BigInt(line.net_minor);
    lineNo += 1;
    await sql`INSERT INTO invoice_lines (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
        line_no, origin_kind, origin_ids, description, quantity, unit_price_minor, net_minor, vat_category, vat_rate,
        corrects_line_id)
      SELECT tenant_id, ${uuidv7()}, ${id}, legal_entity_id, client_id, practice_id, region_id, ${lineNo}, origin_kind,
        origin_ids, description, ${whole ? sql`quantity` : sql`1`}, ${whole ? sql`unit_price_minor` : sql`${amount}`},
        ${amount}, vat_category, vat_rate, id
      FROM invoice_lines WHERE tenant_id = ${tenantId} AND id = ${line.id}`.execute(tx.db);
  }
  for (const item of allowances)
    await sql`INSERT INTO invoice_allowances (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id,
        region_id, kind, reason, reason_code, amount_minor, vat_category, vat_rate, created_by_membership_id)
      SELECT tenant_id, ${uuidv7()}, ${id}, legal_entity_id, client_id, practice_id, region_id, kind, reason, reason_code,
        amount_minor, vat_category, vat_rate, ${tx.ctx.actor.membershipId ?? null}
      FROM invoice_allowances WHERE tenant_id = ${tenantId} AND id = ${item.id}`.execute(tx.db);
  const totals = await storeTotals(tx, id);
  const creditedNet = BigInt(previous?.net ?? '0') + totals.netMinor;
  if (creditedNet > BigInt(invoice.net_minor) || totals.netMinor <= 0n)
    throw ruleRefused("The credit notes of an invoice would exceed the invoice's net amount", [
      { path: input.full === true ? '/body/full' : '/body/lines', message: 'exceeds what is left to credit' },
    ]);
  tx.audit({
    action: 'credit_note.drafted',
    resourceKind: 'credit_note',
    resourceId: id,
    after: {
      correctsInvoiceId: invoiceId,
      reason: input.reason,
      rebill: input.rebill === true,
      lines: picked.map(({ line, amount }) => ({ correctsLineId: line.id, amountMinor: amount.toString() })),
      allowances: allowances.length,
      netMinor: totals.netMinor.toString(),
      vatMinor: totals.vatMinor.toString(),
      grossMinor: totals.grossMinor.toString(),
    },
  });
  const creditNote = await getInvoice(tx, id);
  tx.emit({
    topic: 'credit_note.drafted',
    resourceKind: 'credit_note',
    resourceId: id,
    payload: { invoice: creditNote },
  });
  return { creditNote, replayed: false };
}
