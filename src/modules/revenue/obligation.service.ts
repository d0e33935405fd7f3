import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import { lockContract } from './contract-balance.ts';
import { allocateByStandalonePrice } from './recognition-math.ts';

export const OBLIGATION_KINDS = [
  'time_and_materials',
  'milestone',
  'fixed_fee_percent_complete',
  'ratable',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export interface ObligationInput {
  readonly name: string;
  readonly kind: ObligationKind;
  readonly standaloneSellingPriceMinor?: number;
  readonly projectId?: string;
  readonly milestoneId?: string;
  readonly serviceStart?: string;
  readonly serviceEnd?: string;
  readonly estimatedTotalCostMinor?: number;
  readonly costCurrency?: string;
}

export interface DefineObligationsInput {
  /** The bundle's price, allocated to the priced obligations by standalone selling price. */
  readonly priceMinor?: number;
  readonly obligations: readonly ObligationInput[];
}

export interface PerformanceObligation {
  readonly id: string;
  readonly contractId: string;
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly bundleId: string;
  readonly name: string;
  readonly kind: ObligationKind;
  readonly currency: string;
  readonly standaloneSellingPriceMinor: number | null;
  readonly allocatedPriceMinor: number | null;
  readonly projectId: string | null;
  readonly milestoneId: string | null;
  readonly serviceStart: string | null;
  readonly serviceEnd: string | null;
  readonly estimatedTotalCostMinor: number | null;
  readonly costCurrency: string | null;
  readonly createdAt: string;
}

export interface ObligationRow {
  id: string;
  contract_id: string;
  legal_entity_id: string;
  client_id: string;
  bundle_id: string;
  name: string;
  kind: ObligationKind;
  currency: string;
  standalone_selling_price_minor: string | bigint | null;
  allocated_price_minor: string | bigint | null;
  project_id: string | null;
  milestone_id: string | null;
  service_start: string | Date | null;
  service_end: string | Date | null;
  estimated_total_cost_minor: string | bigint | null;
  cost_currency: string | null;
  created_at: Date | string;
}

export const OBLIGATION_COLUMNS = sql`o.id, o.contract_id, o.legal_entity_id, o.client_id, o.bundle_id, o.name, o.kind,
  o.currency, o.standalone_selling_price_minor, o.allocated_price_minor, o.project_id, o.milestone_id,
  to_char(o.service_start, 'YYYY-MM-DD') AS service_start, to_char(o.service_end, 'YYYY-MM-DD') AS service_end,
  o.estimated_total_cost_minor, o.cost_currency, o.created_at`;

const optionalNumber = (value: string | bigint | null) => (value === null ? null : Number(value));
const day = (value: string | Date | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);

export function presentObligation(row: ObligationRow): PerformanceObligation {
  return {
    id: row.id,
    contractId: row.contract_id,
    legalEntityId: row.legal_entity_id,
    clientId: row.client_id,
    bundleId: row.bundle_id,
    name: row.name,
    kind: row.kind,
    currency: row.currency.trim(),
    standaloneSellingPriceMinor: optionalNumber(row.standalone_selling_price_minor),
    allocatedPriceMinor: optionalNumber(row.allocated_price_minor),
    projectId: row.project_id,
    milestoneId: row.milestone_id,
    serviceStart: day(row.service_start),
    serviceEnd: day(row.service_end),
    estimatedTotalCostMinor: optionalNumber(row.estimated_total_cost_minor),
    costCurrency: row.cost_currency?.trim() ?? null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** The performance obligations of a contract; NOT_FOUND when the contract is not visible. */
export async function listObligations(
  tx: TenantTransaction,
  contractId: string,
): Promise<PerformanceObligation[]> {
  const visible =
    await sql`SELECT 1 FROM contracts WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${contractId}`.execute(
      tx.db,
    );
  if (visible.rows.length === 0) throw new AppError('NOT_FOUND', { resource: 'contract', id: contractId });
  return (
    await sql<ObligationRow>`SELECT ${OBLIGATION_COLUMNS} FROM performance_obligations o
      WHERE o.tenant_id = ${tx.ctx.tenantId} AND o.contract_id = ${contractId} ORDER BY o.id`.execute(tx.db)
  ).rows.map(presentObligation);
}

/** The problems of one obligation's fields for its kind (paths under `/body/obligations/i`). */
function kindProblems(input: ObligationInput, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const need = (field: keyof ObligationInput, present: boolean, why: string) => {
    if (!present) problems.push({ path: `${at}/${field}`, message: why });
  };
  const forbid = (field: keyof ObligationInput) => {
    if (input[field] !== undefined)
      problems.push({ path: `${at}/${field}`, message: `not for a ${input.kind} obligation` });
  };
  const priced = input.kind !== 'time_and_materials';
  if (priced)
    need('standaloneSellingPriceMinor', input.standaloneSellingPriceMinor !== undefined, 'required');
  else forbid('standaloneSellingPriceMinor');
  if (input.kind === 'time_and_materials' || input.kind === 'fixed_fee_percent_complete')
    need('projectId', input.projectId !== undefined, 'required');
  else forbid('projectId');
  if (input.kind === 'milestone') need('milestoneId', input.milestoneId !== undefined, 'required');
  else forbid('milestoneId');
  if (input.kind === 'ratable') {
    need('serviceStart', input.serviceStart !== undefined, 'required');
    need('serviceEnd', input.serviceEnd !== undefined, 'required');
    if (input.serviceStart && input.serviceEnd && input.serviceEnd < input.serviceStart)
      problems.push({ path: `${at}/serviceEnd`, message: 'before serviceStart' });
  } else {
    forbid('serviceStart');
    forbid('serviceEnd');
  }
  if (input.kind === 'fixed_fee_percent_complete') {
    need('estimatedTotalCostMinor', input.estimatedTotalCostMinor !== undefined, 'required');
    need('costCurrency', input.costCurrency !== undefined, 'required');
  } else {
    forbid('estimatedTotalCostMinor');
    forbid('costCurrency');
  }
  return problems;
}

/**
 * Defines performance obligations of a contract as one bundle: the priced obligations (all but
 * time and materials, whose consideration is variable and stays its own) share `priceMinor`,
 * allocated by standalone selling price (`allocateByStandalonePrice`). Projects and milestones
 * must be the contract's. Refused (422) once the contract has an issued invoice: those invoices
 * credited revenue directly, and recognizing the same work again would count it twice.
 */
export async function defineObligations(
  tx: TenantTransaction,
  contractId: string,
  input: DefineObligationsInput,
): Promise<PerformanceObligation[]> {
  const tenantId = tx.ctx.tenantId;
  const contract = await lockContract(tx, contractId);
  const problems: FieldProblem[] = input.obligations.flatMap((obligation, index) =>
    kindProblems(obligation, `/body/obligations/${index}`),
  );
  const priced = input.obligations.flatMap((obligation, index) =>
    obligation.kind === 'time_and_materials' ? [] : [index],
  );
  if (priced.length > 0 && input.priceMinor === undefined)
    problems.push({ path: '/body/priceMinor', message: 'required with priced obligations' });
  if (priced.length === 0 && input.priceMinor !== undefined)
    problems.push({ path: '/body/priceMinor', message: 'no priced obligation to allocate it to' });
  if (
    priced.length > 0 &&
    priced.every((index) => (input.obligations[index]?.standaloneSellingPriceMinor ?? 0) === 0)
  )
    problems.push({
      path: '/body/obligations',
      message: 'at least one standalone selling price is positive',
    });
  const seen = new Map<string, number>();
  for (const [index, obligation] of input.obligations.entries()) {
    const at = `/body/obligations/${index}`;
    const ref = obligation.projectId ?? obligation.milestoneId;
    if (ref !== undefined) {
      if (seen.has(ref)) problems.push({ path: at, message: 'the same project or milestone twice' });
      seen.set(ref, index);
    }
    const takesProject =
      obligation.kind === 'time_and_materials' || obligation.kind === 'fixed_fee_percent_complete';
    if (obligation.projectId && takesProject) {
      const project = (
        await sql<{
          contract_id: string;
          taken: boolean;
        }>`SELECT p.contract_id, EXISTS (SELECT 1 FROM performance_obligations o
            WHERE o.tenant_id = p.tenant_id AND o.project_id = p.id) AS taken
          FROM projects p WHERE p.tenant_id = ${tenantId} AND p.id = ${obligation.projectId}`.execute(tx.db)
      ).rows[0];
      if (!project || project.contract_id !== contractId)
        problems.push({ path: `${at}/projectId`, message: 'no such project of this contract' });
      else if (project.taken)
        problems.push({ path: `${at}/projectId`, message: 'already has a performance obligation' });
    }
    if (obligation.milestoneId && obligation.kind === 'milestone') {
      const milestone = (
        await sql<{
          contract_id: string;
          taken: boolean;
        }>`SELECT m.contract_id, EXISTS (SELECT 1 FROM performance_obligations o
            WHERE o.tenant_id = m.tenant_id AND o.milestone_id = m.id) AS taken
          FROM project_milestones m WHERE m.tenant_id = ${tenantId} AND m.id = ${obligation.milestoneId}`.execute(
          tx.db,
        )
      ).rows[0];
      if (!milestone || milestone.contract_id !== contractId)
        problems.push({ path: `${at}/milestoneId`, message: 'no such milestone of this contract' });
      else if (milestone.taken)
        problems.push({ path: `${at}/milestoneId`, message: 'already has a performance obligation' });
    }
  }
  if (problems.length > 0)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'contract', id: contractId },
      { detail: 'The performance obligations cannot be defined as given', fieldProblems: problems },
    );
  const issued =
    await sql`SELECT 1 FROM invoices WHERE tenant_id = ${tenantId} AND contract_id = ${contractId}
    AND status IN ('issued', 'paid') LIMIT 1`.execute(tx.db);
  if (issued.rows.length > 0)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'contract', id: contractId },
      { detail: 'The contract has issued invoices, which recognized their revenue when issued' },
    );
  const allocation =
    priced.length === 0
      ? []
      : allocateByStandalonePrice(
          BigInt(input.priceMinor ?? 0),
          priced.map((index) => BigInt(input.obligations[index]?.standaloneSellingPriceMinor ?? 0)),
        );
  const bundleId = uuidv7();
  const ids: string[] = [];
  for (const [index, obligation] of input.obligations.entries()) {
    const id = uuidv7();
    ids.push(id);
    const share = priced.indexOf(index);
    await sql`INSERT INTO performance_obligations (tenant_id, id, contract_id, legal_entity_id, client_id, practice_id,
        region_id, currency, bundle_id, name, kind, standalone_selling_price_minor, allocated_price_minor, project_id,
        milestone_id, service_start, service_end, estimated_total_cost_minor, cost_currency, created_by_membership_id)
      VALUES (${tenantId}, ${id}, ${contractId}, ${contract.legal_entity_id}, ${contract.client_id},
        ${contract.practice_id}, ${contract.region_id}, ${contract.currency}, ${bundleId}, ${obligation.name},
        ${obligation.kind}, ${obligation.standaloneSellingPriceMinor ?? null},
        ${share < 0 ? null : (allocation[share] as bigint)}, ${obligation.projectId ?? null},
        ${obligation.milestoneId ?? null}, ${obligation.serviceStart ?? null}::date, ${obligation.serviceEnd ?? null}::date,
        ${obligation.estimatedTotalCostMinor ?? null}, ${obligation.costCurrency ?? null},
        ${tx.ctx.actor.membershipId ?? null})`.execute(tx.db);
  }
  const created = (
    await sql<ObligationRow>`SELECT ${OBLIGATION_COLUMNS} FROM performance_obligations o
      WHERE o.tenant_id = ${tenantId} AND o.id = ANY(${ids}::uuid[]) ORDER BY o.id`.execute(tx.db)
  ).rows.map(presentObligation);
  for (const obligation of created) {
    tx.audit({
      action: 'performance_obligation.defined',
      resourceKind: 'performance_obligation',
      resourceId: obligation.id,
      after: { ...obligation, bundlePriceMinor: input.priceMinor ?? null },
    });
    tx.emit({
      topic: 'performance_obligation.defined',
      resourceKind: 'performance_obligation',
      resourceId: obligation.id,
      payload: { obligation, bundlePriceMinor: input.priceMinor ?? null },
    });
  }
  return created;
}
