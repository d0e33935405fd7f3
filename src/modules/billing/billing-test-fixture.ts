import { v7 as uuidv7 } from 'uuid';
import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { addRate, createContract, createRateCard } from '../contracts/index.ts';
import type { BrightpathSegments } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';

/** Jin of Brightpath Inc., staffed on the Globex pricing contract, and where his time goes. */
export interface GlobexPricing {
  readonly personId: string;
  readonly contractId: string;
  readonly projectId: string;
  readonly assignmentId: string;
}

/**
 * Jin (Brightpath Inc., pricing practice) on project G-1 of the Globex pricing contract: time and
 * materials in USD since 2026-01-01, its rate card billing Jin at 100.00 an hour.
 */
export async function seedGlobexPricing(
  tx: TenantTransaction,
  b: BrightpathSegments,
): Promise<GlobexPricing> {
  const person = await createPerson(tx, {
    name: 'Jin',
    email: 'jin@brightpath.example',
    kind: 'employee',
    legalEntityId: b.inc,
    practiceId: b.pricing,
    membershipId: uuidv7(),
  });
  const contract = await createContract(tx, {
    name: 'Globex pricing',
    clientId: b.globex,
    legalEntityId: b.inc,
    practiceId: b.pricing,
    currency: 'USD',
    billingModel: 'time_and_materials',
    startsOn: '2026-01-01',
    status: 'active',
  });
  const card = await createRateCard(tx, { name: 'Globex', contractId: contract.id });
  await addRate(tx, card.id, {
    personId: person.id,
    hourlyRate: { amountMinor: 10000, currency: 'USD' },
    validFrom: '2026-01-01',
  });
  const projectId = await insertProjectRow(tx, {
    contractId: contract.id,
    practiceId: b.pricing,
    code: 'G-1',
  });
  const assignmentId = await insertAssignmentRow(tx, { personId: person.id, projectId });
  return { personId: person.id, contractId: contract.id, projectId, assignmentId };
}
