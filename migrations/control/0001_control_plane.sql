-- The control plane: who the platform serves and where each tenant's business data lives.
-- Global and small; it holds no business data, so it has no tenant_id and no row-level security.

CREATE TABLE control.platform (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE control.partners (
  id uuid PRIMARY KEY,
  parent_partner_id uuid REFERENCES control.partners (id),
  name text NOT NULL,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_partner_id IS DISTINCT FROM id)
);
CREATE INDEX partners_parent_idx ON control.partners (parent_partner_id);

CREATE TABLE control.cells (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  region text NOT NULL CHECK (region ~ '^[a-z]{2}(-[a-z0-9]+)*$'),
  kind text NOT NULL CHECK (kind IN ('pooled', 'dedicated')),
  -- 'main' (the database that holds the control plane), postgres://… or pglite:<folder>
  location text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'draining', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE control.tenants (
  id uuid PRIMARY KEY,
  partner_id uuid REFERENCES control.partners (id),
  name text NOT NULL,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  status text NOT NULL DEFAULT 'provisioning'
    CHECK (status IN ('provisioning', 'active', 'suspended', 'offboarded')),
  home_region text NOT NULL,
  isolation_tier text NOT NULL CHECK (isolation_tier IN ('pooled', 'dedicated')),
  allowed_regions text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (home_region = ANY (allowed_regions))
);
CREATE INDEX tenants_partner_idx ON control.tenants (partner_id);

CREATE TABLE control.placements (
  tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id),
  cell_id uuid NOT NULL REFERENCES control.cells (id),
  placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placements_cell_idx ON control.placements (cell_id);
