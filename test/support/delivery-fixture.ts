import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../src/platform/db/tenant-transaction.ts';

/**
 * Rows of the delivery schema (0006) for tests of the modules that build on it (time, expenses,
 * reports), written straight through the tenant transaction with an audit event, so that those
 * tests do not depend on the projects module's API. Segments are copied from the parent rows
 * exactly as the composite keys require; a wrong copy fails on the key.
 */

export interface ProjectRowInput {
  readonly contractId: string;
  readonly practiceId: string;
  readonly portfolioId?: string | null;
  readonly code: string;
  readonly name?: string;
  readonly managerPersonId?: string | null;
  readonly startsOn?: string;
  readonly endsOn?: string | null;
  readonly internalNotes?: string | null;
}

/** Inserts a project under a contract (legal entity, client, region, currency from the contract). */
export async function insertProjectRow(tx: TenantTransaction, input: ProjectRowInput): Promise<string> {
  const id = uuidv7();
  await sql`
    INSERT INTO projects (tenant_id, id, contract_id, client_id, legal_entity_id, practice_id, region_id,
      portfolio_id, currency, code, name, manager_person_id, status, starts_on, ends_on, internal_notes)
    SELECT c.tenant_id, ${id}, c.id, c.client_id, c.legal_entity_id, ${input.practiceId}, c.region_id,
      ${input.portfolioId ?? null}, c.currency, ${input.code}, ${input.name ?? input.code},
      ${input.managerPersonId ?? null}, 'active', ${input.startsOn ?? '2026-01-01'}, ${input.endsOn ?? null},
      ${input.internalNotes ?? null}
    FROM contracts c WHERE c.tenant_id = ${tx.ctx.tenantId} AND c.id = ${input.contractId}`.execute(tx.db);
  audited(tx, 'project', id);
  return id;
}

/** Inserts a task of a project, carrying its segments. */
export async function insertTaskRow(tx: TenantTransaction, projectId: string, name: string): Promise<string> {
  const id = uuidv7();
  await sql`
    INSERT INTO project_tasks (tenant_id, id, project_id, contract_id, client_id, legal_entity_id, practice_id,
      region_id, portfolio_id, currency, name)
    SELECT p.tenant_id, ${id}, p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
      p.region_id, p.portfolio_id, p.currency, ${name}
    FROM projects p WHERE p.tenant_id = ${tx.ctx.tenantId} AND p.id = ${projectId}`.execute(tx.db);
  audited(tx, 'project_task', id);
  return id;
}

export interface AssignmentRowInput {
  readonly projectId: string;
  readonly personId: string;
  readonly allocationPercent?: number;
  readonly startsOn?: string;
  readonly endsOn?: string;
  readonly role?: string | null;
}

/** Inserts an assignment of a person to a project (project segments, person's entity and membership). */
export async function insertAssignmentRow(tx: TenantTransaction, input: AssignmentRowInput): Promise<string> {
  const id = uuidv7();
  await sql`
    INSERT INTO assignments (tenant_id, id, project_id, contract_id, client_id, legal_entity_id, practice_id,
      region_id, portfolio_id, currency, person_id, person_legal_entity_id, person_membership_id, role,
      allocation_percent, starts_on, ends_on)
    SELECT p.tenant_id, ${id}, p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
      p.region_id, p.portfolio_id, p.currency, pe.id, pe.legal_entity_id, pe.membership_id, ${input.role ?? null},
      ${input.allocationPercent ?? 100}, ${input.startsOn ?? '2026-01-01'}, ${input.endsOn ?? '2026-12-31'}
    FROM projects p, people pe
    WHERE p.tenant_id = ${tx.ctx.tenantId} AND p.id = ${input.projectId}
      AND pe.tenant_id = ${tx.ctx.tenantId} AND pe.id = ${input.personId}`.execute(tx.db);
  audited(tx, 'assignment', id);
  return id;
}

function audited(tx: TenantTransaction, resourceKind: string, resourceId: string): void {
  tx.audit({ action: `${resourceKind}.created`, resourceKind, resourceId, after: { id: resourceId } });
}
