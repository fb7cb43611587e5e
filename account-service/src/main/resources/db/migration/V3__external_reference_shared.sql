-- Account references move to the index both writers share (external_reference, created by the platform's
-- migration V0_6), beside those of contacts.
INSERT INTO external_reference (kind, system, external_id, target_id, account_id, linked_at)
SELECT 'account', system, external_id, account_id, account_id, linked_at FROM account_external_reference;
DROP TABLE account_external_reference;
