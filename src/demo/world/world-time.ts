import { sql } from 'kysely';
import { updateContract } from '../../modules/contracts/index.ts';
import { createProject, createTask } from '../../modules/projects/index.ts';
import { createAssignment } from '../../modules/staffing/index.ts';
import {
  closePeriod,
  createTimeEntry,
  decideTimeApproval,
  importTimeEntries,
  readAssignedTasks,
  readContractRules,
  replaceApprovalChain,
  submitTimesheet,
} from '../../modules/timesheets/index.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { Tessera } from '../../platform/runtime.ts';
import {
  FULL_SCOPE,
  type SegmentDimension,
  systemContext,
  type TenantContext,
} from '../../platform/tenancy/tenant-context.ts';
import { type WeekSpec, WORLD_TIME } from './world-time-spec.ts';

/**
 * The time of the reference world (issue 4, time): projects and assignments to book on (through
 * the projects and staffing services), the
 * approval chain, a closed month, and weeks of time in every state, booked, submitted and decided
 * through the timesheets services as the personas themselves. With canaries, every entry's note
 * carries its marker and its internal note a confidential one.
 */

/** A time record of the world, with the segments it carries and the person it belongs to. */
export interface SeededTimeRecord {
  readonly kind: 'timesheet' | 'time_entry' | 'time_approval' | 'project' | 'project_task' | 'assignment';
  readonly key: string;
  readonly id: string;
  readonly segments: Readonly<Partial<Record<SegmentDimension, string | null>>>;
  /** The person (world key) whose own record it is: they see it whatever their scope. */
  readonly owner?: string;
  readonly status: string;
}

export interface SeededTime {
  /** Project key → id, and → code. */
  readonly projects: ReadonlyMap<string, string>;
  readonly projectCodes: ReadonlyMap<string, string>;
  readonly assignments: readonly { readonly person: string; readonly project: string }[];
  /** People given an email (for imports), by key. */
  readonly emails: ReadonlyMap<string, string>;
  readonly records: readonly SeededTimeRecord[];
}

/** What the time seed needs of the world seeded before it. */
export interface TimeSeedInput {
  readonly tenantId: string;
  readonly slug: string;
  readonly segments: Readonly<Record<SegmentDimension, ReadonlyMap<string, string>>>;
  readonly people: ReadonlyMap<string, string>;
  readonly contacts: ReadonlyMap<string, string>;
  readonly contracts: ReadonlyMap<string, string>;
  /** Person key → the persona membership (and user) linked to that person in this tenant. */
  readonly members: ReadonlyMap<string, { readonly membershipId: string; readonly userId: string }>;
  /** Persona key → a membership of theirs in this tenant (client approvers have no person). */
  readonly personaMembers: ReadonlyMap<string, string>;
}

const JOB = 'world-seed-time';
const SHORT = { project_manager: 'manager', practice_lead: 'lead', client: 'client' } as const;

/** Seeds the time of one firm of the reference world; nothing for a firm without a time spec. */
export async function seedTimeWorld(
  tessera: Tessera,
  input: TimeSeedInput,
  canaries: boolean,
): Promise<SeededTime | null> {
  const spec = WORLD_TIME[input.slug];
  if (!spec) return null;
  const { tenantId, slug } = input;
  const system = systemContext(tenantId, JOB);
  const id = (map: ReadonlyMap<string, string>, key: string, what: string) => {
    const found = map.get(key);
    if (!found) throw new Error(`The time world of ${slug} needs ${what} ${key}`);
    return found;
  };
  const segment = (dimension: SegmentDimension, key: string) => id(input.segments[dimension], key, dimension);
  const person = (key: string) => id(input.people, key, 'person');

  // Delivery rows and the firm's time policy, as the firm itself.
  const delivery = await tessera.withTenant(system, async (tx) => {
    const projects = new Map<string, string>();
    const projectCodes = new Map<string, string>();
    const tasks = new Map<string, string>();
    // The delivery rows are records of the world too (the persona matrix expects them exactly).
    const records = new Map<string, { kind: SeededTimeRecord['kind']; key: string; owner?: string }>();
    for (const project of spec.projects) {
      const projectId = await insertProject(tx, {
        contractId: id(input.contracts, project.contract, 'contract'),
        practiceId: segment('practice', project.practice),
        portfolioId: project.portfolio ? segment('portfolio', project.portfolio) : null,
        code: project.code,
        name: project.name,
        managerPersonId: person(project.manager),
      });
      projects.set(project.key, projectId);
      projectCodes.set(project.key, project.code);
      records.set(projectId, { kind: 'project', key: `time-${project.key}` });
      for (const task of project.tasks) {
        const taskId = await insertTask(tx, projectId, task.name, task.billable);
        tasks.set(`${project.key} ${task.name}`, taskId);
        records.set(taskId, { kind: 'project_task', key: `time-${project.key}-${task.name}` });
      }
    }
    for (const lead of spec.leads) {
      await sql`UPDATE practices SET lead_person_id = ${person(lead.person)}
        WHERE tenant_id = ${tenantId} AND id = ${segment('practice', lead.practice)}`.execute(tx.db);
      audited(tx, 'practice', segment('practice', lead.practice), 'lead_assigned');
    }
    for (const contract of spec.clientApproval)
      await updateContract(tx, id(input.contracts, contract, 'contract'), { clientApprovalRequired: true });
    for (const approver of spec.approvers) {
      const membershipId = input.personaMembers.get(approver.persona);
      if (!membershipId) continue;
      const contactId = id(input.contacts, approver.contact, 'contact');
      await sql`UPDATE contacts SET membership_id = ${membershipId} WHERE tenant_id = ${tenantId} AND id = ${contactId}`.execute(
        tx.db,
      );
      audited(tx, 'contact', contactId, 'linked');
    }
    const emails = new Map<string, string>();
    for (const key of new Set(spec.assignments.map((a) => a.person))) {
      const email = `${key}@${slug}.example`;
      emails.set(key, email);
      await sql`UPDATE people SET email = ${email} WHERE tenant_id = ${tenantId} AND id = ${person(key)}`.execute(
        tx.db,
      );
      audited(tx, 'person', person(key), 'email_set');
    }
    for (const assignment of spec.assignments) {
      const assignmentId = await insertAssignment(
        tx,
        id(projects, assignment.project, 'project'),
        person(assignment.person),
      );
      records.set(assignmentId, {
        kind: 'assignment',
        key: `time-${assignment.project}-${assignment.person}`,
        owner: assignment.person,
      });
    }
    await replaceApprovalChain(tx, spec.chain);
    for (const month of spec.closedMonths) await closePeriod(tx, month);
    return { projects, projectCodes, tasks, emails, records };
  });

  // Weeks of time, booked, submitted and decided by the people themselves.
  const as = (personKey: string): TenantContext => {
    const linked = input.members.get(personKey);
    if (!linked) throw new Error(`The time world of ${slug} needs the membership of ${personKey}`);
    return {
      tenantId,
      actor: { kind: 'user', id: linked.userId, membershipId: linked.membershipId },
      scope: FULL_SCOPE,
      clearance: 'restricted',
      requestId: null,
      grantId: null,
    };
  };
  const keys = new Map<string, { kind: SeededTimeRecord['kind']; key: string; owner?: string }>(
    delivery.records,
  );
  const entryKey = (week: WeekSpec, index: number) => {
    const entry = week.entries[index] as WeekSpec['entries'][number];
    const several = week.entries.filter((e) => e.project === entry.project).length > 1;
    return `${week.key}-${entry.project}${several ? `-${'abcdefgh'[index]}` : ''}`;
  };
  const noteOf = (text: string, key: string) =>
    canaries ? `${text} ⟨canary:${slug}:time_entry:${key}⟩` : text;
  for (const week of spec.weeks) {
    if (week.importedBy) {
      const header = 'person_email,project_code,task_name,date,minutes,note';
      const email = id(delivery.emails, week.person, 'email');
      const lines = week.entries.map((entry, index) =>
        [
          email,
          id(delivery.projectCodes, entry.project, 'project'),
          entry.task ?? '',
          entry.date,
          entry.minutes,
          `"${noteOf(entry.note, entryKey(week, index)).replaceAll('"', '""')}"`,
        ].join(','),
      );
      const imported = await tessera.withTenant(as(week.importedBy), (tx) =>
        importTimeEntries(tx, [header, ...lines].join('\r\n')),
      );
      for (const [index, entryId] of imported.entryIds.entries())
        keys.set(entryId, { kind: 'time_entry', key: entryKey(week, index), owner: week.person });
      const sheet = await tessera.withTenant(
        system,
        (tx) =>
          tx.db
            .selectFrom('time_entries')
            .select('timesheet_id')
            .where('tenant_id', '=', tenantId)
            .where('id', '=', imported.entryIds[0] as string)
            .executeTakeFirstOrThrow(),
        { readOnly: true },
      );
      keys.set(sheet.timesheet_id, { kind: 'timesheet', key: week.key, owner: week.person });
      continue;
    }
    const ctx = as(week.person);
    let timesheetId: string | null = null;
    for (const [index, entry] of week.entries.entries()) {
      const key = entryKey(week, index);
      const taskId = entry.task ? id(delivery.tasks, `${entry.project} ${entry.task}`, 'task') : null;
      const tasks = await readAssignedTasks(tessera.withTenant, ctx, taskId ? [taskId] : []);
      const booked = await tessera.withTenant(ctx, (tx) =>
        createTimeEntry(
          tx,
          {
            projectId: id(delivery.projects, entry.project, 'project'),
            taskId,
            date: entry.date,
            minutes: entry.minutes,
            note: noteOf(entry.note, key),
            internalNote: canaries ? `canary:${slug}:time_entry:${key}:internal-notes` : null,
          },
          tasks,
        ),
      );
      timesheetId = booked.timesheetId;
      keys.set(booked.id, { kind: 'time_entry', key, owner: week.person });
    }
    if (timesheetId === null) continue;
    const sheet = timesheetId;
    keys.set(sheet, { kind: 'timesheet', key: week.key, owner: week.person });
    if (!week.submit) continue;
    const rules = await readContractRules(tessera.withTenant, ctx, sheet);
    await tessera.withTenant(ctx, (tx) => submitTimesheet(tx, sheet, rules));
    const steps = await tessera.withTenant(
      system,
      async (tx) =>
        tx.db
          .selectFrom('time_approvals')
          .select(['id', 'project_id', 'approver'])
          .where('tenant_id', '=', tenantId)
          .where('timesheet_id', '=', sheet)
          .execute(),
      { readOnly: true },
    );
    const projectKey = (projectId: string) =>
      [...delivery.projects].find(([, value]) => value === projectId)?.[0] as string;
    for (const step of steps)
      keys.set(step.id, {
        kind: 'time_approval',
        key: `${week.key}-${projectKey(step.project_id)}-${SHORT[step.approver]}`,
        owner: week.person,
      });
    for (const decision of week.decisions ?? []) {
      const step = steps.find(
        (s) => projectKey(s.project_id) === decision.project && s.approver === decision.approver,
      );
      if (!step) throw new Error(`No ${decision.approver} step for ${decision.project} in ${week.key}`);
      await decideTimeApproval(
        tessera.withTenant,
        as(decision.by),
        step.id,
        decision.reject ? { kind: 'reject', reason: decision.reject } : { kind: 'approve' },
      );
    }
  }

  const records = await tessera.withTenant(system, (tx) => readRecords(tx, tenantId, keys), {
    readOnly: true,
  });
  return {
    projects: delivery.projects,
    projectCodes: delivery.projectCodes,
    assignments: spec.assignments,
    emails: delivery.emails,
    records,
  };
}

/** The seeded records as stored: the segments each carries, its status. */
async function readRecords(
  tx: TenantTransaction,
  tenantId: string,
  keys: ReadonlyMap<string, { kind: SeededTimeRecord['kind']; key: string; owner?: string }>,
): Promise<SeededTimeRecord[]> {
  const projectSegments = sql`legal_entity_id::text AS legal_entity, practice_id::text AS practice,
    client_id::text AS client, region_id::text AS region, portfolio_id::text AS portfolio, status`;
  const { rows } = await sql<{
    id: string;
    legal_entity: string;
    practice: string | null;
    client: string | null;
    region: string | null;
    portfolio: string | null;
    status: string;
  }>`
    SELECT id, ${projectSegments} FROM time_entries WHERE tenant_id = ${tenantId}
    UNION ALL SELECT id, ${projectSegments} FROM time_approvals WHERE tenant_id = ${tenantId}
    UNION ALL SELECT id, person_legal_entity_id::text, person_practice_id::text, NULL, NULL, NULL, status
      FROM timesheets WHERE tenant_id = ${tenantId}
    UNION ALL SELECT id, ${projectSegments} FROM projects WHERE tenant_id = ${tenantId}
    UNION ALL SELECT id, ${projectSegments} FROM project_tasks WHERE tenant_id = ${tenantId}
    UNION ALL SELECT id, legal_entity_id::text, practice_id::text, client_id::text, region_id::text,
      portfolio_id::text, 'active' FROM assignments WHERE tenant_id = ${tenantId}`.execute(tx.db);
  return rows.flatMap((row) => {
    const known = keys.get(row.id);
    if (!known) return [];
    return [
      {
        ...known,
        id: row.id,
        status: row.status,
        segments: {
          legal_entity: row.legal_entity,
          practice: row.practice,
          client: row.client,
          region: row.region,
          portfolio: row.portfolio,
        },
      },
    ];
  });
}

async function insertProject(
  tx: TenantTransaction,
  input: {
    contractId: string;
    practiceId: string;
    portfolioId: string | null;
    code: string;
    name: string;
    managerPersonId: string;
  },
): Promise<string> {
  const project = await createProject(tx, { ...input, status: 'active', startsOn: '2026-01-01' });
  return project.id;
}

async function insertTask(
  tx: TenantTransaction,
  projectId: string,
  name: string,
  billable: boolean,
): Promise<string> {
  return (await createTask(tx, { projectId, name, billable })).id;
}

async function insertAssignment(tx: TenantTransaction, projectId: string, personId: string): Promise<string> {
  const assignment = await createAssignment(tx, {
    projectId,
    personId,
    allocationPercent: 50,
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
  });
  return assignment.id;
}

function audited(tx: TenantTransaction, resourceKind: string, resourceId: string, verb: string): void {
  tx.audit({ action: `${resourceKind}.${verb}`, resourceKind, resourceId, after: { id: resourceId } });
}
