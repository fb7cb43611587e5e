-- The portfolio's competitive view is added up in the database (GET /competitive-gaps), grouped by each capability as
-- scoring compares them: trimmed and in lower case, computed by the service when it writes the row. Rows written
-- before this get PostgreSQL's lower() until their account's next evaluation writes them again (the same for every
-- capability named in ASCII).
ALTER TABLE portfolio_stake ADD COLUMN capability_key TEXT;
UPDATE portfolio_stake SET capability_key = lower(btrim(capability));
ALTER TABLE portfolio_stake ALTER COLUMN capability_key SET NOT NULL;
CREATE INDEX portfolio_stake_capability ON portfolio_stake (capability_key, amount DESC);
