-- What the pipeline reads of each deal, kept in its list row in the transaction that appends its events, so that
-- GET /pipeline adds up rows instead of rebuilding every deal of the caller's teams from its stream.
-- Rows written before this migration have stays = NULL until BuildingPipelineRows rewrites them at the next start.
ALTER TABLE opportunity_summary
    ADD COLUMN amount              NUMERIC,
    ADD COLUMN currency            TEXT,
    ADD COLUMN slip_count          INT,
    ADD COLUMN expected_close_date DATE,
    ADD COLUMN closed_at           TIMESTAMPTZ,
    ADD COLUMN stays               JSONB;  -- [{"stage", "enteredAt", "leftAt"}], as the deal's events left them
