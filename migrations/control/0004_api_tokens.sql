-- API tokens: long-lived credentials for integrations and scripts. A token acts as the tenant
-- membership that created it, narrowed to its scopes and segment restriction at every request.
-- The secret is shown once at creation; only its SHA-256 hash (hex) is stored.

CREATE TABLE control.api_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES control.tenants (id),
  membership_id uuid NOT NULL REFERENCES control.memberships (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  -- permissions of the tenant realm; the token holds those its membership still holds
  scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 100),
  -- per segment dimension, the only segment ids the token may see: {"legal_entity": ["…"]}
  segment_restriction jsonb NOT NULL DEFAULT '{}',
  rate_limit_tier text NOT NULL DEFAULT 'standard' CHECK (rate_limit_tier IN ('standard', 'high')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  -- written at most once a minute per token
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES control.memberships (id)
);
CREATE INDEX api_tokens_tenant_idx ON control.api_tokens (tenant_id, id);
CREATE INDEX api_tokens_membership_idx ON control.api_tokens (membership_id, id);
