import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { insertTimeOf } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';

/** Inserts an approved time entry of a person on a project. */
export function insertApprovedTime(
  tx: TenantTransaction,
  input: {
    readonly personId: string;
    readonly projectId: string;
    readonly workDate: string;
    readonly minutes: number;
    readonly billable?: boolean;
  },
): Promise<string> {
  return insertTimeOf(tx, { ...input, billable: input.billable ?? true });
}

/** Inserts a draft invoice of a contract with one fee line (a retainer billed in advance) at 25 % VAT. */
export async function insertFeeInvoice(
  tx: TenantTransaction,
  contractId: string,
  netMinor: number,
): Promise<string> {
  const id = uuidv7();
  const vat = Math.round(netMinor / 4);
  await sql`INSERT INTO invoices (tenant_id, id, legal_entity_id, client_id, contract_id, practice_id, region_id,
      currency, net_minor, vat_minor, gross_minor)
    SELECT tenant_id, ${id}, legal_entity_id, client_id, id, practice_id, region_id, currency, ${netMinor}, ${vat},
      ${netMinor + vat}
    FROM contracts WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${contractId}`.execute(tx.db);
  await sql`INSERT INTO invoice_lines (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
      line_no, origin_kind, origin_ids, description, quantity, unit_price_minor, net_minor, vat_category, vat_rate)
    SELECT tenant_id, ${uuidv7()}, id, legal_entity_id, client_id, practice_id, region_id, 1, 'fee', '{}',
      'Retainer fee', 1, ${netMinor}, ${netMinor}, 'S', 25
    FROM invoices WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({ action: 'test.invoice_inserted', resourceKind: 'invoice', resourceId: id });
  return id;
}

/** Inserts a planned milestone of a project. */
export async function insertMilestone(
  tx: TenantTransaction,
  projectId: string,
  input: { readonly name: string; readonly amountMinor: number; readonly dueOn: string },
): Promise<string> {
  const id = uuidv7();
  await sql`INSERT INTO project_milestones (tenant_id, id, project_id, contract_id, client_id, legal_entity_id,
      practice_id, region_id, portfolio_id, currency, name, amount_minor, due_on)
    SELECT tenant_id, ${id}, id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, currency,
      ${input.name}, ${input.amountMinor}, ${input.dueOn}::date
    FROM projects WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${projectId}`.execute(tx.db);
  tx.audit({ action: 'test.milestone_inserted', resourceKind: 'project_milestone', resourceId: id });
  return id;
}

/** Marks a milestone accepted by the client at `acceptedAt` (an instant). */
export async function acceptMilestone(tx: TenantTransaction, id: string, acceptedAt: string): Promise<void> {
  await sql`UPDATE project_milestones SET status = 'accepted', decided_at = ${acceptedAt}::timestamptz,
      decided_by_membership_id = ${uuidv7()}
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({ action: 'test.milestone_accepted', resourceKind: 'project_milestone', resourceId: id });
}
