-- Credit and rebill: a full credit note may release the corrected invoice's work (time entries,
-- expenses, milestones, fee periods) so that the next billing run bills it again, e.g. at a
-- corrected rate. The release happens when the credit note is issued, never at its draft: a
-- draft that is voided releases nothing, so no work is ever billed twice.
ALTER TABLE invoices ADD COLUMN rebill boolean NOT NULL DEFAULT false;
ALTER TABLE invoices ADD CONSTRAINT invoices_rebill_credit_note CHECK (NOT rebill OR kind = 'credit_note');
