import type { Generated } from 'kysely';

export type ProjectStatus = 'planned' | 'active' | 'on_hold' | 'completed' | 'cancelled';
export type TaskStatus = 'open' | 'closed';
export type MilestoneStatus = 'planned' | 'ready' | 'accepted' | 'rejected';

/** The segments a project carries (its contract's, cascaded) and hands down to its children. */
export interface ProjectSegmentColumns {
  contract_id: string;
  client_id: string;
  legal_entity_id: string;
  practice_id: string;
  region_id: string | null;
  portfolio_id: string | null;
  currency: string;
}

export interface ProjectTable extends ProjectSegmentColumns {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  manager_person_id: string | null;
  status: Generated<ProjectStatus>;
  starts_on: string;
  ends_on: string | null;
  budget_minutes: number | null;
  budget_minor: bigint | null;
  internal_notes: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProjectTaskTable extends ProjectSegmentColumns {
  tenant_id: string;
  id: string;
  project_id: string;
  name: string;
  billable: Generated<boolean>;
  budget_minutes: number | null;
  status: Generated<TaskStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProjectMilestoneTable extends ProjectSegmentColumns {
  tenant_id: string;
  id: string;
  project_id: string;
  name: string;
  amount_minor: bigint;
  due_on: string;
  status: Generated<MilestoneStatus>;
  decided_at: Date | null;
  decided_by_membership_id: string | null;
  decision_note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    projects: ProjectTable;
    project_tasks: ProjectTaskTable;
    project_milestones: ProjectMilestoneTable;
  }
}
