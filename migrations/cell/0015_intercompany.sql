-- Inter-company recharges: the employing legal entity of a person recharges the project's legal
-- entity for approved inter-company time (time_entries.intercompany), at the person's cost rate
-- plus the tenant's markup. One recharge per month, employing entity and project entity (a retry
-- never posts twice); it links the pair of journal entries it posted, one in each entity's ledger
-- (their source is `intercompany_recharge` with this row's id), and the time entries it covers
-- (each time entry is recharged at most once).
--
-- Visibility: a recharge is seen by whoever sees either of its legal entities (each side's ledger
-- shows its half anyway), but written only by a transaction that sees both (WITH CHECK).

-- The tenant's recharge settings: the markup on cost, in basis points (0 = at cost).
CREATE TABLE intercompany_settings (
  tenant_id uuid NOT NULL,
  markup_basis_points integer NOT NULL DEFAULT 0 CHECK (markup_basis_points BETWEEN 0 AND 100000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_membership_id uuid,
  PRIMARY KEY (tenant_id)
);
SELECT tessera_protect('intercompany_settings');
REVOKE DELETE ON intercompany_settings FROM tessera_app;

CREATE TABLE intercompany_recharges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  employing_legal_entity_id uuid NOT NULL,
  project_legal_entity_id uuid NOT NULL,
  -- The recharge is denominated in the employing entity's functional currency.
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  cost_minor bigint NOT NULL CHECK (cost_minor BETWEEN 0 AND 99999999999999),
  markup_basis_points integer NOT NULL CHECK (markup_basis_points BETWEEN 0 AND 100000),
  amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 0 AND 99999999999999),
  minutes bigint NOT NULL CHECK (minutes > 0),
  time_entry_count integer NOT NULL CHECK (time_entry_count > 0),
  -- Set in the transaction that inserts the row, once both entries are posted.
  employing_entry_id uuid,
  project_entry_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, month, employing_legal_entity_id, project_legal_entity_id),
  -- The target of the covered time entries' key, which carries both entities for their policy.
  UNIQUE (tenant_id, id, employing_legal_entity_id, project_legal_entity_id),
  CONSTRAINT intercompany_recharges_pair CHECK (employing_legal_entity_id <> project_legal_entity_id),
  CONSTRAINT intercompany_recharges_employing_fkey FOREIGN KEY (tenant_id, employing_legal_entity_id, currency)
    REFERENCES legal_entities (tenant_id, id, functional_currency),
  CONSTRAINT intercompany_recharges_project_fkey FOREIGN KEY (tenant_id, project_legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  -- Each entry is in its own side's ledger.
  CONSTRAINT intercompany_recharges_employing_entry_fkey
    FOREIGN KEY (tenant_id, employing_entry_id, employing_legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id),
  CONSTRAINT intercompany_recharges_project_entry_fkey
    FOREIGN KEY (tenant_id, project_entry_id, project_legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id)
);
CREATE INDEX intercompany_recharges_employing_idx
  ON intercompany_recharges (tenant_id, employing_legal_entity_id, currency);
CREATE INDEX intercompany_recharges_project_idx ON intercompany_recharges (tenant_id, project_legal_entity_id);
CREATE INDEX intercompany_recharges_employing_entry_idx
  ON intercompany_recharges (tenant_id, employing_entry_id, employing_legal_entity_id);
CREATE INDEX intercompany_recharges_project_entry_idx
  ON intercompany_recharges (tenant_id, project_entry_id, project_legal_entity_id);
SELECT tessera_protect('intercompany_recharges');
REVOKE DELETE ON intercompany_recharges FROM tessera_app;
CREATE POLICY legal_entity_scope ON intercompany_recharges AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
    OR project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
      AND project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );

-- The time entries a recharge covers: no amounts here (a person's cost stays in the restricted
-- cost rates); the primary key recharges each time entry at most once.
CREATE TABLE intercompany_recharge_entries (
  tenant_id uuid NOT NULL,
  time_entry_id uuid NOT NULL,
  recharge_id uuid NOT NULL,
  employing_legal_entity_id uuid NOT NULL,
  project_legal_entity_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, time_entry_id),
  CONSTRAINT intercompany_recharge_entries_recharge_fkey
    FOREIGN KEY (tenant_id, recharge_id, employing_legal_entity_id, project_legal_entity_id)
    REFERENCES intercompany_recharges (tenant_id, id, employing_legal_entity_id, project_legal_entity_id),
  CONSTRAINT intercompany_recharge_entries_time_entry_fkey FOREIGN KEY (tenant_id, time_entry_id)
    REFERENCES time_entries (tenant_id, id)
);
CREATE INDEX intercompany_recharge_entries_recharge_idx
  ON intercompany_recharge_entries (tenant_id, recharge_id, employing_legal_entity_id, project_legal_entity_id);
SELECT tessera_protect('intercompany_recharge_entries');
REVOKE UPDATE, DELETE ON intercompany_recharge_entries FROM tessera_app;
CREATE POLICY legal_entity_scope ON intercompany_recharge_entries AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
    OR project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
      AND project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );
