import { sql } from 'kysely';
import { addRate, createContact, createContract, createRateCard } from '../../modules/contracts/index.ts';
import { createClient } from '../../modules/organization/index.ts';
import { createMilestone, createProject, createTask, decideMilestone } from '../../modules/projects/index.ts';
import { addCostRate, createPerson } from '../../modules/resources/index.ts';
import { createAssignment } from '../../modules/staffing/index.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { systemContext, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import type { SeededTenant } from '../world/seed-world.ts';
import {
  DATASET_CLIENTS,
  DATASET_CONTRACTS,
  DATASET_PEOPLE,
  DATASET_PROJECTS,
  DATASET_SEED,
  type DatasetProject,
} from './dataset-spec.ts';
import { insertExpenses, insertTimeHistory } from './insert-history.ts';
import { planTime } from './plan-time.ts';

const JOB = 'demo-dataset';
const STAFFED_FROM = '2026-08-31';
const STAFFED_UNTIL = '2026-12-31';

/** What the dataset seeded, counted (printed by the demo, checked by its test). */
export interface DatasetSummary {
  readonly people: number;
  readonly clients: number;
  readonly contracts: number;
  readonly projects: number;
  readonly assignments: number;
  readonly timesheets: number;
  readonly timeEntries: number;
  readonly expenses: number;
}

/** Ids of the seeded records by their keys in the spec. */
export interface DatasetIds {
  readonly people: Map<string, string>;
  readonly clients: Map<string, string>;
  readonly contracts: Map<string, string>;
  readonly projects: Map<string, string>;
  readonly tasks: Map<string, string>;
  readonly assignments: Map<string, string>;
  /** Milestones the spec marks accepted, awaiting the client's acceptance once seeded. */
  readonly toAccept: string[];
}

/**
 * Seeds the demo's professional-services dataset (dataset-spec.ts) into Brightpath, on top of
 * the reference world: people, clients and contacts, contracts with rate cards, projects with
 * tasks, milestones and staffing through the services; then thirteen weeks of time (approved,
 * the last week awaiting approval) and expenses generated from the seed, written as history.
 */
export async function seedDataset(tessera: Tessera, brightpath: SeededTenant): Promise<DatasetSummary> {
  const system = systemContext(brightpath.id, JOB);
  const ids: DatasetIds = {
    people: new Map(brightpath.people),
    clients: new Map(brightpath.segments.client),
    contracts: new Map(),
    projects: new Map(),
    tasks: new Map(),
    assignments: new Map(),
    toAccept: [],
  };
  const segment = (dimension: keyof SeededTenant['segments'], key: string) => {
    const id = brightpath.segments[dimension].get(key);
    if (!id) throw new Error(`the reference world has no ${dimension} "${key}"`);
    return id;
  };
  await tessera.withTenant(system, async (tx) => {
    await seedPeople(tx, ids, segment);
    await seedClientsAndContracts(tx, ids, segment);
    for (const project of DATASET_PROJECTS) await seedProject(tx, ids, project, segment);
  });
  await acceptFirstMilestones(tessera, brightpath.id, ids);
  const plan = planTime(DATASET_SEED);
  const written = await tessera.withTenant(system, async (tx) => ({
    ...(await insertTimeHistory(tx, plan, ids)),
    expenses: await insertExpenses(tx, plan, ids),
  }));
  return {
    people: DATASET_PEOPLE.length,
    clients: DATASET_CLIENTS.length,
    contracts: DATASET_CONTRACTS.length,
    projects: DATASET_PROJECTS.length,
    assignments: ids.assignments.size,
    ...written,
  };
}

type SegmentOf = (dimension: keyof SeededTenant['segments'], key: string) => string;

async function seedPeople(tx: TenantTransaction, ids: DatasetIds, segment: SegmentOf): Promise<void> {
  for (const person of DATASET_PEOPLE) {
    const created = await createPerson(tx, {
      name: person.name,
      email: `${person.key}@brightpath.example`,
      kind: person.kind,
      legalEntityId: segment('legal_entity', person.legalEntity),
      practiceId: segment('practice', person.practice),
      role: person.role,
      skills: person.skills,
      supplier: person.supplier ?? null,
    });
    await addCostRate(tx, created.id, {
      hourlyCost: {
        amountMinor: person.hourlyCostMinor,
        currency: person.legalEntity === 'inc' ? 'USD' : 'GBP',
      },
      validFrom: '2026-01-01',
    });
    ids.people.set(person.key, created.id);
  }
}

async function seedClientsAndContracts(
  tx: TenantTransaction,
  ids: DatasetIds,
  segment: SegmentOf,
): Promise<void> {
  for (const client of DATASET_CLIENTS) {
    const created = await createClient(tx, {
      name: client.name,
      legalEntityId: segment('legal_entity', client.legalEntity),
      regionId: segment('region', client.region),
    });
    await createContact(tx, { clientId: created.id, ...client.contact, isApprover: true });
    ids.clients.set(client.key, created.id);
  }
  for (const contract of DATASET_CONTRACTS) {
    const clientId = ids.clients.get(contract.client);
    if (!clientId) throw new Error(`no client "${contract.client}"`);
    const created = await createContract(tx, {
      name: contract.name,
      clientId,
      legalEntityId: segment('legal_entity', contract.legalEntity),
      practiceId: segment('practice', contract.practice),
      currency: contract.currency,
      billingModel: contract.billingModel,
      startsOn: contract.startsOn,
      endsOn: contract.endsOn,
      cap: contract.capMinor ? { amountMinor: contract.capMinor, currency: contract.currency } : null,
      clientApprovalRequired: contract.clientApprovalRequired ?? false,
      status: 'active',
    });
    ids.contracts.set(contract.key, created.id);
    if (!contract.rates) continue;
    const card = await createRateCard(tx, { name: `${contract.name} rates`, contractId: created.id });
    for (const [role, amountMinor] of Object.entries(contract.rates))
      await addRate(tx, card.id, {
        role,
        hourlyRate: { amountMinor, currency: contract.currency },
        validFrom: contract.startsOn,
      });
  }
}

async function seedProject(
  tx: TenantTransaction,
  ids: DatasetIds,
  project: DatasetProject,
  segment: SegmentOf,
): Promise<void> {
  const contract = DATASET_CONTRACTS.find((c) => c.key === project.contract);
  const contractId = ids.contracts.get(project.contract);
  if (!contract || !contractId) throw new Error(`no contract "${project.contract}"`);
  const created = await createProject(tx, {
    contractId,
    practiceId: segment('practice', project.practice),
    portfolioId: segment('portfolio', project.portfolio),
    code: project.code,
    name: project.name,
    managerPersonId: ids.people.get(project.manager) ?? null,
    status: 'active',
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    budgetMinutes: project.budgetHours * 60,
  });
  ids.projects.set(project.code, created.id);
  for (const name of project.tasks) {
    const task = await createTask(tx, { projectId: created.id, name });
    ids.tasks.set(`${project.code}/${name}`, task.id);
  }
  for (const milestone of project.milestones ?? []) {
    const made = await createMilestone(tx, {
      projectId: created.id,
      name: milestone.name,
      amount: { amountMinor: milestone.amountMinor, currency: contract.currency },
      dueOn: milestone.dueOn,
    });
    if (milestone.state !== 'planned') await decideMilestone(tx, made.id, 'ready');
    if (milestone.state === 'accepted') ids.toAccept.push(made.id);
  }
  for (const [person, allocationPercent] of Object.entries(project.staffing)) {
    const personId = ids.people.get(person);
    if (!personId) throw new Error(`no person "${person}"`);
    const assignment = await createAssignment(tx, {
      projectId: created.id,
      personId,
      allocationPercent,
      startsOn: STAFFED_FROM,
      endsOn: STAFFED_UNTIL,
    });
    ids.assignments.set(`${project.code}/${person}`, assignment.id);
  }
}

/**
 * The client's acceptance of the milestones the spec marks accepted, received in writing and
 * recorded by the tenant administrator (her membership decides, as the audit trail shows).
 */
async function acceptFirstMilestones(tessera: Tessera, tenantId: string, ids: DatasetIds): Promise<void> {
  const recorder = await tessera.withTenant(
    systemContext(tenantId, JOB),
    async (tx) =>
      (
        await sql<{ membership_id: string | null }>`
          SELECT membership_id FROM people WHERE tenant_id = ${tenantId} AND id = ${ids.people.get('priya') ?? null}`.execute(
          tx.db,
        )
      ).rows[0]?.membership_id ?? null,
    { readOnly: true },
  );
  if (!recorder) throw new Error('the tenant administrator of the reference world has no membership');
  const ctx: TenantContext = {
    ...systemContext(tenantId, JOB),
    actor: { kind: 'user', id: JOB, membershipId: recorder },
  };
  await tessera.withTenant(ctx, async (tx) => {
    for (const id of ids.toAccept)
      await decideMilestone(tx, id, 'accept', 'Acceptance letter received from the client');
  });
}
