import { sql } from 'kysely';
import { isCleared } from '../../platform/auth/field-projection.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Classification } from '../../platform/tenancy/tenant-context.ts';
import { formatCsv, neutralizeFormula } from './csv.ts';
import { daysBetween } from './time-calendar.ts';
import { TIME_ENTRY_FIELD_CLASSIFICATION } from './timesheets.schema.ts';
import './timesheets.tables.ts';

/** The longest period one export covers, and the most entries it holds. */
export const MAX_EXPORT_DAYS = 366;
export const MAX_EXPORT_ROWS = 100_000;

interface ExportRow {
  id: string;
  person_id: string;
  person_email: string | null;
  project_id: string;
  project_code: string | null;
  task_id: string | null;
  task_name: string | null;
  work_date: string;
  minutes: number;
  billable: boolean;
  note: string | null;
  internal_note: string | null;
  status: string;
  approved_at: Date | null;
  billing_state: string;
  intercompany: boolean;
  person_legal_entity_id: string;
  legal_entity_id: string;
  invoice_id: string | null;
}

/**
 * The columns of an export, each with the classification that decides whether the reader gets it.
 * The person's email, the project's code and the task's name are read as the reader may read them
 * (empty when their row is out of the reader's scope).
 */
const COLUMNS: readonly { name: string; level: Classification; value: (row: ExportRow) => string }[] = [
  { name: 'id', level: 'public', value: (r) => r.id },
  { name: 'person_id', level: 'public', value: (r) => r.person_id },
  { name: 'person_email', level: 'internal', value: (r) => neutralizeFormula(r.person_email ?? '') },
  { name: 'project_id', level: 'public', value: (r) => r.project_id },
  { name: 'project_code', level: 'public', value: (r) => r.project_code ?? '' },
  { name: 'task_id', level: 'public', value: (r) => r.task_id ?? '' },
  { name: 'task_name', level: 'public', value: (r) => neutralizeFormula(r.task_name ?? '') },
  { name: 'date', level: 'public', value: (r) => r.work_date },
  { name: 'minutes', level: 'public', value: (r) => String(r.minutes) },
  { name: 'billable', level: 'public', value: (r) => String(r.billable) },
  {
    name: 'note',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.note,
    value: (r) => neutralizeFormula(r.note ?? ''),
  },
  { name: 'status', level: 'public', value: (r) => r.status },
  { name: 'approved_at', level: 'public', value: (r) => r.approved_at?.toISOString() ?? '' },
  {
    name: 'billing_state',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.billingState,
    value: (r) => r.billing_state,
  },
  { name: 'invoice_id', level: TIME_ENTRY_FIELD_CLASSIFICATION.invoiceId, value: (r) => r.invoice_id ?? '' },
  {
    name: 'intercompany',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.intercompany,
    value: (r) => String(r.intercompany),
  },
  {
    name: 'person_legal_entity_id',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.personLegalEntityId,
    value: (r) => r.person_legal_entity_id,
  },
  {
    name: 'legal_entity_id',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.legalEntityId,
    value: (r) => r.legal_entity_id,
  },
  {
    name: 'internal_note',
    level: TIME_ENTRY_FIELD_CLASSIFICATION.internalNote,
    value: (r) => neutralizeFormula(r.internal_note ?? ''),
  },
];

/**
 * CSV of the entries dated `from` to `to` (inclusive, at most a year) that the caller can see
 * (row-level security), with the columns their clearance allows: no internal note below
 * confidential clearance, no segments or billing details below internal. Text a spreadsheet would
 * run as a formula is prefixed with an apostrophe. 422 past MAX_EXPORT_ROWS entries.
 */
export async function exportTimeEntries(tx: TenantTransaction, from: string, to: string): Promise<string> {
  const days = daysBetween(from, to);
  if (days < 0 || days >= MAX_EXPORT_DAYS) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { from, to },
      {
        detail: `An export covers from one day to ${MAX_EXPORT_DAYS} days.`,
        fieldProblems: [
          { path: '/query/to', message: `must be on or after from, within ${MAX_EXPORT_DAYS} days` },
        ],
      },
    );
  }
  const { rows } = await sql<ExportRow>`
    SELECT e.id, e.person_id, pe.email AS person_email, e.project_id, pr.code AS project_code, e.task_id,
      t.name AS task_name, e.work_date, e.minutes, e.billable, e.note, e.internal_note, e.status,
      e.approved_at, e.billing_state, e.intercompany, e.person_legal_entity_id, e.legal_entity_id, e.invoice_id
    FROM time_entries e
      LEFT JOIN people pe ON pe.tenant_id = e.tenant_id AND pe.id = e.person_id
      LEFT JOIN projects pr ON pr.tenant_id = e.tenant_id AND pr.id = e.project_id
      LEFT JOIN project_tasks t ON t.tenant_id = e.tenant_id AND t.id = e.task_id
    WHERE e.tenant_id = ${tx.ctx.tenantId} AND e.work_date BETWEEN ${from} AND ${to}
    ORDER BY e.work_date, e.id
    LIMIT ${MAX_EXPORT_ROWS + 1}`.execute(tx.db);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { from, to },
      { detail: `More than ${MAX_EXPORT_ROWS} entries: export a shorter period.` },
    );
  }
  const columns = COLUMNS.filter((column) => isCleared(column.level, tx.ctx.clearance));
  return formatCsv(
    columns.map((column) => column.name),
    rows.map((row) => columns.map((column) => column.value(row))),
  );
}
