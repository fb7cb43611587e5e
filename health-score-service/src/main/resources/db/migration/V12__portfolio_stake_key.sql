-- The portfolio's competitive view is added up in the database (GET /competitive-gaps), grouped by each capability as
-- scoring compares them: trimmed and in lower case, computed by the service when it writes the row. The column stays
-- nullable and readers fall back to PostgreSQL's lower(btrim()) (the same for every capability named in ASCII): rows
-- written before this, or by a replica still on the previous version during a rolling upgrade, must not fail.
ALTER TABLE portfolio_stake ADD COLUMN capability_key TEXT;
UPDATE portfolio_stake SET capability_key = lower(btrim(capability));
CREATE INDEX portfolio_stake_capability
    ON portfolio_stake ((coalesce(capability_key, lower(btrim(capability)))), amount DESC NULLS LAST);
