-- Recurring fees (ADR 0012): a retainer or subscription contract's fee schedule, billed in advance
-- per calendar period (month, quarter or year) and prorated by day.
--
-- The schedule is append-only history: each row says "from `effective_from` on, the fee is
-- `amount_minor` per `billing_interval`", numbered by `revision` per contract; a plan or price
-- change is a new row, never an update (the application role has no UPDATE or DELETE on it).
-- Rows are appended in effective-date order (the service refuses a change dated before the latest
-- one), so each row's share of a period depends only on itself and the row before it.
--
-- `contract_fee_billings` records which (contract, period, revision) each invoice line billed.
-- Its unique key (among unreleased rows) is what makes a fee period billed once under concurrent
-- and retried runs; a claim whose invoice was voided is released (not deleted) by the next run.

CREATE TABLE contract_fees (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  revision integer NOT NULL CHECK (revision BETWEEN 1 AND 100000),
  amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 0 AND 99999999999999),
  billing_interval text NOT NULL CHECK (billing_interval IN ('month', 'quarter', 'year')),
  effective_from date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, contract_id, revision),
  -- The target of the billings' key: a claim names a row of its own contract.
  UNIQUE (tenant_id, id, contract_id),
  -- The contract's segments and currency, carried and cascaded like a rate card's.
  CONSTRAINT contract_fees_contract_fkey
    FOREIGN KEY (tenant_id, contract_id, legal_entity_id, client_id, currency, practice_id)
    REFERENCES contracts (tenant_id, id, legal_entity_id, client_id, currency, practice_id) ON UPDATE CASCADE,
  CONSTRAINT contract_fees_contract_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id) ON UPDATE CASCADE
);
CREATE INDEX contract_fees_legal_entity_idx ON contract_fees (tenant_id, legal_entity_id);
CREATE INDEX contract_fees_client_idx ON contract_fees (tenant_id, client_id);
CREATE INDEX contract_fees_practice_idx ON contract_fees (tenant_id, practice_id);
CREATE INDEX contract_fees_region_idx ON contract_fees (tenant_id, contract_id, region_id);
SELECT tessera_protect('contract_fees');
SELECT tessera_scope('contract_fees', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('contract_fees', 'client', 'client_id');
SELECT tessera_scope('contract_fees', 'practice', 'practice_id');
SELECT tessera_scope('contract_fees', 'region', 'region_id');
REVOKE UPDATE, DELETE ON contract_fees FROM tessera_app;

-- One row per (contract, fee period, schedule revision) an invoice line billed: `amount_minor` is
-- that revision's share of the period (the line's net is the sum of its rows). `kind` says whether
-- the line was the period's charge or an adjustment for a change. Segments are the invoice's.
CREATE TABLE contract_fee_billings (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  contract_fee_id uuid NOT NULL,
  revision integer NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('period', 'adjustment')),
  amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN -99999999999999 AND 99999999999999),
  invoice_id uuid NOT NULL,
  invoice_line_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set when the invoice was voided: the revision's share of the period may be billed again.
  released_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT contract_fee_billings_fee_fkey FOREIGN KEY (tenant_id, contract_fee_id, contract_id)
    REFERENCES contract_fees (tenant_id, id, contract_id),
  CONSTRAINT contract_fee_billings_line_fkey FOREIGN KEY (tenant_id, invoice_line_id)
    REFERENCES invoice_lines (tenant_id, id),
  CONSTRAINT contract_fee_billings_invoice_fkey
    FOREIGN KEY (tenant_id, invoice_id, legal_entity_id, client_id, practice_id)
    REFERENCES invoices (tenant_id, id, legal_entity_id, client_id, practice_id),
  CONSTRAINT contract_fee_billings_invoice_region_fkey FOREIGN KEY (tenant_id, invoice_id, region_id)
    REFERENCES invoices (tenant_id, id, region_id),
  CONSTRAINT contract_fee_billings_period CHECK (period_from <= period_to)
);
-- Billed once: a second claim of the same revision's share of a period fails (ON CONFLICT skips it).
CREATE UNIQUE INDEX contract_fee_billings_once_key
  ON contract_fee_billings (tenant_id, contract_id, period_from, revision) WHERE released_at IS NULL;
CREATE INDEX contract_fee_billings_fee_idx ON contract_fee_billings (tenant_id, contract_fee_id, contract_id);
CREATE INDEX contract_fee_billings_line_idx ON contract_fee_billings (tenant_id, invoice_line_id);
CREATE INDEX contract_fee_billings_invoice_idx
  ON contract_fee_billings (tenant_id, invoice_id, legal_entity_id, client_id, practice_id);
CREATE INDEX contract_fee_billings_invoice_region_idx ON contract_fee_billings (tenant_id, invoice_id, region_id);
CREATE INDEX contract_fee_billings_client_idx ON contract_fee_billings (tenant_id, client_id);
CREATE INDEX contract_fee_billings_practice_idx ON contract_fee_billings (tenant_id, practice_id);
CREATE INDEX contract_fee_billings_legal_entity_idx ON contract_fee_billings (tenant_id, legal_entity_id);
SELECT tessera_protect('contract_fee_billings');
SELECT tessera_scope('contract_fee_billings', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('contract_fee_billings', 'client', 'client_id');
SELECT tessera_scope('contract_fee_billings', 'practice', 'practice_id');
SELECT tessera_scope('contract_fee_billings', 'region', 'region_id');
REVOKE DELETE ON contract_fee_billings FROM tessera_app;
