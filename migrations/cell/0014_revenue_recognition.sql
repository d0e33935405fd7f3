-- Revenue recognition (IFRS 15 / ASC 606): performance obligations per contract, the amounts
-- recognized per obligation and month, the runs that recognized them, and the contract-balance
-- movements (unbilled revenue: contract asset; deferred revenue: contract liability) that keep
-- each contract's balance on one side at every date.
--
-- Every row carries its contract's segments (legal entity, client, practice, region) through a
-- composite key to the contract, as invoices do (0010), so the segment policies apply directly.
-- A month of an obligation is recognized once: UNIQUE (tenant_id, obligation_id, period_start).

-- The target of the keys carrying the contract's segments and currency exists since 0010
-- (contracts_billing_segments_key) with (tenant_id, id, region_id) from 0005.

CREATE TABLE performance_obligations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  -- The obligations defined together, whose one price was allocated by standalone selling price.
  bundle_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL
    CHECK (kind IN ('time_and_materials', 'milestone', 'fixed_fee_percent_complete', 'ratable')),
  standalone_selling_price_minor bigint CHECK (standalone_selling_price_minor BETWEEN 0 AND 99999999999999),
  allocated_price_minor bigint CHECK (allocated_price_minor BETWEEN 0 AND 99999999999999),
  project_id uuid,
  milestone_id uuid,
  service_start date,
  service_end date,
  estimated_total_cost_minor bigint CHECK (estimated_total_cost_minor BETWEEN 1 AND 99999999999999),
  cost_currency char(3) CHECK (cost_currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  -- The targets of the recognitions' keys, which carry the obligation's segments.
  UNIQUE (tenant_id, id, contract_id, legal_entity_id, client_id, currency, practice_id),
  UNIQUE (tenant_id, id, region_id),
  CONSTRAINT performance_obligations_contract_fkey
    FOREIGN KEY (tenant_id, contract_id, legal_entity_id, client_id, currency, practice_id)
    REFERENCES contracts (tenant_id, id, legal_entity_id, client_id, currency, practice_id) ON UPDATE CASCADE,
  CONSTRAINT performance_obligations_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT performance_obligations_project_fkey FOREIGN KEY (tenant_id, project_id)
    REFERENCES projects (tenant_id, id),
  CONSTRAINT performance_obligations_milestone_fkey FOREIGN KEY (tenant_id, milestone_id)
    REFERENCES project_milestones (tenant_id, id),
  -- What each kind needs: T&M a project (variable consideration, no price); a milestone its
  -- milestone and a price; percent complete a project, a price and an estimated total cost;
  -- ratable a price and its service days.
  CONSTRAINT performance_obligations_kind CHECK (
    CASE kind
      WHEN 'time_and_materials' THEN project_id IS NOT NULL AND milestone_id IS NULL
        AND allocated_price_minor IS NULL AND service_start IS NULL AND estimated_total_cost_minor IS NULL
      WHEN 'milestone' THEN milestone_id IS NOT NULL AND project_id IS NULL
        AND allocated_price_minor IS NOT NULL AND service_start IS NULL AND estimated_total_cost_minor IS NULL
      WHEN 'fixed_fee_percent_complete' THEN project_id IS NOT NULL AND milestone_id IS NULL
        AND allocated_price_minor IS NOT NULL AND service_start IS NULL
        AND estimated_total_cost_minor IS NOT NULL AND cost_currency IS NOT NULL
      WHEN 'ratable' THEN project_id IS NULL AND milestone_id IS NULL AND allocated_price_minor IS NOT NULL
        AND service_start IS NOT NULL AND service_end IS NOT NULL AND estimated_total_cost_minor IS NULL
    END
  ),
  CONSTRAINT performance_obligations_service CHECK (service_end IS NULL OR service_end >= service_start),
  CONSTRAINT performance_obligations_ssp CHECK ((standalone_selling_price_minor IS NULL) = (allocated_price_minor IS NULL))
);
-- One obligation recognizes a project's time or a milestone: never counted twice.
CREATE UNIQUE INDEX performance_obligations_project_key
  ON performance_obligations (tenant_id, project_id) WHERE project_id IS NOT NULL;
CREATE UNIQUE INDEX performance_obligations_milestone_key
  ON performance_obligations (tenant_id, milestone_id) WHERE milestone_id IS NOT NULL;
CREATE INDEX performance_obligations_contract_idx ON performance_obligations (tenant_id, contract_id);
CREATE INDEX performance_obligations_legal_entity_idx ON performance_obligations (tenant_id, legal_entity_id);
CREATE INDEX performance_obligations_client_idx ON performance_obligations (tenant_id, client_id);
CREATE INDEX performance_obligations_practice_idx ON performance_obligations (tenant_id, practice_id);
CREATE INDEX performance_obligations_region_idx ON performance_obligations (tenant_id, contract_id, region_id);
SELECT tessera_protect('performance_obligations');
SELECT tessera_scope('performance_obligations', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('performance_obligations', 'client', 'client_id');
SELECT tessera_scope('performance_obligations', 'practice', 'practice_id');
SELECT tessera_scope('performance_obligations', 'region', 'region_id');
REVOKE DELETE ON performance_obligations FROM tessera_app;

-- A recognition run: for a legal entity up to a date, under an idempotency key.
CREATE TABLE revenue_recognition_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  as_of date NOT NULL,
  recognition_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  CONSTRAINT revenue_recognition_runs_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id)
);
CREATE INDEX revenue_recognition_runs_legal_entity_idx ON revenue_recognition_runs (tenant_id, legal_entity_id);
SELECT tessera_protect('revenue_recognition_runs');
SELECT tessera_scope('revenue_recognition_runs', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON revenue_recognition_runs FROM tessera_app;

-- What one month of an obligation recognized: the cumulative target at the month's end less what
-- earlier months recognized (a catch-up when time is approved late or an estimate moves).
CREATE TABLE revenue_recognitions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  obligation_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  period_start date NOT NULL CHECK (extract(day FROM period_start) = 1),
  period_end date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN -99999999999999 AND 99999999999999),
  cumulative_minor bigint NOT NULL,
  run_id uuid,
  journal_entry_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, obligation_id, period_start),
  CONSTRAINT revenue_recognitions_obligation_fkey
    FOREIGN KEY (tenant_id, obligation_id, contract_id, legal_entity_id, client_id, currency, practice_id)
    REFERENCES performance_obligations (tenant_id, id, contract_id, legal_entity_id, client_id, currency, practice_id)
    ON UPDATE CASCADE,
  CONSTRAINT revenue_recognitions_region_fkey FOREIGN KEY (tenant_id, obligation_id, region_id)
    REFERENCES performance_obligations (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT revenue_recognitions_run_fkey FOREIGN KEY (tenant_id, run_id)
    REFERENCES revenue_recognition_runs (tenant_id, id),
  CONSTRAINT revenue_recognitions_period CHECK (period_end >= period_start)
);
CREATE INDEX revenue_recognitions_contract_idx ON revenue_recognitions (tenant_id, contract_id, period_end);
CREATE INDEX revenue_recognitions_obligation_idx
  ON revenue_recognitions (tenant_id, obligation_id, contract_id, legal_entity_id, client_id, currency, practice_id);
CREATE INDEX revenue_recognitions_region_idx ON revenue_recognitions (tenant_id, obligation_id, region_id);
CREATE INDEX revenue_recognitions_legal_entity_idx ON revenue_recognitions (tenant_id, legal_entity_id);
CREATE INDEX revenue_recognitions_client_idx ON revenue_recognitions (tenant_id, client_id);
CREATE INDEX revenue_recognitions_practice_idx ON revenue_recognitions (tenant_id, practice_id);
CREATE INDEX revenue_recognitions_run_idx ON revenue_recognitions (tenant_id, run_id);
SELECT tessera_protect('revenue_recognitions');
SELECT tessera_scope('revenue_recognitions', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('revenue_recognitions', 'client', 'client_id');
SELECT tessera_scope('revenue_recognitions', 'practice', 'practice_id');
SELECT tessera_scope('revenue_recognitions', 'region', 'region_id');
REVOKE UPDATE, DELETE ON revenue_recognitions FROM tessera_app;

-- The contract-balance sub-ledger: each posting's effect on a contract's unbilled revenue
-- (debit-positive) and deferred revenue (credit-positive), dated as its journal entry. Invoices
-- and recognitions move it; a reclassification restores "one side only" at a later date when a
-- back-dated posting arrives. The ledger accounts hold the sums over contracts.
CREATE TABLE contract_balance_movements (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  movement_date date NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('invoice', 'recognition', 'reclassification')),
  source_id uuid NOT NULL,
  unbilled_minor bigint NOT NULL,
  deferred_minor bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source_kind, source_id),
  CONSTRAINT contract_balance_movements_contract_fkey
    FOREIGN KEY (tenant_id, contract_id, legal_entity_id, client_id, currency, practice_id)
    REFERENCES contracts (tenant_id, id, legal_entity_id, client_id, currency, practice_id) ON UPDATE CASCADE,
  CONSTRAINT contract_balance_movements_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id) ON UPDATE CASCADE
);
CREATE INDEX contract_balance_movements_contract_idx
  ON contract_balance_movements (tenant_id, contract_id, legal_entity_id, client_id, currency, practice_id);
CREATE INDEX contract_balance_movements_date_idx
  ON contract_balance_movements (tenant_id, contract_id, movement_date);
CREATE INDEX contract_balance_movements_region_idx ON contract_balance_movements (tenant_id, contract_id, region_id);
CREATE INDEX contract_balance_movements_legal_entity_idx ON contract_balance_movements (tenant_id, legal_entity_id);
CREATE INDEX contract_balance_movements_client_idx ON contract_balance_movements (tenant_id, client_id);
CREATE INDEX contract_balance_movements_practice_idx ON contract_balance_movements (tenant_id, practice_id);
SELECT tessera_protect('contract_balance_movements');
SELECT tessera_scope('contract_balance_movements', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('contract_balance_movements', 'client', 'client_id');
SELECT tessera_scope('contract_balance_movements', 'practice', 'practice_id');
SELECT tessera_scope('contract_balance_movements', 'region', 'region_id');
REVOKE UPDATE, DELETE ON contract_balance_movements FROM tessera_app;
