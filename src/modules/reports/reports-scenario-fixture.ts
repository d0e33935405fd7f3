import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import { insertTimeEntryRow, setPersonCapacity } from '../../../test/support/time-fixture.ts';
import type { Tessera } from '../../platform/runtime.ts';
import { addRate, createContract, createRateCard } from '../contracts/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { addCostRate, createPerson } from '../resources/index.ts';

/**
 * The known-answer scenario of the reports (its figures are worked out by hand in
 * reports.known-answer.test.ts). Period of interest: Monday 2 to Friday 13 March 2026 (10 working
 * days).
 *
 * People (weekly capacity, role, cost rates):
 *   Ana  Inc, Strategy    2400  consultant  USD 60.00/h until 8 March, 66.00/h from 9 March
 *   Ben  Ltd, Strategy    1200  analyst     GBP 40.00/h
 *   Cai  Inc, Technology  2400  consultant  USD 50.00/h
 *   Dee  Inc, Technology  1800  designer    none
 * Contracts and bill rates:
 *   C1 Globex strategy (Inc, Strategy, USD), its card: Ana 150.00/h until 9 March, 160.00/h from
 *      10 March; role consultant 120.00/h
 *   C2 Globex run (Inc, Technology, USD), no card
 *   tenant default card USD: role consultant 100.00/h, role analyst 90.00/h, Cai 110.00/h
 * Projects and assignments (role on the assignment, when any):
 *   STRAT (C1, Strategy): Ana; Ben as consultant
 *   RUN   (C2, Technology): Cai; Ana as analyst
 *   LAB   (C2, Technology): Dee
 */
export interface ReportScenario {
  readonly segments: BrightpathSegments;
  readonly people: { readonly ana: string; readonly ben: string; readonly cai: string; readonly dee: string };
  readonly projects: { readonly strat: string; readonly run: string; readonly lab: string };
  readonly contracts: { readonly c1: string; readonly c2: string };
}

export async function seedReportScenario(
  tessera: Tessera,
  tenantId: string,
  marker = '',
): Promise<ReportScenario> {
  const segments = await seedBrightpath(tessera, tenantId, marker);
  const s = segments;
  return tessera.withTenant(staff(tenantId, {}, 'restricted'), async (tx) => {
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    const person = async (
      name: string,
      legalEntityId: string,
      practiceId: string,
      capacity: number,
      role: string,
    ) => {
      const id = (
        await createPerson(tx, { name: `${marker}${name}`, kind: 'employee', legalEntityId, practiceId })
      ).id;
      await setPersonCapacity(tx, id, { capacityMinutesPerWeek: capacity, role });
      return id;
    };
    const ana = await person('Ana Lima', s.inc, s.strategy, 2400, 'consultant');
    const ben = await person('Ben Okafor', s.ltd, s.strategy, 1200, 'analyst');
    const cai = await person('Cai Wen', s.inc, s.technology, 2400, 'consultant');
    const dee = await person('Dee Park', s.inc, s.technology, 1800, 'designer');
    await addCostRate(tx, ana, { hourlyCost: usd(6000), validFrom: '2026-01-01', validUntil: '2026-03-08' });
    await addCostRate(tx, ana, { hourlyCost: usd(6600), validFrom: '2026-03-09' });
    await addCostRate(tx, ben, {
      hourlyCost: { amountMinor: 4000, currency: 'GBP' },
      validFrom: '2026-01-01',
    });
    await addCostRate(tx, cai, { hourlyCost: usd(5000), validFrom: '2026-01-01' });

    const contract = (name: string, practiceId: string) =>
      createContract(tx, {
        name: `${marker}${name}`,
        clientId: s.globex,
        legalEntityId: s.inc,
        practiceId,
        currency: 'USD',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
        status: 'active',
      });
    const c1 = (await contract('Globex strategy', s.strategy)).id;
    const c2 = (await contract('Globex run', s.technology)).id;
    const card = (await createRateCard(tx, { name: 'Globex strategy rates', contractId: c1 })).id;
    await addRate(tx, card, {
      personId: ana,
      hourlyRate: usd(15000),
      validFrom: '2026-01-01',
      validUntil: '2026-03-09',
    });
    await addRate(tx, card, { personId: ana, hourlyRate: usd(16000), validFrom: '2026-03-10' });
    await addRate(tx, card, { role: 'consultant', hourlyRate: usd(12000), validFrom: '2026-01-01' });
    const fallback = (await createRateCard(tx, { name: 'Standard USD', currency: 'USD' })).id;
    await addRate(tx, fallback, { role: 'consultant', hourlyRate: usd(10000), validFrom: '2026-01-01' });
    await addRate(tx, fallback, { role: 'analyst', hourlyRate: usd(9000), validFrom: '2026-01-01' });
    await addRate(tx, fallback, { personId: cai, hourlyRate: usd(11000), validFrom: '2026-01-01' });

    const strat = await insertProjectRow(tx, { contractId: c1, practiceId: s.strategy, code: 'STRAT' });
    const run = await insertProjectRow(tx, { contractId: c2, practiceId: s.technology, code: 'RUN' });
    const lab = await insertProjectRow(tx, { contractId: c2, practiceId: s.technology, code: 'LAB' });
    const assign = (projectId: string, personId: string, role: string | null = null) =>
      insertAssignmentRow(tx, { projectId, personId, role });
    const anaStrat = await assign(strat, ana);
    const benStrat = await assign(strat, ben, 'consultant');
    const caiRun = await assign(run, cai);
    const anaRun = await assign(run, ana, 'analyst');
    const deeLab = await assign(lab, dee);

    type Status = 'draft' | 'submitted' | 'approved' | 'rejected';
    const entry = (
      assignmentId: string,
      workDate: string,
      minutes: number,
      billable: boolean,
      status: Status,
    ) => insertTimeEntryRow(tx, { assignmentId, workDate, minutes, billable, status });
    await entry(anaStrat, '2026-02-27', 480, true, 'approved'); // before the period
    await entry(anaStrat, '2026-03-02', 480, true, 'approved');
    await entry(anaStrat, '2026-03-03', 480, true, 'approved');
    await entry(anaStrat, '2026-03-10', 240, true, 'submitted');
    await entry(anaStrat, '2026-03-11', 60, false, 'approved');
    await entry(anaStrat, '2026-03-12', 120, true, 'draft'); // not counted
    await entry(anaRun, '2026-03-04', 300, true, 'approved');
    await entry(benStrat, '2026-03-05', 420, true, 'approved');
    await entry(benStrat, '2026-03-06', 120, true, 'rejected'); // not counted
    await entry(caiRun, '2026-03-09', 480, true, 'approved');
    await entry(caiRun, '2026-03-13', 200, false, 'approved');
    await entry(caiRun, '2026-03-14', 240, true, 'approved'); // a Saturday after the period
    await entry(deeLab, '2026-03-12', 60, true, 'approved');
    return { segments, people: { ana, ben, cai, dee }, projects: { strat, run, lab }, contracts: { c1, c2 } };
  });
}
