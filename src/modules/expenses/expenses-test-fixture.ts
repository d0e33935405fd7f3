import { sql } from 'kysely';
import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { createContact, createContract } from '../contracts/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';

/** The memberships the scenario links to its people and its client's approver contact. */
export interface ExpenseMemberships {
  /** Lee, consultant of Brightpath Ltd in Technology. */
  readonly consultant: string;
  /** Mia, of Brightpath Inc. in Strategy: manages both projects. */
  readonly manager: string;
  /** Lou, of Brightpath Inc.: leads the Strategy practice. */
  readonly lead: string;
  /** Globex's approver contact. */
  readonly client: string;
}

export interface ExpenseScenario {
  readonly segments: BrightpathSegments;
  readonly people: { readonly lee: string; readonly mia: string; readonly lou: string };
  /** GLOBEX-1: Globex contract (Inc, USD, client approval required), project in Strategy. */
  readonly globexProject: string;
  /** INITECH-1: Initech contract (Ltd, GBP, no client approval), project in Cloud. */
  readonly initechProject: string;
  readonly globexContract: string;
  readonly initechContract: string;
}

/**
 * Brightpath's segments, three people linked to the memberships `membershipsOf` gives (it is told
 * the segments, to scope them), two contracts and their
 * projects, Globex's approver contact linked to the client membership, and the assignments of Lee
 * (both projects) and Mia (Globex) from 2026-01-01 to 2026-06-30. `marker` prefixes names.
 */
export async function seedExpenseScenario(
  tessera: Tessera,
  tenantId: string,
  membershipsOf: (segments: BrightpathSegments) => Promise<ExpenseMemberships>,
  marker = '',
): Promise<ExpenseScenario> {
  const segments = await seedBrightpath(tessera, tenantId, marker);
  const s = segments;
  const memberships = await membershipsOf(segments);
  return tessera.withTenant(staff(tenantId), async (tx) => {
    const person = async (name: string, legalEntityId: string, practiceId: string, membershipId: string) =>
      (
        await createPerson(tx, {
          name: `${marker}${name}`,
          kind: 'employee',
          legalEntityId,
          practiceId,
          membershipId,
        })
      ).id;
    const lee = await person('Lee Morgan', s.ltd, s.technology, memberships.consultant);
    const mia = await person('Mia Santos', s.inc, s.strategy, memberships.manager);
    const lou = await person('Lou Grant', s.inc, s.strategy, memberships.lead);
    await sql`UPDATE practices SET lead_person_id = ${lou} WHERE tenant_id = ${tenantId} AND id = ${s.strategy}`.execute(
      tx.db,
    );
    tx.audit({ action: 'practice.updated', resourceKind: 'practice', resourceId: s.strategy });
    const globexContract = (
      await createContract(tx, {
        clientId: s.globex,
        legalEntityId: s.inc,
        practiceId: s.strategy,
        name: `${marker}Globex T&M`,
        currency: 'USD',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
        clientApprovalRequired: true,
        status: 'active',
      })
    ).id;
    const initechContract = (
      await createContract(tx, {
        clientId: s.initech,
        legalEntityId: s.ltd,
        practiceId: s.technology,
        name: `${marker}Initech cloud`,
        currency: 'GBP',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
        status: 'active',
      })
    ).id;
    const contact = await createContact(tx, {
      clientId: s.globex,
      name: `${marker}Ava Brooks`,
      isApprover: true,
    });
    await sql`UPDATE contacts SET membership_id = ${memberships.client}
      WHERE tenant_id = ${tenantId} AND id = ${contact.id}`.execute(tx.db);
    tx.audit({ action: 'contact.linked', resourceKind: 'contact', resourceId: contact.id });
    const globexProject = await insertProjectRow(tx, {
      contractId: globexContract,
      practiceId: s.strategy,
      portfolioId: s.growth,
      code: 'GLOBEX-1',
      managerPersonId: mia,
      internalNotes: `canary:${marker || 'brightpath'}:project:globex:notes`,
    });
    const initechProject = await insertProjectRow(tx, {
      contractId: initechContract,
      practiceId: s.cloud,
      portfolioId: s.run,
      code: 'INITECH-1',
      managerPersonId: mia,
    });
    const dates = { startsOn: '2026-01-01', endsOn: '2026-06-30' };
    await insertAssignmentRow(tx, { projectId: globexProject, personId: lee, ...dates });
    await insertAssignmentRow(tx, { projectId: initechProject, personId: lee, ...dates });
    await insertAssignmentRow(tx, { projectId: globexProject, personId: mia, ...dates });
    return {
      segments,
      people: { lee, mia, lou },
      globexProject,
      initechProject,
      globexContract,
      initechContract,
    };
  });
}
