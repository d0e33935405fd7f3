-- Projects, their tasks and milestones, and the staffing of people on them.
--
-- From here on, the segment policies are created by two helpers instead of being written out per
-- table. They produce exactly the plain form 0003–0005 spell out by hand (no sub-select, only
-- current_setting, which Citus can push down), so a reader of pg_policies sees the same thing:
--   tessera_protect(table)                      tenant isolation, RLS enabled and forced, grants;
--   tessera_scope(table, dimension, column, own) one RESTRICTIVE policy per segment dimension.
-- `own`, when given, names a membership column: the row is also visible (and writable) to that
-- membership whatever its segment scope — a person's own assignments, timesheets and expenses,
-- on a project outside their practice included. app.membership_id is set by the tenant
-- transaction from the authenticated principal, never from input.

CREATE FUNCTION tessera_protect(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s FOR ALL '
    'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
    'WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO tessera_app', tbl);
END $$;

CREATE FUNCTION tessera_scope(tbl regclass, dimension text, col text, own text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  setting text := 'app.scope_' || dimension;
  predicate text;
BEGIN
  IF dimension NOT IN ('legal_entity', 'practice', 'region', 'client', 'portfolio') THEN
    RAISE EXCEPTION 'unknown segment dimension %', dimension;
  END IF;
  predicate := format(
    'nullif(current_setting(%L, true), '''') = ''*'' OR (%I IS NOT NULL AND %I = ANY '
    '(string_to_array(nullif(nullif(current_setting(%L, true), ''''), ''*''), '','')::uuid[]))',
    setting, col, col, setting);
  IF own IS NOT NULL THEN
    predicate := predicate || format(
      ' OR (%I IS NOT NULL AND %I = nullif(current_setting(''app.membership_id'', true), '''')::uuid)',
      own, own);
  END IF;
  EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL USING (%s) WITH CHECK (%s)',
    dimension || '_scope', tbl, predicate, predicate);
END $$;

REVOKE ALL ON FUNCTION tessera_protect(regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION tessera_scope(regclass, text, text, text) FROM PUBLIC;

-- People: what staffing needs. A subcontractor names their supplier (their cost is a cost rate,
-- restricted like every cost). Capacity is what a full week holds; skills are free tags.
ALTER TABLE people
  ADD COLUMN capacity_minutes_per_week integer NOT NULL DEFAULT 2400
    CHECK (capacity_minutes_per_week BETWEEN 0 AND 10080),
  ADD COLUMN role text CHECK (length(role) BETWEEN 1 AND 100),
  ADD COLUMN skills text[] NOT NULL DEFAULT '{}' CHECK (cardinality(skills) <= 50),
  ADD COLUMN supplier text CHECK (length(supplier) BETWEEN 1 AND 200);
-- The target of the own-record keys below, which carry a person's membership.
ALTER TABLE people ADD CONSTRAINT people_id_membership_key UNIQUE (tenant_id, id, membership_id);

-- A practice's lead approves the time of its projects when an approval rule asks for it.
ALTER TABLE practices ADD COLUMN lead_person_id uuid;
ALTER TABLE practices ADD CONSTRAINT practices_lead_fkey FOREIGN KEY (tenant_id, lead_person_id)
  REFERENCES people (tenant_id, id);
CREATE INDEX practices_lead_idx ON practices (tenant_id, lead_person_id);

-- A client's contact who signs in (a client approver) is linked to their membership.
ALTER TABLE contacts ADD COLUMN membership_id uuid;
ALTER TABLE contacts ADD CONSTRAINT contacts_membership_key UNIQUE (tenant_id, membership_id);

-- The targets of the projects' segment-carrying keys.
ALTER TABLE contracts ADD CONSTRAINT contracts_segments_key
  UNIQUE (tenant_id, id, legal_entity_id, client_id, currency);

-- Projects: under a client's contract (legal entity, client, region and currency are the
-- contract's, carried and cascaded), in a practice and optionally a portfolio of their own.
-- `internal_notes` is confidential. Budgets: hours and money, in the contract's currency.
CREATE TABLE projects (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$' AND length(code) <= 32),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  manager_person_id uuid,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
  starts_on date NOT NULL,
  ends_on date,
  budget_minutes integer CHECK (budget_minutes >= 0),
  budget_minor bigint CHECK (budget_minor >= 0),
  internal_notes text CHECK (length(internal_notes) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  -- The targets of the children's segment-carrying keys.
  UNIQUE (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency),
  UNIQUE (tenant_id, id, region_id),
  UNIQUE (tenant_id, id, portfolio_id),
  CONSTRAINT projects_contract_fkey FOREIGN KEY (tenant_id, contract_id, legal_entity_id, client_id, currency)
    REFERENCES contracts (tenant_id, id, legal_entity_id, client_id, currency) ON UPDATE CASCADE,
  CONSTRAINT projects_contract_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT projects_practice_fkey FOREIGN KEY (tenant_id, practice_id) REFERENCES practices (tenant_id, id),
  CONSTRAINT projects_portfolio_fkey FOREIGN KEY (tenant_id, portfolio_id) REFERENCES portfolios (tenant_id, id),
  CONSTRAINT projects_manager_fkey FOREIGN KEY (tenant_id, manager_person_id) REFERENCES people (tenant_id, id),
  CONSTRAINT projects_dates CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
COMMENT ON COLUMN projects.internal_notes IS 'classification: confidential';
CREATE INDEX projects_contract_idx ON projects (tenant_id, contract_id);
CREATE INDEX projects_client_idx ON projects (tenant_id, client_id);
CREATE INDEX projects_legal_entity_idx ON projects (tenant_id, legal_entity_id);
CREATE INDEX projects_practice_idx ON projects (tenant_id, practice_id);
CREATE INDEX projects_region_idx ON projects (tenant_id, region_id);
CREATE INDEX projects_portfolio_idx ON projects (tenant_id, portfolio_id);
CREATE INDEX projects_manager_idx ON projects (tenant_id, manager_person_id);
SELECT tessera_protect('projects');
SELECT tessera_scope('projects', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('projects', 'practice', 'practice_id');
SELECT tessera_scope('projects', 'client', 'client_id');
SELECT tessera_scope('projects', 'region', 'region_id');
SELECT tessera_scope('projects', 'portfolio', 'portfolio_id');

-- Tasks of a project, carrying its segments.
CREATE TABLE project_tasks (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  project_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  billable boolean NOT NULL DEFAULT true,
  budget_minutes integer CHECK (budget_minutes >= 0),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, project_id, name),
  -- The target of the time entries' key: a task of the entry's own project.
  UNIQUE (tenant_id, id, project_id),
  CONSTRAINT project_tasks_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT project_tasks_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT project_tasks_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE
);
CREATE INDEX project_tasks_legal_entity_idx ON project_tasks (tenant_id, legal_entity_id);
CREATE INDEX project_tasks_practice_idx ON project_tasks (tenant_id, practice_id);
CREATE INDEX project_tasks_client_idx ON project_tasks (tenant_id, client_id);
CREATE INDEX project_tasks_region_idx ON project_tasks (tenant_id, project_id, region_id);
CREATE INDEX project_tasks_portfolio_idx ON project_tasks (tenant_id, project_id, portfolio_id);
SELECT tessera_protect('project_tasks');
SELECT tessera_scope('project_tasks', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('project_tasks', 'practice', 'practice_id');
SELECT tessera_scope('project_tasks', 'client', 'client_id');
SELECT tessera_scope('project_tasks', 'region', 'region_id');
SELECT tessera_scope('project_tasks', 'portfolio', 'portfolio_id');

-- Milestones (fixed fee): an amount in the project's currency, a due date, and the client's
-- acceptance (by whom and when), which is what makes the milestone billable.
CREATE TABLE project_milestones (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  project_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'ready', 'accepted', 'rejected')),
  decided_at timestamptz,
  decided_by_membership_id uuid,
  decision_note text CHECK (length(decision_note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, project_id, name),
  CONSTRAINT project_milestones_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT project_milestones_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT project_milestones_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE,
  CONSTRAINT project_milestones_decision CHECK (
    (status IN ('accepted', 'rejected')) = (decided_at IS NOT NULL AND decided_by_membership_id IS NOT NULL)
  )
);
CREATE INDEX project_milestones_legal_entity_idx ON project_milestones (tenant_id, legal_entity_id);
CREATE INDEX project_milestones_practice_idx ON project_milestones (tenant_id, practice_id);
CREATE INDEX project_milestones_client_idx ON project_milestones (tenant_id, client_id);
CREATE INDEX project_milestones_region_idx ON project_milestones (tenant_id, project_id, region_id);
CREATE INDEX project_milestones_portfolio_idx ON project_milestones (tenant_id, project_id, portfolio_id);
SELECT tessera_protect('project_milestones');
SELECT tessera_scope('project_milestones', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('project_milestones', 'practice', 'practice_id');
SELECT tessera_scope('project_milestones', 'client', 'client_id');
SELECT tessera_scope('project_milestones', 'region', 'region_id');
SELECT tessera_scope('project_milestones', 'portfolio', 'portfolio_id');

-- Assignments: a person staffed on a project for a share of their week between two dates. The
-- row carries the project's segments (visible in the project's scope) and the person's
-- membership (visible to the person: the projects they may book time on, in any practice) and
-- legal entity (staffing across entities is allowed; their time is then inter-company).
CREATE TABLE assignments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  project_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL,
  person_id uuid NOT NULL,
  person_legal_entity_id uuid NOT NULL,
  person_membership_id uuid,
  role text CHECK (length(role) BETWEEN 1 AND 100),
  allocation_percent smallint NOT NULL CHECK (allocation_percent BETWEEN 1 AND 100),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The target of the time entries' key: an entry is booked under the booker's own assignment.
  UNIQUE (tenant_id, id, project_id, person_id),
  CONSTRAINT assignments_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT assignments_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT assignments_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE,
  CONSTRAINT assignments_person_fkey FOREIGN KEY (tenant_id, person_id, person_legal_entity_id)
    REFERENCES people (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT assignments_person_membership_fkey FOREIGN KEY (tenant_id, person_id, person_membership_id)
    REFERENCES people (tenant_id, id, membership_id) ON UPDATE CASCADE,
  CONSTRAINT assignments_dates CHECK (ends_on >= starts_on)
);
CREATE INDEX assignments_project_idx ON assignments (tenant_id, project_id);
CREATE INDEX assignments_person_idx ON assignments (tenant_id, person_id, starts_on);
CREATE INDEX assignments_membership_idx ON assignments (tenant_id, person_membership_id);
CREATE INDEX assignments_legal_entity_idx ON assignments (tenant_id, legal_entity_id);
CREATE INDEX assignments_practice_idx ON assignments (tenant_id, practice_id);
CREATE INDEX assignments_client_idx ON assignments (tenant_id, client_id);
CREATE INDEX assignments_region_idx ON assignments (tenant_id, project_id, region_id);
CREATE INDEX assignments_portfolio_idx ON assignments (tenant_id, project_id, portfolio_id);
CREATE INDEX assignments_person_entity_idx ON assignments (tenant_id, person_id, person_legal_entity_id);
CREATE INDEX assignments_person_membership_idx ON assignments (tenant_id, person_id, person_membership_id);
SELECT tessera_protect('assignments');
SELECT tessera_scope('assignments', 'legal_entity', 'legal_entity_id', 'person_membership_id');
SELECT tessera_scope('assignments', 'practice', 'practice_id', 'person_membership_id');
SELECT tessera_scope('assignments', 'client', 'client_id', 'person_membership_id');
SELECT tessera_scope('assignments', 'region', 'region_id', 'person_membership_id');
SELECT tessera_scope('assignments', 'portfolio', 'portfolio_id', 'person_membership_id');
