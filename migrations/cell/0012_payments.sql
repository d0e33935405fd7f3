-- Payments: money received from a client by a legal entity, and its allocations to issued invoices.
--
-- A payment belongs to one client of one legal entity, in one currency; it carries the client's
-- region (composite key to the client, cascaded like contracts do), so the legal entity, client
-- and region policies apply to it directly. Recording it posts Dr cash / Cr receivables in the
-- same transaction (journal_entry_id); voiding it posts the reversal (void_journal_entry_id).
--
-- An allocation applies part of a payment to one invoice of the same legal entity, client and
-- currency (both composite keys say so). It carries the invoice's segments (legal entity,
-- client, practice, region), so a practice- or region-scoped reader sees exactly the allocations
-- of the invoices they see. Allocations are never deleted: removing one stamps who and when.
--
-- In a currency other than the legal entity's functional currency, the invoice's receivable was
-- booked at the rate of its issue date and the payment credited receivables at the rate of its
-- receipt: each allocation posts the difference of the two functional shares between receivables
-- and `fx_gains_losses` (realised FX), so a settled invoice leaves receivables at 0 in functional
-- currency too. Shares are cumulative (share of the allocated total minus the shares already
-- taken), so the shares of a fully settled invoice or payment sum exactly to its booked amount.
--
-- `payments.allocated_minor` is the sum of the payment's active allocations, kept by the service
-- under the payment's row lock; its CHECK is the database's backstop against over-allocating a
-- payment, whatever part of the allocations the writer's scope lets them see.

-- The target of the allocations' key carrying the invoice's segments and currency.
ALTER TABLE invoices ADD CONSTRAINT invoices_payment_segments_key
  UNIQUE (tenant_id, id, legal_entity_id, client_id, practice_id, currency);

CREATE TABLE payments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0 AND amount_minor <= 99999999999999),
  allocated_minor bigint NOT NULL DEFAULT 0,
  -- The functional-currency share of the receivable its active allocations settled, at its rate.
  allocated_functional_minor bigint NOT NULL DEFAULT 0,
  received_on date NOT NULL,
  reference text CHECK (length(reference) BETWEEN 1 AND 200),
  method text NOT NULL DEFAULT 'bank_transfer'
    CHECK (method IN ('bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other')),
  status text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'void')),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  -- A digest of the request that created it: the same key with another request is refused.
  request_digest text NOT NULL,
  journal_entry_id uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by_membership_id uuid,
  voided_at timestamptz,
  voided_by_membership_id uuid,
  void_journal_entry_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  -- The targets of the allocations' keys.
  UNIQUE (tenant_id, id, legal_entity_id, client_id, currency),
  CONSTRAINT payments_legal_entity_fkey FOREIGN KEY (tenant_id, legal_entity_id)
    REFERENCES legal_entities (tenant_id, id),
  CONSTRAINT payments_client_fkey FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  CONSTRAINT payments_client_region_fkey FOREIGN KEY (tenant_id, client_id, region_id)
    REFERENCES clients (tenant_id, id, region_id) ON UPDATE CASCADE,
  CONSTRAINT payments_journal_entry_fkey FOREIGN KEY (tenant_id, journal_entry_id, legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id),
  CONSTRAINT payments_void_journal_entry_fkey FOREIGN KEY (tenant_id, void_journal_entry_id, legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id),
  CONSTRAINT payments_allocated CHECK (
    allocated_minor >= 0 AND allocated_minor <= amount_minor AND (status = 'recorded' OR allocated_minor = 0)
    AND (allocated_minor > 0 OR allocated_functional_minor = 0)
  ),
  CONSTRAINT payments_voided CHECK (
    (status = 'void') = (voided_at IS NOT NULL) AND (status = 'void') = (void_journal_entry_id IS NOT NULL)
  )
);
CREATE INDEX payments_legal_entity_idx ON payments (tenant_id, legal_entity_id, received_on);
CREATE INDEX payments_client_idx ON payments (tenant_id, client_id, region_id);
CREATE INDEX payments_region_idx ON payments (tenant_id, region_id);
CREATE INDEX payments_journal_entry_idx ON payments (tenant_id, journal_entry_id, legal_entity_id);
CREATE INDEX payments_void_journal_entry_idx ON payments (tenant_id, void_journal_entry_id, legal_entity_id);
SELECT tessera_protect('payments');
SELECT tessera_scope('payments', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('payments', 'client', 'client_id');
SELECT tessera_scope('payments', 'region', 'region_id');
REVOKE DELETE ON payments FROM tessera_app;

CREATE TABLE payment_allocations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  payment_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  legal_entity_id uuid NOT NULL,
  client_id uuid NOT NULL,
  practice_id uuid NOT NULL,
  region_id uuid,
  currency char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0 AND amount_minor <= 99999999999999),
  -- The receivable this allocation settles in functional currency, at the invoice's rate and at
  -- the payment's; a difference is the realised FX gain or loss, posted as fx_journal_entry_id.
  invoice_functional_minor bigint NOT NULL,
  payment_functional_minor bigint NOT NULL,
  fx_journal_entry_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by_membership_id uuid,
  removed_at timestamptz,
  removed_by_membership_id uuid,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT payment_allocations_payment_fkey
    FOREIGN KEY (tenant_id, payment_id, legal_entity_id, client_id, currency)
    REFERENCES payments (tenant_id, id, legal_entity_id, client_id, currency),
  CONSTRAINT payment_allocations_invoice_fkey
    FOREIGN KEY (tenant_id, invoice_id, legal_entity_id, client_id, practice_id, currency)
    REFERENCES invoices (tenant_id, id, legal_entity_id, client_id, practice_id, currency),
  CONSTRAINT payment_allocations_invoice_region_fkey FOREIGN KEY (tenant_id, invoice_id, region_id)
    REFERENCES invoices (tenant_id, id, region_id),
  CONSTRAINT payment_allocations_fx_entry_fkey FOREIGN KEY (tenant_id, fx_journal_entry_id, legal_entity_id)
    REFERENCES journal_entries (tenant_id, id, legal_entity_id),
  CONSTRAINT payment_allocations_fx CHECK (
    (invoice_functional_minor = payment_functional_minor) = (fx_journal_entry_id IS NULL)
  ),
  CONSTRAINT payment_allocations_removed CHECK (removed_at IS NOT NULL OR removed_by_membership_id IS NULL)
);
CREATE INDEX payment_allocations_payment_idx
  ON payment_allocations (tenant_id, payment_id, legal_entity_id, client_id, currency);
CREATE INDEX payment_allocations_invoice_idx
  ON payment_allocations (tenant_id, invoice_id, legal_entity_id, client_id, practice_id, currency);
CREATE INDEX payment_allocations_invoice_region_idx ON payment_allocations (tenant_id, invoice_id, region_id);
CREATE INDEX payment_allocations_fx_entry_idx
  ON payment_allocations (tenant_id, fx_journal_entry_id, legal_entity_id);
CREATE INDEX payment_allocations_legal_entity_idx ON payment_allocations (tenant_id, legal_entity_id);
CREATE INDEX payment_allocations_client_idx ON payment_allocations (tenant_id, client_id);
CREATE INDEX payment_allocations_practice_idx ON payment_allocations (tenant_id, practice_id);
CREATE INDEX payment_allocations_region_idx ON payment_allocations (tenant_id, region_id);
SELECT tessera_protect('payment_allocations');
SELECT tessera_scope('payment_allocations', 'legal_entity', 'legal_entity_id');
SELECT tessera_scope('payment_allocations', 'client', 'client_id');
SELECT tessera_scope('payment_allocations', 'practice', 'practice_id');
SELECT tessera_scope('payment_allocations', 'region', 'region_id');
REVOKE DELETE ON payment_allocations FROM tessera_app;
