-- Expenses: what a person spent for a project (under their own assignment), with a receipt
-- reference, approval and whether it is re-billable to the client. Like a time entry it carries
-- the project's segments and the spender's membership (own-record branch), its own billing state,
-- and is inter-company when the spender's legal entity is not the project's.
--
-- Approval: submitted → the project's manager; then, when re-billable under a contract that
-- requires the client's approval, the client's approver → approved. Any rejection ends the
-- round with a reason; the spender may change and resubmit.
CREATE TABLE expenses (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  person_legal_entity_id uuid NOT NULL,
  person_membership_id uuid,
  assignment_id uuid NOT NULL,
  project_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  portfolio_id uuid,
  -- The project's currency (what a re-billable expense is invoiced in) …
  project_currency char(3) NOT NULL,
  incurred_on date NOT NULL,
  category text NOT NULL
    CHECK (category IN ('travel', 'lodging', 'meals', 'software', 'equipment', 'subcontracting', 'other')),
  -- … and what was spent, in the currency of the receipt.
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  receipt_reference text CHECK (length(receipt_reference) BETWEEN 1 AND 200),
  rebillable boolean NOT NULL DEFAULT false,
  internal_note text CHECK (length(internal_note) <= 2000),
  intercompany boolean NOT NULL GENERATED ALWAYS AS (person_legal_entity_id <> legal_entity_id) STORED,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  -- While submitted: whose decision is awaited.
  awaiting text CHECK (awaiting IN ('project_manager', 'client')),
  submitted_at timestamptz,
  manager_decided_by_membership_id uuid,
  manager_decided_at timestamptz,
  client_decided_by_membership_id uuid,
  client_decided_at timestamptz,
  rejection_reason text CHECK (length(rejection_reason) <= 2000),
  approved_at timestamptz,
  billing_state text NOT NULL DEFAULT 'unbilled' CHECK (billing_state IN ('unbilled', 'billed', 'written_off')),
  invoice_id uuid,
  invoice_line_id uuid,
  billed_at timestamptz,
  write_off_reason text CHECK (length(write_off_reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT expenses_person_fkey FOREIGN KEY (tenant_id, person_id, person_legal_entity_id)
    REFERENCES people (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT expenses_person_membership_fkey FOREIGN KEY (tenant_id, person_id, person_membership_id)
    REFERENCES people (tenant_id, id, membership_id) ON UPDATE CASCADE,
  CONSTRAINT expenses_assignment_fkey FOREIGN KEY (tenant_id, assignment_id, project_id, person_id)
    REFERENCES assignments (tenant_id, id, project_id, person_id),
  CONSTRAINT expenses_project_fkey
    FOREIGN KEY (tenant_id, project_id, legal_entity_id, practice_id, client_id, contract_id, project_currency)
    REFERENCES projects (tenant_id, id, legal_entity_id, practice_id, client_id, contract_id, currency)
    ON UPDATE CASCADE,
  CONSTRAINT expenses_region_fkey FOREIGN KEY (tenant_id, project_id, region_id)
    REFERENCES projects (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT expenses_portfolio_fkey FOREIGN KEY (tenant_id, project_id, portfolio_id)
    REFERENCES projects (tenant_id, id, portfolio_id) ON UPDATE CASCADE,
  CONSTRAINT expenses_awaiting CHECK ((status = 'submitted') = (awaiting IS NOT NULL)),
  CONSTRAINT expenses_submitted CHECK (status = 'draft' OR submitted_at IS NOT NULL),
  CONSTRAINT expenses_approved CHECK ((status = 'approved') = (approved_at IS NOT NULL)),
  CONSTRAINT expenses_rejected CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
  CONSTRAINT expenses_billing CHECK (
    CASE billing_state
      WHEN 'unbilled' THEN invoice_id IS NULL AND billed_at IS NULL AND write_off_reason IS NULL
      WHEN 'billed' THEN status = 'approved' AND rebillable AND invoice_id IS NOT NULL AND billed_at IS NOT NULL
      ELSE status = 'approved' AND write_off_reason IS NOT NULL AND invoice_id IS NULL
    END
  )
);
COMMENT ON COLUMN expenses.internal_note IS 'classification: confidential';
CREATE INDEX expenses_person_idx ON expenses (tenant_id, person_id, incurred_on);
CREATE INDEX expenses_person_entity_idx ON expenses (tenant_id, person_id, person_legal_entity_id);
CREATE INDEX expenses_person_membership_idx ON expenses (tenant_id, person_id, person_membership_id);
CREATE INDEX expenses_assignment_idx ON expenses (tenant_id, assignment_id);
CREATE INDEX expenses_project_idx ON expenses (tenant_id, project_id, incurred_on);
CREATE INDEX expenses_region_idx ON expenses (tenant_id, project_id, region_id);
CREATE INDEX expenses_portfolio_idx ON expenses (tenant_id, project_id, portfolio_id);
CREATE INDEX expenses_legal_entity_idx ON expenses (tenant_id, legal_entity_id);
CREATE INDEX expenses_practice_idx ON expenses (tenant_id, practice_id);
CREATE INDEX expenses_client_idx ON expenses (tenant_id, client_id);
CREATE INDEX expenses_membership_idx ON expenses (tenant_id, person_membership_id);
CREATE INDEX expenses_awaiting_idx ON expenses (tenant_id, awaiting) WHERE status = 'submitted';
CREATE INDEX expenses_unbilled_idx ON expenses (tenant_id, contract_id, incurred_on)
  WHERE status = 'approved' AND rebillable AND billing_state = 'unbilled';
CREATE INDEX expenses_invoice_idx ON expenses (tenant_id, invoice_id);
SELECT tessera_protect('expenses');
SELECT tessera_scope('expenses', 'legal_entity', 'legal_entity_id', 'person_membership_id');
SELECT tessera_scope('expenses', 'practice', 'practice_id', 'person_membership_id');
SELECT tessera_scope('expenses', 'client', 'client_id', 'person_membership_id');
SELECT tessera_scope('expenses', 'region', 'region_id', 'person_membership_id');
SELECT tessera_scope('expenses', 'portfolio', 'portfolio_id', 'person_membership_id');
