-- Expenses a person of one legal entity incurs on a project of another (`expenses.intercompany`):
-- the employing entity reimburses the person, the project's entity bills them to its client. They
-- are recharged at cost (no markup) with the month's time of the pair, converted at the month-end
-- rate into the employing entity's functional currency. A recharge may now cover expenses alone.
ALTER TABLE intercompany_recharges
  ADD COLUMN expenses_minor bigint NOT NULL DEFAULT 0 CHECK (expenses_minor BETWEEN 0 AND 99999999999999),
  ADD COLUMN expense_count integer NOT NULL DEFAULT 0 CHECK (expense_count >= 0);
ALTER TABLE intercompany_recharges DROP CONSTRAINT intercompany_recharges_minutes_check;
ALTER TABLE intercompany_recharges DROP CONSTRAINT intercompany_recharges_time_entry_count_check;
ALTER TABLE intercompany_recharges
  ADD CONSTRAINT intercompany_recharges_minutes_check CHECK (minutes >= 0),
  ADD CONSTRAINT intercompany_recharges_time_entry_count_check CHECK (time_entry_count >= 0),
  ADD CONSTRAINT intercompany_recharges_covers_work CHECK (time_entry_count > 0 OR expense_count > 0);

-- The expenses a recharge covers: the primary key recharges each expense at most once.
CREATE TABLE intercompany_recharge_expenses (
  tenant_id uuid NOT NULL,
  expense_id uuid NOT NULL,
  recharge_id uuid NOT NULL,
  employing_legal_entity_id uuid NOT NULL,
  project_legal_entity_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, expense_id),
  CONSTRAINT intercompany_recharge_expenses_recharge_fkey
    FOREIGN KEY (tenant_id, recharge_id, employing_legal_entity_id, project_legal_entity_id)
    REFERENCES intercompany_recharges (tenant_id, id, employing_legal_entity_id, project_legal_entity_id),
  CONSTRAINT intercompany_recharge_expenses_expense_fkey FOREIGN KEY (tenant_id, expense_id)
    REFERENCES expenses (tenant_id, id)
);
CREATE INDEX intercompany_recharge_expenses_recharge_idx
  ON intercompany_recharge_expenses (tenant_id, recharge_id, employing_legal_entity_id, project_legal_entity_id);
SELECT tessera_protect('intercompany_recharge_expenses');
REVOKE UPDATE, DELETE ON intercompany_recharge_expenses FROM tessera_app;
CREATE POLICY legal_entity_scope ON intercompany_recharge_expenses AS RESTRICTIVE FOR ALL
  USING (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
    OR project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
  )
  WITH CHECK (
    nullif(current_setting('app.scope_legal_entity', true), '') = '*'
    OR (employing_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[])
      AND project_legal_entity_id = ANY (string_to_array(nullif(nullif(current_setting('app.scope_legal_entity', true), ''), '*'), ',')::uuid[]))
  );
