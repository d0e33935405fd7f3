import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { updateContract } from '../../modules/contracts/index.ts';
import { createProject } from '../../modules/projects/index.ts';
import { createAssignment } from '../../modules/staffing/index.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';

// ---- Expenses of the reference world (issue 4, expenses engineer) ------------------------------
// The projects and assignments below exist only so that expenses have something to be recorded on;
// they are created through the projects and staffing services, in a block of their own (keys follow
// WORLD_SEGMENTS, projects are named after their contract).

/** A project of the expense world: under a contract of WORLD_SEGMENTS, in a practice and portfolio. */
export interface ExpenseWorldProject {
  readonly key: string;
  readonly code: string;
  readonly name: string;
  readonly contract: string;
  readonly practice: string;
  readonly portfolio: string | null;
  /** The person (key) who manages it: the expense approver. */
  readonly manager: string;
}

export interface ExpenseWorldExpense {
  /** Unique in the tenant, letters and dashes (canary keys). */
  readonly key: string;
  readonly person: string;
  readonly project: string;
  readonly status: 'draft' | 'submitted' | 'approved' | 'rejected';
  readonly category: 'travel' | 'lodging' | 'meals' | 'software' | 'equipment' | 'subcontracting' | 'other';
  readonly amountMinor: number;
  readonly currency: string;
  readonly incurredOn: string;
  readonly description: string;
  readonly rebillable: boolean;
}

export interface ExpenseWorldSpec {
  readonly projects: readonly ExpenseWorldProject[];
  /** Person key → project keys; every assignment runs through 2026. */
  readonly assignments: readonly { readonly person: string; readonly project: string }[];
  /** Contracts (keys) whose client must approve re-billable expenses and time. */
  readonly clientApproval: readonly string[];
  /** Client approver personas (keys) linked to their client's contact (key). */
  readonly approverContacts: readonly { readonly persona: string; readonly contact: string }[];
  /**
   * Expenses, approved ones first: the route matrix aims its in-scope changes at the first expense
   * each caller sees, and an approved (locked) one survives every change route unchanged.
   */
  readonly expenses: readonly ExpenseWorldExpense[];
}

const BP = 'brightpath-consulting';

export const EXPENSE_WORLD: Readonly<Record<string, ExpenseWorldSpec>> = Object.freeze({
  [BP]: {
    projects: [
      {
        key: 'globex-pricing',
        code: 'GLOBEX-PRICING',
        name: 'Globex pricing review',
        contract: 'globex',
        practice: 'pricing',
        portfolio: 'growth',
        manager: 'omar',
      },
      {
        key: 'initech-cloud',
        code: 'INITECH-CLOUD',
        name: 'Initech cloud migration',
        contract: 'initech',
        practice: 'cloud',
        portfolio: 'run',
        manager: 'priya',
      },
      {
        key: 'globex-strategy',
        code: 'GLOBEX-STRATEGY',
        name: 'Globex growth strategy',
        contract: 'globex',
        practice: 'strategy',
        portfolio: 'growth',
        manager: 'elena',
      },
    ],
    assignments: [
      { person: 'omar', project: 'globex-pricing' },
      { person: 'elena', project: 'globex-pricing' },
      { person: 'jin', project: 'initech-cloud' },
      { person: 'jin', project: 'globex-strategy' },
      { person: 'priya', project: 'initech-cloud' },
      { person: 'tom', project: 'initech-cloud' },
    ],
    clientApproval: ['globex'],
    approverContacts: [
      { persona: 'ava', contact: 'globex' },
      { persona: 'ben', contact: 'initech' },
    ],
    expenses: [
      {
        key: 'elena-flight',
        person: 'elena',
        project: 'globex-pricing',
        status: 'approved',
        category: 'travel',
        amountMinor: 48_000,
        currency: 'USD',
        incurredOn: '2026-02-09',
        description: 'Flight to Globex headquarters',
        rebillable: true,
      },
      {
        key: 'jin-hotel',
        person: 'jin',
        project: 'initech-cloud',
        status: 'approved',
        category: 'lodging',
        amountMinor: 32_000,
        currency: 'GBP',
        incurredOn: '2026-02-17',
        description: 'Two nights near the Initech data centre',
        rebillable: false,
      },
      {
        key: 'elena-dinner',
        person: 'elena',
        project: 'globex-pricing',
        status: 'submitted',
        category: 'meals',
        amountMinor: 8_500,
        currency: 'USD',
        incurredOn: '2026-03-04',
        description: 'Working dinner with the Globex pricing team',
        rebillable: true,
      },
      {
        key: 'jin-train',
        person: 'jin',
        project: 'globex-strategy',
        status: 'draft',
        category: 'travel',
        amountMinor: 6_400,
        currency: 'USD',
        incurredOn: '2026-03-11',
        description: 'Train to the Globex strategy workshop',
        rebillable: false,
      },
      {
        key: 'tom-licence',
        person: 'tom',
        project: 'initech-cloud',
        status: 'rejected',
        category: 'software',
        amountMinor: 12_000,
        currency: 'GBP',
        incurredOn: '2026-03-02',
        description: 'Migration tool licence',
        rebillable: true,
      },
    ],
  },
  'kestrel-it-services': {
    projects: [
      {
        key: 'stark-rollout',
        code: 'STARK-ROLLOUT',
        name: 'Stark warehouse rollout',
        contract: 'stark',
        practice: 'projects',
        portfolio: 'retainers',
        manager: 'rachel',
      },
    ],
    assignments: [
      { person: 'jin', project: 'stark-rollout' },
      { person: 'rachel', project: 'stark-rollout' },
    ],
    clientApproval: [],
    approverContacts: [],
    expenses: [
      {
        key: 'jin-parts',
        person: 'jin',
        project: 'stark-rollout',
        status: 'approved',
        category: 'equipment',
        amountMinor: 21_500,
        currency: 'USD',
        incurredOn: '2026-02-20',
        description: 'Network switches for the pilot warehouse',
        rebillable: true,
      },
      {
        key: 'jin-taxi',
        person: 'jin',
        project: 'stark-rollout',
        status: 'draft',
        category: 'travel',
        amountMinor: 3_800,
        currency: 'USD',
        incurredOn: '2026-03-05',
        description: 'Taxi to the pilot warehouse',
        rebillable: false,
      },
    ],
  },
  'halden-partners': {
    projects: [
      {
        key: 'fjordkraft-arbitration',
        code: 'FJORDKRAFT-ARB',
        name: 'Fjordkraft arbitration',
        contract: 'fjordkraft',
        practice: 'litigation',
        portfolio: 'disputes',
        manager: 'kari',
      },
    ],
    assignments: [{ person: 'kari', project: 'fjordkraft-arbitration' }],
    clientApproval: [],
    approverContacts: [],
    expenses: [
      {
        key: 'kari-court-fees',
        person: 'kari',
        project: 'fjordkraft-arbitration',
        status: 'approved',
        category: 'other',
        amountMinor: 1_250_000,
        currency: 'NOK',
        incurredOn: '2026-02-12',
        description: 'Arbitration court filing fees',
        rebillable: true,
      },
      {
        key: 'kari-courier',
        person: 'kari',
        project: 'fjordkraft-arbitration',
        status: 'submitted',
        category: 'other',
        amountMinor: 45_000,
        currency: 'NOK',
        incurredOn: '2026-03-03',
        description: 'Courier of the hearing bundles',
        rebillable: true,
      },
    ],
  },
});

/** What a firm's expense world holds, by key. */
export interface SeededExpenseTenant {
  readonly projects: ReadonlyMap<string, string>;
  /** Assignment ids by `person/project` keys. */
  readonly assignments: ReadonlyMap<string, string>;
  readonly expenses: ReadonlyMap<string, string>;
}

/** What the expense world needs of a seeded firm. */
export interface ExpenseWorldTenant {
  readonly id: string;
  readonly people: ReadonlyMap<string, string>;
  readonly contacts: ReadonlyMap<string, string>;
  readonly contracts: ReadonlyMap<string, string>;
  readonly segments: {
    readonly practice: ReadonlyMap<string, string>;
    readonly portfolio: ReadonlyMap<string, string>;
  };
}

/** What the expense world needs of the seeded firms and personas. */
export interface ExpenseWorldInput {
  readonly tenants: ReadonlyMap<string, ExpenseWorldTenant>;
  readonly personas: ReadonlyMap<
    string,
    { readonly memberships: readonly { readonly id: string; readonly spec: { readonly tenant?: string } }[] }
  >;
}

const JOB = 'world-seed';

/**
 * Seeds the expense world after the personas are linked to their people (assignments and expenses
 * carry the person's membership): projects, assignments, the contracts' client-approval rule, the
 * client approvers' contacts, and expenses in each status. With `canaries`, an expense's
 * description carries its marker and its internal note (confidential) a field marker.
 */
export async function seedExpenseWorld(
  tessera: Tessera,
  world: ExpenseWorldInput,
  canaries: boolean,
): Promise<ReadonlyMap<string, SeededExpenseTenant>> {
  const seeded = new Map<string, SeededExpenseTenant>();
  for (const [slug, spec] of Object.entries(EXPENSE_WORLD)) {
    const tenant = world.tenants.get(slug);
    if (!tenant) continue;
    const approvers = spec.approverContacts.map(({ persona, contact }) => ({
      contact,
      membership: world.personas.get(persona)?.memberships.find((m) => m.spec.tenant === slug)?.id ?? null,
    }));
    seeded.set(
      slug,
      await tessera.withTenant(systemContext(tenant.id, JOB), (tx) =>
        seedTenant(tx, slug, spec, tenant, approvers, canaries),
      ),
    );
  }
  return seeded;
}

async function seedTenant(
  tx: TenantTransaction,
  slug: string,
  spec: ExpenseWorldSpec,
  tenant: ExpenseWorldTenant,
  approvers: readonly { contact: string; membership: string | null }[],
  canaries: boolean,
): Promise<SeededExpenseTenant> {
  const tenantId = tenant.id;
  const need = (map: ReadonlyMap<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`The expense world of ${slug} needs ${what} ${key}`);
    return id;
  };
  for (const key of spec.clientApproval)
    await updateContract(tx, need(tenant.contracts, key, 'contract'), { clientApprovalRequired: true });
  for (const { contact, membership } of approvers) {
    if (!membership) continue;
    const contactId = need(tenant.contacts, contact, 'contact');
    await sql`UPDATE contacts SET membership_id = ${membership} WHERE tenant_id = ${tenantId} AND id = ${contactId}`.execute(
      tx.db,
    );
    tx.audit({
      action: 'contact.linked',
      resourceKind: 'contact',
      resourceId: contactId,
      after: { membershipId: membership },
    });
  }
  const projects = new Map<string, string>();
  for (const project of spec.projects) {
    const created = await createProject(tx, {
      contractId: need(tenant.contracts, project.contract, 'contract'),
      practiceId: need(tenant.segments.practice, project.practice, 'practice'),
      portfolioId: project.portfolio ? need(tenant.segments.portfolio, project.portfolio, 'portfolio') : null,
      code: project.code,
      name: project.name,
      managerPersonId: need(tenant.people, project.manager, 'person'),
      status: 'active',
      startsOn: '2026-01-01',
    });
    projects.set(project.key, created.id);
  }
  const assignments = new Map<string, string>();
  for (const assignment of spec.assignments) {
    const created = await createAssignment(tx, {
      projectId: need(projects, assignment.project, 'project'),
      personId: need(tenant.people, assignment.person, 'person'),
      allocationPercent: 50,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    assignments.set(`${assignment.person}/${assignment.project}`, created.id);
  }
  const expenses = new Map<string, string>();
  for (const expense of spec.expenses) {
    const id = uuidv7();
    const marker = canaries ? ` ⟨canary:${slug}:expense:${expense.key}⟩` : '';
    const note = canaries
      ? `canary:${slug}:expense:${expense.key}:internal-note`
      : 'Checked against the travel policy';
    const decided = expense.status === 'approved' || expense.status === 'rejected';
    await sql`
      INSERT INTO expenses (tenant_id, id, person_id, person_legal_entity_id, person_membership_id, assignment_id,
        project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, project_currency,
        incurred_on, category, amount_minor, currency, description, receipt_reference, rebillable, internal_note,
        status, awaiting, submitted_at, manager_decided_by_membership_id, manager_decided_at, rejection_reason,
        approved_at)
      SELECT a.tenant_id, ${id}, a.person_id, a.person_legal_entity_id, a.person_membership_id, a.id, a.project_id,
        a.contract_id, a.client_id, a.legal_entity_id, a.practice_id, a.region_id, a.portfolio_id, a.currency,
        ${expense.incurredOn}::date, ${expense.category}, ${expense.amountMinor}, ${expense.currency},
        ${expense.description + marker}, ${`RCPT-${expense.incurredOn.replaceAll('-', '')}`}, ${expense.rebillable},
        ${note}, ${expense.status}, ${expense.status === 'submitted' ? 'project_manager' : null},
        ${expense.status === 'draft' ? null : sql`now()`},
        ${decided ? sql`(SELECT m.membership_id FROM people m WHERE m.tenant_id = p.tenant_id AND m.id = p.manager_person_id AND m.id <> a.person_id)` : null},
        ${decided ? sql`now()` : null},
        ${expense.status === 'rejected' ? 'Please attach the invoice, not the order confirmation' : null},
        ${expense.status === 'approved' ? sql`now()` : null}
      FROM assignments a JOIN projects p ON p.tenant_id = a.tenant_id AND p.id = a.project_id
      WHERE a.tenant_id = ${tenantId} AND a.id = ${need(assignments, `${expense.person}/${expense.project}`, 'assignment')}`.execute(
      tx.db,
    );
    tx.audit({
      action: 'expense.created',
      resourceKind: 'expense',
      resourceId: id,
      after: { status: expense.status },
    });
    expenses.set(expense.key, id);
  }
  return { projects, assignments, expenses };
}
