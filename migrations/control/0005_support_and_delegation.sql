-- Support access and delegated administration.
--
-- A support engineer has no standing access to tenant data: they ask a tenant for a
-- time-boxed, reason-stated, read-only grant that a tenant admin approves (or take a
-- break-glass grant that alerts the tenant's admins). Approval starts the clock. Whether a
-- grant is usable is decided at every request from this table, so expiry and revocation take
-- effect at once without a job.

CREATE TABLE control.support_grants (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES control.tenants (id),
  -- the support engineer and the support membership the grant belongs to
  requested_by uuid NOT NULL REFERENCES control.users (id),
  requester_membership_id uuid NOT NULL REFERENCES control.memberships (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 2000),
  -- per segment dimension: "all" or a list of segment ids
  scope jsonb NOT NULL,
  -- a read-only subset of the tenant permissions
  permissions text[] NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 480),
  break_glass boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'denied', 'revoked')),
  requested_at timestamptz NOT NULL,
  -- who approved or denied (for break-glass: the engineer themselves), when, and why
  decided_by uuid REFERENCES control.users (id),
  decided_at timestamptz,
  decision_note text CHECK (length(decision_note) <= 2000),
  -- approved_at + duration; a grant is usable while status = 'approved' and expires_at > now
  approved_at timestamptz,
  expires_at timestamptz,
  revoked_by uuid REFERENCES control.users (id),
  revoked_at timestamptz,
  CHECK ((approved_at IS NULL) = (expires_at IS NULL)),
  CHECK (status <> 'approved' OR approved_at IS NOT NULL),
  CHECK (status <> 'denied' OR (decided_at IS NOT NULL AND approved_at IS NULL)),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  CHECK (NOT break_glass OR status IN ('approved', 'revoked'))
);
CREATE INDEX support_grants_tenant_idx ON control.support_grants (tenant_id, id);
CREATE INDEX support_grants_requester_idx ON control.support_grants (requested_by, id);

-- Every request made under a grant, reads included, recorded when the grant token is resolved
-- (before the route runs, so refused attempts are recorded too). Mutations also carry the
-- grant id on their audit events in the tenant's chain; request_id joins the two.
CREATE TABLE control.support_grant_uses (
  id uuid PRIMARY KEY,
  grant_id uuid NOT NULL REFERENCES control.support_grants (id),
  tenant_id uuid NOT NULL REFERENCES control.tenants (id),
  method text NOT NULL CHECK (length(method) <= 10),
  url text NOT NULL CHECK (length(url) <= 2048),
  request_id text,
  used_at timestamptz NOT NULL
);
CREATE INDEX support_grant_uses_grant_idx ON control.support_grant_uses (grant_id, used_at);
