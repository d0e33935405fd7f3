-- The kernel of every cell: the application role, the cell's identity, the per-tenant audit
-- chain and the transactional outbox. Business modules add their tables in later files.

-- The role every business transaction switches to (SET LOCAL ROLE). Never a superuser, never
-- an owner, never BYPASSRLS: row-level security applies to everything it does.
DO $$
BEGIN
  CREATE ROLE tessera_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created already, by this cluster's other database or a concurrent migrator
END
$$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'tessera_app', 'MEMBER') THEN
    EXECUTE format('GRANT tessera_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO tessera_app;

-- Which cell this database is. Written when the cell is registered; checked when it is opened,
-- so a misconfigured location can never send one cell's tenants to another cell's database.
CREATE TABLE cell_identity (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  cell_id uuid NOT NULL,
  cell_name text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now()
);

-- Per tenant: the head of its audit chain and its outbox sequence. The row lock taken when an
-- event is appended serializes a tenant's writers, so the chain stays linear and outbox
-- sequence numbers follow commit order.
CREATE TABLE tenant_chain_heads (
  tenant_id uuid PRIMARY KEY,
  audit_seq bigint NOT NULL DEFAULT 0,
  audit_hash text NOT NULL DEFAULT repeat('0', 64),
  outbox_seq bigint NOT NULL DEFAULT 0
);
ALTER TABLE tenant_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_chain_heads FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT ON tenant_chain_heads TO tessera_app;

CREATE TABLE audit_events (
  tenant_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api-token', 'support', 'system')),
  actor_id text NOT NULL,
  membership_id uuid,
  grant_id uuid,
  request_id text,
  action text NOT NULL,
  resource_kind text NOT NULL,
  resource_id text,
  changes jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, id)
);
CREATE INDEX audit_events_resource_idx ON audit_events (tenant_id, resource_kind, resource_id);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Append-only for the application: no UPDATE, DELETE or TRUNCATE.
GRANT SELECT, INSERT ON audit_events TO tessera_app;

-- The hash of an event covers its canonical content and the previous event's hash. The
-- canonical content is a JSON array (unambiguous) with the instant rendered in UTC.
CREATE FUNCTION audit_event_hash(e audit_events) RETURNS text
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    e.prev_hash, e.tenant_id::text, e.seq, e.id::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_kind, e.actor_id, e.membership_id::text, e.grant_id::text, e.request_id,
    e.action, e.resource_kind, e.resource_id, e.changes
  )::text, 'UTF8')), 'hex')
$$;

-- Chains every appended event: the database, not the caller, decides seq, prev_hash and hash.
-- SECURITY DEFINER so the application role never gets write access to the chain heads.
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  head tenant_chain_heads;
BEGIN
  INSERT INTO tenant_chain_heads AS h (tenant_id, audit_seq) VALUES (NEW.tenant_id, 1)
  ON CONFLICT (tenant_id) DO UPDATE SET audit_seq = h.audit_seq + 1
  RETURNING * INTO head;
  NEW.seq := head.audit_seq;
  NEW.prev_hash := head.audit_hash;
  NEW.hash := audit_event_hash(NEW);
  UPDATE tenant_chain_heads SET audit_hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION audit_events_chain() FROM PUBLIC;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE TABLE outbox_events (
  tenant_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  topic text NOT NULL,
  resource_kind text NOT NULL,
  resource_id text,
  payload jsonb NOT NULL,
  request_id text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, id)
);
ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_events FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON outbox_events TO tessera_app;

-- Outbox sequence numbers follow the order in which a tenant's transactions take the chain head's lock.
CREATE FUNCTION outbox_events_sequence() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO tenant_chain_heads AS h (tenant_id, outbox_seq) VALUES (NEW.tenant_id, 1)
  ON CONFLICT (tenant_id) DO UPDATE SET outbox_seq = h.outbox_seq + 1
  RETURNING outbox_seq INTO NEW.seq;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION outbox_events_sequence() FROM PUBLIC;
CREATE TRIGGER outbox_events_sequence BEFORE INSERT ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION outbox_events_sequence();

-- How far each in-process subscriber has been delivered, per tenant (at-least-once delivery).
CREATE TABLE outbox_deliveries (
  tenant_id uuid NOT NULL,
  subscriber text NOT NULL,
  delivered_seq bigint NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, subscriber)
);
ALTER TABLE outbox_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_deliveries FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON outbox_deliveries TO tessera_app;
