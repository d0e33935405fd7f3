import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';
import { parseCsv } from './csv.ts';
import { isoWeekStart, monthOf, parseDay } from './time-calendar.ts';
import { insertEntry } from './time-entry.service.ts';
import {
  assignmentOn,
  assignmentsOf,
  type Booker,
  closedMonthsAmong,
  peopleByEmail,
  projectsByCode,
  tasksByName,
} from './time-lookups.ts';
import { ensureTimesheet, findTimesheetRow, requireEditableTimesheet } from './timesheet.service.ts';
import './timesheets.tables.ts';

/** The columns of an import, as the header names them (case, spaces and hyphens do not matter). */
export const IMPORT_COLUMNS = [
  'person_email',
  'project_code',
  'task_name',
  'date',
  'minutes',
  'billable',
  'note',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['person_email', 'project_code', 'date', 'minutes'];

/** The most entries one file may hold. */
export const MAX_IMPORT_LINES = 10_000;
/** The most problems one answer lists (the count of all of them is in its detail). */
const MAX_LISTED = 100;

export interface ImportResult {
  readonly imported: number;
  readonly timesheetsCreated: number;
  readonly entryIds: string[];
}

interface Line {
  readonly line: number;
  readonly email: string;
  readonly code: string;
  readonly taskName: string | null;
  readonly date: string;
  readonly minutes: number;
  readonly billable: boolean | null;
  readonly note: string | null;
}

interface Problem {
  readonly line: number;
  readonly column: string;
  readonly message: string;
  /** A value that is not what the column holds (400), or a rule that refuses the line (422). */
  readonly kind: 'format' | 'rule';
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const normalize = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Imports time entries from CSV for the people and projects in the caller's scope: every line is
 * checked first (its values, then the rules an entry obeys: the person's assignment on the day,
 * the task, open months, a timesheet that is not submitted or approved), and either every line
 * becomes a draft entry on its person's timesheet of that week, or nothing changes and every
 * problem is listed with its line and column (400 for values that are not valid, 422 when only
 * rules refused lines).
 */
export async function importTimeEntries(tx: TenantTransaction, text: string): Promise<ImportResult> {
  const { lines, problems } = readLines(text);
  if (problems.length === 0 && lines.length === 0)
    refuse([{ line: 1, column: '*', message: 'the file holds no entry below its header', kind: 'format' }]);
  if (problems.length > 0) refuse(problems);
  const checked = await checkRules(tx, lines);
  if (checked.problems.length > 0) refuse(checked.problems);

  const timesheets = new Map<string, Awaited<ReturnType<typeof ensureTimesheet>>>();
  const entryIds: string[] = [];
  let timesheetsCreated = 0;
  for (const { line, person, assignment, task } of checked.lines) {
    const key = `${person.id} ${isoWeekStart(line.date)}`;
    let timesheet = timesheets.get(key);
    if (!timesheet) {
      timesheet = await ensureTimesheet(tx, person, isoWeekStart(line.date));
      // Locked and checked again: a week submitted since the check refuses the whole file.
      requireEditableTimesheet(await findTimesheetRow(tx, timesheet.row.id, { forUpdate: true }));
      timesheets.set(key, timesheet);
      if (timesheet.created) timesheetsCreated += 1;
    }
    const row = await insertEntry(tx, {
      timesheet: timesheet.row,
      assignment,
      taskId: task?.id ?? null,
      date: line.date,
      minutes: line.minutes,
      billable: line.billable ?? task?.billable ?? true,
      note: line.note,
      internalNote: null,
    });
    entryIds.push(row.id);
  }
  return { imported: entryIds.length, timesheetsCreated, entryIds };
}

/** The lines of the file with their values read, or every problem of syntax and value. */
function readLines(text: string): { lines: Line[]; problems: Problem[] } {
  const parsed = parseCsv(text, MAX_IMPORT_LINES + 2);
  const problems: Problem[] = [];
  const [header, ...records] = parsed.records;
  if (!header) {
    return {
      lines: [],
      problems: [
        ...parsed.errors.map((e) => ({
          line: e.line,
          column: '*',
          message: e.message,
          kind: 'format' as const,
        })),
        ...(parsed.errors.length === 0
          ? [
              {
                line: 1,
                column: '*',
                message: `is empty: expected a header (${IMPORT_COLUMNS.join(',')})`,
                kind: 'format' as const,
              },
            ]
          : []),
      ],
    };
  }
  const columns = header.fields.map(normalize);
  columns.forEach((name, index) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name))
      problems.push({
        line: header.line,
        column: name || `#${index + 1}`,
        message: `is not a column of an import (${IMPORT_COLUMNS.join(', ')})`,
        kind: 'format',
      });
    else if (columns.indexOf(name) !== index)
      problems.push({
        line: header.line,
        column: name,
        message: 'appears twice in the header',
        kind: 'format',
      });
  });
  for (const required of REQUIRED)
    if (!columns.includes(required))
      problems.push({
        line: header.line,
        column: required,
        message: 'is missing from the header',
        kind: 'format',
      });
  for (const error of parsed.errors)
    problems.push({
      line: error.line,
      column: columns[error.field] ?? `#${error.field + 1}`,
      message: error.message,
      kind: 'format',
    });
  if (records.length > MAX_IMPORT_LINES) {
    problems.push({
      line: (records[MAX_IMPORT_LINES] as { line: number }).line,
      column: '*',
      message: `is past the ${MAX_IMPORT_LINES} entries one import may hold: split the file`,
      kind: 'format',
    });
  }
  if (problems.some((p) => p.line === header.line)) return { lines: [], problems };

  const lines: Line[] = [];
  for (const record of records.slice(0, MAX_IMPORT_LINES)) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        column: '*',
        message: `has ${record.fields.length} field(s), the header has ${columns.length}`,
        kind: 'format',
      });
      continue;
    }
    const value = (column: Column) => {
      const index = columns.indexOf(column);
      return index < 0 ? '' : (record.fields[index] as string).trim();
    };
    const bad = (column: Column, message: string) =>
      problems.push({ line: record.line, column, message, kind: 'format' });
    const before = problems.length;
    const email = value('person_email').toLowerCase();
    if (!EMAIL.test(email) || email.length > 320) bad('person_email', 'must be an email address');
    const code = value('project_code');
    if (code === '' || code.length > 32) bad('project_code', 'must be a project code');
    const taskName = value('task_name');
    if (taskName.length > 200) bad('task_name', 'must be at most 200 characters');
    const date = value('date');
    if (parseDay(date) === null) bad('date', 'must be a day, YYYY-MM-DD');
    const minutesText = value('minutes');
    const minutes = /^\d{1,4}$/.test(minutesText) ? Number(minutesText) : Number.NaN;
    if (!(minutes >= 1 && minutes <= 1440))
      bad('minutes', 'must be a whole number of minutes from 1 to 1440');
    const billableText = value('billable').toLowerCase();
    const billable = ['true', 'yes', '1'].includes(billableText)
      ? true
      : ['false', 'no', '0'].includes(billableText)
        ? false
        : billableText === ''
          ? null
          : undefined;
    if (billable === undefined) bad('billable', 'must be true or false (or empty for the default)');
    const noteIndex = columns.indexOf('note');
    const note = noteIndex < 0 ? '' : (record.fields[noteIndex] as string);
    if (note.length > 2000) bad('note', 'must be at most 2000 characters');
    if (problems.length > before) continue;
    lines.push({
      line: record.line,
      email,
      code,
      taskName: taskName === '' ? null : taskName,
      date,
      minutes,
      billable: billable ?? null,
      note: note === '' ? null : note,
    });
  }
  return { lines, problems };
}

/** The lines with what they refer to, or every line a rule refuses. */
async function checkRules(tx: TenantTransaction, lines: readonly Line[]) {
  const problems: Problem[] = [];
  const people = await peopleByEmail(tx, [...new Set(lines.map((l) => l.email))]);
  const projects = await projectsByCode(tx, [...new Set(lines.map((l) => l.code))]);
  const projectIds = [...projects.values()].map((p) => p.id);
  const tasks = await tasksByName(tx, projectIds);
  const personIds = [...new Set([...people.values()].flat().map((p) => p.id))];
  const assignments = await assignmentsOf(tx, personIds, projectIds);
  const closed = await closedMonthsAmong(
    tx,
    lines.map((l) => l.date),
  );
  const locked = await lockedTimesheets(tx, personIds);
  const ok = [];
  for (const line of lines) {
    const refuse = (column: Column, message: string) =>
      problems.push({ line: line.line, column, message, kind: 'rule' });
    const before = problems.length;
    const found = people.get(line.email) ?? [];
    if (found.length === 0) refuse('person_email', 'no person with this email in your scope');
    if (found.length > 1) refuse('person_email', 'several people have this email');
    const project = projects.get(line.code);
    if (!project) refuse('project_code', 'no project with this code in your scope');
    const task = project && line.taskName !== null ? tasks.get(`${project.id} ${line.taskName}`) : undefined;
    if (project && line.taskName !== null && !task)
      refuse('task_name', 'no task of this name on the project');
    if (task?.status === 'closed') refuse('task_name', 'the task is closed');
    if (closed.has(monthOf(line.date))) refuse('date', `${monthOf(line.date)} is closed`);
    const person = found.length === 1 ? (found[0] as Booker) : undefined;
    if (person && !mayImportFor(tx, person))
      refuse('person_email', "this person's timesheets are outside your scope");
    const week = isoWeekStart(line.date);
    const status = person ? locked.get(`${person.id} ${week}`) : undefined;
    if (status) refuse('date', `the timesheet of the week of ${week} is ${status}`);
    const assignment =
      person && project ? assignmentOn(assignments, person.id, project.id, line.date) : undefined;
    if (person && project && !assignment)
      refuse('project_code', `the person is not assigned to ${line.code} on ${line.date}`);
    if (problems.length > before || !person || !assignment) continue;
    ok.push({ line, person, assignment, task: task ?? null });
  }
  return { lines: ok, problems };
}

/** The caller may hold the person's timesheet: their own, or one in every dimension of their scope. */
function mayImportFor(tx: TenantTransaction, person: Booker): boolean {
  if (person.membershipId !== null && person.membershipId === tx.ctx.actor.membershipId) return true;
  const covers = (dimension: SegmentDimension, id: string | null) => {
    const scope = tx.ctx.scope[dimension];
    return scope === 'all' || (id !== null && scope.includes(id));
  };
  return (
    covers('legal_entity', person.legalEntityId) &&
    covers('practice', person.practiceId) &&
    tx.ctx.scope.client === 'all' &&
    tx.ctx.scope.region === 'all' &&
    tx.ctx.scope.portfolio === 'all'
  );
}

/** The submitted and approved timesheets of these people, by `personId week`. */
async function lockedTimesheets(
  tx: TenantTransaction,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('timesheets')
    .select(['person_id', 'week_starts_on', 'status'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_id', 'in', [...personIds])
    .where('status', 'in', ['submitted', 'approved'])
    .execute();
  return new Map(rows.map((row) => [`${row.person_id} ${row.week_starts_on}`, row.status]));
}

function refuse(problems: readonly Problem[]): never {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lines = new Set(sorted.map((p) => p.line)).size;
  const listed: FieldProblem[] = sorted.slice(0, MAX_LISTED).map((p) => ({
    path: `/body/${p.line}/${p.column}`,
    message: `line ${p.line}, ${p.column}: ${p.message}`,
    line: p.line,
    column: p.column,
  }));
  const format = problems.some((p) => p.kind === 'format');
  const detail =
    `Nothing was imported: ${problems.length} problem(s) on ${lines} line(s)` +
    (problems.length > MAX_LISTED ? `; the first ${MAX_LISTED} are listed.` : '.');
  throw new AppError(
    format ? 'VALIDATION_FAILED' : 'BUSINESS_RULE_VIOLATED',
    { resource: 'time_entry_import' },
    {
      detail,
      fieldProblems: listed,
    },
  );
}
