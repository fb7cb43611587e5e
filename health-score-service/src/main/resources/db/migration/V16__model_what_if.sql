-- A what-if runs as a re-score job that writes nothing to live health: what a draft model would change, per account.
ALTER TABLE rescore_job DROP CONSTRAINT rescore_job_cause_kind_check;
ALTER TABLE rescore_job ADD CONSTRAINT rescore_job_cause_kind_check
    CHECK (cause_kind IN ('RESCORE', 'MODEL_CHANGE', 'WHAT_IF'));

-- One row per account whose score or status the draft would change: before (live) and after (the draft), and the
-- reasons that differ (JSON, WhatIf.ReasonChange).
CREATE TABLE what_if_change (
    job_id        UUID NOT NULL REFERENCES rescore_job (job_id),
    account_id    UUID NOT NULL,
    name          TEXT,
    team_id       TEXT,
    status_before TEXT,
    status_after  TEXT NOT NULL,
    score_before  INT,
    score_after   INT,
    reasons       TEXT NOT NULL,
    PRIMARY KEY (job_id, account_id)
);
