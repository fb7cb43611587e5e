-- What actually happened to each account commercially (renewed flat, with expansion or contraction; downgraded; lost
-- at renewal; churned), one row per outcome event, written in the ingest transaction that stores the event. Scoring
-- never reads it: it is what a score is checked against.
CREATE TABLE account_outcome (
    event_id    UUID           PRIMARY KEY,
    account_id  UUID           NOT NULL,
    kind        TEXT           NOT NULL,
    occurred_at TIMESTAMPTZ    NOT NULL,
    arr_before  NUMERIC(18, 2),
    arr_after   NUMERIC(18, 2),
    currency    TEXT,
    reason      TEXT,
    competitor  TEXT
);
CREATE INDEX account_outcome_account ON account_outcome (account_id, occurred_at);
CREATE INDEX account_outcome_time ON account_outcome (occurred_at, event_id);
