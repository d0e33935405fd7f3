-- Delivery operations: client contacts, contracts and rate cards. Every row carries the segment
-- columns its visibility depends on, copied from its parent and kept equal by composite foreign
-- keys with ON UPDATE CASCADE (referential actions ignore row-level security, so a moved client
-- moves every child row, in scope of the mover or not). Segment policies follow 0003: RESTRICTIVE,
-- one per dimension, failing closed; a NULL segment is visible only with '*'.
--
-- Known gap: a foreign key with a NULL column is not checked (MATCH SIMPLE) and a cascade finds no
-- child by a NULL key, so when a client WITHOUT a region is given one, its existing contacts and
-- contracts keep region NULL: they fail closed (visible only with every region) until rewritten.

-- The targets of the segment-carrying foreign keys of contacts and contracts.
ALTER TABLE clients ADD CONSTRAINT clients_id_legal_entity_key UNIQUE (tenant_id, id, legal_entity_id);
ALTER TABLE clients ADD CONSTRAINT clients_id_region_key UNIQUE (tenant_id, id, region_id);

-- Contacts of a client (its workspace): visible exactly when the client is. `email` and `phone`
-- are confidential (masked by field projection below that clearance).
CREATE TABLE contacts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  region_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text CHECK (email IS NULL OR (email = lower(email) AND length(email) <= 320)),
  phone text CHECK (length(phone) <= 50),
  title text CHECK (length(title) <= 200),
  is_approver boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT contacts_client_fkey FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  CONSTRAINT contacts_client_legal_entity_fkey FOREIGN KEY (tenant_id, client_id, legal_entity_id)
    REFERENCES clients (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT contacts_client_region_fkey FOREIGN KEY (tenant_id, client_id, region_id)
    REFERENCES clients (tenant_id, id, region_id) ON UPDATE CASCADE
);
COMMENT ON COLUMN contacts.email IS 'classification: confidential';
COMMENT ON COLUMN contacts.phone IS 'classification: confidential';
CREATE INDEX contacts_client_idx ON contacts (tenant_id, client_id);
CREATE INDEX contacts_legal_entity_idx ON contacts (tenant_id, legal_entity_id);
CREATE INDEX contacts_region_idx ON contacts (tenant_id, region_id);
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contacts FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY client_scope ON contacts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY legal_entity_scope ON contacts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY region_scope ON contacts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO tessera_app;

-- Contracts with a client, under a legal entity (its own: it may differ from the client's) and a
-- practice, in one currency. `region_id` is the client's, carried. `cap_minor` is in the
-- contract's currency; `ends_on`, when set, is after `starts_on`.
CREATE TABLE contracts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  client_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  billing_model text NOT NULL
    CHECK (billing_model IN ('time_and_materials', 'fixed_fee', 'retainer', 'subscription')),
  starts_on date NOT NULL,
  ends_on date,
  cap_minor bigint CHECK (cap_minor >= 0),
  budget_minutes integer CHECK (budget_minutes >= 0),
  client_approval_required boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  -- The targets of the rate cards' foreign keys, which carry the contract's segments and currency.
  UNIQUE (tenant_id, id, legal_entity_id),
  UNIQUE (tenant_id, id, practice_id),
  UNIQUE (tenant_id, id, client_id),
  UNIQUE (tenant_id, id, region_id),
  UNIQUE (tenant_id, id, currency),
  CONSTRAINT contracts_client_fkey FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  CONSTRAINT contracts_client_region_fkey FOREIGN KEY (tenant_id, client_id, region_id)
    REFERENCES clients (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT contracts_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  CONSTRAINT contracts_practice_fkey FOREIGN KEY (tenant_id, practice_id) REFERENCES practices (tenant_id, id),
  CONSTRAINT contracts_dates CHECK (ends_on IS NULL OR ends_on > starts_on)
);
CREATE INDEX contracts_client_idx ON contracts (tenant_id, client_id);
CREATE INDEX contracts_legal_entity_idx ON contracts (tenant_id, legal_entity_id);
CREATE INDEX contracts_practice_idx ON contracts (tenant_id, practice_id);
CREATE INDEX contracts_region_idx ON contracts (tenant_id, region_id);
ALTER TABLE contracts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contracts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contracts FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY legal_entity_scope ON contracts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY practice_scope ON contracts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_practice', true), '') = '*'
    OR practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY client_scope ON contracts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_client', true), '') = '*'
    OR client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[])
  );
CREATE POLICY region_scope ON contracts AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON contracts TO tessera_app;

-- Rate cards: at most one per contract, carrying the contract's segments and currency; or, with
-- no contract, the tenant's default card for a currency (at most one per currency). A DEFAULT
-- CARD IS VISIBLE TO EVERY MEMBER OF THE TENANT: bill rates are internal, not restricted, and
-- its segment policies let `contract_id IS NULL` through (the tenant policy still applies). It
-- has no segment columns (checked below), so it can never carry a contract's segments.
CREATE TABLE rate_cards (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid,
  -- Whether the card belongs to a contract: carried by its rates, whose policies depend on it.
  scoped boolean NOT NULL GENERATED ALWAYS AS (contract_id IS NOT NULL) STORED,
  legal_entity_id uuid,
  practice_id uuid,
  client_id uuid,
  region_id uuid,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, contract_id),
  -- The targets of the rates' foreign keys.
  UNIQUE (tenant_id, id, scoped),
  UNIQUE (tenant_id, id, legal_entity_id),
  UNIQUE (tenant_id, id, practice_id),
  UNIQUE (tenant_id, id, client_id),
  UNIQUE (tenant_id, id, region_id),
  CONSTRAINT rate_cards_contract_fkey FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id),
  CONSTRAINT rate_cards_contract_legal_entity_fkey FOREIGN KEY (tenant_id, contract_id, legal_entity_id)
    REFERENCES contracts (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT rate_cards_contract_practice_fkey FOREIGN KEY (tenant_id, contract_id, practice_id)
    REFERENCES contracts (tenant_id, id, practice_id) ON UPDATE CASCADE,
  CONSTRAINT rate_cards_contract_client_fkey FOREIGN KEY (tenant_id, contract_id, client_id)
    REFERENCES contracts (tenant_id, id, client_id) ON UPDATE CASCADE,
  CONSTRAINT rate_cards_contract_region_fkey FOREIGN KEY (tenant_id, contract_id, region_id)
    REFERENCES contracts (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT rate_cards_contract_currency_fkey FOREIGN KEY (tenant_id, contract_id, currency)
    REFERENCES contracts (tenant_id, id, currency) ON UPDATE CASCADE,
  -- A contract's card has the contract's legal entity, practice and client (the keys above check
  -- they are the contract's); a default card has no segment at all.
  CONSTRAINT rate_cards_segments_present CHECK (
    (contract_id IS NOT NULL) = (legal_entity_id IS NOT NULL)
    AND (contract_id IS NOT NULL) = (practice_id IS NOT NULL)
    AND (contract_id IS NOT NULL) = (client_id IS NOT NULL)
    AND (contract_id IS NOT NULL OR region_id IS NULL)
  )
);
CREATE UNIQUE INDEX rate_cards_default_currency_key ON rate_cards (tenant_id, currency) WHERE contract_id IS NULL;
ALTER TABLE rate_cards ENABLE ROW LEVEL SECURITY;
ALTER TABLE rate_cards FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rate_cards FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY legal_entity_scope ON rate_cards AS RESTRICTIVE FOR ALL
  USING (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY practice_scope ON rate_cards AS RESTRICTIVE FOR ALL
  USING (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY client_scope ON rate_cards AS RESTRICTIVE FOR ALL
  USING (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_client', true), '') = '*'
    OR (client_id IS NOT NULL AND client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_client', true), '') = '*'
    OR (client_id IS NOT NULL AND client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY region_scope ON rate_cards AS RESTRICTIVE FOR ALL
  USING (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    contract_id IS NULL
    OR nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_cards TO tessera_app;

-- Bill rates of a card, by role or by person, from `valid_from` to `valid_until` INCLUSIVE (open
-- when NULL). A rate carries its card's segments (cascaded) and `scoped`, so it is visible exactly
-- when its card is. Overlapping validity for the same role or person on a card is refused by the
-- service inside the transaction (an exclusion constraint would need btree_gist, which PGlite
-- lacks); the unique keys below catch the same start twice.
CREATE TABLE rate_card_rates (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rate_card_id uuid NOT NULL,
  scoped boolean NOT NULL,
  legal_entity_id uuid,
  practice_id uuid,
  client_id uuid,
  region_id uuid,
  role text CHECK (length(role) BETWEEN 1 AND 100),
  person_id uuid,
  hourly_rate_minor bigint NOT NULL CHECK (hourly_rate_minor >= 0),
  valid_from date NOT NULL,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, rate_card_id, role, valid_from),
  UNIQUE (tenant_id, rate_card_id, person_id, valid_from),
  CONSTRAINT rate_card_rates_card_fkey FOREIGN KEY (tenant_id, rate_card_id, scoped)
    REFERENCES rate_cards (tenant_id, id, scoped),
  CONSTRAINT rate_card_rates_legal_entity_fkey FOREIGN KEY (tenant_id, rate_card_id, legal_entity_id)
    REFERENCES rate_cards (tenant_id, id, legal_entity_id) ON UPDATE CASCADE,
  CONSTRAINT rate_card_rates_practice_fkey FOREIGN KEY (tenant_id, rate_card_id, practice_id)
    REFERENCES rate_cards (tenant_id, id, practice_id) ON UPDATE CASCADE,
  CONSTRAINT rate_card_rates_client_fkey FOREIGN KEY (tenant_id, rate_card_id, client_id)
    REFERENCES rate_cards (tenant_id, id, client_id) ON UPDATE CASCADE,
  CONSTRAINT rate_card_rates_region_fkey FOREIGN KEY (tenant_id, rate_card_id, region_id)
    REFERENCES rate_cards (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT rate_card_rates_person_fkey FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id),
  -- A rate of a contract's card carries its segments (so no NULL switches a key off); one of a
  -- default card carries none.
  CONSTRAINT rate_card_rates_segments_present CHECK (
    scoped = (legal_entity_id IS NOT NULL)
    AND scoped = (practice_id IS NOT NULL)
    AND scoped = (client_id IS NOT NULL)
    AND (scoped OR region_id IS NULL)
  ),
  CONSTRAINT rate_card_rates_role_or_person CHECK ((role IS NULL) <> (person_id IS NULL)),
  CONSTRAINT rate_card_rates_validity CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX rate_card_rates_person_idx ON rate_card_rates (tenant_id, person_id);
ALTER TABLE rate_card_rates ENABLE ROW LEVEL SECURITY;
ALTER TABLE rate_card_rates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON rate_card_rates FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY legal_entity_scope ON rate_card_rates AS RESTRICTIVE FOR ALL
  USING (
    NOT scoped
    OR nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    NOT scoped
    OR nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (legal_entity_id IS NOT NULL AND legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY practice_scope ON rate_card_rates AS RESTRICTIVE FOR ALL
  USING (
    NOT scoped
    OR nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    NOT scoped
    OR nullif(current_setting('app.scope_practice', true), '') = '*'
    OR (practice_id IS NOT NULL AND practice_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_practice', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY client_scope ON rate_card_rates AS RESTRICTIVE FOR ALL
  USING (
    NOT scoped
    OR nullif(current_setting('app.scope_client', true), '') = '*'
    OR (client_id IS NOT NULL AND client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    NOT scoped
    OR nullif(current_setting('app.scope_client', true), '') = '*'
    OR (client_id IS NOT NULL AND client_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_client', true), ''), '*'), ',')::uuid[]))
  );
CREATE POLICY region_scope ON rate_card_rates AS RESTRICTIVE FOR ALL
  USING (
    NOT scoped
    OR nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  )
  WITH CHECK (
    NOT scoped
    OR nullif(current_setting('app.scope_region', true), '') = '*'
    OR (region_id IS NOT NULL AND region_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_region', true), ''), '*'), ',')::uuid[]))
  );
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_card_rates TO tessera_app;
