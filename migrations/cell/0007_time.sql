-- Time: weekly timesheets per person, their entries (each with its own approval and billing
-- state), the tenant's approval chain, the approval records per timesheet and project, and
-- closed periods.
--
-- Visibility. An entry and an approval record carry the segments of their PROJECT (the scope
-- that approves and bills it) and the booker's membership (own-record branch: a person always
-- sees their own time, on any project they were assigned to). A timesheet spans projects, so it
-- carries only its person's legal entity and practice; a principal restricted by client, region
-- or portfolio (a client approver, a portfolio manager) sees no timesheet header but their own —
-- they approve through the approval records of the projects they see.

-- The tenant's approval chain: ordered steps, each with a condition. Without any step, a
-- submitted week goes to its project managers (the service's default, documented in the API).
CREATE TABLE time_approval_steps (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  position smallint NOT NULL CHECK (position BETWEEN 1 AND 20),
  approver text NOT NULL CHECK (approver IN ('project_manager', 'practice_lead', 'client')),
  condition text NOT NULL DEFAULT 'always'
    CHECK (condition IN ('always', 'week_over_threshold', 'contract_requires_client')),
  threshold_minutes integer CHECK (threshold_minutes BETWEEN 0 AND 10080),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, position),
  CONSTRAINT time_approval_steps_threshold CHECK (
    (condition = 'week_over_threshold') = (threshold_minutes IS NOT NULL)
  )
);
SELECT tessera_protect('time_approval_steps');

-- Closed months: an entry dated in a closed month cannot be created, changed or deleted.
CREATE TABLE time_period_closures (
  tenant_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  closed_at timestamptz NOT NULL DEFAULT now(),
  closed_by_membership_id uuid,
  PRIMARY KEY (tenant_id, month)
);
SELECT tessera_protect('time_period_closures');

-- A person's week (ISO: it starts on a Monday).
CREATE TABLE timesheets (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  person_legal_entity_id uuid NOT NULL,
  person_practice_id uuid,
  person_membership_id uuid,
  week_starts_on date NOT NULL CHECK (extract(isodow FROM week_starts_on) = 1),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  -- Each submission is a round; the approval records of a round are decided in order.
  round smallint NOT NULL DEFAULT 0 CHECK (round >= 0),
  submitted_at timestamptz,
  decided_at timestamptz,
  rejection_reason text CHECK (length(rejection_reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, person_id, week_starts_on),
  -- The target of the entries' key, which carries the person and the week.
  UNIQUE (tenant_id, id, person_id, person_legal_entity_id, week_starts_on),
  UNIQUE (tenant_id, id, person_membership_id),
  CONSTRAINT timesheets_person_fkey FOREIGN KEY (tenant_id, person_id, person_legal_entity_id)
    REFERENCES people (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT timesheets_person_membership_fkey FOREIGN KEY (tenant_id, person_id, person_membership_id)
    REFERENCES people (tenant_id, id, membership_id) ON UPDATE CASCADE,
  CONSTRAINT timesheets_person_practice_fkey FOREIGN KEY (tenant_id, person_practice_id)
    REFERENCES practices (tenant_id, id),
  CONSTRAINT timesheets_submitted CHECK ((status = 'draft') OR submitted_at IS NOT NULL)
);
CREATE INDEX timesheets_person_entity_idx ON timesheets (tenant_id, person_id, person_legal_entity_id);
CREATE INDEX timesheets_person_membership_idx ON timesheets (tenant_id, person_id, person_membership_id);
CREATE INDEX timesheets_legal_entity_idx ON timesheets (tenant_id, person_legal_entity_id);
CREATE INDEX timesheets_practice_idx ON timesheets (tenant_id, person_practice_id);
CREATE INDEX timesheets_membership_idx ON timesheets (tenant_id, person_membership_id);
CREATE INDEX timesheets_week_idx ON timesheets (tenant_id, week_starts_on);
SELECT tessera_protect('timesheets');
SELECT tessera_scope('timesheets', 'legal_entity', 'person_legal_entity_id', 'person_membership_id');
SELECT tessera_scope('timesheets', 'practice', 'person_practice_id', 'person_membership_id');
-- No client, region or portfolio column: only principals unrestricted in those see headers.
CREATE POLICY client_scope ON timesheets AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  )
  WITH CHECK (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  );
CREATE POLICY region_scope ON timesheets AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  )
  WITH CHECK (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  );
CREATE POLICY portfolio_scope ON timesheets AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_portfolio', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  )
  WITH CHECK (
    nullif(current_setting('app.scope_portfolio', true), '') = '*'
    OR (person_membership_id IS NOT NULL AND person_membership_id = nullif(current_setting('app.membership_id', true), '')::uuid)
  );

-- One block of work: a day, a project (under the booker's own assignment), optionally a task.
-- `note` is what the client sees on approval and invoice; `internal_note` is confidential.
-- Approval and billing are per entry, never per timesheet: `status` follows the entry's
-- project approval; `billing_state` says unbilled, billed on an invoice (line), or written off.
-- `intercompany`: the booker's legal entity is not the project's, so billing recharges it.
CREATE TABLE time_entries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  timesheet_id uuid NOT NULL,
  week_starts_on date NOT NULL,
  person_id uuid NOT NULL,
  person_legal_entity_id uuid NOT NULL,
  person_membership_id uuid,
  assignment_id uuid NOT NULL,
  project_id uuid NOT NULL,
  task_id uuid,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL,
  work_date date NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  billable boolean NOT NULL,
  note text CHECK (length(note) <= 2000),
  internal_note text CHECK (length(internal_note) <= 2000),
  intercompany boolean NOT NULL GENERATED ALWAYS AS (person_legal_entity_id <> legal_entity_id) STORED,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  approved_at timestamptz,
  billing_state text NOT NULL DEFAULT 'unbilled' CHECK (billing_state IN ('unbilled', 'billed', 'written_off')),
  invoice_id uuid,
  invoice_line_id uuid,
  billed_at timestamptz,
  write_off_reason text CHECK (length(write_off_reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT time_entries_timesheet_fkey
    FOREIGN KEY (tenant_id, timesheet_id, person_id, person_legal_entity_id, week_starts_on)
    REFERENCES timesheets (tenant_id, id, person_id, person_legal_entity_id, week_starts_on) ON UPDATE CASCADE,
  CONSTRAINT time_entries_timesheet_membership_fkey FOREIGN KEY (tenant_id, timesheet_id, person_membership_id)
    REFERENCES timesheets (tenant_id, id, person_membership_id) ON UPDATE CASCADE,
  CONSTRAINT time_entries_assignment_fkey FOREIGN KEY (tenant_id, assignment_id, project_id, person_id)
    REFERENCES assignments (tenant_id, id, project_id, person_id),
  CONSTRAINT time_entries_task_fkey FOREIGN KEY (tenant_id, task_id, project_id)
    REFERENCES project_tasks (tenant_id, id, project_id),
  CONSTRAINT time_entries_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT time_entries_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT time_entries_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE,
  CONSTRAINT time_entries_in_week CHECK (work_date BETWEEN week_starts_on AND week_starts_on + 6),
  CONSTRAINT time_entries_approved CHECK ((status = 'approved') = (approved_at IS NOT NULL)),
  -- Only approved, billable time is billed; billed time names its invoice; a write-off says why.
  CONSTRAINT time_entries_billing CHECK (
    CASE billing_state
      WHEN 'unbilled' THEN invoice_id IS NULL AND billed_at IS NULL AND write_off_reason IS NULL
      WHEN 'billed' THEN status = 'approved' AND billable AND invoice_id IS NOT NULL AND billed_at IS NOT NULL
      ELSE status = 'approved' AND write_off_reason IS NOT NULL AND invoice_id IS NULL
    END
  )
);
COMMENT ON COLUMN time_entries.internal_note IS 'classification: confidential';
CREATE INDEX time_entries_timesheet_idx ON time_entries (tenant_id, timesheet_id);
CREATE INDEX time_entries_timesheet_person_idx
  ON time_entries (tenant_id, timesheet_id, person_id, person_legal_entity_id, week_starts_on);
CREATE INDEX time_entries_timesheet_membership_idx ON time_entries (tenant_id, timesheet_id, person_membership_id);
CREATE INDEX time_entries_assignment_idx ON time_entries (tenant_id, assignment_id);
CREATE INDEX time_entries_task_idx ON time_entries (tenant_id, task_id);
CREATE INDEX time_entries_project_date_idx ON time_entries (tenant_id, project_id, work_date);
CREATE INDEX time_entries_person_date_idx ON time_entries (tenant_id, person_id, work_date);
CREATE INDEX time_entries_region_idx ON time_entries (tenant_id, project_id, region_id);
CREATE INDEX time_entries_portfolio_idx ON time_entries (tenant_id, project_id, portfolio_id);
CREATE INDEX time_entries_legal_entity_idx ON time_entries (tenant_id, legal_entity_id, work_date);
CREATE INDEX time_entries_practice_idx ON time_entries (tenant_id, practice_id, work_date);
CREATE INDEX time_entries_client_idx ON time_entries (tenant_id, client_id);
CREATE INDEX time_entries_membership_idx ON time_entries (tenant_id, person_membership_id);
CREATE INDEX time_entries_unbilled_idx ON time_entries (tenant_id, contract_id, work_date)
  WHERE status = 'approved' AND billing_state = 'unbilled';
CREATE INDEX time_entries_invoice_idx ON time_entries (tenant_id, invoice_id);
SELECT tessera_protect('time_entries');
SELECT tessera_scope('time_entries', 'legal_entity', 'legal_entity_id', 'person_membership_id');
SELECT tessera_scope('time_entries', 'practice', 'practice_id', 'person_membership_id');
SELECT tessera_scope('time_entries', 'client', 'client_id', 'person_membership_id');
SELECT tessera_scope('time_entries', 'region', 'region_id', 'person_membership_id');
SELECT tessera_scope('time_entries', 'portfolio', 'portfolio_id', 'person_membership_id');

-- The approval of one project's part of a submitted week: one record per step of the chain that
-- applies, decided in position order within a round. It carries the project's segments (its
-- approvers see it) and the submitter's membership (they see where their week stands).
CREATE TABLE time_approvals (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  timesheet_id uuid NOT NULL,
  round smallint NOT NULL CHECK (round >= 1),
  position smallint NOT NULL CHECK (position BETWEEN 1 AND 20),
  approver text NOT NULL CHECK (approver IN ('project_manager', 'practice_lead', 'client')),
  person_membership_id uuid,
  project_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  currency char(3) NOT NULL,
  -- The project's minutes in the week, and the week's total, when submitted.
  minutes integer NOT NULL CHECK (minutes >= 0),
  week_minutes integer NOT NULL CHECK (week_minutes >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  decided_at timestamptz,
  decided_by_membership_id uuid,
  reason text CHECK (length(reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, timesheet_id, project_id, round, position),
  CONSTRAINT time_approvals_timesheet_fkey FOREIGN KEY (tenant_id, timesheet_id, person_membership_id)
    REFERENCES timesheets (tenant_id, id, person_membership_id) ON UPDATE CASCADE,
  CONSTRAINT time_approvals_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT time_approvals_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT time_approvals_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE,
  CONSTRAINT time_approvals_decision CHECK (
    (status IN ('approved', 'rejected')) = (decided_at IS NOT NULL AND decided_by_membership_id IS NOT NULL)
  ),
  CONSTRAINT time_approvals_reason CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
CREATE INDEX time_approvals_pending_idx ON time_approvals (tenant_id, status, approver);
CREATE INDEX time_approvals_timesheet_idx ON time_approvals (tenant_id, timesheet_id, person_membership_id);
CREATE INDEX time_approvals_project_idx
  ON time_approvals (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, currency);
CREATE INDEX time_approvals_region_idx ON time_approvals (tenant_id, project_id, region_id);
CREATE INDEX time_approvals_portfolio_idx ON time_approvals (tenant_id, project_id, portfolio_id);
CREATE INDEX time_approvals_membership_idx ON time_approvals (tenant_id, person_membership_id);
SELECT tessera_protect('time_approvals');
SELECT tessera_scope('time_approvals', 'legal_entity', 'legal_entity_id', 'person_membership_id');
SELECT tessera_scope('time_approvals', 'practice', 'practice_id', 'person_membership_id');
SELECT tessera_scope('time_approvals', 'client', 'client_id', 'person_membership_id');
SELECT tessera_scope('time_approvals', 'region', 'region_id', 'person_membership_id');
SELECT tessera_scope('time_approvals', 'portfolio', 'portfolio_id', 'person_membership_id');
