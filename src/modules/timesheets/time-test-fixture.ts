import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  insertAssignmentRow,
  insertProjectRow,
  insertTaskRow,
} from '../../../test/support/delivery-fixture.ts';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import type { TestTessera } from '../../../test/support/test-tessera.ts';
import type { SegmentScope, TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { FULL_SCOPE } from '../../platform/tenancy/tenant-context.ts';
import { createContact, createContract } from '../contracts/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';
import { replaceApprovalChain } from './approval-chain.service.ts';

/** The memberships of the time fixture's people (and of a client approver), by name. */
export interface TimeMembers {
  readonly jin: string;
  readonly lee: string;
  readonly elena: string;
  readonly omar: string;
  readonly ava: string;
}

export interface TimeWorld {
  readonly tenantId: string;
  readonly otherTenantId: string;
  readonly b: BrightpathSegments;
  readonly members: TimeMembers;
  readonly people: {
    readonly jin: string;
    readonly lee: string;
    readonly elena: string;
    readonly omar: string;
  };
  readonly projects: { readonly globex: string; readonly initech: string };
  readonly tasks: { readonly discovery: string; readonly internal: string };
  readonly contracts: { readonly globex: string; readonly initech: string };
}

/**
 * Brightpath for time tests: Jin (Inc, Cloud) staffed on a Globex pricing project (Inc, Pricing,
 * portfolio Growth; its contract requires the client's approval) and an Initech cloud project
 * (Ltd, Cloud: inter-company for Jin); Lee (Ltd, Data) on Initech; Elena (Ltd, lead of Strategy)
 * on Globex; Omar (Inc, Pricing) manages both; Ava approves for Globex. The chain: the project
 * manager, the practice lead over 40 hours, the client where the contract requires it.
 * `membersOf` may give real memberships (of signed-in test identities); otherwise ids are random.
 */
export async function seedTimeFixture(
  t: TestTessera,
  membersOf?: (tenantId: string, b: BrightpathSegments) => Promise<Partial<TimeMembers>>,
): Promise<TimeWorld> {
  const tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const otherTenantId = await createTestTenant(t.tessera, { name: 'Kestrel' });
  const b = await seedBrightpath(t.tessera, tenantId);
  await seedBrightpath(t.tessera, otherTenantId, 'Kestrel ');
  const given = membersOf ? await membersOf(tenantId, b) : {};
  const members: TimeMembers = {
    jin: given.jin ?? uuidv7(),
    lee: given.lee ?? uuidv7(),
    elena: given.elena ?? uuidv7(),
    omar: given.omar ?? uuidv7(),
    ava: given.ava ?? uuidv7(),
  };
  return t.tessera.withTenant(staff(tenantId), async (tx) => {
    const person = async (name: string, legalEntityId: string, practiceId: string, membershipId: string) =>
      (
        await createPerson(tx, {
          name,
          email: `${name.toLowerCase()}@brightpath.example`,
          kind: 'employee',
          legalEntityId,
          practiceId,
          membershipId,
        })
      ).id;
    const people = {
      jin: await person('Jin', b.inc, b.cloud, members.jin),
      lee: await person('Lee', b.ltd, b.data, members.lee),
      elena: await person('Elena', b.ltd, b.strategy, members.elena),
      omar: await person('Omar', b.inc, b.pricing, members.omar),
    };
    await sql`UPDATE practices SET lead_person_id = ${people.elena} WHERE tenant_id = ${tenantId} AND id = ${b.strategy}`.execute(
      tx.db,
    );
    const contract = (
      name: string,
      clientId: string,
      legalEntityId: string,
      practiceId: string,
      client: boolean,
    ) =>
      createContract(tx, {
        name,
        clientId,
        legalEntityId,
        practiceId,
        currency: 'USD',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
        status: 'active',
        clientApprovalRequired: client,
      });
    const contracts = {
      globex: (await contract('Globex pricing', b.globex, b.inc, b.pricing, true)).id,
      initech: (await contract('Initech cloud', b.initech, b.ltd, b.cloud, false)).id,
    };
    const contact = await createContact(tx, {
      clientId: b.globex,
      name: 'Globex approver',
      isApprover: true,
    });
    await sql`UPDATE contacts SET membership_id = ${members.ava} WHERE tenant_id = ${tenantId} AND id = ${contact.id}`.execute(
      tx.db,
    );
    const projects = {
      globex: await insertProjectRow(tx, {
        contractId: contracts.globex,
        practiceId: b.pricing,
        portfolioId: b.growth,
        code: 'GLOBEX-1',
        managerPersonId: people.omar,
      }),
      initech: await insertProjectRow(tx, {
        contractId: contracts.initech,
        practiceId: b.cloud,
        code: 'INITECH-1',
        managerPersonId: people.omar,
      }),
    };
    const tasks = {
      discovery: await insertTaskRow(tx, projects.globex, 'Discovery'),
      internal: await insertTaskRow(tx, projects.initech, 'Internal'),
    };
    await sql`UPDATE project_tasks SET billable = false WHERE tenant_id = ${tenantId} AND id = ${tasks.internal}`.execute(
      tx.db,
    );
    for (const [personId, projectId] of [
      [people.jin, projects.globex],
      [people.jin, projects.initech],
      [people.elena, projects.globex],
      [people.lee, projects.initech],
    ] as const)
      await insertAssignmentRow(tx, { personId, projectId });
    await replaceApprovalChain(tx, [
      { approver: 'project_manager' },
      { approver: 'practice_lead', condition: 'week_over_threshold', thresholdMinutes: 2400 },
      { approver: 'client', condition: 'contract_requires_client' },
    ]);
    return { tenantId, otherTenantId, b, members, people, projects, tasks, contracts };
  });
}

/** The context of a member acting in the tenant: full scope and confidential clearance unless narrowed. */
export function member(
  world: TimeWorld,
  membershipId: string,
  scope: Partial<SegmentScope> = {},
  clearance: TenantContext['clearance'] = 'confidential',
): TenantContext {
  return {
    tenantId: world.tenantId,
    actor: { kind: 'user', id: `user-of-${membershipId}`, membershipId },
    scope: { ...FULL_SCOPE, ...scope },
    clearance,
    requestId: null,
    grantId: null,
  };
}
