-- The segment dimensions of a tenant besides legal entities: practices (a tree), regions,
-- clients (each client is its own workspace: the client dimension of a scope is the client's
-- id) and portfolios. Every table is a segment; every segment policy is RESTRICTIVE and fails
-- closed: an unset or empty scope setting matches no row, '*' matches every row, and a row
-- whose segment column is NULL is visible only with '*' for that dimension.

-- Practices: business units and service lines. `path` (ancestors, then the practice itself)
-- is derived by the database from `parent_path`, the parent's path, which the service copies
-- from the parent it read. The foreign key on (tenant_id, parent_id, parent_path) cascades a
-- changed path to the children, and so on down the tree: re-parenting a practice moves the
-- paths of all its descendants, including those outside the mover's scope (referential
-- actions are not subject to row-level security), and a path can never go stale.
CREATE TABLE practices (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  parent_id uuid,
  parent_path uuid[],
  path uuid[] NOT NULL GENERATED ALWAYS AS (coalesce(parent_path, '{}'::uuid[]) || id) STORED,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 64),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  -- The target of the path-carrying foreign key below.
  UNIQUE (tenant_id, id, path),
  CONSTRAINT practices_parent_fkey FOREIGN KEY (tenant_id, parent_id) REFERENCES practices (tenant_id, id),
  CONSTRAINT practices_parent_path_fkey FOREIGN KEY (tenant_id, parent_id, parent_path)
    REFERENCES practices (tenant_id, id, path) ON UPDATE CASCADE,
  -- A root has neither; a sub-practice has both (a NULL would switch the path check off).
  CONSTRAINT practices_parent_path_present CHECK ((parent_id IS NULL) = (parent_path IS NULL)),
  -- No practice is its own ancestor: with every path its parent's path plus itself, no cycle.
  CONSTRAINT practices_no_cycle CHECK (parent_path IS NULL OR NOT (id = ANY (parent_path)))
);
CREATE INDEX practices_parent_idx ON practices (tenant_id, parent_id);
ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON practices FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- A scope on a practice covers its sub-practices because authentication expands the scope
-- (expandPracticeScope) before the transaction; the policy itself matches ids only.
CREATE POLICY practice_scope ON practices AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[])
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON practices TO tessera_app;

-- Regions: the tenant's geographies (`us`, `uk-eu`).
CREATE TABLE regions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);
ALTER TABLE regions ENABLE ROW LEVEL SECURITY;
ALTER TABLE regions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON regions FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY region_scope ON regions AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[])
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON regions TO tessera_app;

-- Clients: each one is a client workspace, its id the client segment a client approver is
-- scoped to. A client row is visible only when its client, its legal entity AND its region are
-- all in scope. `internal_notes` is classified confidential (masked below that clearance).
CREATE TABLE clients (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  legal_entity_id uuid NOT NULL,
  region_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('prospect', 'active', 'inactive')),
  internal_notes text CHECK (length(internal_notes) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  CONSTRAINT clients_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  CONSTRAINT clients_region_fkey FOREIGN KEY (tenant_id, region_id) REFERENCES regions (tenant_id, id)
);
COMMENT ON COLUMN clients.internal_notes IS 'classification: confidential';
CREATE INDEX clients_legal_entity_idx ON clients (tenant_id, legal_entity_id);
CREATE INDEX clients_region_idx ON clients (tenant_id, region_id);
ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON clients FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY client_scope ON clients AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY legal_entity_scope ON clients AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY region_scope ON clients AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON clients TO tessera_app;

-- Portfolios: groups of projects.
CREATE TABLE portfolios (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
ALTER TABLE portfolios ENABLE ROW LEVEL SECURITY;
ALTER TABLE portfolios FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON portfolios FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY portfolio_scope ON portfolios AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_portfolio', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_portfolio', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_portfolio', true), '') = '*'
    OR id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_portfolio', true), ''), '*'), ',')::uuid[])
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON portfolios TO tessera_app;
