import type { Generated } from 'kysely';
import type { ProjectSegmentColumns } from '../projects/projects.tables.ts';

export interface AssignmentTable extends ProjectSegmentColumns {
  tenant_id: string;
  id: string;
  project_id: string;
  person_id: string;
  /** The person's, carried (and cascaded): staffing across legal entities is inter-company. */
  person_legal_entity_id: string;
  /** The person's sign-in membership, carried: the own-records branch of the policies matches it. */
  person_membership_id: string | null;
  role: string | null;
  allocation_percent: number;
  starts_on: string;
  ends_on: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    assignments: AssignmentTable;
  }
}
