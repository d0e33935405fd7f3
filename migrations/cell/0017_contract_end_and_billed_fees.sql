-- A contract's fees are billed in advance, per calendar period, and the period its contract ends
-- in is billed up to the end (prorated by day). Moving the end across a period already billed
-- would leave that billing wrong without a trace: shortening it would keep days after the new
-- end billed, extending it would never bill the days the earlier end cut off. So the end date
-- may not move across a fee period on a live (not void) invoice: void the draft, or credit the
-- issued invoice with rebill (which releases its fee periods), then move the end; the next
-- billing run bills the period to the new end.
--
-- The days whose billing a move changes lie between the old and the new end (no end = never).
-- The refusal names the column, so the API names the field (`/body/endsOn`). Invoker rights:
-- fee billings carry their contract's segments, so whoever may update the contract sees them.
CREATE FUNCTION contracts_end_keeps_billed_fees() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  earlier date := least(OLD.ends_on, NEW.ends_on);
  later date := CASE WHEN OLD.ends_on IS NULL OR NEW.ends_on IS NULL THEN NULL
                     ELSE greatest(OLD.ends_on, NEW.ends_on) END;
  billed contract_fee_billings;
BEGIN
  IF NEW.ends_on IS NOT DISTINCT FROM OLD.ends_on THEN
    RETURN NEW;
  END IF;
  SELECT b.* INTO billed FROM contract_fee_billings b
  JOIN invoices i ON i.tenant_id = b.tenant_id AND i.id = b.invoice_id
  WHERE b.tenant_id = NEW.tenant_id AND b.contract_id = NEW.id AND b.released_at IS NULL
    AND i.status <> 'void' AND b.period_to > earlier AND (later IS NULL OR b.period_from <= later)
  ORDER BY b.period_from
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'The fee period % to % of this contract is billed: void its draft invoice, or credit the issued invoice with rebill, before moving the end across it',
      billed.period_from, billed.period_to
      USING ERRCODE = 'TS422', HINT = 'BUSINESS_RULE_VIOLATED', COLUMN = 'ends_on';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contracts_end_keeps_billed_fees BEFORE UPDATE OF ends_on ON contracts
  FOR EACH ROW EXECUTE FUNCTION contracts_end_keeps_billed_fees();
