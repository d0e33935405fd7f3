-- People (employees and subcontractors) and their cost rates. A cost rate is payroll-linked
-- data: it lives in its own table whose policy also requires the restricted clearance set by
-- the tenant transaction, so it stays invisible to anyone without it, whatever the query.

CREATE TABLE people (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text CHECK (email IS NULL OR (email = lower(email) AND length(email) <= 320)),
  kind text NOT NULL CHECK (kind IN ('employee', 'subcontractor')),
  -- the control-plane membership of the person, when they sign in to Tessera
  membership_id uuid,
  legal_entity_id uuid NOT NULL,
  practice_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The target of the cost rates' foreign key, which carries the entity for its segment policy.
  UNIQUE (tenant_id, id, legal_entity_id),
  UNIQUE (tenant_id, membership_id),
  FOREIGN KEY (tenant_id, legal_entity_id) REFERENCES legal_entities (tenant_id, id),
  FOREIGN KEY (tenant_id, practice_id) REFERENCES practices (tenant_id, id)
);
CREATE INDEX people_legal_entity_idx ON people (tenant_id, legal_entity_id);
CREATE INDEX people_practice_idx ON people (tenant_id, practice_id);
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON people FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY legal_entity_scope ON people AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY practice_scope ON people AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON people TO tessera_app;

-- What a person costs per hour, by validity period. Restricted: visible only to a transaction
-- whose clearance is restricted (app.clearance = 3), and only in the person's legal entity.
CREATE TABLE person_cost_rates (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  person_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  hourly_cost_minor bigint NOT NULL CHECK (hourly_cost_minor >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  valid_from date NOT NULL,
  valid_until date,
  note text CHECK (length(note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, person_id, valid_from),
  FOREIGN KEY (tenant_id, person_id, legal_entity_id) REFERENCES people (tenant_id, id, legal_entity_id),
  CHECK (valid_until IS NULL OR valid_until > valid_from)
);
ALTER TABLE person_cost_rates ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_cost_rates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON person_cost_rates FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY restricted_clearance ON person_cost_rates AS RESTRICTIVE FOR ALL
  USING (nullif(current_setting('app.clearance', true), '')::int >= 3)
  WITH CHECK (nullif(current_setting('app.clearance', true), '')::int >= 3);
CREATE POLICY legal_entity_scope ON person_cost_rates AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON person_cost_rates TO tessera_app;
