import { addRate, createContact, createContract, createRateCard } from '../../modules/contracts/index.ts';
import { createMembership, createUser } from '../../modules/identity/accounts.ts';
import {
  createClient,
  createPortfolio,
  createPractice,
  createRegion,
  listLegalEntities,
} from '../../modules/organization/index.ts';
import { createMilestone, createProject, createTask, decideMilestone } from '../../modules/projects/index.ts';
import { addCostRate, createPerson } from '../../modules/resources/index.ts';
import { carryPersonMembership, createAssignment } from '../../modules/staffing/index.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { type SegmentDimension, systemContext } from '../../platform/tenancy/tenant-context.ts';
import { type SeededExpenseTenant, seedExpenseWorld } from './seed-expense-world.ts';
import { type SeededBilling, seedWorldBilling } from './world-billing.ts';
import { type SeededLedger, seedTenantLedger, WORLD_LEDGERS } from './world-ledger.ts';
import { DEMO_PASSWORD, PERSONAS, type PersonaMembershipSpec } from './world-personas.ts';
import { type TenantSegmentsSpec, WORLD_SEGMENTS } from './world-segments.ts';
import { type SeededTime, seedTimeWorld } from './world-time.ts';

/** The ids of one firm's seeded records, by the keys of the world spec. */
export interface SeededTenant {
  readonly id: string;
  readonly slug: string;
  readonly segments: Readonly<Record<SegmentDimension, ReadonlyMap<string, string>>>;
  readonly people: ReadonlyMap<string, string>;
  readonly contacts: ReadonlyMap<string, string>;
  readonly contracts: ReadonlyMap<string, string>;
  /** Rate cards: a contract's under the contract's key, the tenant default under `default`. */
  readonly rateCards: ReadonlyMap<string, string>;
  // ---- Delivery: projects and staffing ----
  readonly projects: ReadonlyMap<string, string>;
  readonly tasks: ReadonlyMap<string, string>;
  readonly milestones: ReadonlyMap<string, string>;
  readonly assignments: ReadonlyMap<string, string>;
  /** The firm's ledger (world-ledger.ts); empty for a firm without one. */
  readonly ledger: SeededLedger;
}

/** A persona's user and memberships, in the order of the spec. */
export interface SeededPersona {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly userId: string;
  readonly memberships: readonly { readonly id: string; readonly spec: PersonaMembershipSpec }[];
}

export interface SeededWorld {
  readonly tenants: ReadonlyMap<string, SeededTenant>;
  readonly personas: ReadonlyMap<string, SeededPersona>;
  /** The time of each firm that has some (world-time.ts), by slug. */
  readonly time: ReadonlyMap<string, SeededTime>;
  /** The expense world (seed-expense-world.ts): its projects and expenses by tenant slug, then key. */
  readonly expenseWorld: ReadonlyMap<string, SeededExpenseTenant>;
  /** The invoices of each firm with a ledger (world-billing.ts), by slug. */
  readonly billing: ReadonlyMap<string, SeededBilling>;
}

const JOB = 'world-seed';

/**
 * Seeds the firms' segments, people, cost rates, client contacts, contracts, rate cards and the
 * personas of SCENARIO.md on a platform whose tenants exist. With `canaries`, every name carries a marker of its tenant and key, and
 * every confidential or restricted field a marker too, so a leak is found by searching answers.
 * Returns null, changing nothing, when the personas exist already.
 */
export async function seedReferenceWorld(
  tessera: Tessera,
  options: { canaries: boolean },
): Promise<SeededWorld | null> {
  const first = PERSONAS[0];
  if (
    first &&
    (await tessera.control.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', first.email)
      .executeTakeFirst())
  ) {
    return null;
  }
  const tenants = new Map<string, SeededTenant>();
  for (const [slug, spec] of Object.entries(WORLD_SEGMENTS)) {
    const tenant = await tessera.control.findTenant(slug);
    if (!tenant) throw new Error(`The reference world needs tenant ${slug}`);
    tenants.set(slug, await seedTenantWorld(tessera, tenant.id, slug, spec, options.canaries));
  }
  const personas = new Map<string, SeededPersona>();
  for (const persona of PERSONAS) {
    const userId = await createUser(tessera.control.db, {
      email: persona.email,
      name: persona.name,
      password: DEMO_PASSWORD,
    });
    const memberships = [];
    for (const spec of persona.memberships) {
      const id = await createMembership(
        tessera.control.db,
        await membershipOf(tessera, spec, userId, tenants),
      );
      memberships.push({ id, spec });
      if (spec.tenant && spec.person)
        await linkPerson(tessera, tenants.get(spec.tenant) as SeededTenant, spec.person, id);
    }
    personas.set(persona.key, {
      key: persona.key,
      name: persona.name,
      email: persona.email,
      userId,
      memberships,
    });
  }
  // ---- Time (timesheets module): after the personas, whose memberships book and decide it ----
  const time = new Map<string, SeededTime>();
  for (const tenant of tenants.values()) {
    const members = new Map<string, { membershipId: string; userId: string }>();
    const personaMembers = new Map<string, string>();
    for (const persona of personas.values()) {
      for (const membership of persona.memberships) {
        if (membership.spec.tenant !== tenant.slug) continue;
        personaMembers.set(persona.key, membership.id);
        if (membership.spec.person)
          members.set(membership.spec.person, { membershipId: membership.id, userId: persona.userId });
      }
    }
    const seeded = await seedTimeWorld(
      tessera,
      { ...tenant, tenantId: tenant.id, members, personaMembers },
      options.canaries,
    );
    if (seeded) time.set(tenant.slug, seeded);
  }
  // Expenses (and, until the projects module seeds its own, their projects and assignments): after
  // the personas, whose memberships the assignments and expenses carry.
  const expenseWorld = await seedExpenseWorld(tessera, { tenants, personas }, options.canaries);
  // Billing: after time and expenses, the approved work of the year invoiced per legal entity.
  const billing = new Map<string, SeededBilling>();
  for (const tenant of tenants.values()) {
    const seeded = await seedWorldBilling(tessera, tenant);
    if (seeded) billing.set(tenant.slug, seeded);
  }
  return { tenants, personas, time, expenseWorld, billing };
}

async function seedTenantWorld(
  tessera: Tessera,
  tenantId: string,
  slug: string,
  spec: TenantSegmentsSpec,
  canaries: boolean,
): Promise<SeededTenant> {
  const mark = (kind: string, key: string) => (canaries ? ` ⟨canary:${slug}:${kind}:${key}⟩` : '');
  return tessera.withTenant(systemContext(tenantId, JOB), async (tx) => {
    const { items } = await listLegalEntities(tx, { limit: 200, cursor: null });
    const legalEntities = new Map(
      Object.entries(spec.legalEntities).map(([key, name]) => {
        const entity = items.find((candidate) => candidate.name === name);
        if (!entity) throw new Error(`Legal entity ${name} of ${slug} is missing`);
        return [key, entity.id] as const;
      }),
    );
    const regions = new Map<string, string>();
    for (const region of spec.regions) {
      regions.set(
        region.key,
        (await createRegion(tx, { code: region.code, name: region.name + mark('region', region.key) })).id,
      );
    }
    const practices = new Map<string, string>();
    for (const practice of spec.practices) {
      const parentId = practice.parent ? practices.get(practice.parent) : null;
      const created = await createPractice(tx, {
        code: practice.code,
        name: practice.name + mark('practice', practice.key),
        parentId: parentId ?? null,
      });
      practices.set(practice.key, created.id);
    }
    const clients = new Map<string, string>();
    for (const client of spec.clients) {
      const created = await createClient(tx, {
        name: client.name + mark('client', client.key),
        legalEntityId: legalEntities.get(client.legalEntity) as string,
        regionId: client.region ? (regions.get(client.region) ?? null) : null,
        status: 'active',
        internalNotes: canaries
          ? `canary:${slug}:client:${client.key}:internal-notes`
          : `Account notes for ${client.name}`,
      });
      clients.set(client.key, created.id);
    }
    const portfolios = new Map<string, string>();
    for (const portfolio of spec.portfolios) {
      portfolios.set(
        portfolio.key,
        (await createPortfolio(tx, { name: portfolio.name + mark('portfolio', portfolio.key) })).id,
      );
    }
    const people = new Map<string, string>();
    for (const person of spec.people) {
      const created = await createPerson(tx, {
        name: person.name + mark('person', person.key),
        kind: person.kind,
        legalEntityId: legalEntities.get(person.legalEntity) as string,
        practiceId: person.practice ? (practices.get(person.practice) ?? null) : null,
        ...(person.supplier ? { supplier: person.supplier } : {}),
      });
      people.set(person.key, created.id);
      await addCostRate(tx, created.id, {
        hourlyCost: {
          amountMinor: person.hourlyCostMinor,
          currency: currencyOf(spec, person.legalEntity, items),
        },
        validFrom: '2026-01-01',
        note: canaries ? `canary:${slug}:person:${person.key}:cost` : null,
      });
    }
    // Contacts, contracts and rate cards, through the contracts services (audited like the rest).
    const contacts = new Map<string, string>();
    for (const contact of spec.contacts) {
      const created = await createContact(tx, {
        clientId: clients.get(contact.client) as string,
        name: contact.name + mark('contact', contact.key),
        // Email and phone are confidential: their canaries are scanned like a client's notes.
        email: canaries
          ? `canary:${slug}:contact:${contact.key}:email@canary.example`
          : `${contact.key}.contact@${contact.client}.example`,
        phone: canaries ? `canary:${slug}:contact:${contact.key}:phone` : '+1 555 0100',
        title: contact.title,
        isApprover: true,
      });
      contacts.set(contact.key, created.id);
    }
    const contracts = new Map<string, string>();
    const rateCards = new Map<string, string>();
    for (const contract of spec.contracts) {
      const currency = currencyOf(spec, contract.legalEntity, items);
      const created = await createContract(tx, {
        clientId: clients.get(contract.client) as string,
        legalEntityId: legalEntities.get(contract.legalEntity) as string,
        practiceId: practices.get(contract.practice) as string,
        name: contract.name + mark('contract', contract.key),
        currency,
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
        status: 'active',
      });
      contracts.set(contract.key, created.id);
      if (!contract.rateCard) continue;
      const card = await createRateCard(tx, {
        name: contract.rateCard.name + mark('rate_card', contract.key),
        contractId: created.id,
      });
      rateCards.set(contract.key, card.id);
      await addRate(tx, card.id, {
        role: contract.rateCard.role,
        hourlyRate: { amountMinor: contract.rateCard.roleRateMinor, currency },
        validFrom: '2026-01-01',
      });
      await addRate(tx, card.id, {
        personId: people.get(contract.rateCard.person) as string,
        hourlyRate: { amountMinor: contract.rateCard.personRateMinor, currency },
        validFrom: '2026-01-01',
      });
    }
    const fallback = spec.defaultRateCard;
    const defaultCard = await createRateCard(tx, {
      name: fallback.name + mark('rate_card', 'default'),
      currency: fallback.currency,
    });
    rateCards.set('default', defaultCard.id);
    await addRate(tx, defaultCard.id, {
      role: fallback.role,
      hourlyRate: { amountMinor: fallback.roleRateMinor, currency: fallback.currency },
      validFrom: '2026-01-01',
    });
    const delivery = await seedDelivery(
      tx,
      spec,
      { contracts, practices, portfolios, people },
      mark,
      canaries,
      slug,
    );
    // ---- Ledger (issue 5): charts, entries, a closed month and FX rates, from world-ledger.ts ----
    const ledgerSpec = WORLD_LEDGERS[slug];
    const ledger: SeededLedger = ledgerSpec
      ? await seedTenantLedger(tx, ledgerSpec, legalEntities, (key) => currencyOf(spec, key, items), mark)
      : { accounts: new Map(), entries: new Map(), periods: new Map(), fxRates: new Map() };
    // ---- end of ledger ----
    return {
      id: tenantId,
      slug,
      ledger,
      segments: {
        legal_entity: legalEntities,
        region: regions,
        practice: practices,
        client: clients,
        portfolio: portfolios,
      },
      people,
      contacts,
      contracts,
      rateCards,
      ...delivery,
    };
  });
}

type Transaction = Parameters<Parameters<Tessera['withTenant']>[1]>[0];

/**
 * Projects (confidential notes carry a canary), their tasks and milestones (the first of a firm
 * marked ready for the client), and the staffing of people on them, through the services.
 */
async function seedDelivery(
  tx: Transaction,
  spec: TenantSegmentsSpec,
  ids: {
    contracts: ReadonlyMap<string, string>;
    practices: ReadonlyMap<string, string>;
    portfolios: ReadonlyMap<string, string>;
    people: ReadonlyMap<string, string>;
  },
  mark: (kind: string, key: string) => string,
  canaries: boolean,
  slug: string,
): Promise<Pick<SeededTenant, 'projects' | 'tasks' | 'milestones' | 'assignments'>> {
  const projects = new Map<string, string>();
  const currencies = new Map<string, string>();
  for (const project of spec.projects ?? []) {
    const created = await createProject(tx, {
      contractId: ids.contracts.get(project.contract) as string,
      practiceId: ids.practices.get(project.practice) as string,
      portfolioId: project.portfolio ? (ids.portfolios.get(project.portfolio) ?? null) : null,
      code: project.code,
      name: project.name + mark('project', project.key),
      managerPersonId: project.manager ? (ids.people.get(project.manager) ?? null) : null,
      status: 'active',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      budgetMinutes: 120_000,
      internalNotes: canaries
        ? `canary:${slug}:project:${project.key}:internal-notes`
        : `Delivery risks of ${project.name}`,
    });
    projects.set(project.key, created.id);
    currencies.set(project.key, created.currency);
  }
  const tasks = new Map<string, string>();
  for (const task of spec.tasks ?? []) {
    const created = await createTask(tx, {
      projectId: projects.get(task.project) as string,
      name: task.name + mark('project_task', task.key),
    });
    tasks.set(task.key, created.id);
  }
  const milestones = new Map<string, string>();
  for (const [index, milestone] of (spec.milestones ?? []).entries()) {
    const created = await createMilestone(tx, {
      projectId: projects.get(milestone.project) as string,
      name: milestone.name + mark('project_milestone', milestone.key),
      amount: { amountMinor: milestone.amountMinor, currency: currencies.get(milestone.project) as string },
      dueOn: milestone.dueOn,
    });
    if (index === 0) await decideMilestone(tx, created.id, 'ready');
    milestones.set(milestone.key, created.id);
  }
  const assignments = new Map<string, string>();
  for (const assignment of spec.assignments ?? []) {
    const created = await createAssignment(tx, {
      projectId: projects.get(assignment.project) as string,
      personId: ids.people.get(assignment.person) as string,
      role: assignment.role + mark('assignment', assignment.key),
      allocationPercent: assignment.allocationPercent,
      startsOn: assignment.startsOn,
      endsOn: assignment.endsOn,
    });
    assignments.set(assignment.key, created.id);
  }
  return { projects, tasks, milestones, assignments };
}

function currencyOf(
  spec: TenantSegmentsSpec,
  entityKey: string,
  entities: readonly { name: string; functionalCurrency: string }[],
): string {
  const name = spec.legalEntities[entityKey];
  return entities.find((entity) => entity.name === name)?.functionalCurrency ?? 'USD';
}

async function membershipOf(
  tessera: Tessera,
  spec: PersonaMembershipSpec,
  userId: string,
  tenants: ReadonlyMap<string, SeededTenant>,
) {
  const base = {
    userId,
    kind: spec.kind,
    roles: spec.roles,
    ...(spec.staffType ? { staffType: spec.staffType } : {}),
  };
  if (spec.partner) {
    const partner = await tessera.control.findPartner(spec.partner);
    if (!partner) throw new Error(`Partner ${spec.partner} is missing`);
    return { ...base, partnerId: partner.id };
  }
  if (!spec.tenant) return base;
  const tenant = tenants.get(spec.tenant) as SeededTenant;
  const scope: Partial<Record<SegmentDimension, 'all' | string[]>> = {};
  for (const dimension of ['legal_entity', 'practice', 'region', 'client', 'portfolio'] as const) {
    const keys = spec.scope?.[dimension];
    scope[dimension] = keys ? keys.map((key) => tenant.segments[dimension].get(key) as string) : 'all';
  }
  return { ...base, tenantId: tenant.id, scope };
}

async function linkPerson(
  tessera: Tessera,
  tenant: SeededTenant,
  personKey: string,
  membershipId: string,
): Promise<void> {
  const personId = tenant.people.get(personKey);
  if (!personId) return;
  await tessera.withTenant(systemContext(tenant.id, JOB), async (tx) => {
    await tx.db
      .updateTable('people')
      .set({ membership_id: membershipId })
      .where('tenant_id', '=', tenant.id)
      .where('id', '=', personId)
      .execute();
    tx.audit({
      action: 'person.linked',
      resourceKind: 'person',
      resourceId: personId,
      after: { membershipId },
    });
    await carryPersonMembership(tx, personId);
  });
}
