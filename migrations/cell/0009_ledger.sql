-- The ledger: a chart of accounts per legal entity, the journal, monthly periods and FX rates.
--
-- What the database itself guarantees (not only the code that posts):
--   * the journal is append-only: tessera_app has no UPDATE or DELETE on journal_entries and
--     journal_lines, and triggers refuse both (and TRUNCATE) for every role unless the owner
--     opts in for maintenance (`SET LOCAL tessera.ledger_maintenance = 'on'`, never the app);
--   * every entry balances at commit: a DEFERRABLE INITIALLY DEFERRED constraint trigger on both
--     tables refuses an entry with fewer than two lines, or whose lines do not balance per
--     transaction currency, or in functional currency;
--   * lines are written only with their entry (in the transaction that inserted the entry);
--   * a line's account belongs to the entry's legal entity, and lines carry the entry's legal
--     entity, date and functional currency (composite keys), so the legal entity scope policy
--     applies to them directly;
--   * an entry dated in a closed period is refused; the period row is locked while posting so a
--     period cannot close under an entry being posted into it;
--   * an entity with postings keeps its functional currency.
--
-- Refusals of business rules raise SQLSTATE TS409 or TS422 with a HINT that names the error code
-- of the API's catalogue (see database-errors.ts); messages name only the row being written.

-- A UUIDv7 made in SQL (PostgreSQL 15 has no uuidv7()): for the rows a trigger creates.
CREATE FUNCTION tessera_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
      substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      52, 1), 53, 1), 'hex')::uuid
$$;

-- The target of the journal's key carrying the entity's functional currency.
ALTER TABLE legal_entities ADD CONSTRAINT legal_entities_functional_currency_key
  UNIQUE (tenant_id, id, functional_currency);

-- ---------------------------------------------------------------------------------------------
-- Chart of accounts. `code` is stable and unique per entity; `role` names what postings of other
-- modules look the account up by (receivables, deferred_revenue, …), at most one per entity.
-- Accounts are deactivated, never deleted (no DELETE grant).
CREATE TABLE ledger_accounts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[0-9A-Z]+([.-][0-9A-Z]+)*$' AND length(code) <= 20),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  role text CHECK (role ~ '^[a-z][a-z_]*$' AND length(role) <= 50),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, legal_entity_id, code),
  UNIQUE (tenant_id, legal_entity_id, role),
  -- The target of the lines' key: an account of the entry's own legal entity.
  UNIQUE (tenant_id, id, legal_entity_id),
  CONSTRAINT ledger_accounts_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id)
);
SELECT tessera_protect('ledger_accounts');
SELECT tessera_scope('ledger_accounts', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON ledger_accounts FROM tessera_app;

-- An account's code and type are what its postings mean: they do not change.
CREATE FUNCTION ledger_accounts_keep_meaning() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.code IS DISTINCT FROM OLD.code OR NEW.type IS DISTINCT FROM OLD.type
     OR NEW.legal_entity_id IS DISTINCT FROM OLD.legal_entity_id OR NEW.role IS DISTINCT FROM OLD.role THEN
    RAISE EXCEPTION 'An account keeps its legal entity, code, type and role; add a new account instead'
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_accounts_keep_meaning BEFORE UPDATE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_accounts_keep_meaning();

-- ---------------------------------------------------------------------------------------------
-- Periods: one row per legal entity and month that was posted into or closed. A month without a
-- row is open. Closing and reopening update the row (who and when; the reason of a reopening);
-- the audit log keeps the history.
CREATE TABLE ledger_periods (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  closed_by_membership_id uuid,
  reopened_at timestamptz,
  reopened_by_membership_id uuid,
  reopen_reason text CHECK (length(reopen_reason) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, legal_entity_id, month),
  CONSTRAINT ledger_periods_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  CONSTRAINT ledger_periods_closed CHECK (status = 'open' OR closed_at IS NOT NULL),
  CONSTRAINT ledger_periods_reopened CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
);
SELECT tessera_protect('ledger_periods');
SELECT tessera_scope('ledger_periods', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON ledger_periods FROM tessera_app;

-- ---------------------------------------------------------------------------------------------
-- Journal entries. `source_kind` says what posted it (manual, reversal, invoice, payment, …);
-- a document's posting names its source and a purpose (issue, payment, recognition:2026-03), and
-- that triple is unique: a retried posting finds the first instead of posting twice. A reversal
-- names the entry it reverses, at most once.
CREATE TABLE journal_entries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  functional_currency char(3) NOT NULL,
  entry_date date NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  source_kind text NOT NULL CHECK (source_kind ~ '^[a-z][a-z_]*$' AND length(source_kind) <= 50),
  source_id uuid,
  purpose text CHECK (length(purpose) BETWEEN 1 AND 100),
  reversal_of uuid,
  posted_at timestamptz NOT NULL DEFAULT now(),
  posted_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, source_kind, source_id, purpose),
  UNIQUE (tenant_id, reversal_of),
  UNIQUE (tenant_id, id, legal_entity_id),
  -- The target of the lines' key, which carries what the policies and reports need.
  UNIQUE (tenant_id, id, legal_entity_id, entry_date, functional_currency),
  CONSTRAINT journal_entries_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id, functional_currency)
    REFERENCES legal_entities (tenant_id, id, functional_currency),
  CONSTRAINT journal_entries_reversal_fkey FOREIGN KEY (tenant_id, reversal_of, legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id),
  CONSTRAINT journal_entries_source CHECK ((source_id IS NULL) = (purpose IS NULL)),
  CONSTRAINT journal_entries_reversal CHECK (
    (reversal_of IS NOT NULL) = (source_kind = 'reversal')
    AND (reversal_of IS NULL OR source_id = reversal_of)
  )
);
CREATE INDEX journal_entries_date_idx ON journal_entries (tenant_id, legal_entity_id, entry_date, id);
CREATE INDEX journal_entries_source_idx ON journal_entries (tenant_id, source_id);
SELECT tessera_protect('journal_entries');
SELECT tessera_scope('journal_entries', 'legal_entity', 'legal_entity_id');
REVOKE UPDATE, DELETE ON journal_entries FROM tessera_app;

-- Journal lines: a debit or a credit of an account, in the transaction currency (minor units)
-- and in the entity's functional currency, with the rate used. A line in the functional currency
-- has rate 1 and equal amounts. A line with no transaction amount and only a functional amount
-- carries a functional difference (realised FX, rounding) in a foreign currency's group.
-- Amounts stay below 10^14 minor units per line, so no sum of a few lines overflows and every
-- amount is a safe JSON integer.
CREATE TABLE journal_lines (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  entry_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  entry_date date NOT NULL,
  functional_currency char(3) NOT NULL,
  line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 1000),
  account_id uuid NOT NULL,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  debit_minor bigint NOT NULL DEFAULT 0 CHECK (debit_minor BETWEEN 0 AND 99999999999999),
  credit_minor bigint NOT NULL DEFAULT 0 CHECK (credit_minor BETWEEN 0 AND 99999999999999),
  functional_debit_minor bigint NOT NULL DEFAULT 0
    CHECK (functional_debit_minor BETWEEN 0 AND 99999999999999),
  functional_credit_minor bigint NOT NULL DEFAULT 0
    CHECK (functional_credit_minor BETWEEN 0 AND 99999999999999),
  rate numeric(18, 10) CHECK (rate > 0),
  memo text CHECK (length(memo) BETWEEN 1 AND 500),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, entry_id, line_no),
  CONSTRAINT journal_lines_entry_fkey
    FOREIGN KEY (tenant_id, entry_id, legal_entity_id, entry_date, functional_currency)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id, entry_date, functional_currency),
  CONSTRAINT journal_lines_account_fkey FOREIGN KEY (tenant_id, account_id, legal_entity_id)
    REFERENCES ledger_accounts (tenant_id, id, legal_entity_id),
  CONSTRAINT journal_lines_one_side CHECK (
    (debit_minor + functional_debit_minor > 0 AND credit_minor = 0 AND functional_credit_minor = 0)
    OR (credit_minor + functional_credit_minor > 0 AND debit_minor = 0 AND functional_debit_minor = 0)
  ),
  CONSTRAINT journal_lines_functional CHECK (
    currency <> functional_currency
    OR (functional_debit_minor = debit_minor AND functional_credit_minor = credit_minor AND rate = 1)
  ),
  CONSTRAINT journal_lines_rate CHECK (
    currency = functional_currency OR debit_minor + credit_minor = 0 OR rate IS NOT NULL
  )
);
CREATE INDEX journal_lines_account_idx ON journal_lines (tenant_id, account_id, entry_date, id);
CREATE INDEX journal_lines_entity_idx ON journal_lines (tenant_id, legal_entity_id, entry_date);
CREATE INDEX journal_lines_entry_idx
  ON journal_lines (tenant_id, entry_id, legal_entity_id, entry_date, functional_currency);
CREATE INDEX journal_lines_account_entity_idx ON journal_lines (tenant_id, account_id, legal_entity_id);
SELECT tessera_protect('journal_lines');
SELECT tessera_scope('journal_lines', 'legal_entity', 'legal_entity_id');
REVOKE UPDATE, DELETE ON journal_lines FROM tessera_app;

-- Append-only, for every role: the owner may only change the journal in an explicit maintenance
-- transaction (moving or purging a tenant), the application never.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> 'tessera_app'
     AND coalesce(current_setting('tessera.ledger_maintenance', true), '') = 'on' THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'The journal is append-only: post a reversal instead of changing an entry'
    USING ERRCODE = 'TS409', HINT = 'LEDGER_APPEND_ONLY';
END $$;
CREATE FUNCTION ledger_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_user <> 'tessera_app'
     AND coalesce(current_setting('tessera.ledger_maintenance', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'The journal is append-only' USING ERRCODE = 'TS409', HINT = 'LEDGER_APPEND_ONLY';
END $$;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_truncate();

-- Posting into a period: the month's row is created when missing and share-locked, so closing it
-- (an UPDATE) waits for the posting to commit, and a posting after a close sees it closed.
CREATE FUNCTION journal_entries_check_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  period_month date := date_trunc('month', NEW.entry_date)::date;
  period_status text;
BEGIN
  NEW.posted_at := now();
  INSERT INTO ledger_periods (tenant_id, id, legal_entity_id, month)
  VALUES (NEW.tenant_id, tessera_uuid_v7(), NEW.legal_entity_id, period_month)
  ON CONFLICT (tenant_id, legal_entity_id, month) DO NOTHING;
  SELECT status INTO period_status FROM ledger_periods
  WHERE tenant_id = NEW.tenant_id AND legal_entity_id = NEW.legal_entity_id AND month = period_month
  FOR SHARE;
  IF period_status IS DISTINCT FROM 'open' THEN
    RAISE EXCEPTION 'The period % of this legal entity is closed: date the entry in an open period',
      to_char(period_month, 'YYYY-MM')
      USING ERRCODE = 'TS409', HINT = 'LEDGER_PERIOD_CLOSED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER journal_entries_check_period BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entries_check_period();

-- A line joins an entry only in the transaction that inserted the entry, and only on an active
-- account: a posted entry never gains lines.
CREATE FUNCTION journal_lines_check_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM journal_entries
    WHERE tenant_id = NEW.tenant_id AND id = NEW.entry_id AND xmin = pg_current_xact_id()::xid
  ) THEN
    RAISE EXCEPTION 'Lines are posted with their entry, never added to a posted one'
      USING ERRCODE = 'TS409', HINT = 'LEDGER_APPEND_ONLY';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM ledger_accounts WHERE tenant_id = NEW.tenant_id AND id = NEW.account_id AND active
  ) THEN
    RAISE EXCEPTION 'Account % is inactive: it takes no postings', NEW.account_id
      USING ERRCODE = 'TS422', HINT = 'LEDGER_ACCOUNT_INACTIVE';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER journal_lines_check_insert BEFORE INSERT ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_lines_check_insert();

-- The balance of one entry, checked at commit: at least two lines, debits equal credits in every
-- transaction currency, and in the functional currency.
CREATE FUNCTION ledger_assert_balanced(p_tenant uuid, p_entry uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  line_count bigint;
  functional_difference numeric;
  unbalanced text;
BEGIN
  SELECT count(*), coalesce(sum(functional_debit_minor), 0) - coalesce(sum(functional_credit_minor), 0)
  INTO line_count, functional_difference
  FROM journal_lines WHERE tenant_id = p_tenant AND entry_id = p_entry;
  IF line_count < 2 THEN
    RAISE EXCEPTION 'A journal entry has at least two lines (entry %)', p_entry
      USING ERRCODE = 'TS422', HINT = 'LEDGER_UNBALANCED';
  END IF;
  SELECT currency INTO unbalanced FROM journal_lines
  WHERE tenant_id = p_tenant AND entry_id = p_entry
  GROUP BY currency HAVING sum(debit_minor) <> sum(credit_minor)
  ORDER BY currency LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'Journal entry % does not balance in %: debits and credits differ', p_entry, unbalanced
      USING ERRCODE = 'TS422', HINT = 'LEDGER_UNBALANCED';
  END IF;
  IF functional_difference <> 0 THEN
    RAISE EXCEPTION 'Journal entry % does not balance in its functional currency (difference % minor units)',
      p_entry, functional_difference
      USING ERRCODE = 'TS422', HINT = 'LEDGER_UNBALANCED';
  END IF;
END $$;
CREATE FUNCTION journal_entries_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_balanced(NEW.tenant_id, NEW.id);
  RETURN NULL;
END $$;
CREATE FUNCTION journal_lines_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_balanced(NEW.tenant_id, NEW.entry_id);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entries_check_balance();
CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_lines_check_balance();

-- An entity with postings keeps its functional currency (the journal's key refuses it too; this
-- says why).
CREATE FUNCTION legal_entities_keep_functional_currency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.functional_currency IS DISTINCT FROM OLD.functional_currency AND EXISTS (
    SELECT 1 FROM journal_entries WHERE tenant_id = OLD.tenant_id AND legal_entity_id = OLD.id
  ) THEN
    RAISE EXCEPTION 'This legal entity has ledger postings: its functional currency cannot change'
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER legal_entities_keep_functional_currency BEFORE UPDATE OF functional_currency
  ON legal_entities FOR EACH ROW EXECUTE FUNCTION legal_entities_keep_functional_currency();

-- ---------------------------------------------------------------------------------------------
-- FX rates of the tenant, by date: 1 unit of `base_currency` = `rate` units of `quote_currency`
-- (an exact decimal, never a float). Tenant-wide: every ledger reader of the tenant sees them.
CREATE TABLE fx_rates (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  base_currency char(3) NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  quote_currency char(3) NOT NULL CHECK (quote_currency ~ '^[A-Z]{3}$'),
  rate_date date NOT NULL,
  rate numeric(18, 10) NOT NULL CHECK (rate > 0),
  source text CHECK (length(source) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, base_currency, quote_currency, rate_date),
  CONSTRAINT fx_rates_pair CHECK (base_currency <> quote_currency)
);
SELECT tessera_protect('fx_rates');
