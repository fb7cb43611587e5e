-- Every save of an account's health takes a new revision from a sequence (never reused, also after a rollback), so a
-- copy of the health kept in memory is known to be current when its revision still matches: ingest then reads the
-- revision instead of the whole health document.
CREATE SEQUENCE account_health_revision;
ALTER TABLE account_health ADD COLUMN revision BIGINT NOT NULL DEFAULT nextval('account_health_revision');
