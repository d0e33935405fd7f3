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

-- Per tenant: the head of its audit chain and its outbox sequence (see append_journal).
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
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_events_resource_idx ON audit_events (tenant_id, resource_kind, resource_id);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- The application reads its tenant's events; it appends only through append_journal().
GRANT SELECT ON audit_events TO tessera_app;

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
  PRIMARY KEY (tenant_id, seq)
);
ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox_events FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT ON outbox_events TO tessera_app;

-- Appends a transaction's audit events (chained) and outbox events (numbered) for the tenant
-- of the transaction. The only way the application writes either: the database, not the
-- caller, decides seq, prev_hash and hash, so the chain cannot be forged or reordered. The
-- head row of the tenant is locked until commit, which keeps the chain linear and makes outbox
-- numbers follow commit order. SECURITY DEFINER: the application role has no write access to
-- the heads or the two tables. Each element of p_audit holds id, actor_kind, actor_id,
-- membership_id, grant_id, request_id, action, resource_kind, resource_id, changes; of
-- p_outbox: id, topic, resource_kind, resource_id, payload, request_id.
CREATE FUNCTION append_journal(p_tenant uuid, p_audit jsonb, p_outbox jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  head tenant_chain_heads;
  item jsonb;
  event audit_events;
BEGIN
  IF p_tenant IS DISTINCT FROM nullif(current_setting('app.tenant_id', true), '')::uuid THEN
    RAISE EXCEPTION 'journal of another tenant' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO head FROM tenant_chain_heads WHERE tenant_id = p_tenant FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO tenant_chain_heads (tenant_id) VALUES (p_tenant) ON CONFLICT (tenant_id) DO NOTHING;
    SELECT * INTO head FROM tenant_chain_heads WHERE tenant_id = p_tenant FOR UPDATE;
  END IF;
  FOR item IN SELECT value FROM jsonb_array_elements(p_audit) LOOP
    event := jsonb_populate_record(NULL::audit_events, item);
    event.tenant_id := p_tenant;
    event.occurred_at := now();
    event.changes := coalesce(item -> 'changes', '{}');
    head.audit_seq := head.audit_seq + 1;
    event.seq := head.audit_seq;
    event.prev_hash := head.audit_hash;
    event.hash := audit_event_hash(event);
    head.audit_hash := event.hash;
    INSERT INTO audit_events VALUES (event.*);
  END LOOP;
  FOR item IN SELECT value FROM jsonb_array_elements(p_outbox) LOOP
    head.outbox_seq := head.outbox_seq + 1;
    INSERT INTO outbox_events (tenant_id, seq, id, topic, resource_kind, resource_id, payload, request_id)
    VALUES (p_tenant, head.outbox_seq, (item ->> 'id')::uuid, item ->> 'topic', item ->> 'resource_kind',
            item ->> 'resource_id', item -> 'payload', item ->> 'request_id');
  END LOOP;
  UPDATE tenant_chain_heads
  SET audit_seq = head.audit_seq, audit_hash = head.audit_hash, outbox_seq = head.outbox_seq
  WHERE tenant_id = p_tenant;
END
$$;
REVOKE ALL ON FUNCTION append_journal(uuid, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_journal(uuid, jsonb, jsonb) TO tessera_app;

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
