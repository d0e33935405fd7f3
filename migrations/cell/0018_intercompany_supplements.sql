-- Inter-company time approved after its month's recharge was posted is recharged by a supplement:
-- a further recharge of the same month and pair, numbered by `sequence` (1 is the month's first).
-- Each time entry is still recharged once (intercompany_recharge_entries' key); the month and pair
-- are no longer claimed once, the sequence is (a concurrent run of the pair waits on the time
-- entries' locks, then finds them covered, as before).
ALTER TABLE intercompany_recharges ADD COLUMN sequence integer NOT NULL DEFAULT 1
  CHECK (sequence BETWEEN 1 AND 10000);
ALTER TABLE intercompany_recharges DROP CONSTRAINT intercompany_recharges_tenant_id_month_employing_legal_enti_key;
ALTER TABLE intercompany_recharges ADD CONSTRAINT intercompany_recharges_month_pair_sequence_key
  UNIQUE (tenant_id, month, employing_legal_entity_id, project_legal_entity_id, sequence);
