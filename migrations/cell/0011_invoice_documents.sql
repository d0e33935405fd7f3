-- Invoice documents: the parties' details an EN 16931 invoice names, VAT determined per legal
-- entity (tax settings and per-client treatments), document-level allowances and charges, and
-- credit notes that correct issued invoices line by line, numbered in their own gapless sequence.

-- ---- Party details ----
-- The seller: `country` and `tax_id` (its VAT identifier) exist; its postal address.
ALTER TABLE legal_entities
  ADD COLUMN address_line text CHECK (length(address_line) BETWEEN 1 AND 200),
  ADD COLUMN city text CHECK (length(city) BETWEEN 1 AND 100),
  ADD COLUMN postal_code text CHECK (length(postal_code) BETWEEN 1 AND 20);

-- The buyer: country (ISO 3166-1 alpha-2), VAT identifier and postal address.
ALTER TABLE clients
  ADD COLUMN country char(2) CHECK (country ~ '^[A-Z]{2}$'),
  ADD COLUMN vat_id text CHECK (length(vat_id) BETWEEN 1 AND 64),
  ADD COLUMN address_line text CHECK (length(address_line) BETWEEN 1 AND 200),
  ADD COLUMN city text CHECK (length(city) BETWEEN 1 AND 100),
  ADD COLUMN postal_code text CHECK (length(postal_code) BETWEEN 1 AND 20);

-- ---- Tax settings per legal entity ----
-- The entity's standard VAT rate, its default treatment (S; or Z, E, O for an entity whose
-- supplies are all zero rated, exempt or outside the scope of VAT, with the reason), and whether
-- a client in another country with a VAT identifier is invoiced under reverse charge (AE).
CREATE TABLE legal_entity_tax_settings (
  tenant_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  -- 0 only for an entity without VAT of its own (default Z, E or O): nothing falls back to it.
  standard_vat_rate numeric(5, 2) NOT NULL CHECK (standard_vat_rate >= 0 AND standard_vat_rate < 100),
  default_vat_category text NOT NULL DEFAULT 'S' CHECK (default_vat_category IN ('S', 'Z', 'E', 'O')),
  default_exemption_reason text CHECK (length(default_exemption_reason) BETWEEN 1 AND 500),
  default_exemption_code text CHECK (default_exemption_code ~ '^VATEX-[A-Z0-9-]{1,24}$'),
  reverse_charge_abroad boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_membership_id uuid,
  PRIMARY KEY (tenant_id, legal_entity_id),
  CONSTRAINT legal_entity_tax_settings_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  -- EN 16931 BR-E-10, BR-O-10: exempt and not subject name a reason; BR-S-10, BR-Z-10: the others none.
  CONSTRAINT legal_entity_tax_settings_reason CHECK (
    CASE WHEN default_vat_category IN ('E', 'O')
      THEN default_exemption_reason IS NOT NULL OR default_exemption_code IS NOT NULL
      ELSE default_exemption_reason IS NULL AND default_exemption_code IS NULL END
  ),
  CONSTRAINT legal_entity_tax_settings_standard_rate CHECK (default_vat_category <> 'S' OR standard_vat_rate > 0)
);
SELECT tessera_protect('legal_entity_tax_settings');
SELECT tessera_scope('legal_entity_tax_settings', 'legal_entity', 'legal_entity_id');
REVOKE DELETE ON legal_entity_tax_settings FROM tessera_app;

-- A client's treatment by one legal entity, overriding the entity's rules: zero rated (export),
-- exempt, not subject or reverse charge with a reason, or standard at another (reduced) rate.
CREATE TABLE client_tax_treatments (
  tenant_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  vat_category text NOT NULL CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'O')),
  vat_rate numeric(5, 2) CHECK (vat_rate > 0 AND vat_rate < 100),
  exemption_reason text CHECK (length(exemption_reason) BETWEEN 1 AND 500),
  exemption_code text CHECK (exemption_code ~ '^VATEX-[A-Z0-9-]{1,24}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_membership_id uuid,
  PRIMARY KEY (tenant_id, legal_entity_id, client_id),
  CONSTRAINT client_tax_treatments_settings_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entity_tax_settings (tenant_id, legal_entity_id),
  CONSTRAINT client_tax_treatments_client_fkey FOREIGN KEY (tenant_id, client_id)
    REFERENCES clients (tenant_id, id),
  -- A rate only for standard (null: the entity's); a reason exactly for E, AE and O.
  CONSTRAINT client_tax_treatments_rate CHECK (vat_category = 'S' OR vat_rate IS NULL),
  CONSTRAINT client_tax_treatments_reason CHECK (
    CASE WHEN vat_category IN ('E', 'AE', 'O')
      THEN exemption_reason IS NOT NULL OR exemption_code IS NOT NULL
      ELSE exemption_reason IS NULL AND exemption_code IS NULL END
  )
);
CREATE INDEX client_tax_treatments_client_idx ON client_tax_treatments (tenant_id, client_id);
SELECT tessera_protect('client_tax_treatments');
SELECT tessera_scope('client_tax_treatments', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('client_tax_treatments', 'client', 'client_id');

-- ---- Invoices: kind, exemption reason, credit notes ----
ALTER TABLE invoices
  ADD COLUMN kind text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
  ADD COLUMN corrects_invoice_id uuid,
  ADD COLUMN credit_reason text CHECK (length(credit_reason) BETWEEN 1 AND 500),
  ADD COLUMN vat_exemption_reason text CHECK (length(vat_exemption_reason) BETWEEN 1 AND 500),
  ADD COLUMN vat_exemption_code text CHECK (vat_exemption_code ~ '^VATEX-[A-Z0-9-]{1,24}$'),
  ADD COLUMN idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  ADD COLUMN idempotency_fingerprint text CHECK (length(idempotency_fingerprint) <= 100);
ALTER TABLE invoices
  -- A credit note corrects exactly one invoice and says why.
  ADD CONSTRAINT invoices_credit_note CHECK (
    (kind = 'credit_note') = (corrects_invoice_id IS NOT NULL)
    AND (kind = 'credit_note') = (credit_reason IS NOT NULL)
  ),
  ADD CONSTRAINT invoices_idempotency_key UNIQUE (tenant_id, idempotency_key),
  -- The target of the credit notes' key: same legal entity, client, contract and currency.
  ADD CONSTRAINT invoices_party_key UNIQUE (tenant_id, id, legal_entity_id, client_id, contract_id, currency),
  ADD CONSTRAINT invoices_corrects_fkey
    FOREIGN KEY (tenant_id, corrects_invoice_id, legal_entity_id, client_id, contract_id, currency)
    REFERENCES invoices (tenant_id, id, legal_entity_id, client_id, contract_id, currency);
CREATE INDEX invoices_corrects_idx ON invoices (tenant_id, corrects_invoice_id);
CREATE INDEX invoices_kind_idx ON invoices (tenant_id, kind, legal_entity_id);

-- Numbers are gapless per legal entity and kind: credit notes have their own sequence.
ALTER TABLE invoices DROP CONSTRAINT invoices_tenant_id_legal_entity_id_number_key;
ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (tenant_id, legal_entity_id, kind, number);
ALTER TABLE invoice_number_counters
  ADD COLUMN kind text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note'));
ALTER TABLE invoice_number_counters DROP CONSTRAINT invoice_number_counters_pkey;
ALTER TABLE invoice_number_counters ADD PRIMARY KEY (tenant_id, legal_entity_id, kind);

-- A credit note's line names the line of the corrected invoice it credits (a positive amount).
ALTER TABLE invoice_lines
  ADD COLUMN corrects_line_id uuid,
  ADD CONSTRAINT invoice_lines_corrects_fkey FOREIGN KEY (tenant_id, corrects_line_id)
    REFERENCES invoice_lines (tenant_id, id);
CREATE INDEX invoice_lines_corrects_idx ON invoice_lines (tenant_id, corrects_line_id);

-- What a credit note credits of a line never exceeds the line: the original line is row-locked,
-- so concurrent credit notes of it queue, and the second sees the first's lines.
CREATE FUNCTION invoice_lines_credit_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  corrected uuid;
  original_invoice uuid;
  original_net bigint;
  credited bigint;
BEGIN
  SELECT corrects_invoice_id INTO corrected FROM invoices
    WHERE tenant_id = NEW.tenant_id AND id = NEW.invoice_id;
  IF NEW.corrects_line_id IS NULL THEN
    IF corrected IS NOT NULL THEN
      RAISE EXCEPTION 'A credit note line names the line it corrects'
        USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.net_minor <= 0 THEN
    RAISE EXCEPTION 'A credit note line credits a positive amount'
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
  END IF;
  SELECT invoice_id, net_minor INTO original_invoice, original_net FROM invoice_lines
    WHERE tenant_id = NEW.tenant_id AND id = NEW.corrects_line_id FOR UPDATE;
  IF corrected IS NULL OR original_invoice IS DISTINCT FROM corrected THEN
    RAISE EXCEPTION 'A credit note line corrects a line of the invoice the credit note corrects'
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
  END IF;
  SELECT coalesce(sum(l.net_minor), 0) INTO credited FROM invoice_lines l
    JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
    WHERE l.tenant_id = NEW.tenant_id AND l.corrects_line_id = NEW.corrects_line_id
      AND i.status <> 'void' AND l.id <> NEW.id;
  IF credited + NEW.net_minor > original_net THEN
    RAISE EXCEPTION 'The amount credited exceeds the line it corrects'
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoice_lines_credit_cap BEFORE INSERT OR UPDATE OF net_minor, corrects_line_id
  ON invoice_lines FOR EACH ROW EXECUTE FUNCTION invoice_lines_credit_cap();

-- ---- Document level allowances and charges (EN 16931 BG-20, BG-21) ----
-- On a draft invoice, each with its reason (and UNTDID 5189/7161 code) and the VAT category it
-- falls in; they carry the invoice's segments like its lines.
CREATE TABLE invoice_allowances (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  kind text NOT NULL CHECK (kind IN ('allowance', 'charge')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  reason_code text CHECK (reason_code ~ '^[A-Z0-9]{1,3}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0 AND amount_minor <= 99999999999999),
  vat_category text NOT NULL CHECK (vat_category IN ('S', 'Z', 'E', 'AE', 'O')),
  vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate < 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT invoice_allowances_invoice_fkey
    FOREIGN KEY (tenant_id, invoice_id, legal_entity_id, client_id, practice_id)
    REFERENCES invoices (tenant_id, id, legal_entity_id, client_id, practice_id),
  CONSTRAINT invoice_allowances_region_fkey FOREIGN KEY (tenant_id, invoice_id, region_id)
    REFERENCES invoices (tenant_id, id, region_id),
  CONSTRAINT invoice_allowances_vat CHECK (vat_category = 'S' OR vat_rate = 0)
);
CREATE INDEX invoice_allowances_invoice_idx
  ON invoice_allowances (tenant_id, invoice_id, legal_entity_id, client_id, practice_id);
CREATE INDEX invoice_allowances_legal_entity_idx ON invoice_allowances (tenant_id, legal_entity_id);
CREATE INDEX invoice_allowances_client_idx ON invoice_allowances (tenant_id, client_id);
CREATE INDEX invoice_allowances_practice_idx ON invoice_allowances (tenant_id, practice_id);
CREATE INDEX invoice_allowances_region_idx ON invoice_allowances (tenant_id, invoice_id, region_id);
SELECT tessera_protect('invoice_allowances');
SELECT tessera_scope('invoice_allowances', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('invoice_allowances', 'client', 'client_id');
SELECT tessera_scope('invoice_allowances', 'practice', 'practice_id');
SELECT tessera_scope('invoice_allowances', 'region', 'region_id');
