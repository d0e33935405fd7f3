-- Billing: billing runs, invoices and their lines, and the gapless invoice numbers per legal entity.
--
-- An invoice carries the segments of its contract (legal entity, client, practice, region), so
-- the segment policies apply to it and its lines directly. Its number is assigned at issue from
-- the legal entity's counter row, updated (row-locked) in the issuing transaction: a rolled-back
-- issue leaves no gap, two issues of one entity queue on the row.
--
-- A time entry or expense is billed at most once: the run claims it with
-- `UPDATE … WHERE billing_state = 'unbilled'` in its transaction (the row lock serialises
-- concurrent runs; the loser sees it billed and skips it). A milestone is claimed the same way.

-- The target of the invoices' key carrying the contract's practice and region.
ALTER TABLE contracts ADD CONSTRAINT contracts_billing_segments_key
  UNIQUE (tenant_id, id, legal_entity_id, client_id, currency, practice_id);

-- One counter row per legal entity that ever issued: the next number to assign.
CREATE TABLE invoice_number_counters (
  tenant_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  next_number bigint NOT NULL DEFAULT 1 CHECK (next_number >= 1),
  PRIMARY KEY (tenant_id, legal_entity_id),
  CONSTRAINT invoice_number_counters_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id)
);
SELECT tessera_protect('invoice_number_counters');
SELECT tessera_scope('invoice_number_counters', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON invoice_number_counters FROM tessera_app;

-- A billing run: for a legal entity and a period, under an idempotency key (unique per tenant);
-- the documents it created.
CREATE TABLE billing_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  period_from date NOT NULL,
  period_to date NOT NULL,
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed')),
  invoice_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  CONSTRAINT billing_runs_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  CONSTRAINT billing_runs_period CHECK (period_from <= period_to)
);
CREATE INDEX billing_runs_legal_entity_idx ON billing_runs (tenant_id, legal_entity_id);
SELECT tessera_protect('billing_runs');
SELECT tessera_scope('billing_runs', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON billing_runs FROM tessera_app;

CREATE TABLE invoices (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  billing_run_id uuid,
  period_from date,
  period_to date,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'issued', 'paid', 'void')),
  number bigint CHECK (number >= 1),
  issue_date date,
  due_date date,
  net_minor bigint NOT NULL DEFAULT 0 CHECK (net_minor BETWEEN -99999999999999 AND 99999999999999),
  vat_minor bigint NOT NULL DEFAULT 0 CHECK (vat_minor BETWEEN -99999999999999 AND 99999999999999),
  gross_minor bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  approved_at timestamptz,
  approved_by_membership_id uuid,
  issued_at timestamptz,
  issued_by_membership_id uuid,
  paid_at timestamptz,
  paid_by_membership_id uuid,
  voided_at timestamptz,
  voided_by_membership_id uuid,
  journal_entry_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, legal_entity_id, number),
  -- The target of the lines' key, which carries the invoice's segments.
  UNIQUE (tenant_id, id, legal_entity_id, client_id, practice_id),
  UNIQUE (tenant_id, id, region_id),
  CONSTRAINT invoices_contract_fkey
    FOREIGN KEY (tenant_id, contract_id, legal_entity_id, client_id, currency, practice_id)
    REFERENCES contracts (tenant_id, id, legal_entity_id, client_id, currency, practice_id),
  CONSTRAINT invoices_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id),
  CONSTRAINT invoices_run_fkey FOREIGN KEY (tenant_id, billing_run_id) REFERENCES billing_runs (tenant_id, id),
  CONSTRAINT invoices_totals CHECK (gross_minor = net_minor + vat_minor),
  CONSTRAINT invoices_numbered CHECK (
    (status IN ('issued', 'paid')) = (number IS NOT NULL AND issue_date IS NOT NULL AND issued_at IS NOT NULL)
    OR (status = 'void' AND number IS NULL)
  ),
  CONSTRAINT invoices_approved CHECK (status IN ('draft', 'void') OR approved_at IS NOT NULL),
  CONSTRAINT invoices_paid CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
  CONSTRAINT invoices_voided CHECK ((status = 'void') = (voided_at IS NOT NULL)),
  CONSTRAINT invoices_due CHECK (due_date IS NULL OR issue_date IS NULL OR due_date >= issue_date)
);
CREATE INDEX invoices_contract_idx ON invoices (tenant_id, contract_id);
CREATE INDEX invoices_client_idx ON invoices (tenant_id, client_id);
CREATE INDEX invoices_practice_idx ON invoices (tenant_id, practice_id);
CREATE INDEX invoices_region_idx ON invoices (tenant_id, contract_id, region_id);
CREATE INDEX invoices_run_idx ON invoices (tenant_id, billing_run_id);
CREATE INDEX invoices_status_idx ON invoices (tenant_id, legal_entity_id, status);
SELECT tessera_protect('invoices');
SELECT tessera_scope('invoices', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('invoices', 'client', 'client_id');
SELECT tessera_scope('invoices', 'practice', 'practice_id');
SELECT tessera_scope('invoices', 'region', 'region_id');
REVOKE DELETE ON invoices FROM tessera_app;

-- An invoice line keeps its origin: time entries, an expense, a milestone or a fee. Quantity is
-- minutes for time, 1 otherwise; the net amount is rounded per line. VAT per EN 16931 category.
CREATE TABLE invoice_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  line_no integer NOT NULL CHECK (line_no BETWEEN 1 AND 100000),
  origin_kind text NOT NULL CHECK (origin_kind IN ('time', 'expense', 'milestone', 'fee')),
  origin_ids uuid[] NOT NULL DEFAULT '{}',
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  quantity integer NOT NULL CHECK (quantity >= 1),
  unit_price_minor bigint NOT NULL,
  net_minor bigint NOT NULL CHECK (net_minor BETWEEN -99999999999999 AND 99999999999999),
  vat_category text NOT NULL CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'O')),
  vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate < 100),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, invoice_id, line_no),
  CONSTRAINT invoice_lines_invoice_fkey
    FOREIGN KEY (tenant_id, invoice_id, legal_entity_id, client_id, practice_id)
    REFERENCES invoices (tenant_id, id, legal_entity_id, client_id, practice_id),
  CONSTRAINT invoice_lines_region_fkey FOREIGN KEY (tenant_id, invoice_id, region_id)
    REFERENCES invoices (tenant_id, id, region_id),
  CONSTRAINT invoice_lines_vat CHECK (vat_category = 'S' OR vat_rate = 0),
  CONSTRAINT invoice_lines_quantity CHECK (origin_kind = 'time' OR quantity = 1)
);
CREATE INDEX invoice_lines_invoice_idx
  ON invoice_lines (tenant_id, invoice_id, legal_entity_id, client_id, practice_id);
CREATE INDEX invoice_lines_legal_entity_idx ON invoice_lines (tenant_id, legal_entity_id);
CREATE INDEX invoice_lines_client_idx ON invoice_lines (tenant_id, client_id);
CREATE INDEX invoice_lines_practice_idx ON invoice_lines (tenant_id, practice_id);
CREATE INDEX invoice_lines_region_idx ON invoice_lines (tenant_id, invoice_id, region_id);
SELECT tessera_protect('invoice_lines');
SELECT tessera_scope('invoice_lines', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('invoice_lines', 'client', 'client_id');
SELECT tessera_scope('invoice_lines', 'practice', 'practice_id');
SELECT tessera_scope('invoice_lines', 'region', 'region_id');

-- Milestones are billed once, like time and expenses.
ALTER TABLE project_milestones
  ADD COLUMN invoice_id uuid,
  ADD COLUMN invoice_line_id uuid,
  ADD COLUMN billed_at timestamptz,
  ADD CONSTRAINT project_milestones_billing CHECK (
    (invoice_id IS NULL) = (billed_at IS NULL) AND (invoice_id IS NULL OR status = 'accepted')
  );
CREATE INDEX project_milestones_invoice_idx ON project_milestones (tenant_id, invoice_id);
