-- Account references move to the index both writers share (external_reference, created by the platform's
-- migration V0_6), beside those of contacts. The old table stays for now: replicas of the previous version may still
-- be reading it during a rolling update; a later release drops it.
INSERT INTO external_reference (kind, system, external_id, target_id, account_id, linked_at)
SELECT 'account', system, external_id, account_id, account_id, linked_at FROM account_external_reference;
