-- Identities and what they may do: users (global), their credentials, memberships that bind a
-- user to the platform, a partner or a tenant with roles and a segment scope, sessions, and the
-- tenants' own roles. Built-in roles live in code (src/modules/access/built-in-roles.ts).

CREATE TABLE control.users (
  id uuid PRIMARY KEY,
  email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON control.users (email);

CREATE TABLE control.credentials (
  user_id uuid PRIMARY KEY REFERENCES control.users (id),
  password_hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A tenant's own roles, made from the permission catalogue.
CREATE TABLE control.tenant_roles (
  tenant_id uuid NOT NULL REFERENCES control.tenants (id),
  key text NOT NULL CHECK (key ~ '^custom:[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  permissions text[] NOT NULL,
  clearance text NOT NULL CHECK (clearance IN ('public', 'internal', 'confidential', 'restricted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE control.memberships (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES control.users (id),
  kind text NOT NULL CHECK (kind IN ('staff', 'client', 'partner-admin', 'platform-operator', 'support')),
  staff_type text CHECK (staff_type IN ('employee', 'subcontractor')),
  partner_id uuid REFERENCES control.partners (id),
  tenant_id uuid REFERENCES control.tenants (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    (kind IN ('staff', 'client') AND tenant_id IS NOT NULL AND partner_id IS NULL)
    OR (kind = 'partner-admin' AND partner_id IS NOT NULL AND tenant_id IS NULL)
    OR (kind IN ('platform-operator', 'support') AND partner_id IS NULL AND tenant_id IS NULL)
  ),
  CHECK ((kind = 'staff') = (staff_type IS NOT NULL))
);
CREATE INDEX memberships_user_idx ON control.memberships (user_id);
CREATE INDEX memberships_tenant_idx ON control.memberships (tenant_id);
CREATE INDEX memberships_partner_idx ON control.memberships (partner_id);

-- Built-in role keys (tenant-admin, finance, …) or a tenant role's `custom:…` key.
CREATE TABLE control.membership_roles (
  membership_id uuid NOT NULL REFERENCES control.memberships (id),
  role_key text NOT NULL,
  PRIMARY KEY (membership_id, role_key)
);

-- Per dimension: a row with no segment covers every segment; rows with segments cover those;
-- no row covers nothing. A row counts only between valid_from and valid_until.
CREATE TABLE control.membership_scopes (
  id uuid PRIMARY KEY,
  membership_id uuid NOT NULL REFERENCES control.memberships (id),
  dimension text NOT NULL CHECK (dimension IN ('legal_entity', 'practice', 'region', 'client', 'portfolio')),
  segment_id uuid,
  valid_from timestamptz,
  valid_until timestamptz,
  CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
);
CREATE INDEX membership_scopes_membership_idx ON control.membership_scopes (membership_id);

-- A signed-in session: short-lived access tokens name it; its refresh token is stored hashed.
CREATE TABLE control.sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES control.users (id),
  membership_id uuid NOT NULL REFERENCES control.memberships (id),
  refresh_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  client_address text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON control.sessions (user_id);

-- Authentication and control-plane administration events (tenant business changes are audited
-- in the tenant's own hash chain in its cell).
CREATE TABLE control.auth_events (
  id uuid PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  event text NOT NULL,
  -- what the caller claimed to be (the email of a login attempt), known account or not
  subject text,
  user_id uuid,
  membership_id uuid,
  tenant_id uuid,
  partner_id uuid,
  client_address text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX auth_events_subject_idx ON control.auth_events (subject, event, occurred_at);
CREATE INDEX auth_events_user_idx ON control.auth_events (user_id, occurred_at);
CREATE INDEX auth_events_tenant_idx ON control.auth_events (tenant_id, occurred_at);
CREATE INDEX auth_events_address_idx ON control.auth_events (client_address, event, occurred_at);
